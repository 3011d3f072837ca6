import * as v from "valibot";

/** What /health reports: the database answers, and whether campaign work can flow and has failed. */
export const HealthSchema = v.object({
  ok: v.pipe(v.boolean(), v.description("True when the database answers and its stream is on (a 200 is always ok).")),
  database: v.pipe(v.literal("ok"), v.description("The table answered a read.")),
  queue: v.object({
    stream: v.pipe(
      v.picklist(["enabled", "disabled"]),
      v.description("The table's stream, which carries campaign work to the campaign worker. Disabled: campaigns would never send."),
    ),
    deadLetters: v.pipe(
      v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
      v.description("Campaign work that failed after its retries (messages in the dead-letter queue); null where there is no such queue (locally) or it could not be read."),
    ),
  }),
});
export type HealthReport = v.InferOutput<typeof HealthSchema>;
