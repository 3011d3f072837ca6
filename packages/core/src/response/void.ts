import { tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { mustBeOpen } from "../period/state.ts";
import { Survey } from "../survey/index.ts";
import { Invitation, keyOf, type VoidedReportCard } from "../invitation/index.ts";
import { decideItem, ofResponse } from "../flag/record.ts";
import { dealKeys } from "../deal/keys.ts";
import { aggregateUpdate, cardUpdates } from "./counting.ts";
import { responseKeys } from "./keys.ts";

/** Where the period's check sits in a void's transaction (see `voidCard`). */
const PERIOD_CHECK = 2;

/** The Update marking a stored answer (a report card's response, a lost-deal card's answer) voided. */
const markVoided = (Key: Record<string, string>, at: string): TransactItem => ({
  Update: { TableName: tableName(), Key, UpdateExpression: "SET voidedAt = :at", ConditionExpression: "attribute_exists(pk)", ExpressionAttributeValues: { ":at": at } },
});

/**
 * Takes an abusive card out of the scores: a report card, or a lost-deal card that was counted (sent while the
 * plan counted lost-deal cards). The rep's aggregates lose its ratings and its card in one transaction with the
 * invitation and the stored answer, which stay stored and marked voided, with a lost-deal card's coaching
 * totals, and with its open bias flags, which become `voided` (the period's open-flag count moves with them).
 * A coaching lost-deal card moves no numbers: 409 `not_counted`. Refused once its period is closed (reopen it
 * first). Audited, as every change that can move money.
 */
export async function voidReportCard(invitationId: string, reason: string, actor: Actor): Promise<VoidedReportCard> {
  const inv = await Invitation.mustGet(invitationId);
  const lostDeal = inv.kind === "lost-deal";
  const what = lostDeal ? "lost-deal card" : "report card";
  if ((inv.kind !== "report-card" && !lostDeal) || !inv.answeredAt || !inv.period) {
    throw new VisibleError("conflict", "not_answered", `Only an answered ${what} can be voided.`);
  }
  if (lostDeal && inv.countedAs !== "counted") throw new VisibleError("conflict", "not_counted", "A coaching card moves no numbers; there is nothing to void.");
  if (inv.voidedAt) throw new VisibleError("conflict", "already_voided", `This ${what} was voided on ${inv.voidedAt}.`);
  const at = now().toISOString();
  const ratings = (inv.answers?.ratings ?? {}) as Record<string, unknown>;
  const behaviours = Survey.behavioursOf(inv).map((b) => b.id);
  const flags = (await ofResponse(inv.id)).filter((flag) => flag.status === "open");
  const cancelled = (reasons: (string | undefined)[]): never => {
    if (reasons[PERIOD_CHECK] === "ConditionalCheckFailed") throw new VisibleError("conflict", "period_closed", `Period ${inv.period} is closed; reopen it before voiding one of its ${what}s.`);
    throw new VisibleError("conflict", "changed", `The ${what} changed while it was being voided; try again.`);
  };
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: keyOf(inv.id),
          UpdateExpression: "SET voidedAt = :at, voidReason = :reason",
          ConditionExpression: "attribute_not_exists(voidedAt) AND revision = :seen",
          ExpressionAttributeValues: { ":at": at, ":reason": reason, ":seen": inv.revision ?? 1 },
        },
      },
      markVoided(lostDeal ? dealKeys.answer(inv.period, inv.answeredAt, inv.id) : responseKeys.response(inv.repId, inv.period, inv.answeredAt, inv.id), at),
      mustBeOpen(inv.period, -flags.length),
      ...cardUpdates(inv, inv.period, behaviours, ratings, {}, -1),
      ...(lostDeal ? [aggregateUpdate(inv.repId, inv.period, behaviours, ratings, {}, -1, {}, { key: dealKeys.coaching(inv.period, inv.repId), type: "coaching" })] : []),
      Audit.record(actor, "response.void", inv.id, { reason, repId: inv.repId, period: inv.period, ratings, ...(lostDeal ? { kind: inv.kind } : {}) }),
      ...flags.flatMap((flag) => [
        decideItem(flag, "voided", at, actor, reason),
        Audit.record(actor, "flag.void", flag.id, { responseId: inv.id, repId: inv.repId, period: inv.period, rule: flag.rule, reason }),
      ]),
    ],
    cancelled,
  );
  return { invitationId: inv.id, period: inv.period, voidedAt: at };
}
