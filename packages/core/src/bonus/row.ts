/**
 * The bonus inputs' one shape (product.md, "Shapes the integrations rely on"). The core code types its rows
 * from it, the route publishes it, the snapshot hash and the CSV take their columns and order from its entries.
 */
import * as v from "valibot";

const score = (what: string) => v.pipe(v.nullable(v.number()), v.description(`${what} on the 1–5 scale; null when the rep has no ratings in the period.`));

/** Who a row is for; the CSV lists them before the period. */
const rep = {
  repId: v.pipe(v.string(), v.description("The rep's id.")),
  repEmail: v.string(),
  repName: v.string(),
  team: v.nullable(v.string()),
};

/** What the rep's report cards add up to, and what that pays. */
const figures = {
  responses: v.pipe(v.number(), v.integer(), v.description("The rep's counted report cards in the period.")),
  rawScore: score("The plan-weighted mean of the behaviour means"),
  adjustedScore: score("The raw score pulled toward the organization's by k"),
  ciLow: score("The low end of the 90% interval around the adjusted score"),
  ciHigh: score("The high end of the 90% interval"),
  eligible: v.pipe(v.boolean(), v.description("At least the plan's minimum responses.")),
  weight: v.pipe(v.number(), v.description("The report card's share of the bonus in this plan year.")),
  payoutFactor: v.pipe(v.number(), v.description("The plan's map at the adjusted score, or the fallback factor when not eligible.")),
  bonusShare: v.pipe(v.number(), v.description("weight × payoutFactor: multiply by the rep's target bonus.")),
};

/** One rep's bonus inputs for a period. */
export const BonusRowSchema = v.object({ ...rep, ...figures });
export type BonusRow = v.InferOutput<typeof BonusRowSchema>;

/** The fields of a row in their documented order: the JSON, the snapshot hash and the CSV keep it. */
export const bonusRowKeys = Object.keys(BonusRowSchema.entries) as (keyof BonusRow)[];

/** Bonus inputs for a period: live while it is open, the frozen snapshot once it is closed. */
export const BonusInputsSchema = v.object({
  period: v.string(),
  planVersion: v.number(),
  locked: v.pipe(v.boolean(), v.description("True once the period is closed: the rows are the snapshot's and no longer move.")),
  snapshot: v.optional(v.object({ version: v.number(), sha256: v.string(), closedAt: v.string() })),
  rows: v.array(BonusRowSchema),
});
export type BonusInputs = v.InferOutput<typeof BonusInputsSchema>;

/** One record of the CSV export: a row with its period after the rep, the columns in this order. */
export const BonusCsvRecordSchema = v.object({ ...rep, period: v.string(), ...figures });
