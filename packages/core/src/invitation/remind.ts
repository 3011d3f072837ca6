import { deliver } from "./deliver.ts";
import type { Invitation } from "./record.ts";

/**
 * Sends the one reminder of each unanswered invitation (due 3 days after its first send, never after it
 * expires; deliver.ts schedules it). Claimed like a first send, so no customer is reminded twice.
 */
export function remind(invitations: Invitation[]): Promise<Invitation[]> {
  return deliver(invitations, { reminder: true });
}
