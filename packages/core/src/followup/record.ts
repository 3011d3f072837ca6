/** The follow-up's one shape: the record core keeps, and (less two internals) what the API and the dashboard show. */
import * as v from "valibot";
import { cadences } from "../survey/onboarding-choices.ts";

export const followUpKinds = ["recovery", "check-in", "touch"] as const;
export const followUpStatuses = ["open", "resolved"] as const;

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
  dueAction: v.optional(v.picklist(["notify", "escalate", "roll"])),
});
