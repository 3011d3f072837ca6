/**
 * The bonus inputs' one shape (product.md, "Shapes the integrations rely on"). The core code types its rows
 * from it, the route publishes it, the snapshot hash and the CSV take their columns and order from its entries.
 */
import * as v from "valibot";
import { ResponseRateSchema, ScoreSchema } from "../scorecard/card.ts";
import { SnapshotSchema } from "../period/snapshot.ts";

/** Who a row is for; the CSV lists them before the period. */
const rep = {
  repId: v.pipe(v.string(), v.description("The rep's id.")),
  repEmail: v.string(),
  repName: v.string(),
  team: v.nullable(v.string()),
};

/** A score (the score card's figures, in its order), then what it pays. */
const figures = {
  ...v.omit(ScoreSchema, ["behaviours"]).entries,
  weight: v.pipe(v.number(), v.description("The component's share of the bonus in this plan year (a row: the sum over its components).")),
  payoutFactor: v.pipe(v.number(), v.description("The plan's map at the adjusted score, or the fallback factor when not eligible (a row of several components: bonusShare / weight).")),
  bonusShare: v.pipe(v.number(), v.description("weight × payoutFactor: multiply by the rep's target bonus (a row: the sum over its components).")),
};

/** Who answered: the rep's report cards sent in the period and how many were answered. */
const rate = ResponseRateSchema;

/** One component's figures for a rep (product.md, "Components"): its score over its behaviours and what it pays. */
export const BonusComponentSchema = v.object({ id: v.pipe(v.string(), v.description("The plan component's id.")), ...figures });
export type BonusComponent = v.InferOutput<typeof BonusComponentSchema>;

/** The fields of a component in their documented order (the snapshot hash keeps it). */
export const bonusComponentKeys = Object.keys(BonusComponentSchema.entries) as (keyof BonusComponent)[];

/** One rep's bonus inputs for a period: the figures over all the plan's behaviours, the response rate, and each component. */
export const BonusRowSchema = v.object({ ...rep, ...figures, ...rate, components: v.array(BonusComponentSchema) });
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

/**
 * One record of the CSV export: a rep, the period and one component's figures, in product.md's column order,
 * then the new columns at the end (so an import that reads by position keeps working): the component and
 * the rep's response rate.
 */
export const BonusCsvRecordSchema = v.object({ ...rep, period: v.string(), ...figures, component: v.string(), ...rate });
