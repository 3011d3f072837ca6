import type { Locale } from "@rapport/core/i18n/languages";

/** What every customer page shows of the organisation, and the language it is written in. */
export interface Brand {
  orgName: string;
  /** A hex colour such as #1f4fd1; pages must keep text on it readable (WCAG AA). */
  brandColor: string;
  /** The customer's locale (English without one): the page's words, `<html lang>` and how dates read. */
  locale?: Locale | undefined;
}

/** Field name → message for every invalid answer (names as posted: `ratings.listening`, `timezone`, ...). */
export type FieldErrors = Record<string, string>;

export interface ReportCardPageProps extends Brand {
  /** Where the form posts (the same /s/{token} URL). */
  action: string;
  /** Hidden field `csrf` value. */
  csrf: string;
  repName: string;
  customerFirstName: string;
  behaviours: { id: string; label: string }[];
  /** Current values as strings: ratings[b] is "1".."5" or "na" (pre-selected from ?score= for the first behaviour, or from earlier answers). */
  values: { ratings: Record<string, string>; improve: string; aboutMe: string; shareName: boolean; contactOk: boolean };
  errors: FieldErrors;
  /** "revisable": answers were received at `answeredAt`; the customer may still change them until `revisableUntil`. */
  state: "open" | "revisable";
  answeredAt?: string;
  revisableUntil?: string;
  /** Set right after the rating tapped in the email was recorded: the rest of the card is optional. */
  tapped?: { statement: string; rating: string };
  /** The customer's time zone (from their onboarding answers, else the organization's): times are shown in it, named. */
  timezone: string;
}

/** A lost deal's card at GET /s/{token}: the rep's behaviours, "What would have made you choose us?", the two consents. */
export interface LostDealPageProps extends Brand {
  action: string;
  csrf: string;
  repName: string;
  customerFirstName: string;
  behaviours: { id: string; label: string }[];
  values: { ratings: Record<string, string>; chooseUs: string; shareName: boolean };
  errors: FieldErrors;
  state: "open" | "revisable";
  answeredAt?: string;
  revisableUntil?: string;
  timezone: string;
}

/** The one-question page a rating tapped in the email opens: GET shows it, only its POST records the rating. */
export interface ConfirmRatingPageProps extends Brand {
  action: string;
  csrf: string;
  repName: string;
  behaviour: { id: string; label: string };
  /** "1".."5" */
  rating: string;
  /** The whole report card, to change the rating or answer more first. */
  fullFormUrl: string;
}

/** What a report card sets in motion, for the one sentence that tells the customer. */
export interface ReportCardNext {
  contactOk: boolean;
  shareName: boolean;
  /** Present when the answers opened a recovery case: when it is due. */
  recoveryDueAt?: string;
}

export interface OnboardingPageProps extends Brand {
  action: string;
  csrf: string;
  repName: string;
  customerFirstName: string;
  /** Pre-filled from what Rapport already knows (earlier preferences, the customer's email) or from the rejected post. */
  values: {
    channel: string;
    contact: string;
    timezone: string;
    bestHours: string;
    cadence: string;
    responseTime: string;
    emergencyContact: string;
    onTimeMeans: string;
    interests: string[];
    personalInterests: string;
    idealExperience: string;
  };
  choices: {
    channels: { value: string; label: string }[];
    cadences: { value: string; label: string }[];
    responseTimes: { value: string; label: string }[];
    interests: string[];
    /** IANA time zones offered in a <select>, one <optgroup> per region; `aliases` are other names a browser may report. */
    timezones: { region: string; zones: { value: string; label: string; aliases?: string[] }[] }[];
  };
  /**
   * A same-origin script that pre-selects the browser's own time zone when it is listed. Set only while the
   * selected zone is the organization's default; the page works the same without it.
   */
  localZoneScript?: string;
  errors: FieldErrors;
  state: "open" | "revisable";
  answeredAt?: string;
  revisableUntil?: string;
  /** The customer's time zone (from their onboarding answers, else the organization's): times are shown in it, named. */
  timezone: string;
}

export interface ThankYouPageProps extends Brand {
  kind: "onboarding" | "report-card" | "lost-deal";
  repName: string;
  outcome: "recorded" | "revised" | "unchanged";
  answeredAt: string;
  revisableUntil: string;
  /** The customer's time zone (from their onboarding answers, else the organization's): times are shown in it, named. */
  timezone: string;
  /** Link back to the form to change the answers. */
  editUrl: string;
  /** Report cards: what happens next (who contacts the customer, or that nobody will). */
  next?: ReportCardNext;
  /** "Something not right? Tell us": the customer's concern form. */
  concernUrl?: string;
}

/** Shown when answers can no longer be changed: what was received and when. */
export interface ReceivedPageProps extends Brand {
  kind: "onboarding" | "report-card" | "lost-deal";
  repName: string;
  answeredAt: string;
  /** The customer's time zone (from their onboarding answers, else the organization's): times are shown in it, named. */
  timezone: string;
  /** Human-readable question → answer pairs, in form order. */
  summary: { question: string; answer: string }[];
  next?: ReportCardNext;
  /** "Something not right? Tell us": the customer's concern form. */
  concernUrl?: string;
}

export interface MessagePageProps extends Brand {
  status: number;
  title: string;
  message: string;
  /** What to do now, when the status's usual advice does not fit. */
  nextStep?: string;
}

/** The concern form at GET /c/{token}: what happened, how urgent, whether we may contact them and how. */
export interface ConcernPageProps extends Brand {
  action: string;
  csrf: string;
  /** The hidden value that makes the form, sent twice, open one case. */
  submission: string;
  customerFirstName: string;
  repName: string;
  /** Whether the rep has a manager, who would see a concern sent without the customer's name. */
  hasManager: boolean;
  /** Pre-filled from what Rapport knows (their preferred channel and contact), or the rejected post as typed. */
  values: { what: string; urgency: string; reply: string; channel: string; contact: string };
  choices: { channels: { value: string; label: string }[] };
  /** The most characters "What happened" takes. */
  maxChars: number;
  errors: FieldErrors;
  /** The post could not be sent for a failure of ours: the form again, as typed, to send again. */
  unsent?: boolean;
}

/** The page after a concern was raised: who will contact the customer and by when, or that the manager sees it without their name. */
export interface ConcernSentPageProps extends Brand {
  reply: "contact" | "anonymous";
  repName: string;
  /** With "contact": the case's due time (ISO), shown in the customer's zone. */
  contactBy?: string;
  /** With "anonymous": whether the rep's manager sees it (false: the rep has no manager; it is only recorded). */
  managerSees?: boolean;
  timezone: string;
  /** The form again, for something else. */
  concernUrl: string;
}

export interface UnsubscribePageProps extends Brand {
  action: string;
  csrf: string;
  /** The address, partly masked: a***@example.com */
  maskedEmail: string;
  done: boolean;
}
