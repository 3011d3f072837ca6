import { Hono } from "hono";
import * as v from "valibot";
import { Auth } from "@rapport/core/auth/index";
import { Dashboard } from "@rapport/core/dashboard/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import { PeriodSchema } from "@rapport/core/period/index";
import { Plan } from "@rapport/core/plan/index";
import { Rep } from "@rapport/core/rep/index";
import { Scorecard } from "@rapport/core/scorecard/index";
import { ScorecardSchema } from "@rapport/core/scorecard/card";
import { requireScopeOrViewer, requireViewer, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const ScorecardQuerySchema = v.strictObject({ period: v.optional(PeriodSchema) });

const ScorecardOutput = component("Scorecard", ScorecardSchema, {
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  period: "2026-Q4",
  responses: 14,
  rawScore: 4.3571,
  adjustedScore: 4.2113,
  ciLow: 3.9021,
  ciHigh: 4.5205,
  eligible: true,
  behaviours: [
    { id: "listening", n: 14, mean: 4.5 },
    { id: "follow_up", n: 13, mean: 4.0769 },
  ],
  invited: 20,
  answered: 14,
  responseRate: 0.7,
});

async function scorecard(repId: string, period: string | undefined) {
  const plan = await Plan.inForce();
  return Scorecard.forRep(repId, period ?? Dashboard.currentPeriod(), plan);
}

export const me = new Hono<AppEnv>().get(
  "/scorecard",
  describe({
    operationId: "getMyScorecard",
    summary: "The signed-in rep's own score card",
    description: "For the current period unless `period` names another. A manager who is not a rep has none (404).",
    tags: ["Scores"],
    security: ["session"],
    responses: { 200: { description: "The score card", schema: ScorecardOutput }, 404: "The signed-in person is not a rep" },
  }),
  requireViewer(),
  validate("query", ScorecardQuerySchema),
  async (c) => {
    const viewer = c.get("viewer");
    if (!viewer.repId) throw new VisibleError("not-found", "not_a_rep", "You manage a team but have no score card of your own.");
    return c.json(await scorecard(viewer.repId, c.req.valid("query").period));
  },
);

export const repScorecards = new Hono<AppEnv>().get(
  "/:repId/scorecard",
  describe({
    operationId: "getRepScorecard",
    summary: "One rep's score card (admin key, the rep's manager, or the rep)",
    description: "For the current period unless `period` names another. Signed in, a rep sees their own and a manager their team's.",
    tags: ["Scores"],
    security: ["admin", "session"],
    responses: { 200: { description: "The score card", schema: ScorecardOutput }, 403: "An API key without the admin scope, or a signed-in person who may not see this rep", 404: "Unknown rep" },
  }),
  requireScopeOrViewer("admin"),
  validate("param", v.object({ repId: IdSchema("rep") })),
  validate("query", ScorecardQuerySchema),
  async (c) => {
    const { repId } = c.req.valid("param");
    const viewer = c.get("viewer");
    if (viewer && !Auth.maySee(viewer, repId)) throw new VisibleError("forbidden", "not_your_rep", "You can see your own score card and your team's.");
    await Rep.mustGet(repId);
    return c.json(await scorecard(repId, c.req.valid("query").period));
  },
);
