import * as v from "valibot";
import { now } from "../clock/index.ts";
import { CursorSchema, LimitSchema } from "../fields.ts";
import { AuditFilterSchema, type AuditFilter } from "./search.ts";

/** How the audit log is asked for (`GET /v1/audit`, the console's audit page): a month, an entity, or a filtered search. */
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
export function auditFilterOf(q: Pick<AuditQuery, "actor" | "action" | "entityId" | "from" | "to">): AuditFilter {
  const to = q.to ?? now().toISOString().slice(0, 10);
  const from = q.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 30 * DAY).toISOString().slice(0, 10);
  return { ...(q.actor ? { actor: q.actor } : {}), ...(q.action ? { action: q.action } : {}), ...(q.entityId ? { entityId: q.entityId } : {}), from, to };
}
