import { Hono } from "hono";
import * as v from "valibot";
import { BonusInputs } from "@rapport/core/bonus/index";
import { PeriodSchema } from "@rapport/core/period/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const BonusQuerySchema = v.strictObject({
  period: PeriodSchema,
  version: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, "must be a snapshot version number"), v.transform(Number))),
});

const N = v.nullable(v.number());
const BonusOutput = v.object({
  period: v.string(),
  planVersion: v.number(),
  locked: v.boolean(),
  snapshot: v.optional(v.object({ version: v.number(), sha256: v.string(), closedAt: v.string() })),
  rows: v.array(
    v.object({
      repId: v.string(),
      repEmail: v.string(),
      repName: v.string(),
      team: v.nullable(v.string()),
      responses: v.number(),
      rawScore: N,
      adjustedScore: N,
      ciLow: N,
      ciHigh: N,
      eligible: v.boolean(),
      weight: v.number(),
      payoutFactor: v.number(),
      bonusShare: v.number(),
    }),
  ),
});

export const bonusInputs = new Hono<AppEnv>().get(
  "/",
  describe({
    summary: "Bonus inputs per rep for a period (JSON, or CSV with Accept: text/csv)",
    description:
      "Live while the period is open; after a close, the frozen snapshot (locked: true). `version` reads an earlier snapshot, which stays readable after a reopen. JSON carries full precision; CSV prints four decimals.",
    tags: ["Compensation"],
    security: ["finance"],
    responses: { 200: { description: "The rows", schema: BonusOutput }, 400: "Invalid period", 401: "No API key", 403: "Not a finance key", 404: "No such snapshot version" },
  }),
  requireScope("finance"),
  validate("query", BonusQuerySchema),
  async (c) => {
    const { period, version } = c.req.valid("query");
    const inputs = await BonusInputs.forPeriod(period, version);
    if ((c.req.header("accept") ?? "").includes("text/csv")) {
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="bonus-inputs-${period}${inputs.snapshot ? `-v${inputs.snapshot.version}` : ""}.csv"`);
      return c.body(BonusInputs.toCsv(inputs));
    }
    return c.json(inputs);
  },
);
