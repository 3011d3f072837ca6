import { Hono } from "hono";
import * as v from "valibot";
import { Audit, AuditEntrySchema } from "@rapport/core/audit/index";
import { AuditFilterSchema } from "@rapport/core/audit/search";
import { now } from "@rapport/core/clock/index";
import { CursorSchema, LimitSchema, pageOf } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const AuditQuerySchema = v.strictObject({
  month: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month such as 2026-11"))),
  entityId: AuditFilterSchema.entries.entityId,
  actor: v.optional(v.pipe(AuditFilterSchema.entries.actor, v.description("Only entries by this person (email) or API key (key_…)."))),
  action: v.optional(v.pipe(AuditFilterSchema.entries.action, v.description("Only entries whose action starts so: `api-key` or `api-key.revoke`."))),
  from: v.optional(v.pipe(AuditFilterSchema.entries.from, v.description("The first day (UTC) of the range; default 30 days before `to`."))),
  to: v.optional(v.pipe(AuditFilterSchema.entries.to, v.description("The last day (UTC) of the range; default today."))),
  limit: LimitSchema,
  cursor: CursorSchema,
});
export type AuditQuery = v.InferOutput<typeof AuditQuerySchema>;

const DAY = 86_400_000;

/** The query as a search: its days, by default the 30 days up to today. */
export function auditFilterOf(q: Pick<AuditQuery, "actor" | "action" | "entityId" | "from" | "to">) {
  const to = q.to ?? now().toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * DAY).toISOString().slice(0, 10);
  return { ...(q.actor ? { actor: q.actor } : {}), ...(q.action ? { action: q.action } : {}), ...(q.entityId ? { entityId: q.entityId } : {}), from, to };
}

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
  async (c) => {
    const q = c.req.valid("query");
    if (q.actor || q.action || q.from || q.to) return c.json(await Audit.search(auditFilterOf(q), q.cursor, q.limit));
    if (q.entityId) return c.json(await Audit.forEntity(q.entityId, q.cursor, q.limit));
    return c.json(await Audit.listMonth(q.month ?? now().toISOString().slice(0, 7), q.cursor, q.limit));
  },
);
