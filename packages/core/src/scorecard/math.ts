import type { InferOutput } from "valibot";
import type { ScoreSchema } from "./card.ts";

/** One behaviour's running totals for a rep (or the whole organisation) in a period. */
export interface BehaviourTotals {
  n: number;
  sum: number;
  sumsq: number;
  /** How many of the ratings were low (1 or 2): complaints, for insights; not part of any score. */
  low?: number;
}

export interface Totals {
  /** Counted report cards. */
  cards: number;
  behaviours: Record<string, BehaviourTotals>;
}

export interface ScoreInputs {
  /** Behaviour ids in survey order, with their plan weights (missing = 1). */
  behaviours: string[];
  weights: Record<string, number>;
  k: number;
  minResponses: number;
}

export type Score = InferOutput<typeof ScoreSchema>;

const Z90 = 1.645;

/** The plan-weighted mean of behaviour means over the behaviours with ratings; null when there are none. */
export function rawScoreOf(totals: Totals, inputs: Pick<ScoreInputs, "behaviours" | "weights">): number | null {
  let weighted = 0;
  let W = 0;
  for (const b of inputs.behaviours) {
    const t = totals.behaviours[b];
    if (!t || t.n <= 0) continue;
    const w = inputs.weights[b] ?? 1;
    weighted += w * (t.sum / t.n);
    W += w;
  }
  return W > 0 ? weighted / W : null;
}

/** Adds up several reps' totals: the organisation's pool, whose raw score is the prior. */
export function pool(all: Totals[]): Totals {
  const out: Totals = { cards: 0, behaviours: {} };
  for (const t of all) {
    out.cards += t.cards;
    for (const [b, bt] of Object.entries(t.behaviours)) {
      const acc = (out.behaviours[b] ??= { n: 0, sum: 0, sumsq: 0 });
      acc.n += bt.n;
      acc.sum += bt.sum;
      acc.sumsq += bt.sumsq;
    }
  }
  return out;
}

const clamp = (x: number) => Math.min(5, Math.max(1, x));

/**
 * A rep's score card, exactly as product.md defines it: raw score, the adjusted score shrunk toward
 * the organisation's prior with weight k, its 90% interval, and eligibility.
 */
export function scoreOf(totals: Totals, prior: number | null, inputs: ScoreInputs): Score {
  const n = totals.cards;
  const raw = rawScoreOf(totals, inputs);
  const behaviours = inputs.behaviours.map((id) => {
    const t = totals.behaviours[id];
    return { id, n: t?.n ?? 0, mean: t && t.n > 0 ? t.sum / t.n : null };
  });
  let adjusted: number | null;
  if (raw === null) adjusted = prior;
  else if (prior === null) adjusted = raw;
  else adjusted = (n * raw + inputs.k * prior) / (n + inputs.k);

  let ciLow: number | null = null;
  let ciHigh: number | null = null;
  if (adjusted !== null) {
    let W = 0;
    for (const b of inputs.behaviours) if ((totals.behaviours[b]?.n ?? 0) > 0) W += inputs.weights[b] ?? 1;
    let variance = 0;
    if (raw !== null && W > 0) {
      for (const b of inputs.behaviours) {
        const t = totals.behaviours[b];
        if (!t || t.n <= 0) continue;
        const m = t.sum / t.n;
        const v = t.n > 1 ? Math.max(0, (t.sumsq - t.n * m * m) / (t.n - 1)) : 0;
        const share = (inputs.weights[b] ?? 1) / W;
        variance += share * share * (v / t.n);
      }
      const shrink = n / (n + inputs.k);
      variance *= shrink * shrink;
    }
    const se = Math.sqrt(variance);
    ciLow = clamp(adjusted - Z90 * se);
    ciHigh = clamp(adjusted + Z90 * se);
  }
  return { responses: n, rawScore: raw, adjustedScore: adjusted, ciLow, ciHigh, eligible: n >= inputs.minResponses, behaviours };
}

/** The score-to-factor map: piecewise linear between its points, flat beyond the ends, never above the cap. */
export function factorAt(points: { score: number; factor: number }[], score: number, capFactor: number): number {
  const sorted = [...points].sort((a, b) => a.score - b.score);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  let factor: number;
  if (score <= first.score) factor = first.factor;
  else if (score >= last.score) factor = last.factor;
  else {
    let i = 1;
    while (sorted[i]!.score < score) i++;
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    factor = a.factor + ((b.factor - a.factor) * (score - a.score)) / (b.score - a.score);
  }
  return Math.min(capFactor, factor);
}
