import { Hono } from "hono";
import * as v from "valibot";
import { Team, TeamPatchSchema, TeamSchema, TeamViewSchema } from "@rapport/core/team/index";
import { editTeam } from "@rapport/core/team/edit";
import { CursorSchema, cursorPageOf, IdSchema, LimitSchema } from "@rapport/core/fields";
import { StatusFilterSchema } from "@rapport/core/rep/list";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";
import { etagHeader, ifMatch, IfMatchHeaderSchema, withEtag } from "./etag.ts";

component("TeamInput", TeamSchema, { name: "West", managerEmail: "lee.chen@example.com", slackWebhookUrl: "https://hooks.slack.com/services/T000/B000/XXXXXXXX" });
component("TeamPatch", TeamPatchSchema, { managerEmail: "rosa.diaz@example.com", slackWebhookUrl: null });

const teamExample = {
  id: "team_01JH5Z2B4C6D8E0F2G4H6J8K0M",
  name: "West",
  managerEmail: "lee.chen@example.com",
  slack: { configured: true, host: "hooks.slack.com" },
  active: true,
  version: 1,
  createdAt: "2026-11-02T08:00:00.000Z",
  updatedAt: "2026-11-02T08:00:00.000Z",
};
const TeamOutput = component("Team", TeamViewSchema, teamExample);
const TeamPage = component("TeamPage", cursorPageOf(TeamViewSchema), { items: [teamExample] });

const TeamParamSchema = v.strictObject({ id: IdSchema("team") });
const TeamListQuerySchema = v.strictObject({ limit: LimitSchema, cursor: CursorSchema, status: StatusFilterSchema });
const one = { description: "The team", schema: TeamOutput, headers: etagHeader };

export const teams = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createTeam",
      summary: "Create a team",
      description:
        "A team has a name and a manager; reps join it with `teamId` and take both. `slackWebhookUrl` (an https Slack incoming webhook) receives the team's case messages; answers show only whether it is set and its host. Audited.",
      tags: ["Teams"],
      security: ["admin"],
      responses: { 201: { ...one, description: "The team" } },
    }),
    requireScope("admin"),
    validate("json", TeamSchema),
    async (c) => {
      const team = await Team.create(c.req.valid("json"), c.get("actor"));
      return withEtag(c, TeamOutput, team, Team.view(team), 201);
    },
  )
  .get(
    "/",
    describe({
      operationId: "listTeams",
      summary: "List teams by name",
      description: "A page at a time (`limit`, default 100); pass `nextCursor` back as `cursor` for the next page. `status` narrows to active or deactivated teams.",
      tags: ["Teams"],
      security: ["admin"],
      responses: { 200: { description: "A page of teams", schema: TeamPage } },
    }),
    requireScope("admin"),
    validate("query", TeamListQuerySchema),
    async (c) => {
      const page = await Team.list(c.req.valid("query"));
      return c.json(shaped(TeamPage, { items: page.items.map(Team.view), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }));
    },
  )
  .get(
    "/:id",
    describe({
      operationId: "getTeam",
      summary: "Read a team",
      description: "The team with its `ETag`; its Slack URL only as whether it is set and its host.",
      tags: ["Teams"],
      security: ["admin"],
      responses: { 200: one, 404: "`team_not_found`" },
    }),
    requireScope("admin"),
    validate("param", TeamParamSchema),
    async (c) => {
      const team = await Team.mustGet(c.req.valid("param").id);
      return withEtag(c, TeamOutput, team, Team.view(team));
    },
  )
  .patch(
    "/:id",
    describe({
      operationId: "updateTeam",
      summary: "Edit a team",
      description:
        "A partial body. A new `name` or `managerEmail` moves every rep of the team with it (their manager's team items too), 30 reps to a transaction; sending the same change again finishes a move that was interrupted. `slackWebhookUrl: null` removes the Slack webhook. `active: true` reactivates. Send the `ETag` you read as `If-Match`: a team changed since is 412. Audited.",
      tags: ["Teams"],
      security: ["admin"],
      headers: IfMatchHeaderSchema,
      responses: {
        200: one,
        404: "`team_not_found`",
        409: "`concurrent_update`: another change crossed this one (or the team's reps kept changing); try again",
        412: "`precondition_failed`: `If-Match` names another version than the stored one",
      },
    }),
    requireScope("admin"),
    validate("param", TeamParamSchema),
    validate("json", TeamPatchSchema),
    async (c) => {
      const team = await editTeam(c.req.valid("param").id, c.req.valid("json"), c.get("actor"), ifMatch(c));
      return withEtag(c, TeamOutput, team, Team.view(team));
    },
  )
  .delete(
    "/:id",
    describe({
      operationId: "deactivateTeam",
      summary: "Deactivate a team",
      description: "No rep may join it any more; its reps keep it, with its name and manager. Idempotent. `PATCH {\"active\": true}` reactivates.",
      tags: ["Teams"],
      security: ["admin"],
      responses: { 200: { ...one, description: "The deactivated team" }, 404: "`team_not_found`" },
    }),
    requireScope("admin"),
    validate("param", TeamParamSchema),
    async (c) => {
      const team = await editTeam(c.req.valid("param").id, { active: false }, c.get("actor"));
      return withEtag(c, TeamOutput, team, Team.view(team));
    },
  );
