/**
 * Submitting a lost deal's card: the answers, the rep's coaching totals and, when the plan in force counts
 * lost-deal cards, the rep's score aggregates exactly as a report card moves them, and its
 * `response.submitted` event, in one transaction that counts each invitation at most once. It never opens a recovery case: the customer chose another supplier,
 * and there is no service to recover; what they say goes to coaching and the insights instead.
 */
import { tableName, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import type { LostDealMode } from "../plan/index.ts";
import { next as nextPeriod, periodOf } from "../period/quarter.ts";
import { mustBeOpen } from "../period/state.ts";
import { Survey, type LostDealInput } from "../survey/index.ts";
import type { Invitation } from "../invitation/index.ts";
import { aggregateUpdate, cardUpdates } from "../response/counting.ts";
import { dealKeys } from "../deal/keys.ts";
import { raiseItems, toRaise, type FlagDraft } from "../flag/raise.ts";
import { invitationUpdate, PeriodClosed, submitOnce, write, type Submitted } from "./once.ts";
import { Score } from "../score/index.ts";
import { Outbox } from "../webhook/outbox.ts";

/** Where the period's ConditionCheck sits in a counted card's transaction (see `lostDealItems`). */
const PERIOD_CHECK = 2;
/** A counted answer moves on to the next period at most this many times (each hop is a period closed under it). */
const MAX_HOPS = 8;

/** A lost-deal answer as stored for the insights and the coaching section: the name only when the customer shared it. */
export interface LostDealAnswer {
  invitationId: string;
  repId: string;
  customerId: string;
  /** Present only when the customer ticked "share my name". */
  customerName?: string;
  period: string;
  answeredAt: string;
  revisedAt?: string;
  surveyVersion: string;
  ratings: Record<string, number | "na">;
  /** "What would have made you choose us?" */
  chooseUs?: string;
  shareName: boolean;
  countedAs: LostDealMode;
  /** Set when finance or an admin voided the (counted) card: it leaves the insights and the coaching totals. */
  voidedAt?: string;
}

/**
 * Records a lost-deal card. Whether it also counts toward scores was decided when it was sent (the plan's
 * `lostDealCards` then, frozen as `invitedCounts`), so `invited` and `answered` always agree; a revision
 * within 7 days moves the totals where the first answer went.
 * A counted card whose period was closed counts in the next open one, as a report card does.
 */
export async function submitLostDeal(inv: Invitation, input: LostDealInput): Promise<Submitted> {
  if (inv.kind !== "lost-deal") throw new VisibleError("input", "wrong_form", "This link is for another form.");
  const answers: Record<string, unknown> = {
    ratings: input.ratings,
    ...(input.chooseUs ? { chooseUs: input.chooseUs } : {}),
    shareName: input.shareName ?? false,
  };
  return submitOnce(inv, answers, async (current, first, at) => {
    // Decided once, when the card was sent (as its rep is): a plan switched since then changes nothing here.
    const mode: LostDealMode = first ? (current.invitedCounts ? "counted" : "coaching") : (current.countedAs ?? "coaching");
    let period = first ? periodOf(now()) : current.period!;
    // A counted card raises the bias flags a report card would (a coaching one moves no money, so none).
    const flags = mode === "counted" ? await toRaise(current, { chooseUs: input.chooseUs }, first) : [];
    for (let hop = 0; ; hop++) {
      try {
        await write(lostDealItems(current, input, answers, period, first, at, mode, flags), mode === "counted" ? PERIOD_CHECK : undefined);
        break;
      } catch (error) {
        if (!(error instanceof PeriodClosed)) throw error;
        if (!first) throw new VisibleError("conflict", "period_closed", "Your answers were already counted in a closed period and can no longer be changed.");
        if (hop >= MAX_HOPS) throw error;
        period = nextPeriod(period);
      }
    }
    return { period, countedAs: mode };
  });
}

/**
 * The writes of one lost-deal card: invitation, the stored answer, (counted) the period's check with its open-flag
 * count, the coaching totals, (counted) the score aggregates and the flags raised.
 */
function lostDealItems(
  inv: Invitation,
  input: LostDealInput,
  answers: Record<string, unknown>,
  period: string,
  first: boolean,
  at: string,
  mode: LostDealMode,
  flags: FlagDraft[],
): TransactItem[] {
  const behaviours = Survey.behavioursOf(inv).map((b) => b.id);
  const answeredAt = first ? at : inv.answeredAt!;
  const answer: LostDealAnswer = {
    invitationId: inv.id,
    repId: inv.repId,
    customerId: inv.customerId,
    ...(input.shareName ? { customerName: inv.customerName } : {}),
    period,
    answeredAt,
    ...(first ? {} : { revisedAt: at }),
    surveyVersion: inv.surveyVersion,
    ratings: input.ratings,
    ...(input.chooseUs ? { chooseUs: input.chooseUs } : {}),
    shareName: input.shareName ?? false,
    countedAs: mode,
  };
  const before = first ? undefined : ((inv.answers?.ratings ?? {}) as Record<string, unknown>);
  const cardDelta = first ? 1 : 0;
  const counted = mode === "counted";
  return [
    invitationUpdate(inv, answers, period, first, at, undefined, first ? { countedAs: mode } : {}),
    { Put: { TableName: tableName(), Item: { ...dealKeys.answer(period, answeredAt, inv.id), type: "lost-deal-answer", ...answer } } },
    ...(counted ? [mustBeOpen(period, flags.length)] : []),
    aggregateUpdate(inv.repId, period, behaviours, before, input.ratings, cardDelta, {}, { key: dealKeys.coaching(period, inv.repId), type: "coaching" }),
    ...(counted ? cardUpdates(inv, period, behaviours, before, input.ratings, cardDelta) : []),
    ...(counted ? raiseItems(inv, flags, period, answeredAt, at) : []),
    Outbox.responseSubmitted({ ...answer, form: "lost-deal", repScore: Score.ofResponse(input.ratings), revision: first ? 1 : (inv.revision ?? 1) + 1 }),
  ];
}
