/** The deal events' keys: one record per deal and kind (dedupe), lost-deal answers by period, and the coaching totals. */
export const dealKeys = {
  /** One per CRM deal id and event kind: its conditional Put is what makes a second event for the deal send nothing. */
  deal: (kind: "lost" | "won", dealId: string) => ({ pk: `DEAL#${kind}#${dealId}`, sk: "DEAL" }),
  /** A lost-deal card's answers in the period it counts in, by submission time: the insights' texts, one Query a period. */
  answer: (period: string, answeredAt: string, invitationId: string) => ({ pk: `LOSTDEAL#${period}`, sk: `${answeredAt}#${invitationId}` }),
  answerPartition: (period: string) => `LOSTDEAL#${period}`,
  /**
   * A rep's lost-deal totals in a period (count, and per behaviour n, sum, sum of squares), the same shape
   * as the score aggregates but apart from them, so no score ever reads them. Every lost-deal answer adds
   * here, counted toward scores or not.
   */
  coaching: (period: string, repId: string) => ({ pk: `COACH#${period}`, sk: `REP#${repId}` }),
  coachingPartition: (period: string) => `COACH#${period}`,
  /** A contact's last lost-deal card (`lastSentAt`): its conditional Put, in the deal's transaction, allows one card per contact per 60 days. */
  contactCap: (customerId: string) => ({ pk: `LOSTCAP#${customerId}`, sk: "LOSTCAP" }),
};
