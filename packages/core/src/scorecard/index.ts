import type { InferOutput } from "valibot";
import { queryAll } from "../db/index.ts";
import { Survey, type Survey as SurveyRecord } from "../survey/index.ts";
import { aggregateKeys } from "../aggregate/keys.ts";
import type { Plan } from "../plan/index.ts";
import { pool, rawScoreOf, scoreOf, type Totals } from "./math.ts";
import type { ScorecardSchema } from "./card.ts";

export type ScoreCard = InferOutput<typeof ScorecardSchema>;

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

/** Reads `n_<b>`, `s_<b>`, `q_<b>` and `cards` off an aggregate item. */
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

/** The behaviour ids a period's scores are computed over: the current survey's, then any others still rated in it. */
export async function behavioursFor(all: Map<string, Totals>, survey?: SurveyRecord): Promise<string[]> {
  const rated = [...all.values()].flatMap((t) => Object.keys(t.behaviours).filter((b) => (t.behaviours[b]?.n ?? 0) > 0));
  return Survey.scoringOrder(survey ?? (await Survey.load()), rated);
}

export function inputsFor(plan: Pick<Plan, "behaviourWeights" | "k" | "minResponses">, behaviours: string[]) {
  return {
    behaviours,
    weights: plan.behaviourWeights,
    k: plan.k,
    minResponses: plan.minResponses,
  };
}

/** The organisation's raw score for the period: the prior every rep is shrunk toward. */
export function priorOf(all: Map<string, Totals>, plan: Pick<Plan, "behaviourWeights">, behaviours: string[]): number | null {
  return rawScoreOf(pool([...all.values()]), { behaviours, weights: plan.behaviourWeights });
}

/** One rep's score card for a period, from the period's aggregates. */
export async function forRep(repId: string, period: string, plan: Plan): Promise<ScoreCard> {
  const all = await totalsForPeriod(period);
  const totals = all.get(repId) ?? { cards: 0, behaviours: {} };
  const behaviours = await behavioursFor(all);
  return { repId, period, ...scoreOf(totals, priorOf(all, plan, behaviours), inputsFor(plan, behaviours)) };
}

export const Scorecard = { forRep, totalsForPeriod, totalsOf, priorOf, inputsFor, behavioursFor };
