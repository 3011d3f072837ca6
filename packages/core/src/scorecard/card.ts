/** The score's one shape (product.md, "Scores"): what the math answers, the score card publishes and the bonus row carries. */
import * as v from "valibot";

const onScale = (what: string) => v.pipe(v.nullable(v.number()), v.description(`${what}, on the 1–5 scale; null when the rep has no ratings in the period.`));

/** A rep's score for a period: the counted report cards, the raw and adjusted scores, the 90% interval, eligibility. */
export const ScoreSchema = v.object({
  responses: v.pipe(v.number(), v.integer(), v.description("The rep's counted report cards in the period.")),
  rawScore: onScale("The plan-weighted mean of the behaviour means"),
  adjustedScore: onScale("The raw score pulled toward the organization's by k"),
  ciLow: onScale("The low end of the 90% interval around the adjusted score"),
  ciHigh: onScale("The high end of the 90% interval"),
  eligible: v.pipe(v.boolean(), v.description("At least the plan's minimum responses.")),
  behaviours: v.array(v.object({ id: v.string(), n: v.pipe(v.number(), v.integer()), mean: v.nullable(v.number()) })),
});

/** Who answered: the rep's report cards sent in the period and how many have a counted response. */
export const ResponseRateSchema = {
  invited: v.pipe(v.number(), v.integer(), v.description("Report-card invitations sent for the rep in the period (not suppressed).")),
  answered: v.pipe(v.number(), v.integer(), v.description("How many of them have a counted response.")),
  responseRate: v.pipe(v.nullable(v.number()), v.description("answered / invited; null when nothing was sent.")),
};

/** One rep's score card for a period. */
export const ScorecardSchema = v.object({ repId: v.string(), period: v.string(), ...ScoreSchema.entries, ...ResponseRateSchema });
