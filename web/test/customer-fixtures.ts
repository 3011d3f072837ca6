// The props the customer-page tests start from: a report card and an onboarding form for Sam, from Ana at Acme & Co.
import { defaultSurvey } from "@rapport/core/survey/index";
import { cadences, channels, interestChoices, responseTimes } from "@rapport/core/survey/onboarding-choices";
import { zoneChoices } from "@rapport/core/survey/time-zones";
import type { OnboardingPageProps, ReportCardPageProps } from "../src/pages/props.ts";

export const brand = { orgName: "Acme & Co", brandColor: "#1f4fd1" };

export function reportCard(overrides: Partial<ReportCardPageProps> = {}): ReportCardPageProps {
  return {
    ...brand,
    action: "/s/tok123",
    csrf: "csrf-abc",
    repName: "Ana",
    customerFirstName: "Sam",
    behaviours: defaultSurvey.behaviours,
    values: { ratings: {}, improve: "", aboutMe: "", shareName: false, contactOk: false },
    errors: {},
    state: "open",
    timezone: "UTC",
    ...overrides,
  };
}

export function onboarding(overrides: Partial<OnboardingPageProps> = {}): OnboardingPageProps {
  return {
    ...brand,
    action: "/s/tok456",
    csrf: "csrf-def",
    repName: "Ana",
    customerFirstName: "Sam",
    values: {
      channel: "email",
      contact: "sam@example.com",
      timezone: "Europe/Berlin",
      bestHours: "",
      cadence: "",
      responseTime: "",
      emergencyContact: "",
      onTimeMeans: "",
      interests: [],
      personalInterests: "",
      idealExperience: "",
    },
    choices: {
      channels: channels.map((value) => ({ value, label: { email: "Email", phone: "Phone call", text: "Text message", video: "Video call" }[value] })),
      cadences: cadences.map((value) => ({ value, label: value })),
      responseTimes: responseTimes.map((value) => ({ value, label: value })),
      interests: [...interestChoices],
      // Labels at a fixed instant in January: Berlin is then at UTC+01:00, Toronto at UTC-05:00.
      timezones: zoneChoices([], new Date("2026-01-15T12:00:00Z")),
    },
    errors: {},
    state: "open",
    timezone: "UTC",
    ...overrides,
  };
}
