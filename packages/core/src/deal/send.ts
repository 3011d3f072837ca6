/**
 * What both deal events do once they know the customer: one transaction records the deal (its conditional
 * Put is the dedupe per deal and kind) with the invitation it sends and the audit entry (ids only); then
 * the invitation is delivered the way every invitation is (suppression list, claim, SES; a failed send
 * stays queued for the scheduled job).
 */
import { now } from "../clock/index.ts";
import { tableName, transact } from "../db/index.ts";
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

class Duplicate extends Error {}

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

/** Records the deal's event and sends its form once; a second event for the deal (or a concurrent one) answers `duplicate` and sends nothing. */
export async function recordAndSend(input: DealSend, actor: Actor): Promise<DealEventResult> {
  const { kind, dealId, customer, rep, form } = input;
  const event = kind === "lost" ? "deal-lost" : "deal-won";
  const at = now();
  const suppressed = await Suppression.isSuppressed(customer.email);
  const invitation = suppressed
    ? undefined
    : {
        ...newInvitation({
          kind: form.kind,
          customer: { id: customer.id, name: customer.name, email: customer.email, repId: rep.id },
          repName: rep.name,
          repEmail: rep.email,
          survey: form.kind === "lost-deal" ? form.survey : undefined,
          at,
        }),
        ...(form.kind === "lost-deal" && form.invitedCounts ? { invitedCounts: true } : {}),
      };
  const record: DealRecord = {
    kind,
    dealId,
    repId: rep.id,
    customerId: customer.id,
    ...(invitation ? { invitationId: invitation.id } : {}),
    eventAt: input.eventAt,
    ...(input.reason ? { reason: input.reason } : {}),
    createdAt: at.toISOString(),
  };
  try {
    await transact(
      [
        { Put: { TableName: tableName(), Item: { ...dealKeys.deal(kind, dealId), type: "deal", ...record }, ConditionExpression: "attribute_not_exists(pk)" } },
        ...(invitation
          ? [
              { Put: { TableName: tableName(), Item: invitationItem(invitation), ConditionExpression: "attribute_not_exists(pk)" } },
              { ConditionCheck: { TableName: tableName(), Key: customerKeys.customer(customer.id), ConditionExpression: "attribute_exists(pk)" } },
            ]
          : []),
        Audit.record(actor, `deal.${kind}`, customer.id, { dealId, repId: rep.id, ...(invitation ? { invitationId: invitation.id, kind: invitation.kind } : { suppressed: true }) }),
      ],
      (reasons) => {
        if (reasons[0] === "ConditionalCheckFailed") throw new Duplicate();
        throw new VisibleError("conflict", "customer_changed", "The customer changed while the event was recorded; send the event again.");
      },
    );
  } catch (error) {
    if (!(error instanceof Duplicate)) throw error;
    const first = await dealOf(kind, dealId);
    if (!first) throw error;
    return duplicateOf(first);
  }
  if (!invitation) return { event, dealId, customerId: customer.id, status: "suppressed" };
  const [delivered] = await Invitation.deliver([invitation]);
  const status = delivered?.status === "sent" ? "sent" : delivered?.status === "suppressed" ? "suppressed" : "queued";
  return { event, dealId, customerId: customer.id, invitationId: invitation.id, status };
}
