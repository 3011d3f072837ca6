import { Plan, type Component } from "../plan/index.ts";
import type { Score } from "../score/index.ts";
import type { BonusComponent, BonusRow } from "./row.ts";

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

/** The response rate: answered / invited, null when nothing was sent. */
export function responseRateOf(invited: number, answered: number): number | null {
  return invited > 0 ? answered / invited : null;
}

/** Whether the response rate clears the plan's floor (`minResponseRate`, 0 = off; nothing sent fails a floor above 0). */
export function rateAllows(plan: Pick<Plan, "minResponseRate">, responseRate: number | null): boolean {
  const floor = plan.minResponseRate ?? 0;
  return floor <= 0 || (responseRate !== null && responseRate >= floor);
}

/**
 * What a component's score pays in a period: its share of the bonus for the plan year, the factor from its
 * map at the adjusted score (its fallback when not eligible), and their product.
 */
export function componentPayout(score: Pick<Score, "eligible" | "adjustedScore">, component: Component, plan: Pick<Plan, "startDate">, period: string): Pick<BonusComponent, "weight" | "payoutFactor" | "bonusShare"> {
  const weight = Plan.componentWeight(plan, component, period);
  const payoutFactor = score.eligible && score.adjustedScore !== null ? factorAt(component.factorMap, score.adjustedScore, component.capFactor) : component.fallbackFactor;
  return { weight, payoutFactor, bonusShare: weight * payoutFactor };
}

/**
 * A row's weight and bonus share: the sums over its components. Its factor is the one component's, or with
 * several, the bonus share per unit of weight (so weight × payoutFactor is the bonus share).
 */
export function rowPayout(components: Pick<BonusComponent, "weight" | "payoutFactor" | "bonusShare">[]): Pick<BonusRow, "weight" | "payoutFactor" | "bonusShare"> {
  if (components.length === 1) return { weight: components[0]!.weight, payoutFactor: components[0]!.payoutFactor, bonusShare: components[0]!.bonusShare };
  const weight = components.reduce((sum, c) => sum + c.weight, 0);
  const bonusShare = components.reduce((sum, c) => sum + c.bonusShare, 0);
  return { weight, payoutFactor: weight > 0 ? bonusShare / weight : 0, bonusShare };
}
