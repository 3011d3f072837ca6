import { Hono } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import { IdSchema, InstantSchema } from "@rapport/core/fields";
import { FollowUp, ResolveSchema } from "@rapport/core/followup/index";
import { followUpKinds, followUpStatuses } from "@rapport/core/followup/record";
import { FollowUpListSchema, FollowUpResolutionSchema, FollowUpViewSchema, publicView, resolutionView } from "@rapport/core/followup/view";
import { Insights, InsightsSchema } from "@rapport/core/followup/insights";
import { defaultRecoveryPlan, RecoveryPlan, RecoveryPlanSchema } from "@rapport/core/followup/recovery-plan";
import { Dashboard } from "@rapport/core/dashboard/index";
import { PeriodSchema } from "@rapport/core/period/index";
import { Rep } from "@rapport/core/rep/index";
import { Auth } from "@rapport/core/auth/index";
import { requireScope, requireScopeOrViewer, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

export const FollowUpQuerySchema = v.strictObject({
  repId: v.optional(IdSchema("rep")),
  status: v.optional(v.picklist(followUpStatuses, "must be open or resolved")),
  kind: v.optional(v.picklist(followUpKinds, "must be recovery, check-in or touch")),
  dueBefore: v.optional(v.pipe(InstantSchema, v.transform((at) => at.toISOString()))),
});

/** The resolve body: a signed-in person's, or an integration key's naming the rep it resolves for (`onBehalfOf`). */
export const ResolveRequestSchema = v.strictObject({
  ...ResolveSchema.entries,
  onBehalfOf: v.optional(v.pipe(IdSchema("rep"), v.description("With an API key (required then): the rep the case is resolved for; they must own it. Audited beside the key."))),
});

component("ResolveInput", ResolveRequestSchema, {
  note: "Called Sam; the late delivery is re-routed and arrives Friday.",
  gesture: { description: "A personal gesture worth up to $250, chosen from what the customer told us about themselves", cost: 180, suggested: true },
  inspiredBy: ["ent_01JH5Z9D4E6F8G0H2J4K6M8N0P"],
});
component("RecoveryPlan", RecoveryPlanSchema, defaultRecoveryPlan);

const followUpExample = {
  id: "fup_01JH5Z8C3D5E7F9G1H3J5K7M9N",
  kind: "recovery" as const,
  status: "open" as const,
  customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
  customerName: "Sam Lee",
  company: "Northwind",
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  repName: "Dana Ortiz",
  dueAt: "2026-11-21T13:00:00.000Z",
  createdAt: "2026-11-20T18:04:00.000Z",
  invitationId: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X",
  period: "2026-Q4",
  repScore: 2.5,
  valueTier: "A",
  channel: "phone",
  contact: "+14155550123",
  bestHours: "Weekdays 9-11",
  timezone: "America/Los_Angeles",
  lowBehaviours: [{ id: "follow_up", label: "Follows up and keeps promises on time", rating: 2 }],
  comment: "Two promised call-backs never came.",
  suggestedActions: defaultRecoveryPlan.A,
};

component("FollowUp", FollowUpViewSchema, followUpExample);
const FollowUpList = component("FollowUpList", FollowUpListSchema, { items: [followUpExample] });
const Resolution = component("FollowUpResolution", FollowUpResolutionSchema, {
  followUp: {
    ...followUpExample,
    anonymous: false,
    status: "resolved",
    resolvedAt: "2026-11-21T11:40:00.000Z",
    resolvedBy: "dana.ortiz@example.com",
    note: "Called Sam; the late delivery is re-routed and arrives Friday.",
    gesture: { description: "A personal gesture worth up to $250, chosen from what the customer told us about themselves", cost: 180, suggested: true },
    inspiredBy: ["ent_01JH5Z9D4E6F8G0H2J4K6M8N0P"],
    askAt: "2026-11-23T11:40:00.000Z",
  },
  checkIn: {
    id: "fup_01JH5ZG0H2J4K6M8N0P2Q4R6S8",
    kind: "check-in",
    status: "open",
    customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
    customerName: "Sam Lee",
    repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
    repName: "Dana Ortiz",
    dueAt: "2026-12-12T11:40:00.000Z",
    createdAt: "2026-11-21T11:40:00.000Z",
    followsId: "fup_01JH5Z8C3D5E7F9G1H3J5K7M9N",
    askAt: "2026-12-12T11:40:00.000Z",
  },
});

export const followUps = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      operationId: "listFollowUps",
      summary: "Due and open follow-ups: a rep sees their own, a manager their team's, an admin key everyone's",
      description: "Filter by rep, status, kind and `dueBefore`. An anonymous recovery case (the customer did not agree to be contacted) carries no customer fields.",
      tags: ["Follow-ups"],
      security: ["admin", "session"],
      responses: { 200: { description: "Soonest due first", schema: FollowUpList }, 403: "An API key without the admin scope, or a signed-in person asking for a rep who is not theirs", 404: "Unknown rep (with an API key)" },
    }),
    requireScopeOrViewer("admin"),
    validate("query", FollowUpQuerySchema),
    async (c) => {
      const { repId, ...filter } = c.req.valid("query");
      const viewer = c.get("viewer");
      let repIds: string[];
      if (viewer) {
        const visible = [...(viewer.repId ? [viewer.repId] : []), ...viewer.managerOf];
        if (repId && !visible.includes(repId)) throw new VisibleError("forbidden", "not_your_rep", "You can see your own follow-ups and your team's.");
        repIds = repId ? [repId] : visible;
      } else if (repId) {
        await Rep.mustGet(repId);
        repIds = [repId];
      } else {
        repIds = (await Rep.all()).map((rep) => rep.id);
      }
      const items = await FollowUp.list({ repIds, ...filter });
      return c.json(shaped(FollowUpList, { items: (viewer ? items.filter((f) => FollowUp.readableBy(f, viewer)) : items).map(publicView) }));
    },
  )
  .post(
    "/:id/resolve",
    describe({
      operationId: "resolveFollowUp",
      summary: "Resolve a follow-up with a note (the rep, their manager, or a help desk's key for the rep)",
      description:
        "A note is required (for a recovery case: what was fixed) and the resolution is audited (the gesture's cost and the ids it names, not its words). A recovery case may also record the personal `gesture` (`suggested: true` when it is one of the case's `suggestedActions`, whose text `description` must then be) and `inspiredBy`, the ids of the customer's profile entries behind it (only on a case that names its customer; each must be in their profile). Resolving a recovery case schedules a check-in 21 days later and, when the case names its customer, asks them \"Did we make it right?\" 2 days later (`askAt`); resolving a reopened case asks again. Resolving a touch records the contact and moves it to its next occurrence. An integration (a help desk) resolves with a `follow-ups:write` key (or an admin key) and `onBehalfOf`, the id of the rep who owns the case; the audit entry names both the key and the rep. A case the customer reopened to the manager is theirs: a `follow-ups:write` key is refused it (403 `reopened_to_manager`), an admin key may resolve it.",
      tags: ["Follow-ups"],
      security: ["session", "follow-ups:write", "admin"],
      responses: {
        200: { description: "The follow-up, and the check-in or next touch it scheduled", schema: Resolution },
        400: "Missing note, or an invalid gesture or inspiredBy (`error.fields` names it: a suggested gesture not among the case's suggestions, an entry not in the customer's profile, inspiredBy on an anonymous case or a non-recovery follow-up); with a key, `onBehalfOf` missing or naming no rep; signed in, `onBehalfOf` sent",
        403: "Not your follow-up (or not the `onBehalfOf` rep's), or a case reopened to the manager resolved by a key without the admin scope",
        404: "Unknown follow-up",
        409: "Already resolved",
      },
    }),
    requireScopeOrViewer(["follow-ups:write", "admin"]),
    validate("param", v.object({ id: IdSchema("fup") })),
    validate("json", ResolveRequestSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const { onBehalfOf, ...input } = c.req.valid("json");
      const viewer = c.get("viewer");
      return c.json(resolutionView(await FollowUp.resolve(id, input, viewer ? { viewer, onBehalfOf } : { key: c.get("apiKey"), onBehalfOf })));
    },
  );

