/** The rules of a recovery case: when a card opens one, what it carries with and without consent, how a revision settles it. */
import { createId } from "../id.ts";
import { tableName, type TransactItem } from "../db/index.ts";
import { Audit } from "../audit/index.ts";
import type { Customer } from "../customer/index.ts";
import type { Rep } from "../rep/index.ts";
import { responseTimeHours } from "../survey/onboarding-choices.ts";
import { RecoveryPlan } from "./recovery-plan.ts";
import { contactOf, item, nextAction, preferencesOf, RECOVERY_HOURS, type FollowUp } from "./index.ts";

const HOUR = 3_600_000;
/** A case opened by the one rating tapped in the email tells nobody for this long, while the rest of the card may follow. */
export const TAP_SETTLE_MINUTES = 10;

/** The recovery rule (product.md): any behaviour rated 1–2, or the response's rep score below 3. */
export function tripsRecovery(ratings: Record<string, number | "na">): boolean {
  const values = Object.values(ratings).filter((r): r is number => typeof r === "number");
  if (values.some((r) => r <= 2)) return true;
  return values.length > 0 && values.reduce((a, b) => a + b, 0) / values.length < 3;
}

/** Due at the submission plus the customer's expected response time, and never later than 24 hours. */
export function recoveryDueAt(at: Date, responseTime: string | undefined): Date {
  const hours = responseTime && responseTime in responseTimeHours ? responseTimeHours[responseTime as keyof typeof responseTimeHours] : RECOVERY_HOURS;
  return new Date(at.getTime() + Math.min(RECOVERY_HOURS, hours) * HOUR);
}

/**
 * The recovery case a poor report card opens. With the customer's consent to be contacted it names them
 * and carries what the rep needs to act well: the low-rated behaviours and the comment, how and when to
 * reach the customer, what they shared about themselves, and the suggested actions for their value tier.
 * Without it, the case is anonymous and for the manager only: the ratings and the comment, nothing that
 * says who answered (no name, contact, company, preferences or tier).
 */
export async function buildRecovery(input: {
  invitationId: string;
  /** The behaviours the report card asked about (labels for the case). */
  behaviours: { id: string; label: string }[];
  period: string;
  ratings: Record<string, number | "na">;
  improve?: string;
  /** The consented "about me" text given with this very report card (newer than the customer record). */
  aboutMe?: string;
  repScore: number | null;
  /** The customer ticked "May {rep} or their manager contact me about my answers?". */
  contactOk: boolean;
  customer: Customer | undefined;
  customerId: string;
  customerName: string;
  rep: Rep | undefined;
  repId: string;
  repName: string;
  at: Date;
  /** Keep this id (a revision changes the open case in place). */
  id?: string;
  /** Tell nobody before this instant (see FollowUp.notifyAfter). */
  notifyAfter?: Date;
}): Promise<FollowUp> {
  const labels = new Map(input.behaviours.map((b) => [b.id, b.label]));
  const low = Object.entries(input.ratings)
    .filter(([, r]) => typeof r === "number" && r <= 2)
    .map(([id, rating]) => ({ id, label: labels.get(id) ?? id, rating }));
  const plan = await RecoveryPlan.current();
  const common = {
    id: input.id ?? createId("followUp", input.at.getTime()),
    kind: "recovery" as const,
    status: "open" as const,
    repId: input.repId,
    repName: input.repName,
    ...(input.rep?.managerEmail ? { managerEmail: input.rep.managerEmail } : {}),
    createdAt: input.at.toISOString(),
    invitationId: input.invitationId,
    period: input.period,
    lowBehaviours: low,
    ...(input.improve ? { comment: input.improve } : {}),
    repScore: input.repScore,
    ...(input.notifyAfter ? { notifyAfter: input.notifyAfter.toISOString() } : {}),
  };
  if (!input.contactOk) {
    return { ...common, anonymous: true, dueAt: recoveryDueAt(input.at, undefined).toISOString(), suggestedActions: RecoveryPlan.actionsFor(plan, undefined) };
  }
  const prefs = preferencesOf(input.customer);
  const aboutMe = input.aboutMe ?? (input.customer as (Customer & { aboutMe?: string }) | undefined)?.aboutMe;
  const shared = [prefs.personalInterests, aboutMe].filter(Boolean).join(" · ");
  return {
    ...common,
    anonymous: false,
    customerId: input.customerId,
    customerName: input.customerName,
    ...(input.customer?.company ? { company: input.customer.company } : {}),
    dueAt: recoveryDueAt(input.at, prefs.responseTime).toISOString(),
    ...contactOf(prefs, input.customer),
    ...(input.customer?.valueTier ? { valueTier: input.customer.valueTier } : {}),
    ...(prefs.interests?.length ? { interests: prefs.interests } : {}),
    ...(shared ? { sharedAboutThem: shared } : {}),
    suggestedActions: RecoveryPlan.actionsFor(plan, input.customer?.valueTier),
  };
}

