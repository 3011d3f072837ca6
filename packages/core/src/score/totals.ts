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
  /**
   * Counted report cards by the set of behaviours they rated (a key is the set's ids, sorted, joined by
   * "+"): how many cards rated at least one behaviour of a component. Cards counted before these counters
   * existed are in `cards` and the behaviour totals only.
   */
  sets?: Record<string, number>;
  /** Report-card invitations sent in the period, and how many of them have a counted response (any period). */
  invited?: number;
  answered?: number;
}

export const NO_TOTALS: Totals = { cards: 0, behaviours: {} };

/** The attribute of an aggregate item counting the cards that rated exactly `behaviours`. */
export const setAttribute = (behaviours: string[]) => `rs_${[...behaviours].sort().join("+")}`;

/** Every rep's totals for a period: one Query of the period's aggregate partition, never the responses. */
export async function totalsForPeriod(period: string): Promise<Map<string, Totals>> {
  const items = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk",
    ExpressionAttributeValues: { ":pk": aggregateKeys.period(period) },
    ConsistentRead: true,
  });
  const out = new Map<string, Totals>();
  const campaigns = items.filter((item) => item.type === "campaign-invited");
  for (const item of items) if (item.type !== "campaign-invited") out.set(item.repId as string, totalsOf(item));
  // Report cards a campaign sent count toward `invited` from their batch's item (campaign/invited.ts).
  for (const item of campaigns) {
    for (const [repId, count] of Object.entries((item.invitedByRep ?? {}) as Record<string, number>)) {
      const totals = out.get(repId) ?? { ...NO_TOTALS, behaviours: {}, sets: {}, invited: 0, answered: 0 };
      totals.invited = (totals.invited ?? 0) + count;
      out.set(repId, totals);
    }
  }
  return out;
}

/** Reads `n_<b>`, `s_<b>`, `q_<b>`, `l_<b>` and `cards` off an aggregate item. */
export function totalsOf(item: Record<string, unknown>): Totals {
  const behaviours: Totals["behaviours"] = {};
  const sets: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith("rs_") && typeof value === "number") {
      if (value !== 0) sets[name.slice(3)] = value;
      continue;
    }
    const match = name.match(/^([nsql])_(.+)$/);
    if (!match || typeof value !== "number") continue;
    const b = (behaviours[match[2]!] ??= { n: 0, sum: 0, sumsq: 0 });
    if (match[1] === "n") b.n = value;
    else if (match[1] === "s") b.sum = value;
    else if (match[1] === "q") b.sumsq = value;
    else b.low = value;
  }
  const count = (name: string) => (typeof item[name] === "number" ? (item[name] as number) : 0);
  return { cards: count("cards"), behaviours, sets, invited: count("invited"), answered: count("answered") };
}

/** Adds up several reps' totals: a team's, or the organisation's pool, whose raw score is the prior. */
export function pool(all: Totals[]): Totals {
  const out: Totals = { cards: 0, behaviours: {}, sets: {}, invited: 0, answered: 0 };
  for (const t of all) {
    out.cards += t.cards;
    out.invited! += t.invited ?? 0;
    out.answered! += t.answered ?? 0;
    for (const [set, count] of Object.entries(t.sets ?? {})) out.sets![set] = (out.sets![set] ?? 0) + count;
    for (const [b, bt] of Object.entries(t.behaviours)) {
      const acc = (out.behaviours[b] ??= { n: 0, sum: 0, sumsq: 0 });
      acc.n += bt.n;
      acc.sum += bt.sum;
      acc.sumsq += bt.sumsq;
    }
  }
  return out;
}

/**
 * A component's totals: its behaviours' totals, and as its card count the cards that rated at least one of
 * them (product.md, "Components": n_c). `null` behaviours (every behaviour) count every card, as before
 * components. Cards counted before the rated-set counters existed add the most any one of the component's
 * behaviours has among them: every such card that rated it rated the component (exact for cards that rated
 * the whole survey, the form's usual answer; never more than the cards there are).
 */
export function componentTotals(totals: Totals, behaviours: string[] | null): Totals {
  if (!behaviours) return totals;
  const mine = new Set(behaviours);
  const picked: Totals["behaviours"] = {};
  for (const b of behaviours) if (totals.behaviours[b]) picked[b] = totals.behaviours[b]!;
  let cards = 0;
  const known: Record<string, number> = {};
  for (const [set, count] of Object.entries(totals.sets ?? {})) {
    const ids = set.split("+");
    for (const b of ids) known[b] = (known[b] ?? 0) + count;
    if (ids.some((b) => mine.has(b))) cards += count;
  }
  const older = Math.max(0, ...behaviours.map((b) => (totals.behaviours[b]?.n ?? 0) - (known[b] ?? 0)));
  return { cards: cards + older, behaviours: picked };
}
