import { Hono } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import { IdSchema, InstantSchema } from "@rapport/core/fields";
import { FollowUp, ResolveSchema, type FollowUp as FollowUpRecord } from "@rapport/core/followup/index";
import { Insights } from "@rapport/core/followup/insights";
import { RecoveryPlan, RecoveryPlanSchema } from "@rapport/core/followup/recovery-plan";
import { Dashboard } from "@rapport/core/dashboard/index";
import { PeriodSchema } from "@rapport/core/period/index";
import { Rep } from "@rapport/core/rep/index";
import { requireScope, requireScopeOrViewer, requireViewer, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const FollowUpQuerySchema = v.strictObject({
  repId: v.optional(IdSchema("rep")),
  status: v.optional(v.picklist(["open", "resolved"], "must be open or resolved")),
  kind: v.optional(v.picklist(["recovery", "check-in", "touch"], "must be recovery, check-in or touch")),
  dueBefore: v.optional(v.pipe(InstantSchema, v.transform((at) => at.toISOString()))),
});

const FollowUpOutput = v.object({
  id: v.string(),
  kind: v.picklist(["recovery", "check-in", "touch"]),
  customerId: v.optional(v.string()),
  repId: v.string(),
  dueAt: v.string(),
  status: v.picklist(["open", "resolved"]),
  escalatedAt: v.optional(v.string()),
  customerName: v.optional(v.string()),
  anonymous: v.optional(v.boolean()),
  channel: v.optional(v.string()),
  contact: v.optional(v.string()),
  bestHours: v.optional(v.string()),
  timezone: v.optional(v.string()),
  lowBehaviours: v.optional(v.array(v.object({ id: v.string(), label: v.string(), rating: v.union([v.number(), v.literal("na")]) }))),
  comment: v.optional(v.string()),
  suggestedActions: v.optional(v.array(v.string())),
  resolvedAt: v.optional(v.string()),
  note: v.optional(v.string()),
});

/**
 * What the API shows of a follow-up: the brief's fields first, then what the rep needs to act. An
 * anonymous case has no customer fields, and not the invitation that would lead back to the customer.
 */
function view(f: FollowUpRecord) {
  const { managerEmail: _m, dueAction: _d, invitationId, ...rest } = f;
  return f.anonymous ? rest : { ...rest, ...(invitationId ? { invitationId } : {}) };
}

export const followUps = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "Due and open follow-ups: a rep sees their own, a manager their team's, an admin key everyone's",
      tags: ["Follow-ups"],
      security: ["admin", "session"],
      responses: { 200: { description: "Soonest due first", schema: v.object({ items: v.array(FollowUpOutput) }) }, 400: "Invalid query", 401: "Not signed in / no API key", 403: "Not your rep" },
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
      return c.json({ items: (viewer ? items.filter((f) => FollowUp.readableBy(f, viewer)) : items).map(view) });
    },
  )
  .post(
    "/:id/resolve",
    describe({
      summary: "Resolve a follow-up with a note (the rep, or their manager)",
      description: "A note is required and the resolution is audited. Resolving a recovery case schedules a check-in 21 days later; resolving a touch records the contact and moves it to its next occurrence.",
      tags: ["Follow-ups"],
      security: ["session"],
      responses: {
        200: { description: "The follow-up, and the check-in or next touch it scheduled", schema: v.object({ followUp: FollowUpOutput, checkIn: v.optional(FollowUpOutput), next: v.optional(FollowUpOutput) }) },
        400: "Missing note",
        401: "Not signed in",
        403: "Not your follow-up",
        404: "Unknown follow-up",
        409: "Already resolved",
      },
    }),
    requireViewer(),
    validate("param", v.object({ id: IdSchema("fup") })),
    validate("json", ResolveSchema),
    async (c) => {
      const { id } = c.req.valid("param");
      const existing = await FollowUp.get(id);
      if (!existing) throw new VisibleError("not-found", "follow_up_not_found", `No follow-up has the id ${id}.`);
      if (!FollowUp.readableBy(existing, c.get("viewer")!)) throw new VisibleError("forbidden", "not_your_follow_up", "You can resolve your own follow-ups and your team's.");
      const result = await FollowUp.resolve(id, c.req.valid("json"), c.get("actor"));
      return c.json({ followUp: view(result.followUp), ...(result.checkIn ? { checkIn: view(result.checkIn) } : {}), ...(result.next ? { next: view(result.next) } : {}) });
    },
  );

const InsightOutput = v.object({
  period: v.string(),
  rows: v.array(
    v.object({
      team: v.string(),
      behaviour: v.string(),
      label: v.string(),
      ratings: v.number(),
      lowRatings: v.number(),
      recoveryCases: v.number(),
      resolvedWithinDue: v.number(),
      late: v.number(),
      open: v.number(),
      couldNotContact: v.number(),
      resolvedWithinDueShare: v.nullable(v.number()),
      medianHoursToResolve: v.nullable(v.number()),
    }),
  ),
});

export const insights = new Hono<AppEnv>().get(
  "/",
  describe({
    summary: "Complaints by behaviour and team: low ratings, recovery cases, share resolved in time, median time to resolve",
    description:
      "Per team and behaviour: `recoveryCases` opened in the period; of the contactable ones, `resolvedWithinDue`, `late` (resolved after their due time, or still open past it) and `open` (still open, past due or not); `couldNotContact` counts anonymous cases (the customer did not consent to contact), which stay out of the on-time measure. `resolvedWithinDueShare` = resolvedWithinDue ÷ (resolved + open past due), null when that is 0.",
    tags: ["Follow-ups"],
    security: ["admin", "session"],
    responses: { 200: { description: "One row per team and behaviour", schema: InsightOutput }, 400: "Invalid period", 401: "Not signed in / no API key", 403: "Not a manager" },
  }),
  requireScopeOrViewer("admin"),
  validate("query", v.strictObject({ period: v.optional(PeriodSchema) })),
  async (c) => {
    const period = c.req.valid("query").period ?? Dashboard.currentPeriod();
    const viewer = c.get("viewer");
    if (viewer && viewer.managerOf.length === 0) throw new VisibleError("forbidden", "not_a_manager", "Insights are for managers and admins.");
    return c.json({ period, rows: await Insights.forPeriod(period, viewer ? viewer.managerOf : undefined) });
  },
);

export const recoveryPlan = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      summary: "The recovery plan: suggested actions per customer value tier",
      tags: ["Follow-ups"],
      security: ["admin"],
      responses: { 200: { description: "The plan", schema: RecoveryPlanSchema }, 401: "No API key", 403: "Not an admin key" },
    }),
    requireScope("admin"),
    async (c) => c.json(await RecoveryPlan.current()),
  )
  .put(
    "/",
    describe({
      summary: "Replace the recovery plan (audited)",
      tags: ["Follow-ups"],
      security: ["admin"],
      responses: { 200: { description: "The plan", schema: RecoveryPlanSchema }, 400: "Invalid plan", 401: "No API key", 403: "Not an admin key" },
    }),
    requireScope("admin"),
    validate("json", RecoveryPlanSchema),
    async (c) => c.json(await RecoveryPlan.save(c.req.valid("json"), c.get("actor"))),
  );
