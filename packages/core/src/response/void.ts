import { tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { mustBeOpen } from "../period/state.ts";
import { Survey } from "../survey/index.ts";
import { Invitation, keyOf, type VoidedReportCard } from "../invitation/index.ts";
import { decideItem, ofResponse } from "../flag/record.ts";
import { cardUpdates } from "./counting.ts";
import { responseKeys } from "./keys.ts";

/**
 * Takes an abusive report card out of the scores: the rep's aggregates lose its ratings and its card
 * in one transaction with the invitation and the response, which stay stored and marked voided, and with
 * its open bias flags, which become `voided` (the period's open-flag count moves with them).
 * Refused once its period is closed (reopen it first). Audited, as every change that can move money.
 */
export async function voidReportCard(invitationId: string, reason: string, actor: Actor): Promise<VoidedReportCard> {
  const inv = await Invitation.mustGet(invitationId);
  if (inv.kind !== "report-card" || !inv.answeredAt || !inv.period) {
    throw new VisibleError("conflict", "not_answered", "Only an answered report card can be voided.");
  }
  if (inv.voidedAt) throw new VisibleError("conflict", "already_voided", `This report card was voided on ${inv.voidedAt}.`);
  const at = now().toISOString();
  const ratings = (inv.answers?.ratings ?? {}) as Record<string, unknown>;
  const behaviours = Survey.behavioursOf(inv).map((b) => b.id);
  const flags = (await ofResponse(inv.id)).filter((flag) => flag.status === "open");
  const cancelled = (reasons: (string | undefined)[]): never => {
    if (reasons[2] === "ConditionalCheckFailed") throw new VisibleError("conflict", "period_closed", `Period ${inv.period} is closed; reopen it before voiding one of its report cards.`);
    throw new VisibleError("conflict", "changed", "The report card changed while it was being voided; try again.");
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
      {
        Update: {
          TableName: tableName(),
          Key: responseKeys.response(inv.repId, inv.period, inv.answeredAt, inv.id),
          UpdateExpression: "SET voidedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at },
        },
      },
      mustBeOpen(inv.period, -flags.length),
      ...cardUpdates(inv, inv.period, behaviours, ratings, {}, -1),
      Audit.record(actor, "response.void", inv.id, { reason, repId: inv.repId, period: inv.period, ratings }),
      ...flags.flatMap((flag) => [
        decideItem(flag, "voided", at, actor, reason),
        Audit.record(actor, "flag.void", flag.id, { responseId: inv.id, repId: inv.repId, period: inv.period, rule: flag.rule, reason }),
      ]),
    ],
    cancelled,
  );
  return { invitationId: inv.id, period: inv.period, voidedAt: at };
}
