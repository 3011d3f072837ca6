import { config } from "@rapport/core/config";
import type { Customer } from "@rapport/core/customer/index";
import type { Invitation } from "@rapport/core/invitation/index";
import { cadences, channels, interestChoices, responseTimes } from "@rapport/core/survey/onboarding-choices";
import { TimeZones } from "@rapport/core/survey/time-zones";
import { messagesFor } from "@rapport/core/i18n/index";
import type { Locale } from "@rapport/core/i18n/languages";
import type { OnboardingPageProps } from "@rapport/web/pages/index";

/** The words of the onboarding choices in a locale (English without one). */
const wordsOf = (locale?: Locale) => messagesFor(locale).onboarding;

/** The contact channels as a form offers them, in the customer's language. */
export const channelChoices = (locale?: Locale) => channels.map((value) => ({ value, label: wordsOf(locale).channels[value] }));

type Known = Record<string, unknown>;

/**
 * What the form shows: the rejected post, else the answers given on this invitation, else the customer's
 * saved preferences, else what Rapport knows (their email, the organization's time zone).
 */
export function onboardingValues(inv: Invitation, customer: Customer | undefined, posted: Known | undefined): { values: OnboardingPageProps["values"]; suggestLocalZone: boolean } {
  const known = (posted ?? inv.answers ?? (customer as Customer & { preferences?: Known })?.preferences ?? {}) as Known;
  const text = (key: string, fallback = "") => (typeof known[key] === "string" ? (known[key] as string) : fallback);
  const channel = text("channel", "email");
  const saved = text("timezone");
  return {
    values: {
      channel,
      contact: text("contact", channel === "email" ? (customer?.email ?? inv.email) : ""),
      timezone: saved ? TimeZones.listedName(saved) : config().timezone,
      bestHours: text("bestHours"),
      cadence: text("cadence"),
      responseTime: text("responseTime"),
      emergencyContact: text("emergencyContact"),
      onTimeMeans: text("onTimeMeans"),
      interests: Array.isArray(known.interests) ? (known.interests as string[]) : typeof known.interests === "string" ? [known.interests] : [],
      personalInterests: text("personalInterests"),
      idealExperience: text("idealExperience"),
    },
    // Only the organization's default may give way to the browser's zone; a zone the customer chose stays.
    suggestLocalZone: !saved,
  };
}

/** The choices the form offers; `timezone` (the pre-selected zone) is offered even when it is not on the short list. */
export function onboardingChoices(timezone: string, locale?: Locale): OnboardingPageProps["choices"] {
  const t = wordsOf(locale);
  return {
    channels: channelChoices(locale),
    cadences: cadences.map((value) => ({ value, label: t.cadences[value] })),
    responseTimes: responseTimes.map((value) => ({ value, label: t.responseTimes[value] })),
    interests: [...interestChoices],
    timezones: TimeZones.zoneChoices([timezone]),
  };
}

/** The onboarding answers as question → answer rows, in form order (the page shown once they can no longer change). */
export function onboardingSummary(answers: Known, locale?: Locale): { question: string; answer: string }[] {
  const t = wordsOf(locale);
  const q = t.summary;
  const interests = t.interestChoices as Record<string, string>;
  const rows: { question: string; answer: string }[] = [];
  const add = (question: string, value: unknown, labels?: Record<string, string>) => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
    rows.push({ question, answer: Array.isArray(value) ? value.map((v) => (locale && locale.language !== "en" ? (interests[String(v)] ?? String(v)) : String(v))).join(", ") : (labels?.[String(value)] ?? String(value)) });
  };
  add(q.channel, answers.channel, t.channels);
  add(q.contact, answers.contact);
  add(q.timezone, typeof answers.timezone === "string" ? TimeZones.zoneLabel(answers.timezone) : undefined);
  add(q.bestHours, answers.bestHours);
  add(q.cadence, answers.cadence, t.cadences);
  add(q.responseTime, answers.responseTime, t.responseTimes);
  add(q.emergency, answers.emergencyContact);
  add(q.onTime, answers.onTimeMeans);
  add(q.interests, answers.interests);
  add(q.personal, answers.personalInterests);
  add(q.ideal, answers.idealExperience);
  return rows;
}
