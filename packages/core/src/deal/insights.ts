/**
 * What lost deals teach: per team and behaviour, how many lost-deal ratings and their mean, and the
 * customers' own words on "What would have made you choose us?", named only when they shared their name.
 * Read from the coaching totals (one Query of a period) and the period's lost-deal answers (one Query),
 * whether the plan counted the cards toward scores or not.
 */
import * as v from "valibot";
import { queryAll } from "../db/index.ts";
import { Rep } from "../rep/index.ts";
import { Survey } from "../survey/index.ts";
import { pool, totalsOf, type Totals } from "../score/totals.ts";
import type { LostDealAnswer } from "../submission/lost-deal.ts";
import { dealKeys } from "./keys.ts";

const count = (description: string) => v.pipe(v.number(), v.integer(), v.description(description));

const BehaviourRowSchema = v.object({
  id: v.string(),
  label: v.string(),
  ratings: count("Lost-deal ratings of the behaviour (\"not applicable\" left out)."),
  mean: v.pipe(v.nullable(v.number()), v.description("Their mean on the 1–5 scale; null without ratings.")),
});

const CommentSchema = v.object({
  team: v.string(),
  repId: v.string(),
  repName: v.string(),
  text: v.pipe(v.string(), v.description("What would have made the customer choose us, in their words.")),
  customerName: v.pipe(v.nullable(v.string()), v.description("Only when the customer ticked \"share my name\"; otherwise null.")),
  answeredAt: v.string(),
});

/** The lost-deal insights of a period (`GET /v1/insights/lost-deals`). */
export const LostDealInsightsSchema = v.object({
  period: v.string(),
  teams: v.array(
    v.object({
      team: v.string(),
      cards: count("Lost-deal cards answered in the period."),
      behaviours: v.array(BehaviourRowSchema),
    }),
  ),
  comments: v.pipe(v.array(CommentSchema), v.description("Newest first.")),
});
export type LostDealInsights = v.InferOutput<typeof LostDealInsightsSchema>;
type Comment = v.InferOutput<typeof CommentSchema>;

/** A rep's own view shows behaviour means and comments only from this many lost-deal cards in the period. */
const OWN_VIEW_MIN_CARDS = 3;

/** What a coaching section shows: the reps' lost-deal cards pooled, per behaviour, and their newest comments. */
export interface LostDealCoaching {
  period: string;
  cards: number;
  behaviours: v.InferOutput<typeof BehaviourRowSchema>[];
  /** Without `answeredAt` on a rep's own view: the period only, so a date cannot point at one customer. */
  comments: (Omit<Comment, "answeredAt"> & { answeredAt?: string })[];
  /** On a rep's own view with fewer than 3 cards: how many more cards the means and comments wait for (none shown). */
  moreNeeded?: number;
}

interface Read {
  totals: Map<string, Totals>;
  answers: LostDealAnswer[];
}

/** A period's coaching totals by rep and its lost-deal answers (less the voided), newest first, for these reps only. */
async function read(period: string, repIds: Set<string>): Promise<Read> {
  const [aggregates, answers] = await Promise.all([
    queryAll<Record<string, unknown>>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": dealKeys.coachingPartition(period) } }),
    queryAll<LostDealAnswer>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": dealKeys.answerPartition(period) }, ScanIndexForward: false }),
  ]);
  const totals = new Map(aggregates.filter((item) => repIds.has(item.repId as string)).map((item) => [item.repId as string, totalsOf(item)]));
  return { totals, answers: answers.filter((a) => repIds.has(a.repId) && !a.voidedAt) };
}

/** Per behaviour of the catalogue that has lost-deal ratings: count and mean. */
function behaviourRows(totals: Totals, labels: Map<string, string>): LostDealCoaching["behaviours"] {
  const ids = Survey.scoringOrder(Survey.current(), Object.keys(totals.behaviours)).filter((id) => (totals.behaviours[id]?.n ?? 0) > 0);
  return ids.map((id) => {
    const t = totals.behaviours[id]!;
    return { id, label: labels.get(id) ?? id, ratings: t.n, mean: t.sum / t.n };
  });
}

function commentsOf(answers: LostDealAnswer[], reps: Map<string, { name: string; team?: string | undefined }>): Comment[] {
  return answers
    .filter((a) => a.chooseUs)
    .map((a) => ({
      team: reps.get(a.repId)?.team ?? "No team",
      repId: a.repId,
      repName: reps.get(a.repId)?.name ?? a.repId,
      text: a.chooseUs!,
      customerName: a.shareName && a.customerName ? a.customerName : null,
      answeredAt: a.answeredAt,
    }));
}

/** The lost-deal insights of a period by team (every rep, or `repIds`: a manager's team). */
export async function forPeriod(period: string, repIds?: string[]): Promise<LostDealInsights> {
  const reps = repIds ? await Rep.getMany(repIds) : await Rep.all();
  const byId = new Map(reps.map((r) => [r.id, r]));
  const [{ totals, answers }, catalog] = await Promise.all([read(period, new Set(byId.keys())), Survey.catalog()]);
  const labels = new Map(catalog.map((b) => [b.id, b.label]));
  const teams = new Map<string, Totals[]>();
  for (const [repId, t] of totals) {
    const team = byId.get(repId)?.team ?? "No team";
    teams.set(team, [...(teams.get(team) ?? []), t]);
  }
  return {
    period,
    teams: [...teams]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([team, all]) => {
        const pooled = pool(all);
        return { team, cards: pooled.cards, behaviours: behaviourRows(pooled, labels) };
      }),
    comments: commentsOf(answers, byId),
  };
}

/**
 * The coaching section of a rep's dashboard (one rep) or a manager's (their team): pooled, with the 20 newest
 * comments. On the rep's `own` view a single card's mean or a dated comment could name the customer who lost
 * the deal: below 3 cards in the period it shows only how many more are needed, and comments carry no date.
 */
export async function coaching(reps: { id: string; name: string; team?: string | undefined }[], period: string, options: { own?: boolean } = {}): Promise<LostDealCoaching> {
  const byId = new Map(reps.map((r) => [r.id, r]));
  const [{ totals, answers }, catalog] = await Promise.all([read(period, new Set(byId.keys())), Survey.catalog()]);
  const pooled = pool([...totals.values()]);
  if (options.own && pooled.cards < OWN_VIEW_MIN_CARDS) return { period, cards: pooled.cards, behaviours: [], comments: [], moreNeeded: OWN_VIEW_MIN_CARDS - pooled.cards };
  const comments = commentsOf(answers, byId).slice(0, 20);
  return {
    period,
    cards: pooled.cards,
    behaviours: behaviourRows(pooled, new Map(catalog.map((b) => [b.id, b.label]))),
    comments: options.own ? comments.map(({ answeredAt: _answeredAt, ...rest }) => rest) : comments,
  };
}

export const LostDeals = { forPeriod, coaching };
