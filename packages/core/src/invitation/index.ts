import { fromToken, keyOf, mustGet, publicView, tokenOf, type Invitation as InvitationRecord } from "./record.ts";
import { create, send } from "./send.ts";
import { deliver } from "./deliver.ts";
import { remind } from "./remind.ts";
import { expire } from "./expire.ts";
import { markBounced, markOpened } from "./track.ts";

export { InvitationSchema, InvitationViewSchema, REPORT_CARD_GAP_DAYS, VoidedReportCardSchema, fromToken, keyOf, statuses, toInvitation, tokenOf } from "./record.ts";
export type { InvitationInput, InvitationView, VoidedReportCard } from "./record.ts";
export { skipReasons, type SkipReason } from "./send.ts";

/** One form sent to one customer (record.ts). */
export type Invitation = InvitationRecord;

/**
 * Invitations: created and sent (send.ts), their emails delivered with the suppression list honoured
 * (deliver.ts), reminded once (remind.ts), expired (expire.ts), and what happens to them after (track.ts).
 */
export const Invitation = { keyOf, create, send, deliver, remind, expire, fromToken, mustGet, markOpened, markBounced, tokenOf, publicView };
