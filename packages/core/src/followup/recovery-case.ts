/**
 * A recovery case. A report card opens one when any behaviour is rated 1–2 or the rep score is below 3
 * (open). It escalates to the manager once, at its due time, while still open and never when anonymous
 * (escalatesAt, in recovery-rules.ts; the job calls escalate). The rep resolves it with a note, which
 * schedules a check-in 21 days later (checkInAfter, used by FollowUp.resolve); revised answers that no
 * longer call for it settle it (reviseItems).
 */
import { createId } from "../id.ts";
import { tableName, type TransactItem } from "../db/index.ts";
import { Audit } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { Rep } from "../rep/index.ts";
import { Survey, type ReportCardInput } from "../survey/index.ts";
import { responseTimeHours } from "../survey/onboarding-choices.ts";
import type { Invitation } from "../invitation/index.ts";
import { Score } from "../score/index.ts";
import { now } from "../clock/index.ts";
import { RecoveryPlan, type RecoveryPlan as RecoveryPlanRecord } from "./recovery-plan.ts";
import { checkInAfter, escalatesAt } from "./recovery-rules.ts";
import { FollowUpEmails } from "./notify.ts";
import { count } from "../metrics/index.ts";
import { Outbox } from "../webhook/outbox.ts";
import { claim, contactOf, createItems, get, item, nextAction, preferencesOf, RECOVERY_HOURS, settle, type FollowUp, type Preferences } from "./index.ts";

const HOUR = 3_600_000;
/** A case opened by the one rating tapped in the email tells nobody for this long, while the rest of the card may follow. */
const TAP_SETTLE_MINUTES = 10;

/** The recovery rule (product.md): any behaviour rated 1–2, or the response's rep score below 3. */
export function tripsRecovery(ratings: Record<string, number | "na">): boolean {
  if (Object.values(ratings).some((r) => typeof r === "number" && r <= 2)) return true;
  const repScore = Score.ofResponse(ratings);
  return repScore !== null && repScore < 3;
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
    // A card answered after its rep was deactivated opens a case their manager owns.
    ...(input.rep?.active === false ? { owner: "manager" as const } : {}),
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
  return {
    ...common,
    ...namedCaseFields({ customerId: input.customerId, customerName: input.customerName, customer: input.customer, prefs, aboutMe: input.aboutMe }, plan),
    dueAt: recoveryDueAt(input.at, prefs.responseTime).toISOString(),
  };
}

/**
 * What a recovery case that names its customer carries about them, whatever opened it (a poor card with
 * consent to be contacted, a concern they may be contacted about): who they are, their company and tier,
 * how to reach them (`prefs`, their onboarding answers with any channel given for this very case, else
 * their email), what they shared about themselves and the suggested actions for their tier. The caller
 * adds the due time.
 */
export function namedCaseFields(
  input: {
    customerId: string;
    customerName: string;
    customer: Customer | undefined;
    prefs: Preferences;
    /** The consented "about me" text given with this very report card (newer than the customer record). */
    aboutMe?: string | undefined;
  },
  plan: RecoveryPlanRecord,
) {
  const { customer, prefs } = input;
  const shared = [prefs.personalInterests, input.aboutMe ?? customer?.aboutMe].filter(Boolean).join(" · ");
  return {
    anonymous: false as const,
    customerId: input.customerId,
    customerName: input.customerName,
    ...(customer?.company ? { company: customer.company } : {}),
    ...contactOf(prefs, customer),
    ...(customer?.valueTier ? { valueTier: customer.valueTier } : {}),
    ...(prefs.interests?.length ? { interests: prefs.interests } : {}),
    ...(shared ? { sharedAboutThem: shared } : {}),
    suggestedActions: RecoveryPlan.actionsFor(plan, customer?.valueTier),
  };
}

/** The note a case gets when the customer's revised answers no longer call for a recovery. */
const SETTLED_BY_CUSTOMER = "resolved by the customer's revised answers";

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
const CONSENT_WITHDRAWN = "cancelled: the customer withdrew their consent to be contacted";

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
      ...Outbox.caseResolved(resolved),
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

/** What a report card does to its recovery case: the writes for the card's transaction, and the case as they leave it. */
export interface CardRecovery {
  items: TransactItem[];
  /** The case opened or changed by the card (resolved when a revision settled it). */
  followUp?: FollowUp;
  /** The id the invitation keeps: the case of this response, if any. */
  id?: string;
}

