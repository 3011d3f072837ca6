/**
 * The recovery case a concern opens, by the rules of a poor report card's (followup/recovery-case.ts):
 * due at the customer's expected response time and never later than 24 hours; named and for the rep
 * when the customer may be contacted, anonymous and for the manager only when not. The case's text is
 * the concern. No invitation, no period, no ratings: a concern never touches a score.
 */
import { createId } from "../id.ts";
import type { Customer } from "../customer/index.ts";
import type { Rep } from "../rep/index.ts";
import { preferencesOf, type FollowUp } from "../followup/index.ts";
import { namedCaseFields, recoveryDueAt } from "../followup/recovery-case.ts";
import { RecoveryPlan } from "../followup/recovery-plan.ts";
import type { concernUrgencies } from "../followup/record.ts";
import type { ConcernInput } from "./schema.ts";

const HOUR = 3_600_000;
/** A concern the customer says needs attention today is due within this many hours at the latest. */
const TODAY_HOURS = 4;

/** When a concern's case is due: the recovery rule, and within TODAY_HOURS when the customer said "today". */
export function concernDueAt(at: Date, responseTime: string | undefined, urgency: (typeof concernUrgencies)[number]): Date {
  const due = recoveryDueAt(at, responseTime);
  return urgency === "today" ? new Date(Math.min(due.getTime(), at.getTime() + TODAY_HOURS * HOUR)) : due;
}

/**
 * The case of a concern. Named (reply "contact"): the customer, their company and tier, how to reach them
 * (the contact given with the concern, else their preferences, else their email), what they shared about
 * themselves and the suggested actions for their tier. Anonymous: nothing that says who raised it.
 */
export async function concernCase(input: { customer: Customer; rep: Rep | undefined; concern: ConcernInput; at: Date }): Promise<FollowUp> {
  const { customer, rep, concern, at } = input;
  const plan = await RecoveryPlan.current();
  const common = {
    id: createId("followUp", at.getTime()),
    kind: "recovery" as const,
    status: "open" as const,
    source: "concern" as const,
    urgency: concern.urgency,
    repId: customer.repId,
    repName: rep?.name ?? "",
    ...(rep?.managerEmail ? { managerEmail: rep.managerEmail } : {}),
    createdAt: at.toISOString(),
    comment: concern.what,
  };
  if (concern.reply === "anonymous") {
    return { ...common, anonymous: true, dueAt: concernDueAt(at, undefined, concern.urgency).toISOString(), suggestedActions: RecoveryPlan.actionsFor(plan, undefined) };
  }
  const prefs = preferencesOf(customer);
  // A channel given with the concern replaces the preferred one (an email channel without an address: theirs).
  const given = concern.channel ? { channel: concern.channel, contact: concern.contact } : {};
  return {
    ...common,
    ...namedCaseFields({ customerId: customer.id, customerName: customer.name, customer, prefs: { ...prefs, ...given } }, plan),
    dueAt: concernDueAt(at, prefs.responseTime, concern.urgency).toISOString(),
  };
}
