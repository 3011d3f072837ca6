import { Hono } from "hono";
import * as v from "valibot";
import { Rep, RepRecordSchema, RepSchema } from "@rapport/core/rep/index";
import { RepListQuerySchema, list } from "@rapport/core/rep/list";
import { deactivate, patch, RepPatchSchema } from "@rapport/core/rep/update";
import { cursorPageOf, IdSchema, withLegacyCursor } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";
import { etagHeader, ifMatch, IfMatchHeaderSchema, withEtag } from "./etag.ts";

component("RepInput", RepSchema, { name: "Dana Ortiz", email: "dana.ortiz@example.com", managerEmail: "lee.chen@example.com", team: "West", timezone: "America/Los_Angeles" });
component("RepPatch", RepPatchSchema, { teamId: "team_01JH5Z2B4C6D8E0F2G4H6J8K0M", timezone: null });

const repExample = {
  id: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  name: "Dana Ortiz",
  email: "dana.ortiz@example.com",
  managerEmail: "lee.chen@example.com",
  team: "West",
  teamId: "team_01JH5Z2B4C6D8E0F2G4H6J8K0M",
  timezone: "America/Los_Angeles",
  active: true,
  version: 1,
  createdAt: "2026-11-02T09:00:00.000Z",
  updatedAt: "2026-11-02T09:00:00.000Z",
};

const RepOutput = component("Rep", RepRecordSchema, repExample);
const RepPage = component("RepPage", cursorPageOf(RepRecordSchema), { items: [repExample] });

const RepParamSchema = v.strictObject({ id: IdSchema("rep") });
const one = { description: "The rep", schema: RepOutput, headers: etagHeader };

export const reps = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createRep",
      summary: "Create a rep",
      description:
        "The rep signs in with their email; `managerEmail` makes that person their manager on the dashboard. With `teamId` the rep joins a team, whose name and manager become theirs (send neither `team` nor `managerEmail` then). Audited.",
      tags: ["Reps"],
      security: ["admin"],
      responses: { 201: { ...one, description: "The rep" }, 400: "Invalid input (`error.fields` names each field), or an unknown team", 409: "Duplicate email", 422: "`team_inactive`: the team is deactivated" },
    }),
    requireScope("admin"),
    validate("json", RepSchema),
    async (c) => {
      const rep = await Rep.create(c.req.valid("json"), c.get("actor"));
      return withEtag(c, RepOutput, rep, rep, 201);
    },
  )
  .get(
    "/",
    describe({
      operationId: "listReps",
      summary: "List reps by name",
      description:
        "A page at a time (`limit`, default 100); pass the answer's `nextCursor` back as `cursor` for the next page. Narrow by `team` (its name), `teamId`, `status` (active or inactive) and `q` (a prefix of the name or the email, any case). A page may hold fewer than `limit` reps while `nextCursor` is present. `cursor` in the answer is deprecated (the same as `nextCursor`).",
      tags: ["Reps"],
      security: ["admin", "reps:read"],
      responses: { 200: { description: "A page of reps", schema: RepPage } },
    }),
    requireScope(["admin", "reps:read"]),
    validate("query", RepListQuerySchema),
    async (c) => c.json(withLegacyCursor(await list(c.req.valid("query")))),
  )
  .get(
    "/:id",
    describe({
      operationId: "getRep",
      summary: "Read a rep",
      description: "The rep, active or deactivated, with its `ETag`.",
      tags: ["Reps"],
      security: ["admin", "reps:read"],
      responses: { 200: one, 404: "`rep_not_found`" },
    }),
    requireScope(["admin", "reps:read"]),
    validate("param", RepParamSchema),
    async (c) => {
      const rep = await Rep.mustGet(c.req.valid("param").id);
      return withEtag(c, RepOutput, rep, rep);
    },
  )
  .patch(
    "/:id",
    describe({
      operationId: "updateRep",
      summary: "Edit a rep",
      description:
        "A partial body: only the fields sent change; `null` clears an optional one. A new `email` moves the rep's sign-in address (409 when another rep has it). `teamId` moves the rep to a team, whose name and manager become theirs; `teamId: null` leaves it. `active: false` deactivates (as DELETE), `active: true` reactivates. Send the `ETag` you read as `If-Match`: a rep changed since is 412 and nothing is written. Without `If-Match` the edit applies to the current version (409 if another edit crosses it). Audited.",
      tags: ["Reps"],
      security: ["admin"],
      headers: IfMatchHeaderSchema,
      responses: {
        200: one,
        400: "Invalid input (`error.fields` names each field): also `team` or `managerEmail` of a rep whose team sets them, or an unknown team",
        404: "`rep_not_found`",
        409: "`duplicate_email`: another rep has the email; `concurrent_update` or `team_changed`: another change crossed this one, try again",
        412: "`precondition_failed`: `If-Match` names another version than the stored one",
        422: "`team_inactive`: the team is deactivated",
      },
    }),
    requireScope("admin"),
    validate("param", RepParamSchema),
    validate("json", RepPatchSchema),
    async (c) => {
      const rep = await patch(c.req.valid("param").id, c.req.valid("json"), c.get("actor"), ifMatch(c));
      return withEtag(c, RepOutput, rep, rep);
    },
  )
  .delete(
    "/:id",
    describe({
      operationId: "deactivateRep",
      summary: "Deactivate a rep",
      description:
        "The rep keeps their history, scores and snapshots but gets no new invitations (single, campaign or deal events) and no follow-ups; their open recovery cases go to their manager (audited). Idempotent: the answer is the deactivated rep. `PATCH {\"active\": true}` reactivates.",
      tags: ["Reps"],
      security: ["admin"],
      responses: { 200: { ...one, description: "The deactivated rep" }, 404: "`rep_not_found`" },
    }),
    requireScope("admin"),
    validate("param", RepParamSchema),
    async (c) => {
      const rep = await deactivate(c.req.valid("param").id, c.get("actor"));
      return withEtag(c, RepOutput, rep, rep);
    },
  );
