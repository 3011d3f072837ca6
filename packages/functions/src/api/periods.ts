import { Hono } from "hono";
import * as v from "valibot";
import { Period, PeriodSchema, ReopenedSchema, SnapshotSchema } from "@rapport/core/period/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

const PeriodParam = v.object({ period: PeriodSchema });
/** The close's body: empty for a period that has ended; `{"force": true, "reason": "..."}` to close one early. */
export const CloseSchema = v.pipe(
  v.strictObject({
    force: v.optional(v.boolean("must be true or false")),
    reason: v.optional(v.pipe(v.string("must be text"), v.trim(), v.nonEmpty("must say why the period is closed early"), v.maxLength(1000, "must be at most 1000 characters"))),
  }),
  v.forward(
    v.partialCheck([["force"], ["reason"]], (input) => !input.force || Boolean(input.reason), "is required with force: say why the period is closed before it ends"),
    ["reason"],
  ),
);
export type CloseInput = v.InferOutput<typeof CloseSchema>;

export const ReopenSchema = v.strictObject({ reason: v.pipe(v.string("must be text"), v.trim(), v.minLength(5, "must explain the reopening (at least 5 characters)"), v.maxLength(1000, "must be at most 1000 characters")) });

component("CloseInput", CloseSchema, { force: true, reason: "Payroll runs before the quarter ends" });
component("ReopenInput", ReopenSchema, { reason: "A voided report card was counted; recompute" });
const Snapshot = component("PeriodSnapshot", v.object({ period: v.string(), ...SnapshotSchema.entries }), {
  period: "2026-Q4",
  version: 1,
  sha256: "9f2c4e1a7b3d5f6089a1c2e3d4b5a6978877665544332211ffeeddccbbaa0099",
  closedAt: "2027-01-02T10:00:00.000Z",
});
const Reopened = component(
  "PeriodReopened",
  ReopenedSchema,
  { period: "2026-Q4", reopenedAt: "2027-01-03T08:00:00.000Z", previousVersion: 1 },
);

export const periods = new Hono<AppEnv>()
  .post(
    "/:period/close",
    describe({
      operationId: "closePeriod",
      summary: "Close a period: freeze its bonus inputs as a snapshot",
      description:
        'From the close on, new responses count toward the next open period. Audited. A period that has not ended yet is refused with 409 `period_not_ended`, because its numbers still move; to close it anyway send `{"force": true, "reason": "..."}` (the reason is required with force, at most 1000 characters, and kept in the audit entry). A period that has ended needs no body. A period with open bias flags is refused with 409 `open_flags`, forced or not, until each is cleared or its response voided (`GET /v1/flags`); the message says how many are open.',
      tags: ["Compensation"],
      security: ["finance"],
      responses: {
        200: { description: "The snapshot", schema: Snapshot },
        400: "Invalid or future period, or force without a reason",
        409: "Already closed (`already_closed`), the period has not ended and the body does not say force (`period_not_ended`), or bias flags are still open (`open_flags`)",
      },
    }),
    requireScope("finance"),
    validate("param", PeriodParam),
    validate("json", CloseSchema),
    async (c) => {
      const { period } = c.req.valid("param");
      return c.json(shaped(Snapshot, { period, ...(await Period.close(period, c.get("actor"), c.req.valid("json"))) }));
    },
  )
  .post(
    "/:period/reopen",
    describe({
      operationId: "reopenPeriod",
      summary: "Reopen a closed period (audited, with a reason)",
      description: "The bonus inputs are live again; the next close writes a new snapshot version, and the earlier snapshot stays readable with `version`.",
      tags: ["Compensation"],
      security: ["finance"],
      responses: {
        200: { description: "Reopened", schema: Reopened },
        409: "Not closed",
      },
    }),
    requireScope("finance"),
    validate("param", PeriodParam),
    validate("json", ReopenSchema),
    async (c) => c.json(shaped(Reopened, await Period.reopen(c.req.valid("param").period, c.req.valid("json").reason, c.get("actor")))),
  );
