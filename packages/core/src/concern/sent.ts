/**
 * What the page after a concern (`/c/{token}/sent?case=`) may say. It reads the case, never the URL's
 * word for it: who will contact the customer and by when only for a named case of the link's own
 * customer, and for an anonymous case no time at all (nothing that would date it), and whether a manager
 * sees it.
 */
import { FollowUp } from "../followup/index.ts";

/** `managerSees`: the rep had a manager when it was raised, who is told of it and sees it. */
type ConcernSent = { reply: "contact"; contactBy: string } | { reply: "anonymous"; managerSees: boolean };

/** What the page after a concern says of case `followUpId` to the holder of `customerId`'s link; undefined when it is no concern's case they may see. */
export async function sentOf(customerId: string, followUpId: string): Promise<ConcernSent | undefined> {
  const f = await FollowUp.get(followUpId);
  if (!f || f.kind !== "recovery" || f.source !== "concern") return undefined;
  if (f.anonymous === false) return f.customerId === customerId ? { reply: "contact", contactBy: f.dueAt } : undefined;
  return { reply: "anonymous", managerSees: Boolean(f.managerEmail) };
}
