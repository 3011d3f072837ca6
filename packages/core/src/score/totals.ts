import { queryAll } from "../db/index.ts";
import { aggregateKeys } from "../aggregate/keys.ts";

/** One behaviour's running totals for a rep (or the whole organisation) in a period. */
export interface BehaviourTotals {
  n: number;
  sum: number;
  sumsq: number;
  /** How many of the ratings were low (1 or 2): complaints, for insights; not part of any score. */
  low?: number;
}

/** What a score is made from: counted report cards and, per behaviour, its running totals. */
export interface Totals {
  /** Counted report cards. */
  cards: number;
  behaviours: Record<string, BehaviourTotals>;
}

export const NO_TOTALS: Totals = { cards: 0, behaviours: {} };

/** Every rep's totals for a period: one Query of the period's aggregate partition, never the responses. */
export async function totalsForPeriod(period: string): Promise<Map<string, Totals>> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": aggregateKeys.period(period) },
    ConsistentRead: true,
  });
  const out = new Map<string, Totals>();
  for (const item of items) out.set(item.repId as string, totalsOf(item));
  return out;
}

/** Reads `n_<b>`, `s_<b>`, `q_<b>`, `l_<b>` and `cards` off an aggregate item. */
export function totalsOf(item: Record<string, unknown>): Totals {
  const behaviours: Totals["behaviours"] = {};
  for (const [name, value] of Object.entries(item)) {
    const match = name.match(/^([nsql])_(.+)$/);
    if (!match || typeof value !== "number") continue;
    const b = (behaviours[match[2]!] ??= { n: 0, sum: 0, sumsq: 0 });
    if (match[1] === "n") b.n = value;
    else if (match[1] === "s") b.sum = value;
    else if (match[1] === "q") b.sumsq = value;
    else b.low = value;
  }
  return { cards: typeof item.cards === "number" ? item.cards : 0, behaviours };
}

/** Adds up several reps' totals: a team's, or the organisation's pool, whose raw score is the prior. */
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
