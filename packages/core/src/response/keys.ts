export const responseKeys = {
  /** A rep's responses by period and submission time: comments on the dashboard, without a scan. */
  response: (repId: string, period: string, answeredAt: string, invitationId: string) => ({
    pk: `REP#${repId}#RSP`,
    sk: `${period}#${answeredAt}#${invitationId}`,
  }),
  repPartition: (repId: string) => `REP#${repId}#RSP`,
  /** A customer's onboarding answers, every version kept. */
  preference: (customerId: string, answeredAt: string, invitationId: string) => ({ pk: `CUS#${customerId}`, sk: `PREF#${answeredAt}#${invitationId}` }),
};
