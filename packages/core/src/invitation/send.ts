/** Creating an invitation (who it credits, what it asks, at most one report card per 60 days) and sending one at once. */
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { tableName, transact } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Rep } from "../rep/index.ts";
import { Survey, type Survey as SurveyRecord } from "../survey/index.ts";
import { Suppression } from "../suppression/index.ts";
import { periodOf } from "../period/quarter.ts";
import { invitationKeys } from "./keys.ts";
import { EXPIRY_DAYS, REMINDER_DAYS, REPORT_CARD_GAP_DAYS, sha256, tokenOf, type Invitation, type InvitationInput, type InvitationKind } from "./record.ts";
import { deliver } from "./deliver.ts";

const DAY = 86_400_000;

export const skipReasons = ["recently-surveyed", "suppressed", "no-email", "unknown-customer", "already-invited", "prospect", "inactive"] as const;
export type SkipReason = (typeof skipReasons)[number];

/**
 * Creates a queued invitation for a customer, freezing the rep and the survey version. A report card
 * also stamps the customer's last report card in the same transaction, so at most one goes out per 60 days
 * even under concurrency. Answers the invitation, or why it was skipped.
 */
export async function create(
  input: InvitationInput & { campaignId?: string },
  actor: Actor,
  known?: { customer?: Customer; suppressed?: boolean; survey?: SurveyRecord },
): Promise<{ invitation: Invitation } | { skipped: SkipReason }> {
  const customer = known?.customer ?? (await Customer.get(input.customerId));
  if (!customer) return { skipped: "unknown-customer" };
  if (!customer.email) return { skipped: "no-email" };
  // A lost deal's contact gets the lost-deal card only (deal/lost.ts), never a report card or the onboarding form.
  if (customer.stage === "prospect") return { skipped: "prospect" };
  // A deactivated customer gets no email; nor does a deactivated rep's customer get a new invitation.
  if (customer.active === false) return { skipped: "inactive" };
  const suppressed = known?.suppressed ?? (await Suppression.isSuppressed(customer.email));
  if (suppressed) return { skipped: "suppressed" };
  const rep = await Rep.get(customer.repId);
  if (rep?.active === false) return { skipped: "inactive" };
  const repName = rep?.name ?? "your account manager";
  const survey = input.kind === "report-card" ? (known?.survey ?? (await Survey.load())) : undefined;
  const at = now();
  const invitation = newInvitation({ kind: input.kind, customer, repName, repEmail: rep?.email, survey, campaignId: input.campaignId, at });
  const { id, createdAt } = invitation;
  const cutoff = new Date(at.getTime() - REPORT_CARD_GAP_DAYS * DAY).toISOString();
  try {
    await transact(
      [
        {
          Put: { TableName: tableName(), Item: invitationItem(invitation), ConditionExpression: "attribute_not_exists(pk)" },
        },
        input.kind === "report-card"
          ? {
              Update: {
                TableName: tableName(),
                Key: customerKeys.customer(customer.id),
                UpdateExpression: "SET lastReportCardAt = :at",
                ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(lastReportCardAt) OR lastReportCardAt <= :cutoff)",
                ExpressionAttributeValues: { ":at": createdAt, ":cutoff": cutoff },
              },
            }
          : {
              ConditionCheck: {
                TableName: tableName(),
                Key: customerKeys.customer(customer.id),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
        Audit.record(actor, "invitation.create", id, { customerId: customer.id, kind: input.kind, repId: customer.repId }),
      ],
      (reasons) => {
        throw new Skip(reasons[1] === "ConditionalCheckFailed" ? "recently-surveyed" : "already-invited");
      },
    );
  } catch (error) {
    if (error instanceof Skip) return { skipped: error.reason };
    throw error;
  }
  return { invitation };
}

/**
 * A new invitation for `customer`, freezing the rep's name and (report cards) the survey's behaviours:
 * queued and due to send now, or, with `sentAt`, already handed to SES with its reminder due.
 */
export function newInvitation(input: {
  kind: InvitationKind;
  customer: Pick<Customer, "id" | "name" | "email" | "repId" | "language">;
  repName: string;
  /** The rep's address at send time (the `self_domain` bias flag compares domains with it). */
  repEmail?: string | undefined;
  survey: SurveyRecord | undefined;
  campaignId?: string;
  at: Date;
  sentAt?: string;
  /** The id it was given before (a campaign batch sent again after its worker died). */
  id?: string;
}): Invitation {
  const { kind, customer, survey, at } = input;
  const createdAt = at.toISOString();
  const id = input.id ?? createId("invitation", at.getTime());
  const expiresAt = new Date(at.getTime() + EXPIRY_DAYS * DAY).toISOString();
  const common = {
    id,
    kind,
    customerId: customer.id,
    customerName: customer.name,
    email: customer.email,
    ...(customer.language ? { language: customer.language } : {}),
    repId: customer.repId,
    repName: input.repName,
    ...(input.repEmail ? { repEmail: input.repEmail } : {}),
    surveyVersion: kind === "onboarding" ? "onboarding-1" : survey!.version,
    ...(kind === "onboarding" ? {} : { behaviours: survey!.behaviours }),
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    createdAt,
    expiresAt,
  };
  // Created already sent (a campaign batch): its `invited` is counted with the batch (campaign/batch.ts).
  if (input.sentAt) return { ...common, status: "sent", sentAt: input.sentAt, sendAttempts: 1, dueAction: "remind", ...(kind === "report-card" ? { invitedIn: periodOf(new Date(input.sentAt)) } : {}) };
  return { ...common, status: "queued", sendAttempts: 0, nextAttemptAt: createdAt, dueAction: "send" };
}

/** The stored item of an invitation: under its token's hash, listed by customer and due for its next action. */
export function invitationItem(invitation: Invitation): Record<string, unknown> {
  const tokenHash = sha256(tokenOf(invitation.id));
  // A queued one is due to send at once; a sent one is due for its reminder (never after it expires).
  const dueAt = invitation.sentAt
    ? new Date(Math.min(new Date(invitation.sentAt).getTime() + REMINDER_DAYS * DAY, new Date(invitation.expiresAt).getTime())).toISOString()
    : invitation.createdAt;
  return {
    ...invitationKeys.invitation(tokenHash),
    ...invitationKeys.byCustomer(invitation.customerId, invitation.createdAt),
    ...invitationKeys.due(dueAt, invitation.id),
    type: "invitation",
    tokenHash,
    ...invitation,
  };
}

class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}

/** Creates one invitation and sends it at once; a failed send stays queued for the scheduled job. */
export async function send(input: InvitationInput, actor: Actor): Promise<Invitation> {
  const customer = await Customer.mustGet(input.customerId).catch((error: unknown) => {
    if (error instanceof VisibleError) throw new VisibleError("input", "unknown_customer", error.message, { customerId: "no customer has this id" });
    throw error;
  });
  const created = await create(input, actor, { customer });
  if ("skipped" in created) {
    const messages: Record<SkipReason, string> = {
      "recently-surveyed": `The customer was sent a report card in the last ${REPORT_CARD_GAP_DAYS} days.`,
      suppressed: "The customer's address is on the suppression list (unsubscribed, bounced or complained).",
      "no-email": "The customer has no email address.",
      "unknown-customer": "No customer has this id.",
      "already-invited": "The invitation already exists.",
      prospect: "The contact is a prospect (a lost deal), not a customer: a won deal makes them one.",
      inactive: "The customer or their rep is deactivated.",
    };
    throw new VisibleError("conflict", created.skipped.replaceAll("-", "_"), messages[created.skipped], { customerId: messages[created.skipped] });
  }
  const [delivered] = await deliver([created.invitation]);
  return delivered ?? created.invitation;
}
