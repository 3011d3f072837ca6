// The people, scores and follow-ups the dashboard and sign-in tests draw: Ana (eligible), Ben (needs 2 more),
// an empty period and Team North, with the arithmetic behind each number beside it.
import { defaultSurvey } from "@rapport/core/survey/index";
import type { FollowUpItem, InsightRowProps, RepDashboardProps, ScoreFigure, TeamDashboardProps, TrendPoint } from "../src/pages/dashboard-props.ts";

const brand = { orgName: "Northwind Supply", brandColor: "#1f4fd1" };
export const periods = ["2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1"];
export const label = (id: string) => defaultSurvey.behaviours.find((b) => b.id === id)!.label;

// The organization's raw score for 2026-Q4 is the prior: 3.4235.
const prior = 3.4235;
const organization: ScoreFigure = { adjustedScore: prior, rawScore: prior, ciLow: 3.3712, ciHigh: 3.4758, responses: 214 };
const team: ScoreFigure = { adjustedScore: 3.5182, rawScore: 3.55, ciLow: 3.3911, ciHigh: 3.6453, responses: 21 };

// Ana: n = 12, raw = 3.6125, k = 5 → adjusted = (12 × 3.6125 + 5 × 3.4235) / 17 = 60.4675 / 17 = 3.556912
// factor = 0.5 + (3.556912 − 3) / (4 − 3) × (1 − 0.5) = 0.778456; bonusShare = 0.2 × 0.778456 = 0.1556912 → 15.57%
const anaAdjusted = 60.4675 / 17;
const anaFactor = 0.5 + (anaAdjusted - 3) * 0.5;

const trend: TrendPoint[] = [
  { period: "2025-Q1", adjustedScore: null, responses: 0 },
  { period: "2025-Q2", adjustedScore: 3.1204, responses: 5 },
  { period: "2025-Q3", adjustedScore: 3.2511, responses: 7 },
  { period: "2025-Q4", adjustedScore: 3.3098, responses: 6 },
  { period: "2026-Q1", adjustedScore: 3.4811, responses: 9 },
  { period: "2026-Q2", adjustedScore: 3.4012, responses: 8 },
  { period: "2026-Q3", adjustedScore: 3.5233, responses: 10 },
  { period: "2026-Q4", adjustedScore: anaAdjusted, responses: 12 },
];

const factorMap = [
  { score: 1, factor: 0 },
  { score: 3, factor: 0.5 },
  { score: 4, factor: 1 },
  { score: 4.5, factor: 1.25 },
  { score: 5, factor: 1.5 },
];

// A recovery case as the route fills it: opened by a report card that rated follow_up 2 and advocacy 1,
// 24 hours before the page was drawn, escalated to the manager when it went overdue.
export const marta: FollowUpItem = {
  id: "fup_01JMARTA",
  kind: "recovery",
  customerName: "Marta Nowak",
  dueAt: "2026-11-20T15:00:00Z",
  overdue: true,
  channel: "phone",
  contact: "+49 30 1234567",
  bestHours: "Weekdays 16:00–18:00",
  timezone: "Europe/Berlin",
  lowBehaviours: [
    { label: label("follow_up"), rating: 2 },
    { label: label("advocacy"), rating: 1 },
  ],
  comment: "Two delivery dates slipped and nobody told me. I had to chase it myself.",
  interests: ["Cost reduction", "Sustainability"],
  sharedAboutThem: "Runs the Berlin half-marathon every April · Two kids, both in the school orchestra",
  suggestedActions: [
    "Call within the due time: the rep, with the manager on the call",
    "Fix the cause first, then confirm the fix in writing",
    "A personal gesture worth up to $250, chosen from what the customer told us about themselves",
  ],
  escalatedAt: "2026-11-20T15:05:00Z",
  resolve: { action: "/dashboard/follow-ups/fup_01JMARTA/resolve", csrf: "csrf-fu-marta" },
};
export const dev: FollowUpItem = {
  id: "fup_01JDEV",
  kind: "touch",
  customerName: "Dev Patel",
  dueAt: "2026-11-21T14:00:00Z",
  overdue: false,
  channel: "email",
  contact: "dev@patel-foods.example",
  bestHours: "Mornings",
  timezone: "America/Chicago",
  summary: "Weekly update",
  resolve: { action: "/dashboard/follow-ups/fup_01JDEV/resolve", csrf: "csrf-fu-dev" },
};
export const greta: FollowUpItem = {
  id: "fup_01JGRETA",
  kind: "check-in",
  customerName: "Greta Lind",
  dueAt: "2026-11-21T09:00:00Z",
  overdue: false,
  channel: "video",
  timezone: "Europe/Stockholm",
  resolve: { action: "/dashboard/follow-ups/fup_01JGRETA/resolve", csrf: "csrf-fu-greta" },
};

