import { Hono } from "hono";
import { Audit, AuditEntrySchema } from "@rapport/core/audit/index";
import { AuditQuerySchema } from "@rapport/core/audit/query";
import { pageOf } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

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
    summary: "Read the audit log: one month (newest first), one entity's history, or a filtered search",
    description:
      "With `actor`, `action`, `from` or `to`: the entries of those days (default: the 30 days up to today) by that actor, whose action starts with `action`, about `entityId` if given, newest first. Otherwise, without `entityId`, the entries of `month` (default: this month), newest first; with `entityId` alone (a rep, customer, invitation, period such as `period_2026-Q4`, or an email address), that entity's history, oldest first. An entry by a key acting for a rep (`onBehalfOf`) names both.",
    tags: ["Audit"],
    security: ["admin"],
    responses: { 200: { description: "A page of audit entries", schema: AuditPage } },
  }),
  requireScope("admin"),
  validate("query", AuditQuerySchema),
  async (c) => c.json(shaped(AuditPage, await Audit.find(c.req.valid("query")))),
);
