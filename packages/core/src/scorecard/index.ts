import type { InferOutput } from "valibot";
import type { Plan } from "../plan/index.ts";
import { Score } from "../score/index.ts";
import type { ScorecardSchema } from "./card.ts";

/** A rep's score card (product.md, "Shapes the integrations rely on"): the rep's score in a period. */
export type ScoreCard = InferOutput<typeof ScorecardSchema>;

/** One rep's score card for a period, from the period's aggregates. */
export async function forRep(repId: string, period: string, plan: Plan): Promise<ScoreCard> {
  const scores = await Score.forPeriod(period, plan);
  return { repId, period, ...scores.rep(repId) };
}

export const Scorecard = { forRep };
