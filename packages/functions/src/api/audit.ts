import { Hono } from "hono";
import * as v from "valibot";
import { Audit, AuditEntrySchema } from "@rapport/core/audit/index";
import { now } from "@rapport/core/clock/index";
import { CursorSchema, LimitSchema, pageOf } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const AuditQuerySchema = v.strictObject({
  month: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month such as 2026-11"))),
  entityId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.@+-]{3,254}$/, "must be an id such as rep_01..., period_2026-Q4 or an email address"))),
  limit: LimitSchema,
  cursor: CursorSchema,
});

const entryExample = {
  id: "aud_01JH5ZC4D6E8F0G2H4J6K8M0N2",
  at: "2026-11-02T09:15:00.000Z",
  actor: { kind: "api-key" as const, id: "key_01JH5ZA1B2C3D4E5F6G7H8J9K0" },
  action: "rep.create",
  entityId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  detail: { email: "dana.ortiz@example.com" },
};
component("AuditEntry", AuditEntrySchema, entryExample);
const AuditPage = component("AuditPage", pageOf(AuditEntrySchema), { items: [entryExample] });

export const audit = new Hono<AppEnv>().get(
  "/",
  describe({
    operationId: "listAuditEntries",
    summary: "Read the audit log: one month (newest first) or one entity's history",
    description: "Without `entityId`, the entries of `month` (default: this month), newest first. With `entityId` (a rep, customer, invitation, period such as `period_2026-Q4`, or an email address), that entity's history.",
    tags: ["Audit"],
    security: ["admin"],
    responses: { 200: { description: "A page of audit entries", schema: AuditPage } },
  }),
  requireScope("admin"),
  validate("query", AuditQuerySchema),
  async (c) => {
    const { month, entityId, limit, cursor } = c.req.valid("query");
    if (entityId) return c.json(await Audit.forEntity(entityId, cursor, limit));
    return c.json(await Audit.listMonth(month ?? now().toISOString().slice(0, 7), cursor, limit));
  },
);
