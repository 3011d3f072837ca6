/**
 * How a score is made (product.md, "Scores", "The exact arithmetic"): the raw score is the plan-weighted
 * mean of the behaviour means; the adjusted score shrinks it toward the organisation's raw score for the
 * period (the prior) with weight k; the 90% interval and eligibility come with it. Every score the product
 * shows or pays (score card, bonus inputs, dashboards) is `Score.of` over a period's `Score.basisOf`.
 */
import type { InferOutput } from "valibot";
import type { Component, Plan } from "../plan/index.ts";
import type { ScoreSchema } from "../scorecard/card.ts";
import { Survey, type Survey as SurveyRecord } from "../survey/index.ts";
import { componentTotals, NO_TOTALS, pool, totalsForPeriod, type Totals } from "./totals.ts";

export type { BehaviourTotals, Totals } from "./totals.ts";

/** What a period's scores are computed over: the same for every rep, team and the organisation in it. */
export interface Basis {
  /** Behaviour ids in survey order. */
  behaviours: string[];
  /** Plan weights by behaviour id (missing = 1). */
  weights: Record<string, number>;
  k: number;
  minResponses: number;
  /** The organisation's raw score for the period; null when nobody was rated. */
  prior: number | null;
}

/** A rep's (or a team's, or the organisation's) score for a period: the shape the score card publishes. */
export type Score = InferOutput<typeof ScoreSchema>;

const Z90 = 1.645;
const clamp = (x: number) => Math.min(5, Math.max(1, x));

/** The plan-weighted mean of behaviour means over the behaviours with ratings; null when there are none. */
export function rawScoreOf(totals: Totals, basis: Pick<Basis, "behaviours" | "weights">): number | null {
  let weighted = 0;
  let W = 0;
  for (const b of basis.behaviours) {
    const t = totals.behaviours[b];
    if (!t || t.n <= 0) continue;
    const w = basis.weights[b] ?? 1;
    weighted += w * (t.sum / t.n);
    W += w;
  }
  return W > 0 ? weighted / W : null;
}

/** The basis of a period's scores: its behaviours, the plan's weights, k and minimum, and the prior pooled over every rep. */
export function basisOf(all: Iterable<Totals>, plan: Pick<Plan, "behaviourWeights" | "k" | "minResponses">, behaviours: string[]): Basis {
  const weights = plan.behaviourWeights;
  return { behaviours, weights, k: plan.k, minResponses: plan.minResponses, prior: rawScoreOf(pool([...all]), { behaviours, weights }) };
}

/**
 * The one scoring recipe: raw score, the adjusted score `(n·raw + k·prior) / (n + k)`, its 90% interval
 * `adjusted ± 1.645·SE` clamped to [1, 5], and eligibility `n ≥ minResponses`.
 */
export function of(totals: Totals, basis: Basis): Score {
  const n = totals.cards;
  const { prior, k } = basis;
  const raw = rawScoreOf(totals, basis);
  const behaviours = basis.behaviours.map((id) => {
    const t = totals.behaviours[id];
    return { id, n: t?.n ?? 0, mean: t && t.n > 0 ? t.sum / t.n : null };
  });
  let adjusted: number | null;
  if (raw === null) adjusted = prior;
  else if (prior === null) adjusted = raw;
  else adjusted = (n * raw + k * prior) / (n + k);

  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  if (adjusted !== null) {
    // SE² = (n/(n+k))² · Σ_b (w_b/W)² · v_b / n_b, with v_b the sample variance (0 when n_b ≤ 1).
    let W = 0;
    for (const b of basis.behaviours) if ((totals.behaviours[b]?.n ?? 0) > 0) W += basis.weights[b] ?? 1;
    let variance = 0;
    if (raw !== null && W > 0) {
      for (const b of basis.behaviours) {
        const t = totals.behaviours[b];
        if (!t || t.n <= 0) continue;
        const m = t.sum / t.n;
        const v = t.n > 1 ? Math.max(0, (t.sumsq - t.n * m * m) / (t.n - 1)) : 0;
        const share = (basis.weights[b] ?? 1) / W;
        variance += share * share * (v / t.n);
      }
      const shrink = n / (n + k);
      variance *= shrink * shrink;
    }
    const se = Math.sqrt(variance);
    ciLow = clamp(adjusted - Z90 * se);
    ciHigh = clamp(adjusted + Z90 * se);
  }
  return { responses: n, rawScore: raw, adjustedScore: adjusted, ciLow, ciHigh, eligible: n >= basis.minResponses, behaviours };
}