export function ana(overrides: Partial<RepDashboardProps> = {}): RepDashboardProps {
  return {
    ...brand,
    viewer: { name: "Ana Lopez", email: "ana@northwind.example", role: "rep" },
    signOut: { action: "/auth/logout", csrf: "csrf-out-1" },
    timezone: "Europe/Berlin",
    rep: { id: "rep_01JANA", name: "Ana Lopez", team: "Team North" },
    period: "2026-Q4",
    periods,
    score: { adjustedScore: anaAdjusted, rawScore: 3.6125, ciLow: 3.3812, ciHigh: 3.7361, responses: 12 },
    team,
    organization,
    behaviours: [
      { id: "listening", label: label("listening"), n: 12, mean: 3.9167 },
      { id: "follow_up", label: label("follow_up"), n: 12, mean: 3.1667 },
      { id: "proactive", label: label("proactive"), n: 11, mean: 3.4545 },
      { id: "reachability", label: label("reachability"), n: 12, mean: 4.0833 },
      { id: "advocacy", label: label("advocacy"), n: 10, mean: 3.3 },
      { id: "customer_first", label: label("customer_first"), n: 0, mean: null },
    ],
    trend,
    eligible: true,
    needsMore: 0,
    responseRate: { invited: 16, answered: 12, rate: 0.75, floor: 0 },
    comments: [
      {
        period: "2026-Q4",
        answeredAt: "2026-11-18T10:42:00Z",
        customerName: "Sam Lee",
        improve: "Tell me earlier when a delivery date slips. I found out from our warehouse.",
        repScore: 2.67,
      },
      {
        period: "2026-Q4",
        answeredAt: "2026-11-12T16:05:00Z",
        customerName: null,
        improve: "More ideas like the consolidated shipping one, please.",
        repScore: 4.5,
      },
    ],
    bonus: {
      period: "2026-Q4",
      planVersion: 1,
      planYear: 1,
      weight: 0.2,
      eligible: true,
      minResponses: 5,
      responses: 12,
      k: 5,
      prior,
      adjustedScore: anaAdjusted,
      payoutFactor: anaFactor,
      fallbackFactor: 1,
      capFactor: 1.5,
      bonusShare: 0.2 * anaFactor,
      locked: false,
      rawScore: 3.6125,
      factorMap,
      components: [
        { id: "relationship", behaviours: null, minResponses: 5, responses: 12, rawScore: 3.6125, adjustedScore: anaAdjusted, ciLow: 3.2, ciHigh: 4.1, eligible: true, weight: 0.2, payoutFactor: anaFactor, bonusShare: 0.2 * anaFactor },
      ],
    },
    followUps: {
      overdue: [marta],
      dueToday: [greta, dev],
    },
    ...overrides,
  };
}

// Ben: n = 3 (needs 5), raw = 4.4 → adjusted = (3 × 4.4 + 5 × 3.4235) / 8 = 30.3175 / 8 = 3.7896875;
// not eligible, so factor = fallback 1 and bonusShare = 0.2 × 1 = 0.2.
const benAdjusted = 30.3175 / 8;
export function ben(): RepDashboardProps {
  const base = ana();
  return {
    ...base,
    viewer: { name: "Maria Rossi", email: "maria@northwind.example", role: "manager" },
    timezone: "America/New_York",
    rep: { id: "rep_01JBEN", name: "Ben Okafor", team: "Team North" },
    score: { adjustedScore: benAdjusted, rawScore: 4.4, ciLow: 3.4106, ciHigh: 4.1687, responses: 3 },
    behaviours: base.behaviours.map((b, i) => ({ ...b, n: i === 5 ? 1 : 3, mean: [4.6667, 4.3333, 4, 4.6667, 4.3333, 4][i]! })),
    trend: trend.map((t, i) => (i < 6 ? { ...t, adjustedScore: null, responses: 0 } : t.period === "2026-Q3" ? { ...t, adjustedScore: 3.6, responses: 2 } : { ...t, adjustedScore: benAdjusted, responses: 3 })),
    eligible: false,
    needsMore: 2,
    comments: [{ period: "2026-Q4", answeredAt: "2026-11-02T08:00:00Z", customerName: null, improve: "Nothing really. Keep going.", repScore: 4.83 }],
    bonus: { ...base.bonus, eligible: false, responses: 3, adjustedScore: benAdjusted, payoutFactor: 1, bonusShare: 0.2, rawScore: 4.4 },
    followUps: { overdue: [], dueToday: [] },
    backToTeam: "/dashboard?period=2026-Q4",
  };
}

/** A period nobody has been rated in yet: every score is null. */
export function emptyPeriod(): RepDashboardProps {
  const empty: ScoreFigure = { adjustedScore: null, rawScore: null, ciLow: null, ciHigh: null, responses: 0 };
  const base = ana();
  return {
    ...base,
    period: "2027-Q1",
    periods: ["2027-Q1", ...periods.slice(0, 7)],
    score: empty,
    team: empty,
    organization: empty,
    behaviours: base.behaviours.map((b) => ({ ...b, n: 0, mean: null })),
    trend: [...trend.slice(1), { period: "2027-Q1", adjustedScore: null, responses: 0 }],
    eligible: false,
    needsMore: 5,
    comments: [],
    bonus: { ...base.bonus, period: "2027-Q1", eligible: false, responses: 0, prior: null, adjustedScore: null, rawScore: null, payoutFactor: 1, bonusShare: 0.2 },
    followUps: { overdue: [], dueToday: [] },
  };
}

