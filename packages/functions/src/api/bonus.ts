import { Hono } from "hono";
import * as v from "valibot";
import { BonusInputs } from "@rapport/core/bonus/index";
import { BonusInputsSchema, BonusRowSchema } from "@rapport/core/bonus/row";
import { PeriodSchema } from "@rapport/core/period/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const BonusQuerySchema = v.strictObject({
  period: PeriodSchema,
  version: v.optional(v.pipe(v.string(), v.regex(/^\d{1,4}$/, "must be a snapshot version number"), v.transform(Number))),
});

const rowExample = {
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  repEmail: "dana.ortiz@example.com",
  repName: "Dana Ortiz",
  team: "West",
  responses: 14,
  rawScore: 4.3571,
  adjustedScore: 4.2113,
  ciLow: 3.9021,
  ciHigh: 4.5205,
  eligible: true,
  weight: 0.65,
  payoutFactor: 1.0103,
  bonusShare: 0.6567,
  invited: 20,
  answered: 14,
  responseRate: 0.7,
  components: [
    { id: "relationship", responses: 14, rawScore: 4.4, adjustedScore: 4.2667, ciLow: 3.95, ciHigh: 4.5833, eligible: true, weight: 0.2, payoutFactor: 1.1333, bonusShare: 0.2267 },
    { id: "secret_gathering", responses: 13, rawScore: 4.1, adjustedScore: 4, ciLow: 3.71, ciHigh: 4.29, eligible: true, weight: 0.25, payoutFactor: 1, bonusShare: 0.25 },
    { id: "customer_first", responses: 9, rawScore: 3.8889, adjustedScore: 3.8, ciLow: 3.42, ciHigh: 4.18, eligible: true, weight: 0.2, payoutFactor: 0.9, bonusShare: 0.18 },
  ],
};
component("BonusRow", BonusRowSchema, rowExample);
const BonusOutput = component("BonusInputs", BonusInputsSchema, {
  period: "2026-Q4",
  planVersion: 1,
  locked: true,
  snapshot: { version: 1, sha256: "9f2c4e1a7b3d5f6089a1c2e3d4b5a6978877665544332211ffeeddccbbaa0099", closedAt: "2027-01-02T10:00:00.000Z" },
  rows: [rowExample],
});

export const bonusInputs = new Hono<AppEnv>().get(
  "/",
  describe({
    operationId: "getBonusInputs",
    summary: "Bonus inputs per rep for a period (JSON, or CSV with Accept: text/csv)",
    description:
      "Live while the period is open; after a close, the frozen snapshot (locked: true). `version` reads an earlier snapshot, which stays readable after a reopen. Each row carries its plan components; its weight and bonusShare are their sums. A `bonus:read` key (a payroll integration) reads them but cannot close a period. JSON carries full precision; CSV prints four decimals, one line per rep and component. While the period is open, `openFlags` counts its bias flags not yet cleared or voided (`GET /v1/flags`): the period closes only once it is 0.",
    tags: ["Compensation"],
    security: ["finance", "bonus:read"],
    responses: { 200: { description: "The rows", schema: BonusOutput, csv: BonusInputs.toCsv }, 404: "No such snapshot version" },
  }),
  requireScope(["finance", "bonus:read"]),
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
