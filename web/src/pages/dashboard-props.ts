import type { Brand } from "./props.ts";

/** A score with its 90% interval, on the 1–5 scale; null where there is nothing to average. */
export interface ScoreFigure {
  adjustedScore: number | null;
  rawScore: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  responses: number;
}

export interface BehaviourBar {
  id: string;
  label: string;
  n: number;
  mean: number | null;
}

export interface TrendPoint {
  period: string;
  adjustedScore: number | null;
  responses: number;
}

export interface CommentItem {
  period: string;
  answeredAt: string;
  /** The customer's name only when they ticked "share my name with my rep"; otherwise null. */
  customerName: string | null;
  improve: string;
  repScore: number | null;
}

/** The bonus estimate with the arithmetic spelled out (product.md, "Compensation plan"). */
export interface BonusEstimate {
  period: string;
  planVersion: number;
  planYear: number;
  weight: number;
  eligible: boolean;
  minResponses: number;
  responses: number;
  k: number;
  prior: number | null;
  adjustedScore: number | null;
  payoutFactor: number;
  fallbackFactor: number;
  capFactor: number;
  bonusShare: number;
  locked: boolean;
  /** Optional (added for the dashboard page): the rep's raw score; when absent the page uses `score.rawScore`. */
  rawScore?: number | null;
  /** Optional (added for the dashboard page): the plan's score-to-factor map, so the page can show the interpolation. */
  factorMap?: { score: number; factor: number }[];
}

/** One follow-up on the rep's schedule, with the customer's preferences beside it (the follow-up issue fills these). */
export interface FollowUpItem {
  id: string;
  kind: "recovery" | "check-in" | "touch";
  /** Absent on an anonymous recovery case (the customer did not agree to be contacted). */
  customerName?: string;
  anonymous?: boolean;
  dueAt: string;
  overdue: boolean;
  channel?: string;
  contact?: string;
  bestHours?: string;
  timezone?: string;
  summary?: string;
  /** Recovery: what went wrong, what the customer shared, what to do. */
  lowBehaviours?: { label: string; rating: number | "na" }[];
  comment?: string;
  interests?: string[];
  sharedAboutThem?: string;
  suggestedActions?: string[];
  escalatedAt?: string;
  /** The no-JavaScript resolve form: POST `note` (required) and `csrf` to `action`. */
  resolve?: { action: string; csrf: string };
}

export interface RepDashboardProps extends Brand {
  /** Signed-in person's name and a sign-out form action with its CSRF value. */
  viewer: { name: string; email: string; role: "rep" | "manager" };
  signOut: { action: string; csrf: string };
  /** The reader's time zone (IANA): every time on the page is shown in it, named. */
  timezone: string;
  rep: { id: string; name: string; team: string | null };
  period: string;
  /** Other periods the viewer can switch to (links `?period=`), newest first. */
  periods: string[];
  score: ScoreFigure;
  team: ScoreFigure | null;
  organization: ScoreFigure;
  behaviours: BehaviourBar[];
  /** The last eight periods, oldest first. */
  trend: TrendPoint[];
  eligible: boolean;
  /** How many more responses the rep needs to be eligible (0 when eligible). */
  needsMore: number;
  comments: CommentItem[];
  bonus: BonusEstimate;
  /** Open follow-ups: overdue, due today, and coming up in the next 14 days (shown without a resolve form). */
  followUps: { overdue: FollowUpItem[]; dueToday: FollowUpItem[]; comingUp?: FollowUpItem[] };
  /** When a manager is looking at one of their reps: the link back to the team view. */
  backToTeam?: string;
  /** The page's own path, so its links work when it is shown at another address (after a refused form post). */
  basePath?: string;
  /** A one-line confirmation after a form post ("Resolved. A check-in is scheduled for 13 December 2026."). */
  notice?: string;
  /** A rejected resolve form: which follow-up, the message, and the note as typed. */
  resolveError?: { id: string; message: string; note: string };
}

/** Complaints by behaviour and team (GET /v1/insights). */
export interface InsightRowProps {
  team: string;
  behaviour: string;
  label: string;
  ratings: number;
  lowRatings: number;
  recoveryCases: number;
  resolvedWithinDue: number;
  /** Resolved after their due time, plus open ones already past it. */
  late: number;
  /** Still open (past due or not). */
  open: number;
  /** Anonymous cases: nobody can contact the customer; outside the on-time share. */
  couldNotContact: number;
  /** resolvedWithinDue ÷ (resolved + open past due); null when that is 0. */
  resolvedWithinDueShare: number | null;
  medianHoursToResolve: number | null;
}

export interface TeamRow {
  repId: string;
  name: string;
  responses: number;
  adjustedScore: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  eligible: boolean;
  /** Link to this rep's dashboard. */
  href: string;
  /** Optional (added for the team page): responses still needed to be eligible; the page shows "Needs N more" instead of "No". */
  needsMore?: number;
}

export interface TeamDashboardProps extends Brand {
  viewer: { name: string; email: string; role: "manager" };
  /** Optional (added for the team page): the team's name for the heading; "Your team" when absent. */
  teamName?: string | null;
  signOut: { action: string; csrf: string };
  /** The reader's time zone (IANA): every time on the page is shown in it, named. */
  timezone: string;
  period: string;
  periods: string[];
  team: ScoreFigure;
  organization: ScoreFigure;
  rows: TeamRow[];
  /** Column the table is sorted by and the direction; headers link to `?sort=<col>&dir=<asc|desc>` (no JavaScript). */
  sort: { column: "name" | "responses" | "adjustedScore" | "eligible"; direction: "asc" | "desc" };
  /** The team's follow-ups that are overdue or due today (with the rep's name in `summary`). */
  followUps?: { overdue: FollowUpItem[]; dueToday: FollowUpItem[] };
  /** Complaints by behaviour for the team this period. */
  insights?: InsightRowProps[];
}

export interface SignInPageProps extends Brand {
  action: string;
  csrf: string;
  /** Shown after a request: the same message whether or not the email is known. */
  sent: boolean;
  email: string;
  error?: string;
}

/** The page a magic link opens: a button that signs in (a GET never uses up the link; mail scanners open links). */
export interface SignInConfirmPageProps extends Brand {
  action: string;
  csrf: string;
  token: string;
}
