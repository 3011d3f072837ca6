import { renderInvitationEmail, type InvitationEmailProps, type RenderedEmail } from "@rapport/core/email/templates/invitation";
import { renderDigestEmail, renderRecoveryEmail, type CaseSummary } from "@rapport/core/email/templates/follow-up";
import { renderSignInEmail } from "@rapport/core/email/templates/sign-in";
import { renderVerdictEmail, type VerdictEmailProps } from "@rapport/core/email/templates/verdict";

// Every email the product sends, rendered with realistic data: a very long name, names in several scripts,
// a brand name with accents. The email checks (packages/core/test/email-rendering.test.ts) and the phone
// rendering (test/browser/emails.test.ts) share them.

export const longName = "Maximiliane Wolfeschlegelsteinhausenbergerdorff-Ångström";
const brand = { orgName: "Société Générale d'Équipement Ōsaka", brandColor: "#1f4fd1" };
export const invitationBase: Omit<InvitationEmailProps, "kind" | "reminder"> = {
  ...brand,
  customerName: "Zoë",
  repName: longName,
  surveyUrl: "https://feedback.example.com/s/q8Yv3nC0m2LkTf9wZ1xA7bR4eD6gH5jK0pS2uV8yW3",
  firstBehaviour: "Listens and understands what matters to me",
  unsubscribeUrl: "https://feedback.example.com/u/Zr5tW8qN2mB7vX1cL4kJ9hG3fD6sA0pO",
  profileUrl: "https://feedback.example.com/p/Hk2mP9sW4qT7vB1xN6cJ3fL8dG5rA0yZ2eU7iO4wQ1t",
  concernUrl: "https://feedback.example.com/c/EWOkwYylKisroL4WjTaqUF-Cu9ASLQszVW5HiVtsqCyv0gHjqybobCdhbS5poolwhAd_pYabB_mgrGCoEHw",
  expiresOn: "Mon, 04 Jan 2027",
};
export const caseSummary: CaseSummary = {
  customerName: "渡辺 さくら",
  anonymous: false,
  company: "Nguyễn & Søn Trading",
  repName: longName,
  dueAt: "2026-12-04T10:00:00.000Z",
  lowBehaviours: [
    { label: "Keeps me informed without my having to ask", rating: 2 },
    { label: "Listens and understands what matters to me", rating: 1 },
  ],
  comment: "Nobody called back after the delivery went missing — twice.",
  channel: "phone",
  contact: "+81 3-1234-5678",
  bestHours: "09:00–11:00",
  timezone: "Asia/Tokyo",
  interests: ["on-time delivery", "one contact person"],
  actions: ["Call them today, in their best hours.", "Say what went wrong and what changes."],
};
export const recovery = { ...brand, dashboardUrl: "https://feedback.example.com/dashboard", timezone: "Europe/Berlin" };
const question: Omit<VerdictEmailProps, "kind"> = {
  ...brand,
  customerName: "Zoë",
  repName: longName,
  answerUrl: "https://feedback.example.com/r/fup_01JH5Z8C3D5E7F9G1H3J5K7M9Nr1.kx3.q8Yv3nC0m2LkTf9wZ1xA7bR4eD6gH5jK0pS2uV8yW3a",
  unsubscribeUrl: invitationBase.unsubscribeUrl,
  profileUrl: invitationBase.profileUrl,
  concernUrl: "https://feedback.example.com/c/Mkolzae6NzJi7yVf6o0_7GoZjdYCX2eaAS8QWWT6d_cwKFOBBL5u0N6KKmTNRKr8wF9qDWqbFaYqXB-f5Ks",
  answerBy: "Mon, 11 Jan 2027",
};

