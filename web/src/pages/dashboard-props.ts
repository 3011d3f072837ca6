/**
 * What the dashboard pages show. Their data is core's (the dashboard, insights and follow-up types); what
 * only a page needs (links, forms, the signed-in chrome) is added here, once.
 */
import type { Viewer } from "@rapport/core/auth/index";
import type { Dashboard, TeamSort } from "@rapport/core/dashboard/index";
import type { DigestItem } from "@rapport/core/email/templates/follow-up";
import type { FollowUp } from "@rapport/core/followup/index";
import type { InsightRow } from "@rapport/core/followup/insights";
import type { Loop } from "@rapport/core/followup/loop";
import type { TeamRecognition } from "@rapport/core/recognition/index";
import type { LostDealCoaching } from "@rapport/core/deal/insights";
import type { Brand } from "./props.ts";

/** Everything a rep's dashboard shows for one period, as core computes it. */
type RepDashboard = Awaited<ReturnType<typeof Dashboard.forRep>>;
/** A manager's team for one period, as core computes it. */
type TeamDashboard = Awaited<ReturnType<typeof Dashboard.forTeam>>;

/** A score with its 90% interval, on the 1–5 scale; null where there is nothing to average. */
export type ScoreFigure = RepDashboard["score"];
export type BehaviourBar = RepDashboard["behaviours"][number];
export type TrendPoint = RepDashboard["trend"][number];
/** A customer's comment; `customerName` only when they ticked "share my name with my rep", otherwise null. */
export type CommentItem = RepDashboard["comments"][number];
/** The bonus estimate with the arithmetic spelled out (product.md, "Compensation plan"). */
export type BonusEstimate = RepDashboard["bonus"];
/** Complaints by behaviour and team (GET /v1/insights). */
export type InsightRowProps = InsightRow;

/**
 * One follow-up on the dashboard: the digest's line (what is due, for whom, how to reach them), the case
 * beside it (what went wrong, what the customer shared, what to do) and, where the reader may act, its form.
 */
export interface FollowUpItem extends DigestItem, Pick<FollowUp, "id" | "anonymous" | "comment" | "interests" | "sharedAboutThem" | "suggestedActions" | "escalatedAt" | "source" | "urgency"> {
  /** The rep's name on the team page; the cadence of a touch on the rep's. */
  summary?: string;
  lowBehaviours?: Pick<NonNullable<FollowUp["lowBehaviours"]>[number], "label" | "rating">[];
  /**
   * The no-JavaScript resolve form: POST `note` (required) and `csrf` to `action`; on a recovery case that
   * names its customer also `gesture` ("none", one of `suggestedActions`, or "own" with `gestureOwn`),
   * `gestureCost` and `inspiredBy` (ids of `profileEntries`, repeated).
   */
  resolve?: { action: string; csrf: string };
  /** A named recovery case: the customer's profile entries, to tick those that inspired the gesture. */
  profileEntries?: { id: string; label: string }[];
  /** The customer's secrets manual, one click from the follow-up; never on an anonymous case. */
  profileHref?: string;
  /** A named recovery case: the newest notes reps wrote about the customer, beside what they shared. */
  notes?: { text: string; at: string; author: string }[];
}

/** What every signed-in page carries around its content: who is signed in, how to sign out, and the reader's zone. */
interface Chrome extends Brand {
  viewer: Pick<Viewer, "name" | "email" | "role">;
  signOut: { action: string; csrf: string };
  /** The reader's time zone (IANA): every time on the page is shown in it, named. */
  timezone: string;
}

export interface RepDashboardProps extends Chrome, RepDashboard {
  /** Open follow-ups: overdue, due today, and coming up in the next 14 days (shown without a resolve form). */
  followUps: { overdue: FollowUpItem[]; dueToday: FollowUpItem[]; comingUp?: FollowUpItem[] };
  /** When a manager is looking at one of their reps: the link back to the team view. */
  backToTeam?: string;
  /** The page's own path, so its links work when it is shown at another address (after a refused form post). */
  basePath?: string;
  /** A one-line confirmation after a form post ("Resolved. A check-in is scheduled for 13 December 2026."). */
  notice?: string;
  /** Open concerns, cases awaiting the customer's verdict and the recovery rate, as this reader may see them. */
  loop?: Loop;
  /** A rejected resolve form: which follow-up, the message, the field it is about and the values as typed. */
  resolveError?: ResolveError;
  /** The rep's lost-deal cards this period, for coaching. */
  lostDeals?: LostDealCoaching;
}

/** A resolve form's field that can be in error. */
export type ResolveField = "note" | "gesture" | "own" | "cost" | "inspiredBy";

/** A rejected resolve form: the follow-up, the message, the field it is about (the note when absent) and what was posted. */
export interface ResolveError {
  id: string;
  message: string;
  field?: ResolveField;
  note: string;
  gesture?: string;
  gestureOwn?: string;
  gestureCost?: string;
  inspiredBy?: string[];
}

/** One rep's row on the team page, with the link to their dashboard. */
export type TeamRow = TeamDashboard["rows"][number] & { href: string };

export interface TeamDashboardProps extends Chrome, TeamDashboard {
  viewer: Chrome["viewer"] & { role: "manager" };
  rows: TeamRow[];
  /** Column the table is sorted by and the direction; headers link to `?sort=<col>&dir=<asc|desc>` (no JavaScript). */
  sort: TeamSort;
  /** The team's follow-ups that are overdue or due today (with the rep's name in `summary`). */
  followUps?: { overdue: FollowUpItem[]; dueToday: FollowUpItem[] };
  /** The team's open concerns, cases awaiting the customer's verdict and the recovery rate. */
  loop?: Loop;
  /** Complaints by behaviour for the team this period. */
  insights?: InsightRowProps[];
  /** Coverage of the reps' tier-A customers' secrets manuals, the month's secret agent and the most improved rep. */
  secrets?: TeamRecognition;
  /** The team's lost-deal cards this period, for coaching. */
  lostDeals?: LostDealCoaching;
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
