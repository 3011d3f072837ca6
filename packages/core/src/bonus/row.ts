/**
 * The bonus inputs' one shape (product.md, "Shapes the integrations rely on"). The core code types its rows
 * from it, the route publishes it, the snapshot hash and the CSV take their columns and order from its entries.
 */
import * as v from "valibot";
import { ScoreSchema } from "../scorecard/card.ts";
import { SnapshotSchema } from "../period/snapshot.ts";

/** Who a row is for; the CSV lists them before the period. */
const rep = {
  repId: v.pipe(v.string(), v.description("The rep's id.")),
  repEmail: v.string(),
  repName: v.string(),
  team: v.nullable(v.string()),
};

/** The rep's score (the score card's figures, in its order), then what it pays. */
const figures = {
  ...v.omit(ScoreSchema, ["behaviours"]).entries,
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
  snapshot: v.optional(SnapshotSchema),
  openFlags: v.optional(
    v.pipe(v.number(), v.integer(), v.description("While the period is open: its bias flags not yet cleared or voided (GET /v1/flags). The period closes only once this is 0.")),
  ),
  rows: v.array(BonusRowSchema),
});
export type BonusInputs = v.InferOutput<typeof BonusInputsSchema>;

/** One record of the CSV export: a row with its period after the rep, the columns in this order. */
export const BonusCsvRecordSchema = v.object({ ...rep, period: v.string(), ...figures });
