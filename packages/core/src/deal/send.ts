/**
 * What both deal events do once they know the customer: one transaction records the deal (its conditional
 * Put is the dedupe per deal and kind) with the invitation it sends and the audit entry (ids only); then
 * the invitation is delivered the way every invitation is (suppression list, claim, SES; a failed send
 * stays queued for the scheduled job). A lost deal's card also claims its contact's 60-day cap in the same
 * transaction: a contact "lost" again within 60 days has the deal recorded and no second card.
 */
import { now } from "../clock/index.ts";
import { tableName, transact, type TransactItem } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import type { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import type { Rep } from "../rep/index.ts";
import type { Survey } from "../survey/index.ts";
import { Suppression } from "../suppression/index.ts";
import { Invitation } from "../invitation/index.ts";
import { invitationItem, newInvitation } from "../invitation/send.ts";
import { dealKeys } from "./keys.ts";
import { dealOf, duplicateOf, type DealEventResult, type DealKind, type DealRecord } from "./record.ts";

/** At most one lost-deal card per contact in this many days, so one friendly contact cannot be "lost" again and again. */
const LOST_DEAL_GAP_DAYS = 60;

class Duplicate extends Error {}
class Capped extends Error {}

export interface DealSend {
  kind: DealKind;
  dealId: string;
  eventAt: string;
  reason?: string | undefined;
  customer: Customer;
  /** The rep the form credits (frozen on the invitation) and names. */
  rep: Rep;
  form: { kind: "lost-deal"; survey: Survey; invitedCounts: boolean } | { kind: "onboarding" };
}

type NewInvitation = ReturnType<typeof newInvitation> & { invitedCounts?: boolean };

/** The Put claiming the contact's lost-deal cap: it fails when they got a lost-deal card in the last 60 days. */
function capItem(customerId: string, invitationId: string, at: Date): TransactItem {
  const cutoff = new Date(at.getTime() - LOST_DEAL_GAP_DAYS * 86_400_000).toISOString();
  return {
    Put: {
      TableName: tableName(),
      Item: { ...dealKeys.contactCap(customerId), type: "lost-deal-cap", customerId, invitationId, lastSentAt: at.toISOString() },
      ConditionExpression: "attribute_not_exists(pk) OR lastSentAt <= :cutoff",
      ExpressionAttributeValues: { ":cutoff": cutoff },
    },
  };
}

/** Records the deal's event and sends its form once; a second event for the deal (or a concurrent one) answers `duplicate` and sends nothing. */
export async function recordAndSend(input: DealSend, actor: Actor): Promise<DealEventResult> {
  const { kind, dealId, customer, rep, form } = input;
  const event = kind === "lost" ? "deal-lost" : "deal-won";
  const at = now();
  const suppressed = await Suppression.isSuppressed(customer.email);
  const invitation: NewInvitation | undefined = suppressed
    ? undefined
    : {
        ...newInvitation({
          kind: form.kind,
          customer: { id: customer.id, name: customer.name, email: customer.email, repId: rep.id, ...(customer.language ? { language: customer.language } : {}) },
          repName: rep.name,
          repEmail: rep.email,
          survey: form.kind === "lost-deal" ? form.survey : undefined,
          at,
        }),
        ...(form.kind === "lost-deal" && form.invitedCounts ? { invitedCounts: true } : {}),
      };
  const record = (sent: NewInvitation | undefined, capped: boolean): DealRecord => ({
    kind,
    dealId,
    repId: rep.id,
    customerId: customer.id,
    ...(sent ? { invitationId: sent.id } : {}),
    eventAt: input.eventAt,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(capped ? { capped: true } : {}),
    createdAt: at.toISOString(),
  });
  const write = (sent: NewInvitation | undefined, capped: boolean) =>
    transact(
      [
        { Put: { TableName: tableName(), Item: { ...dealKeys.deal(kind, dealId), type: "deal", ...record(sent, capped) }, ConditionExpression: "attribute_not_exists(pk)" } },
        ...(sent
          ? [
              { Put: { TableName: tableName(), Item: invitationItem(sent), ConditionExpression: "attribute_not_exists(pk)" } },
              { ConditionCheck: { TableName: tableName(), Key: customerKeys.customer(customer.id), ConditionExpression: "attribute_exists(pk)" } },
              ...(sent.kind === "lost-deal" ? [capItem(customer.id, sent.id, at)] : []),
            ]
          : []),
        Audit.record(actor, `deal.${kind}`, customer.id, {
          dealId,
          repId: rep.id,
          ...(sent ? { invitationId: sent.id, kind: sent.kind } : capped ? { capped: true } : { suppressed: true }),
        }),
      ],
      (reasons) => {
        if (reasons[0] === "ConditionalCheckFailed") throw new Duplicate();
        if (sent?.kind === "lost-deal" && reasons[3] === "ConditionalCheckFailed") throw new Capped();
        throw new VisibleError("conflict", "customer_changed", "The customer changed while the event was recorded; send the event again.");
      },
    );
  let capped = false;
  try {
    try {
      await write(invitation, false);
    } catch (error) {
      if (!(error instanceof Capped)) throw error;
      // The contact had a lost-deal card in the last 60 days: the deal is recorded, and nothing is sent.
      capped = true;
      await write(undefined, true);
    }
  } catch (error) {
    if (!(error instanceof Duplicate)) throw error;
    const first = await dealOf(kind, dealId);
    if (!first) throw error;
    return duplicateOf(first);
  }
  if (capped) return { event, dealId, customerId: customer.id, status: "capped" };
  if (!invitation) return { event, dealId, customerId: customer.id, status: "suppressed" };
  const [delivered] = await Invitation.deliver([invitation]);
  const status = delivered?.status === "sent" ? "sent" : delivered?.status === "suppressed" ? "suppressed" : "queued";
  return { event, dealId, customerId: customer.id, invitationId: invitation.id, status };
}
