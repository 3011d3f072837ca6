import { queryPage, tableName, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { auditKeys } from "./keys.ts";
import { search } from "./search.ts";
import { auditFilterOf, type AuditQuery } from "./query.ts";
import { entryOf, type Actor, type AuditEntry } from "./entry.ts";

export { ActorSchema, AuditEntrySchema, type Actor, type AuditEntry } from "./entry.ts";

/** The Put that records `action` on `entityId`; callers add it to the same transaction as the change. */
export function record(actor: Actor, action: string, entityId: string, detail?: Record<string, unknown>): TransactItem {
  const at = now().toISOString();
  const id = createId("audit");
  const entry: AuditEntry = { id, at, actor, action, entityId, ...(detail ? { detail } : {}) };
  return {
    Put: {
      TableName: tableName(),
      Item: { ...auditKeys.entry(at, id), ...auditKeys.byEntity(entityId, at, id), type: "audit", ...entry },
    },
  };
}

/** Audit entries of one month (`2026-11`), newest first. */
export async function listMonth(month: string, cursor?: string, limit = 100) {
  const page = await queryPage<AuditEntry & Record<string, unknown>>(
    {
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": auditKeys.month(month) },
      ScanIndexForward: false,
      Limit: limit,
    },
    cursor,
  );
  return { items: page.items.map(entryOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Every audit entry about one entity, oldest first. */
export async function forEntity(entityId: string, cursor?: string, limit = 100) {
  const page = await queryPage<AuditEntry & Record<string, unknown>>(
    {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": `AUDIT#${entityId}` },
      Limit: limit,
    },
    cursor,
  );
  return { items: page.items.map(entryOf), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/**
 * The audit log as `GET /v1/audit` reads it: with a who, what or day filter, a search of those days (default
 * the 30 days up to today); otherwise one entity's history, or one month (default this month).
 */
export async function find(q: AuditQuery): Promise<{ items: AuditEntry[]; cursor?: string }> {
  if (q.actor || q.action || q.from || q.to) return search(auditFilterOf(q), q.cursor, q.limit);
  if (q.entityId) return forEntity(q.entityId, q.cursor, q.limit);
  return listMonth(q.month ?? now().toISOString().slice(0, 7), q.cursor, q.limit);
}

export const Audit = { record, listMonth, forEntity, search, find };