/** The note a case gets when the customer's revised answers no longer call for a recovery. */
export const SETTLED_BY_CUSTOMER = "resolved by the customer's revised answers";

/**
 * The writes that settle a response's open recovery case after the customer revised their answers:
 * resolved (and audited) when the new answers no longer trip the rule, or changed in place (same id, same
 * due time, one case per response) when they still do. `next` is the case rebuilt from the new answers.
 */
export function reviseItems(open: FollowUp, next: FollowUp | undefined, at: Date, invitationId: string): { items: TransactItem[]; followUp: FollowUp } {
  if (!next) return settledByCustomer(open, SETTLED_BY_CUSTOMER, at, invitationId);
  // Who was already told stays told; a case that now names the customer still has the rep (and the
  // manager, who only had the anonymous case) to tell.
  const named = open.anonymous !== false && next.anonymous === false;
  const told = {
    ...(open.managerNotifiedAt && !named ? { managerNotifiedAt: open.managerNotifiedAt } : {}),
    ...(open.repNotifiedAt && !next.anonymous ? { repNotifiedAt: open.repNotifiedAt } : {}),
    ...(open.escalatedAt && !next.anonymous ? { escalatedAt: open.escalatedAt } : {}),
  };
  const changed: FollowUp = { ...next, id: open.id, createdAt: open.createdAt, dueAt: next.anonymous === open.anonymous ? open.dueAt : next.dueAt, ...told };
  return { followUp: changed, items: [{ Put: { TableName: tableName(), Item: item(changed), ...unchangedSince(open) } }] };
}

/** The note a named check-in gets when the customer withdraws their consent to be contacted. */
export const CONSENT_WITHDRAWN = "cancelled: the customer withdrew their consent to be contacted";

/**
 * The writes that close a follow-up on the customer's word (a revision that settles the case, or consent
 * withdrawn), audited as the customer's act. Lost to any change since it was read (a job step, the rep).
 */
export function settledByCustomer(f: FollowUp, note: string, at: Date, invitationId: string): { items: TransactItem[]; followUp: FollowUp } {
  const resolved: FollowUp = { ...f, status: "resolved", resolvedAt: at.toISOString(), resolvedBy: "customer", note };
  return {
    followUp: resolved,
    items: [
      { Put: { TableName: tableName(), Item: item(resolved), ...unchangedSince(f) } },
      Audit.record({ kind: "customer", id: invitationId }, "follow-up.resolve", f.id, { kind: f.kind, note }),
    ],
  };
}

/** A Put condition: the follow-up is still open and the job has not moved it on since it was read. */
function unchangedSince(f: FollowUp) {
  const action = nextAction(f)?.action;
  return {
    ConditionExpression: `#status = :open AND ${action ? "dueAction = :action" : "attribute_not_exists(dueAction)"}`,
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":open": "open", ...(action ? { ":action": action } : {}) },
  };
}

export const RecoveryCase = { trips: tripsRecovery, dueAt: recoveryDueAt, build: buildRecovery, reviseItems, settledByCustomer };
