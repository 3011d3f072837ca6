import * as v from "valibot";
import { Suppression } from "../suppression/index.ts";
import { Invitation } from "../invitation/index.ts";
import { count } from "../metrics/index.ts";

const Recipient = v.object({ emailAddress: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email()) });

/** An SES bounce or complaint notification (SNS notification format or event-publishing format). */
export const SesEventSchema = v.object({
  notificationType: v.optional(v.string()),
  eventType: v.optional(v.string()),
  mail: v.object({ messageId: v.string("must be the SES message id") }),
  bounce: v.optional(v.object({ bounceType: v.string(), bouncedRecipients: v.array(Recipient) })),
  complaint: v.optional(v.object({ complainedRecipients: v.array(Recipient) })),
});
export type SesEvent = v.InferOutput<typeof SesEventSchema>;

/** An SNS envelope whose Message is the SES notification as a JSON string. */
export const SnsEnvelopeSchema = v.object({ Type: v.optional(v.string()), Message: v.string() });

/**
 * Applies a bounce or complaint: hard-bounced and complaining addresses go on the suppression list and
 * the invitation behind the message is marked bounced. Soft (transient) bounces suppress nothing.
 * Answers the addresses newly suppressed.
 */
export async function applySesEvent(event: SesEvent): Promise<string[]> {
  const type = event.notificationType ?? event.eventType;
  const suppressed: string[] = [];
  const actor = { kind: "system", id: "ses-notifications" } as const;
  if (type === "Bounce" && event.bounce) {
    count("Bounces", event.bounce.bouncedRecipients.length);
    if (event.bounce.bounceType !== "Permanent") return suppressed;
    await Invitation.markBounced(event.mail.messageId);
    for (const r of event.bounce.bouncedRecipients) {
      if (await Suppression.suppress(r.emailAddress, "bounce", actor, { messageId: event.mail.messageId })) suppressed.push(r.emailAddress);
    }
  } else if (type === "Complaint" && event.complaint) {
    count("Complaints", event.complaint.complainedRecipients.length);
    for (const r of event.complaint.complainedRecipients) {
      if (await Suppression.suppress(r.emailAddress, "complaint", actor, { messageId: event.mail.messageId })) suppressed.push(r.emailAddress);
    }
  }
  return suppressed;
}

/** Parses an SNS-wrapped or bare SES notification; undefined when it is neither. */
export function parseNotification(body: unknown): SesEvent | undefined {
  const envelope = v.safeParse(SnsEnvelopeSchema, body);
  let candidate: unknown = body;
  if (envelope.success) {
    try {
      candidate = JSON.parse(envelope.output.Message);
    } catch {
      return undefined;
    }
  }
  const parsed = v.safeParse(SesEventSchema, candidate);
  return parsed.success ? parsed.output : undefined;
}