/**
 * What a report card does to its recovery case. A poor card opens one; a revision changes the open one in
 * place, resolves it when the new answers no longer call for it, or opens a new one when the earlier case
 * was already resolved. Consent withdrawn cancels the check-in a resolved case scheduled. A case opened by
 * a tapped rating tells nobody for a few minutes, while the rest of the card may follow.
 */
export async function open(inv: Invitation, input: ReportCardInput, period: string, at: Date, tapped: boolean): Promise<CardRecovery> {
  const earlier = inv.recoveryId ? await get(inv.recoveryId) : undefined;
  const openCase = earlier?.status === "open" ? earlier : undefined;
  const notifyAfter = tapped ? new Date(at.getTime() + TAP_SETTLE_MINUTES * 60_000) : undefined;
  const next = tripsRecovery(input.ratings) ? await caseOf(inv, input, period, at, openCase?.id, notifyAfter) : undefined;
  const checkIn = !input.contactOk && earlier?.status === "resolved" && earlier.checkInId ? await get(earlier.checkInId) : undefined;
  const cancel = [...(checkIn?.status === "open" ? settledByCustomer(checkIn, CONSENT_WITHDRAWN, at, inv.id).items : []), ...(input.contactOk ? [] : stopAsking(earlier))];
  if (openCase) {
    const revised = reviseItems(openCase, next, at, inv.id);
    return { followUp: revised.followUp, items: [...revised.items, ...cancel], id: openCase.id };
  }
  if (!next) return { items: cancel };
  return { items: [...createItems(next), ...cancel], followUp: next, id: next.id };
}

/**
 * Consent to be contacted withdrawn on a revision: a resolved case that still means to ask "Did we make it
 * right?", or waits for the answer, asks nothing more (`notAsked: consent-withdrawn`; the question's link
 * then says it has closed). An answer already given stays.
 */
function stopAsking(f: FollowUp | undefined): TransactItem[] {
  if (f?.status !== "resolved" || f.anonymous !== false || f.answer || f.notAsked || !(f.verdict === "awaiting" || (f.askAt && !f.askedAt))) return [];
  const { verdict: _awaiting, ...rest } = f;
  return [
    {
      Put: {
        TableName: tableName(),
        Item: item({ ...rest, notAsked: "consent-withdrawn" }),
        ConditionExpression: "#status = :resolved AND attribute_not_exists(answer) AND attribute_not_exists(notAsked)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":resolved": "resolved" },
      },
    },
  ];
}

/** The case a card's answers call for, with the customer and the rep as they are now. */
async function caseOf(inv: Invitation, input: ReportCardInput, period: string, at: Date, id?: string, notifyAfter?: Date): Promise<FollowUp> {
  const [customer, rep] = await Promise.all([Customer.get(inv.customerId), Rep.get(inv.repId)]);
  return buildRecovery({
    invitationId: inv.id,
    behaviours: Survey.behavioursOf(inv),
    period,
    ratings: input.ratings,
    ...(input.improve ? { improve: input.improve } : {}),
    ...(input.aboutMe ? { aboutMe: input.aboutMe } : {}),
    repScore: Score.ofResponse(input.ratings),
    contactOk: input.contactOk ?? false,
    customer,
    customerId: inv.customerId,
    customerName: inv.customerName,
    rep,
    repId: inv.repId,
    repName: inv.repName,
    at,
    ...(id ? { id } : {}),
    ...(notifyAfter ? { notifyAfter } : {}),
  });
}

/**
 * Escalates an overdue recovery case to the manager by email, once (the job calls it at escalatesAt).
 * Claimed first; answers whether anyone was emailed (a rep without a manager has nobody to escalate to).
 */
export async function escalate(seen: FollowUp): Promise<boolean> {
  if (seen.kind !== "recovery" || escalatesAt(seen) === undefined) return false;
  const claimed = await claim(seen, "escalate");
  if (!claimed) return false;
  const { lease, current: f } = claimed;
  const emailed = await FollowUpEmails.tellOverdue(f);
  const escalated = { ...f, escalatedAt: now().toISOString() };
  await settle(escalated, lease, Outbox.caseEscalated(escalated));
  count("RecoveryCasesEscalated");
  return emailed;
}

export const RecoveryCase = { trips: tripsRecovery, dueAt: recoveryDueAt, build: buildRecovery, open, escalatesAt, escalate, checkInAfter, reviseItems, settledByCustomer };
