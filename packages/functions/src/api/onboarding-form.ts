import { config } from "@rapport/core/config";
import type { Customer } from "@rapport/core/customer/index";
import type { Invitation } from "@rapport/core/invitation/index";
import { cadences, channels, interestChoices, responseTimes } from "@rapport/core/survey/onboarding-choices";
import { TimeZones } from "@rapport/core/survey/time-zones";
import type { OnboardingPageProps } from "@rapport/web/pages/index";

export const channelLabels: Record<string, string> = { email: "Email", phone: "Phone call", text: "Text message", video: "Video call" };
export const cadenceLabels: Record<string, string> = {
  daily: "Daily",
  weekly: "Weekly",
  biweekly: "Every two weeks",
  monthly: "Monthly",
  "as-needed": "Only when something needs me",
};
export const responseTimeLabels: Record<string, string> = { "1h": "Within 1 hour", "4h": "Within 4 hours", "same-day": "The same business day", "24h": "Within 24 hours" };

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
export function onboardingChoices(timezone: string): OnboardingPageProps["choices"] {
  return {
    channels: channels.map((value) => ({ value, label: channelLabels[value]! })),
    cadences: cadences.map((value) => ({ value, label: cadenceLabels[value]! })),
    responseTimes: responseTimes.map((value) => ({ value, label: responseTimeLabels[value]! })),
    interests: [...interestChoices],
    timezones: TimeZones.zoneChoices([timezone]),
  };
}

/** The onboarding answers as question → answer rows, in form order (the page shown once they can no longer change). */
export function onboardingSummary(answers: Known): { question: string; answer: string }[] {
  const rows: { question: string; answer: string }[] = [];
  const add = (question: string, value: unknown, labels?: Record<string, string>) => {
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
    rows.push({ question, answer: Array.isArray(value) ? value.join(", ") : (labels?.[String(value)] ?? String(value)) });
  };
  add("Preferred channel", answers.channel, channelLabels);
  add("Contact", answers.contact);
  add("Time zone", typeof answers.timezone === "string" ? TimeZones.zoneLabel(answers.timezone) : undefined);
  add("Best days and hours", answers.bestHours);
  add("Updates", answers.cadence, cadenceLabels);
  add("Expected response time", answers.responseTime, responseTimeLabels);
  add("Emergency contact", answers.emergencyContact);
  add("What on time means", answers.onTimeMeans);
  add("What matters to you", answers.interests);
  add("Personal interests", answers.personalInterests);
  add("Your ideal buying experience", answers.idealExperience);
  return rows;
}