/** One response's rep score: the mean of its numeric ratings ("na" left out); null when it has none. */
export function ofResponse(ratings: Record<string, number | "na">): number | null {
  const values = Object.values(ratings).filter((r): r is number => typeof r === "number");
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** The scores of one period: the basis every rep, team and the organisation are scored on. */
export interface PeriodScores {
  period: string;
  basis: Basis;
  /** One rep's score (a rep with no cards gets the prior, with no raw score). */
  rep(repId: string): Score;
  /** Several reps' pooled totals scored as one: a team. */
  pooled(repIds: string[]): Score;
  /** The organisation's own score: everyone pooled, not shrunk (k = 0), so it equals the prior. */
  organization(): Score;
  /**
   * One rep's score for a plan component: every figure over the component's behaviours alone, its prior the
   * organisation pooled over them, with the component's k and minimum (product.md, "Components").
   */
  component(repId: string, component: Pick<Component, "behaviours" | "k" | "minResponses">): Score;
  /** A component's prior: the organisation's raw score over its behaviours. */
  componentPrior(component: Pick<Component, "behaviours" | "k" | "minResponses">): number | null;
  /** One rep's raw totals (report-card invitations sent and answered with them). */
  totals(repId: string): Totals;
}

/**
 * The scores of a period under a plan, from the period's aggregates (one Query, never the responses): the
 * behaviours are the current survey's, then any others still rated in the period.
 */
export async function forPeriod(period: string, plan: Pick<Plan, "behaviourWeights" | "k" | "minResponses">, survey?: SurveyRecord): Promise<PeriodScores> {
  const [totals, current] = await Promise.all([totalsForPeriod(period), survey ?? Survey.load()]);
  const rated = [...totals.values()].flatMap((t) => Object.keys(t.behaviours).filter((b) => (t.behaviours[b]?.n ?? 0) > 0));
  const behaviours = Survey.scoringOrder(current, rated);
  const basis = basisOf(totals.values(), plan, behaviours);
  const totalsOf = (repId: string) => totals.get(repId) ?? NO_TOTALS;
  const everyone = pool([...totals.values()]);
  const componentBases = new Map<string, Basis>();
  const componentBasis = (c: Pick<Component, "behaviours" | "k" | "minResponses">): Basis => {
    const key = JSON.stringify([c.behaviours, c.k, c.minResponses]);
    let found = componentBases.get(key);
    if (!found) {
      const mine = c.behaviours ? behaviours.filter((b) => c.behaviours!.includes(b)) : behaviours;
      const weights = plan.behaviourWeights;
      found = { behaviours: mine, weights, k: c.k, minResponses: c.minResponses, prior: rawScoreOf(everyone, { behaviours: mine, weights }) };
      componentBases.set(key, found);
    }
    return found;
  };
  return {
    period,
    basis,
    component: (repId, c) => of(componentTotals(totalsOf(repId), c.behaviours), componentBasis(c)),
    componentPrior: (c) => componentBasis(c).prior,
    totals: totalsOf,
    rep: (repId) => of(totalsOf(repId), basis),
    pooled: (repIds) => of(pool(repIds.map(totalsOf)), basis),
    organization: () => of(pool([...totals.values()]), { ...basis, k: 0 }),
  };
}

export const Score = { of, ofResponse, basisOf, rawScoreOf, pool, forPeriod, totalsForPeriod };
