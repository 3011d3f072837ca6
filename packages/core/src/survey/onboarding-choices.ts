// The onboarding form's choices and what they mean, apart from its schema: the form page and the recovery
// rules read them without loading the schema's phone-number library.

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

export type Channel = (typeof channels)[number];

/** Hours each expected response time allows ("same business day" counted as 8 working hours). */
export const responseTimeHours: Record<(typeof responseTimes)[number], number> = { "1h": 1, "4h": 4, "same-day": 8, "24h": 24 };
