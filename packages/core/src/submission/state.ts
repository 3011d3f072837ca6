/** Where a form link stands for its customer: open, revisable for 7 days after the first answer, final, or expired. */
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { fromToken, type Invitation } from "../invitation/index.ts";

const DAY = 86_400_000;
/** The customer may revise their answers for this long after the first submission. */
export const REVISION_DAYS = 7;

export type FormState = "open" | "revisable" | "final" | "expired";

/** Where an invitation stands for its customer: open for answers, revisable, or final. */
export function stateOf(inv: Invitation, at = now()): FormState {
  if (inv.voidedAt) return "final";
  if (inv.answeredAt) {
    return at.getTime() - new Date(inv.answeredAt).getTime() <= REVISION_DAYS * DAY ? "revisable" : "final";
  }
  return at.getTime() >= new Date(inv.expiresAt).getTime() ? "expired" : "open";
}

/** Until when an answered invitation's answers may be revised. */
export function revisableUntil(inv: Pick<Invitation, "answeredAt">): string {
  return new Date(new Date(inv.answeredAt!).getTime() + REVISION_DAYS * DAY).toISOString();
}

/** The invitation behind a form link, or the visible 404/410 a customer should see. */
export async function open(token: string): Promise<Invitation> {
  const inv = await fromToken(token);
  if (!inv) throw new VisibleError("not-found", "unknown_link", "This link is not valid. Please use the most recent email we sent you.");
  if (stateOf(inv) === "expired") throw new VisibleError("gone", "expired_link", "This link has expired.");
  return inv;
}
