import * as v from "valibot";
import { TimeZoneSchema } from "../fields.ts";

/** A behaviour the customer rates 1–5 (or "not applicable"). */
export interface Behaviour {
  id: string;
  /** The statement the customer rates, about the rep: "listens and understands what matters to me". */
  label: string;
}

export interface Survey {
  version: string;
  behaviours: Behaviour[];
}

/** The default report card: six relationship behaviours (product brief, "Report card"). */
export const defaultSurvey: Survey = {
  version: "rc-2026-1",
  behaviours: [
    { id: "listening", label: "Listens and understands what matters to me" },
    { id: "follow_up", label: "Follows up and keeps promises on time" },
    { id: "proactive", label: "Brings ideas and solutions relevant to my business" },
    { id: "reachability", label: "Is reachable the way I prefer" },
    { id: "advocacy", label: "Advocates for me inside their company" },
    { id: "customer_first", label: "Puts my interests first, even pointing me elsewhere when their offer is not the right fit" },
  ],
};

const surveys = new Map<string, Survey>([[defaultSurvey.version, defaultSurvey]]);

/** The survey version new invitations are sent with. */
export function current(): Survey {
  return defaultSurvey;
}

/** The survey an invitation was sent with; old answers are always read with their own version. */
export function get(version: string): Survey {
  return surveys.get(version) ?? defaultSurvey;
}

const RATING = "must be a whole number from 1 to 5, or na";

export const RatingValueSchema = v.union(
  [
    v.pipe(v.number(RATING), v.integer(RATING), v.minValue(1, RATING), v.maxValue(5, RATING)),
    v.pipe(v.string(RATING), v.regex(/^[1-5]$/, RATING), v.transform(Number)),
    v.literal("na", RATING),
  ],
  RATING,
);

const OptionalText = (max: number) =>
  v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be at most ${max} characters`)));

const Checkbox = v.optional(
  v.union([v.boolean(), v.pipe(v.picklist(["on", "true", "1", "yes", "false", "0", "no", ""]), v.transform((s) => ["on", "true", "1", "yes"].includes(s)))], "must be true or false"),
);

/** The report card answers for one survey version: every behaviour must be answered (a rating or na). */
export function reportCardSchema(survey: Survey) {
  const ratings = Object.fromEntries(survey.behaviours.map((b) => [b.id, RatingValueSchema])) as Record<string, typeof RatingValueSchema>;
  return v.strictObject({
    ratings: v.strictObject(ratings, "must be an object of ratings"),
    improve: OptionalText(2000),
    aboutMe: OptionalText(2000),
    shareName: Checkbox,
  });
}
export type ReportCardInput = {
  ratings: Record<string, number | "na">;
  improve?: string;
  aboutMe?: string;
  shareName?: boolean;
};

export const channels = ["email", "phone", "text", "video"] as const;
export const cadences = ["daily", "weekly", "biweekly", "monthly", "as-needed"] as const;
export const responseTimes = ["1h", "4h", "same-day", "24h"] as const;
export const interestChoices = [
  "cost savings",
  "growth",
  "reliability",
  "new ideas",
  "training",
  "industry news",
  "sustainability",
] as const;

/** Hours each expected response time allows ("same business day" counted as 8 working hours). */
export const responseTimeHours: Record<(typeof responseTimes)[number], number> = { "1h": 1, "4h": 4, "same-day": 8, "24h": 24 };

export const OnboardingSchema = v.pipe(
  v.strictObject({
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
  }),
  v.forward(
    v.check((input) => input.channel === "email" || Boolean(input.contact), "is required when you prefer phone, text or video"),
    ["contact"],
  ),
);
export type OnboardingInput = v.InferOutput<typeof OnboardingSchema>;

export const Survey = { current, get, reportCardSchema };
