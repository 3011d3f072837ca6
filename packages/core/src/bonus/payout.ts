import { Plan } from "../plan/index.ts";
import type { Score } from "../score/index.ts";
import type { BonusRow } from "./row.ts";

/** The score-to-factor map: piecewise linear between its points, flat beyond the ends, never above the cap. */
export function factorAt(points: { score: number; factor: number }[], score: number, capFactor: number): number {
  const sorted = [...points].sort((a, b) => a.score - b.score);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  let factor: number;
  if (score <= first.score) factor = first.factor;
  else if (score >= last.score) factor = last.factor;
  else {
    // The segment that starts at or below the score: a score on an inner point takes that point's factor
    // exactly (interpolating up to it from the point before can land one floating-point step off).
    let i = 1;
    while (sorted[i]!.score <= score) i++;
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    factor = a.factor + ((b.factor - a.factor) * (score - a.score)) / (b.score - a.score);
  }
  return Math.min(capFactor, factor);
}

/**
 * What a score pays in a period under a plan: the report card's share of the bonus for the plan year,
 * the factor from the map at the adjusted score (the fallback when not eligible), and their product.
 */
export function payoutOf(score: Pick<Score, "eligible" | "adjustedScore">, plan: Plan, period: string): Pick<BonusRow, "weight" | "payoutFactor" | "bonusShare"> {
  const weight = Plan.weightFor(plan, period);
  const payoutFactor = score.eligible && score.adjustedScore !== null ? factorAt(plan.factorMap, score.adjustedScore, plan.capFactor) : plan.fallbackFactor;
  return { weight, payoutFactor, bonusShare: weight * payoutFactor };
}