const InsightOutput = component("Insights", InsightsSchema, {
  period: "2026-Q4",
  rows: [
    {
      team: "West",
      behaviour: "follow_up",
      label: "Follows up and keeps promises on time",
      ratings: 52,
      lowRatings: 6,
      recoveryCases: 5,
      resolvedWithinDue: 3,
      late: 1,
      open: 1,
      couldNotContact: 1,
      resolvedWithinDueShare: 0.75,
      medianHoursToResolve: 6.5,
      recovered: 3,
      notRecovered: 1,
      noAnswer: 0,
      awaitingVerdict: 0,
      recoveryRate: 0.75,
    },
  ],
});

export const insights = new Hono<AppEnv>().get(
  "/",
  describe({
    operationId: "getInsights",
    summary: "Complaints by behaviour and team: low ratings, recovery cases, share resolved in time, median time to resolve, the customers' verdicts and recovery rate",
    description:
      "Per team and behaviour: `recoveryCases` opened in the period; of the contactable ones, `resolvedWithinDue`, `late` (resolved after their due time, or still open past it) and `open` (still open, past due or not); `couldNotContact` counts anonymous cases (the customer did not consent to contact), which stay out of the on-time measure. `resolvedWithinDueShare` = resolvedWithinDue ÷ (resolved + open past due), null when that is 0. The customers' verdicts on contactable cases (\"Did we make it right?\"): `recovered` (4–5), `notRecovered` (1–3, reopened), `noAnswer` (7 days without one), `awaitingVerdict`; `recoveryRate` = recovered ÷ (recovered + notRecovered), no-answer left out, null when no case was judged.",
    tags: ["Follow-ups"],
    security: ["admin", "session"],
    responses: { 200: { description: "One row per team and behaviour", schema: InsightOutput }, 403: "An API key without the admin scope, or a signed-in person who manages no one" },
  }),
  requireScopeOrViewer("admin"),
  validate("query", v.strictObject({ period: v.optional(PeriodSchema) })),
  async (c) => {
    const period = c.req.valid("query").period ?? Dashboard.currentPeriod();
    return c.json(shaped(InsightOutput, { period, rows: await Insights.forPeriod(period, Auth.teamScope(c.get("viewer"), "insights")) }));
  },
);

export const recoveryPlan = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      operationId: "getRecoveryPlan",
      summary: "The recovery plan: suggested actions per customer value tier",
      description: "The actions a recovery case suggests to the rep, per customer value tier (A, B, C) and a default. The built-in plan until one is saved.",
      tags: ["Follow-ups"],
      security: ["admin"],
      responses: { 200: { description: "The plan", schema: RecoveryPlanSchema } },
    }),
    requireScope("admin"),
    async (c) => c.json(await RecoveryPlan.current()),
  )
  .put(
    "/",
    describe({
      operationId: "replaceRecoveryPlan",
      summary: "Replace the recovery plan (audited)",
      description: "Cases opened from now on suggest the new actions; open cases keep the actions they were opened with.",
      tags: ["Follow-ups"],
      security: ["admin"],
      responses: { 200: { description: "The plan", schema: RecoveryPlanSchema } },
    }),
    requireScope("admin"),
    validate("json", RecoveryPlanSchema),
    async (c) => c.json(await RecoveryPlan.save(c.req.valid("json"), c.get("actor"))),
  );