/** Every email the product sends, by name: invitations and reminders (every form), recovery, escalation, reopening, the customer's two questions, digest, sign-in link. */
export const emails: Record<string, RenderedEmail> = {
  "report-card invitation": renderInvitationEmail({ ...invitationBase, kind: "report-card", reminder: false }),
  "report-card invitation to a very long name": renderInvitationEmail({
    ...invitationBase,
    customerName: "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft",
    kind: "report-card",
    reminder: false,
  }),
  "report-card reminder": renderInvitationEmail({ ...invitationBase, kind: "report-card", reminder: true }),
  "onboarding invitation": renderInvitationEmail({ ...invitationBase, kind: "onboarding", reminder: false }),
  "onboarding reminder": renderInvitationEmail({ ...invitationBase, kind: "onboarding", reminder: true }),
  "lost-deal card": renderInvitationEmail({ ...invitationBase, kind: "lost-deal", reminder: false }),
  "lost-deal reminder": renderInvitationEmail({ ...invitationBase, kind: "lost-deal", reminder: true }),
  "recovery to the rep": renderRecoveryEmail({ ...recovery, reason: "opened", reader: "rep", caseSummary }),
  "recovery to the manager": renderRecoveryEmail({ ...recovery, reason: "opened", reader: "manager", caseSummary }),
  "anonymous recovery to the manager": renderRecoveryEmail({
    ...recovery,
    reason: "opened",
    reader: "manager",
    caseSummary: { anonymous: true, repName: longName, dueAt: caseSummary.dueAt, lowBehaviours: caseSummary.lowBehaviours, actions: caseSummary.actions },
  }),
  "concern to the rep": renderRecoveryEmail({
    ...recovery,
    reason: "opened",
    reader: "rep",
    caseSummary: { ...caseSummary, lowBehaviours: [], source: "concern", urgency: "today", comment: "The pallet arrived crushed and nobody answered my call." },
  }),
  "anonymous concern to the manager": renderRecoveryEmail({
    ...recovery,
    reason: "opened",
    reader: "manager",
    caseSummary: { anonymous: true, repName: longName, dueAt: caseSummary.dueAt, lowBehaviours: [], source: "concern", urgency: "no-rush", comment: "Invoices are always late.", actions: caseSummary.actions },
  }),
  "escalation (overdue)": renderRecoveryEmail({ ...recovery, reason: "overdue", reader: "manager", caseSummary }),
  "recovery reopened by the customer's verdict": renderRecoveryEmail({
    ...recovery,
    reason: "reopened",
    reader: "manager",
    caseSummary: { ...caseSummary, answer: { rating: 2, comment: "The delivery came, but nobody said sorry.", at: "2026-12-06T09:00:00.000Z" } },
  }),
  '"Did we make it right?"': renderVerdictEmail({ ...question, kind: "verdict" }),
  '"How are things now?"': renderVerdictEmail({ ...question, kind: "check-in" }),
  digest: renderDigestEmail({
    ...recovery,
    repName: longName,
    items: [
      { kind: "recovery", customerName: "渡辺 さくら", dueAt: "2026-12-03T07:00:00.000Z", overdue: true, channel: "phone", contact: "+81 3-1234-5678", timezone: "Asia/Tokyo" },
      { kind: "recovery", source: "concern", customerName: "Jordan Ellis", dueAt: "2026-12-03T15:00:00.000Z", overdue: false, channel: "email", contact: "jordan@example.com" },
      { kind: "check-in", customerName: "Zoë Martin-Lefèvre", dueAt: "2026-12-04T14:00:00.000Z", overdue: false, channel: "email", contact: "zoe@example.fr" },
      { kind: "touch", customerName: "Олег Петров", dueAt: "2026-12-04T16:30:00.000Z", overdue: false, channel: "video", bestHours: "afternoons" },
    ],
  }),
  "sign-in link": renderSignInEmail({ ...brand, name: longName, url: "https://feedback.example.com/auth/callback?token=bN4xK8qW2mZ7vY1cL5kJ9hG3fD6sA0pOeR", minutes: 15 }),
};
