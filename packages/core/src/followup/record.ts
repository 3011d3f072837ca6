/** The follow-up's one shape: the record core keeps, and (less two internals) what the API and the dashboard show. */
import * as v from "valibot";
import { cadences } from "../survey/onboarding-choices.ts";

export const followUpKinds = ["recovery", "check-in", "touch"] as const;
export const followUpStatuses = ["open", "resolved"] as const;
/** What opened a recovery case: a poor report card, a concern the customer raised, or a poor answer to a check-in. */
export const recoverySources = ["report-card", "concern", "check-in"] as const;
/** How urgent the customer said their concern is. */
export const concernUrgencies = ["today", "this-week", "no-rush"] as const;
/** The customer's verdict on a resolved recovery case: asked, then recovered (4–5), not recovered (1–3, reopened), or no answer in 7 days. */
export const verdicts = ["awaiting", "recovered", "not-recovered", "no-answer"] as const;
/** Why a customer was not asked "Did we make it right?" or "How are things now?": nothing is sent, and the case keeps no verdict. */
const notAskedReasons = ["suppressed", "no-customer", "consent-withdrawn", "too-late"] as const;
/** What the job does next for a follow-up. */
export const dueActions = ["notify", "escalate", "roll", "ask", "expire-ask"] as const;

const optionalText = (description: string) => v.optional(v.pipe(v.string(), v.description(description)));

/** A follow-up as stored: a recovery case, a check-in or a recurring touch on a rep's schedule. */
export const FollowUpRecordSchema = v.object({
  id: v.string(),
  kind: v.picklist(followUpKinds),
  status: v.picklist(followUpStatuses),
  customerId: optionalText("Absent on an anonymous recovery case: the customer did not agree to be contacted."),
  customerName: v.optional(v.string()),
  company: v.optional(v.string()),
  anonymous: v.optional(v.pipe(v.boolean(), v.description("A recovery case for a customer who did not agree to be contacted: no identity, for the manager only."))),
  repId: v.string(),
  repName: v.string(),
  managerEmail: v.optional(v.string()),
  dueAt: v.string(),
  createdAt: v.string(),
  channel: optionalText("How the customer wants to be reached (their onboarding answers)."),
  contact: v.optional(v.string()),
  bestHours: v.optional(v.string()),
  timezone: v.optional(v.string()),
  invitationId: optionalText("Recovery: the report card that opened the case."),
  period: v.optional(v.string()),
  lowBehaviours: v.optional(v.array(v.object({ id: v.string(), label: v.string(), rating: v.union([v.number(), v.literal("na")]) }))),
  comment: v.optional(v.string()),
  repScore: v.optional(v.nullable(v.number())),
  valueTier: v.optional(v.string()),
  interests: v.optional(v.array(v.string())),
  sharedAboutThem: v.optional(v.string()),
  suggestedActions: v.optional(v.array(v.string())),
  managerNotifiedAt: v.optional(v.string()),
  repNotifiedAt: optionalText("When the rep was emailed about a recovery case that names the customer."),
  /**
   * Nobody is told before this instant: a case opened by the one rating tapped in the email waits a few
   * minutes for the rest of the card (and the customer's consent), so people are told once, with both.
   */
  notifyAfter: v.optional(v.string()),
  checkInId: optionalText("The check-in that resolving this case scheduled."),
  escalatedAt: v.optional(v.string()),
  cadence: v.optional(v.pipe(v.picklist(cadences), v.description("Touch: the cadence it repeats at."))),
  lastDoneAt: v.optional(v.string()),
  missed: v.optional(v.number()),
  followsId: optionalText("Check-in: the recovery case it follows."),
  resolvedAt: v.optional(v.string()),
  resolvedBy: v.optional(v.string()),
  note: v.optional(v.string()),
  source: v.optional(v.pipe(v.picklist(recoverySources), v.description("Recovery: what opened the case (absent on cases a report card opened before concerns existed)."))),
  urgency: v.optional(v.pipe(v.picklist(concernUrgencies), v.description("Concern: how urgent the customer said it is."))),
  gesture: v.optional(
    v.pipe(
      v.object({
        description: v.string(),
        cost: v.optional(v.pipe(v.number(), v.description("What the gesture cost, in the organisation's currency (0 to 100000, at most 2 decimals)."))),
        suggested: v.optional(v.pipe(v.boolean(), v.description("Taken from the case's suggested actions (the recovery plan's, for the customer's value tier)."))),
      }),
      v.description("Recovery: the personal gesture made when resolving, if any."),
    ),
  ),
  inspiredBy: v.optional(v.pipe(v.array(v.string()), v.description("Recovery: the ids of the profile entries that inspired the gesture."))),
  owner: v.optional(v.pipe(v.literal("manager"), v.description("Recovery: the manager owns the case: the customer judged it not recovered (reopened), or its rep was deactivated."))),
  reopenedAt: v.optional(v.string()),
  reopened: v.optional(v.pipe(v.number(), v.description("Recovery: how many times the customer's verdict reopened the case."))),
  judged: v.optional(
    v.pipe(
      v.picklist(["recovered", "not-recovered"]),
      v.description("Recovery: the customer's latest judgement, kept across rounds (a reopened case resolved again stays not-recovered until the customer says otherwise); the recovery rate counts it."),
    ),
  ),
  verdict: v.optional(v.pipe(v.picklist(verdicts), v.description("Recovery: the customer's verdict on the latest resolution: awaiting once asked, recovered (4–5), not-recovered (1–3: the case reopened to the manager), no-answer after 7 days. Absent until the customer is asked, and on anonymous cases (never asked)."))),
  askAt: optionalText("When the customer is asked: \"Did we make it right?\" 2 days after a recovery's resolution, \"How are things now?\" at a check-in's due time."),
  askedAt: optionalText("When that email went out (its link records an answer for this round only)."),
  notAsked: v.optional(
    v.pipe(
      v.picklist(notAskedReasons),
      v.description("The customer was not asked: their address is suppressed (unsubscribed, bounced, complained), the customer record is gone, they withdrew their consent, or the job came to it more than 7 days after it was due (too late to ask). A recovery case then keeps no verdict."),
    ),
  ),
  answer: v.optional(
    v.pipe(
      v.object({ rating: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)), comment: v.optional(v.string()), at: v.string() }),
      v.description("The customer's one-tap answer (1–5) to the verdict or check-in email."),
    ),
  ),
  openedCaseId: optionalText("Check-in: the recovery case its poor answer opened."),
  dueAction: v.optional(v.picklist(dueActions)),
});