export function northTeam(overrides: Partial<TeamDashboardProps> = {}): TeamDashboardProps {
  return {
    ...brand,
    viewer: { name: "Maria Rossi", email: "maria@northwind.example", role: "manager" },
    signOut: { action: "/auth/logout", csrf: "csrf-out-2" },
    timezone: "America/New_York",
    teamName: "Team North",
    period: "2026-Q4",
    periods,
    team,
    organization,
    rows: [
      { repId: "rep_01JBEN", name: "Ben Okafor", responses: 3, invited: 5, responseRate: 0.6, adjustedScore: benAdjusted, ciLow: 3.4106, ciHigh: 4.1687, eligible: false, needsMore: 2, href: "/dashboard/reps/rep_01JBEN?period=2026-Q4" },
      { repId: "rep_01JANA", name: "Ana Lopez", responses: 12, invited: 16, responseRate: 0.75, adjustedScore: anaAdjusted, ciLow: 3.3812, ciHigh: 3.7361, eligible: true, needsMore: 0, href: "/dashboard/reps/rep_01JANA?period=2026-Q4" },
      { repId: "rep_01JCHL", name: "Chloé Martin", responses: 6, invited: 0, responseRate: null, adjustedScore: 3.0519, ciLow: 2.8102, ciHigh: 3.2936, eligible: true, needsMore: 0, href: "/dashboard/reps/rep_01JCHL?period=2026-Q4" },
    ],
    sort: { column: "adjustedScore", direction: "desc" },
    // As the route fills them: the rep's name in `summary`, soonest due first.
    followUps: {
      overdue: [{ ...marta, summary: "Ana Lopez" }],
      dueToday: [
        { ...greta, summary: "Ana Lopez" },
        { ...dev, summary: "Ben Okafor" },
      ],
    },
    insights,
    ...overrides,
  };
}

/** No customer has judged these cases yet ("Did we make it right?"). */
const noVerdicts = { recovered: 0, notRecovered: 0, noAnswer: 0, awaitingVerdict: 0, recoveryRate: null };

// Insights for 2026-Q4 as Insights.forPeriod sorts them: by team, then most low ratings first.
// follow_up: 3 cases, 2 resolved (1 within due, 1 late) and 1 open not yet due → 1 / 2 = 50%, median of 5.5 h and 30 h = 17.75 h → "17.8";
// of the 2 resolved, the customer said 5 to one (recovered) and has yet to answer the other → 1 / 1 = 100%.
export const insights: InsightRowProps[] = [
  { team: "Team North", behaviour: "follow_up", label: label("follow_up"), ratings: 21, lowRatings: 4, recoveryCases: 3, resolvedWithinDue: 1, late: 1, open: 1, couldNotContact: 0, resolvedWithinDueShare: 0.5, medianHoursToResolve: 17.75, ...noVerdicts, recovered: 1, awaitingVerdict: 1, recoveryRate: 1 },
  // 3 cases: 2 resolved on time, 1 anonymous (outside the share) → 100%.
  { team: "Team North", behaviour: "advocacy", label: label("advocacy"), ratings: 19, lowRatings: 2, recoveryCases: 3, resolvedWithinDue: 2, late: 0, open: 0, couldNotContact: 1, resolvedWithinDueShare: 1, medianHoursToResolve: 3.04, ...noVerdicts },
  { team: "Team North", behaviour: "listening", label: label("listening"), ratings: 21, lowRatings: 1, recoveryCases: 1, resolvedWithinDue: 0, late: 0, open: 1, couldNotContact: 0, resolvedWithinDueShare: null, medianHoursToResolve: null, ...noVerdicts },
  { team: "Team North", behaviour: "proactive", label: label("proactive"), ratings: 20, lowRatings: 0, recoveryCases: 0, resolvedWithinDue: 0, late: 0, open: 0, couldNotContact: 0, resolvedWithinDueShare: null, medianHoursToResolve: null, ...noVerdicts },
  // 3 cases: 2 on time, 1 still open past its due time (late) → 2 / 3 = 67%.
  { team: "Team South", behaviour: "reachability", label: label("reachability"), ratings: 8, lowRatings: 1, recoveryCases: 3, resolvedWithinDue: 2, late: 1, open: 1, couldNotContact: 0, resolvedWithinDueShare: 2 / 3, medianHoursToResolve: 6, ...noVerdicts },
  { team: "Team South", behaviour: "overall", label: "overall", ratings: 0, lowRatings: 0, recoveryCases: 1, resolvedWithinDue: 0, late: 1, open: 0, couldNotContact: 0, resolvedWithinDueShare: 0, medianHoursToResolve: 41.25, ...noVerdicts },
];

export const signIn = { ...brand, action: "/auth/login", csrf: "csrf-in-1", sent: false, email: "" };
export const confirm = { ...brand, action: "/auth/callback", csrf: "csrf-cb-1", token: "tok_9f8e7d6c5b4a" };
