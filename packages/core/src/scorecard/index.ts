import type { InferOutput } from "valibot";
import type { Plan } from "../plan/index.ts";
import { Score } from "../score/index.ts";
import { responseRateOf } from "../bonus/payout.ts";
import type { ScorecardSchema } from "./card.ts";

/** A rep's score card (product.md, "Shapes the integrations rely on"): the rep's score in a period. */
export type ScoreCard = InferOutput<typeof ScorecardSchema>;

/** One rep's score card for a period, from the period's aggregates, with the rep's response rate. */
export async function forRep(repId: string, period: string, plan: Pick<Plan, "behaviourWeights" | "k" | "minResponses">): Promise<ScoreCard> {
  const scores = await Score.forPeriod(period, plan);
  const { invited = 0, answered = 0 } = scores.totals(repId);
  return { repId, period, ...scores.rep(repId), invited, answered, responseRate: responseRateOf(invited, answered) };
}

export const Scorecard = { forRep };
