// The onboarding form's fields, without the check that the contact can reach the customer (onboarding.ts adds
// it with the phone-number library): the stored customer's shape is typed from these without loading that library.
import * as v from "valibot";
import { TimeZoneSchema } from "../fields.ts";
import { cadences, channels, responseTimes } from "./onboarding-choices.ts";

const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be at most ${max} characters`)));

/** The onboarding answers' fields; `OnboardingSchema` (onboarding.ts) checks the contact against the channel. */
export const OnboardingAnswersSchema = v.strictObject({
  channel: v.picklist(channels, "must be email, phone, text or video"),
  contact: OptionalText(200),
  timezone: TimeZoneSchema,
  bestHours: OptionalText(200),
  cadence: v.picklist(cadences, "must be daily, weekly, biweekly, monthly or as-needed"),
  responseTime: v.picklist(responseTimes, "must be 1h, 4h, same-day or 24h"),
  emergencyContact: OptionalText(200),
  onTimeMeans: OptionalText(1000),
  interests: v.optional(
    v.pipe(
      v.union([v.array(v.pipe(v.string(), v.trim(), v.maxLength(100, "must be at most 100 characters"))), v.pipe(v.string(), v.transform((s) => [s]))], "must be a list of interests"),
      v.maxLength(20, "must have at most 20 interests"),
    ),
  ),
  personalInterests: OptionalText(2000),
  idealExperience: OptionalText(2000),
});
