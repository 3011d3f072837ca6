import { Hono } from "hono";
import * as v from "valibot";
import { Auth } from "@rapport/core/auth/index";
import { Dashboard } from "@rapport/core/dashboard/index";
import { LostDealInsightsSchema, LostDeals } from "@rapport/core/deal/insights";
import { PeriodSchema } from "@rapport/core/period/index";
import { requireScopeOrViewer, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const Output = component("LostDealInsights", LostDealInsightsSchema, {
  period: "2026-Q4",
  teams: [{ team: "West", cards: 3, behaviours: [{ id: "proactive", label: "Brings ideas and solutions relevant to my business", ratings: 3, mean: 2.3333333333333335 }] }],
  comments: [{ team: "West", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", repName: "Dana Ortiz", text: "A pilot before the full rollout.", customerName: null, answeredAt: "2026-11-21T09:12:00.000Z" }],
});

export const lostDeals = new Hono<AppEnv>().get(
  "/lost-deals",
  describe({
    operationId: "getLostDealInsights",
    summary: "What lost deals teach: ratings by team and behaviour, and what would have made customers choose us",
    description:
      "Every lost-deal card answered in the period, whether the plan counts them toward scores or not: per team, the cards and, per behaviour, the count and mean of their ratings; and the customers' answers to \"What would have made you choose us?\", newest first, each named only when the customer chose to share their name. A manager sees their team; an admin key everyone.",
    tags: ["Follow-ups"],
    security: ["admin", "session"],
    responses: { 200: { description: "The period's lost-deal insights", schema: Output }, 403: "An API key without the admin scope, or a signed-in person who manages no one" },
  }),
  requireScopeOrViewer("admin"),
  validate("query", v.strictObject({ period: v.optional(PeriodSchema) })),
  async (c) => {
    const period = c.req.valid("query").period ?? Dashboard.currentPeriod();
    return c.json(await LostDeals.forPeriod(period, Auth.teamScope(c.get("viewer"), "insights")));
  },
);
