import * as v from "valibot";
import { queryPage } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { auditKeys } from "./keys.ts";
import { entryOf, type AuditEntry } from "./entry.ts";

const DayStringSchema = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, "must be a date such as 2026-11-02"));

/** What the audit log is filtered by: who (an email or a key id), which action (or its start, `api-key`), which record, between which days (UTC, both included). */
export const AuditFilterSchema = v.object({
  actor: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(254, "must be at most 254 characters"))),
  action: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100, "must be at most 100 characters"))),
  entityId: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_.@+-]{3,254}$/, "must be an id such as rep_01..., period_2026-Q4 or an email address"))),
  from: DayStringSchema,
  to: DayStringSchema,
});
export type AuditFilter = v.InferOutput<typeof AuditFilterSchema>;

/** At most this many Query pages are read for one answer; an answer cut short carries a cursor to go on. */
const MAX_READS = 25;

/** "2026-11" months from `to`'s back to `from`'s. */
function monthsBack(from: string, to: string): string[] {
  const out: string[] = [];
  let [year, month] = to.slice(0, 7).split("-").map(Number) as [number, number];
  const last = from.slice(0, 7);
  for (;;) {
    const m = `${year}-${String(month).padStart(2, "0")}`;
    if (m < last) break;
    out.push(m);
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
  }
  return out;
}

interface Position {
  /** Which month's partition the next read is in ("" for one entity's history). */
  m: string;
  /** The Query cursor inside it. */
  c?: string;
}

const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString("base64url");
function decode(cursor: string): Position {
  try {
    const p = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Position;
    if (typeof p.m === "string" && (p.c === undefined || typeof p.c === "string")) return p;
  } catch {
    // fall through to the visible error
  }
  throw new VisibleError("input", "invalid_cursor", "The cursor is not one this API gave out.", { cursor: "invalid cursor" });
}

/**
 * Audit entries matching the filter, newest first, a page at a time: one entity's history (its index) or
 * the months of the range (each month's partition), narrowed by who and what with a filter on the read.
 */
export async function search(filter: AuditFilter, cursor?: string, limit = 50): Promise<{ items: AuditEntry[]; cursor?: string }> {
  if (filter.from > filter.to) throw new VisibleError("input", "invalid_input", "Invalid from.", { from: "must be on or before to" });
  const lowest = `${filter.from}T00:00:00.000Z`;
  const highest = `${filter.to}T23:59:59.999Z~`;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":low": lowest, ":high": highest };
  const conditions: string[] = [];
  if (filter.actor) {
    Object.assign(names, { "#actor": "actor", "#id": "id" });
    values[":actor"] = filter.actor;
    conditions.push("#actor.#id = :actor");
  }
  if (filter.action) {
    names["#action"] = "action";
    values[":action"] = filter.action;
    conditions.push("begins_with(#action, :action)");
  }
  const months = filter.entityId ? [""] : monthsBack(filter.from, filter.to);
  let at = cursor ? decode(cursor) : { m: months[0]! };
  let index = months.indexOf(at.m);
  if (index < 0) throw new VisibleError("input", "invalid_cursor", "The cursor is not one this API gave out.", { cursor: "invalid cursor" });
  const items: AuditEntry[] = [];
  for (let reads = 0; reads < MAX_READS && items.length < limit; reads++) {
    const page = await queryPage<AuditEntry & Record<string, unknown>>(
      {
        ...(filter.entityId
          ? { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :low AND :high", ExpressionAttributeValues: { ...values, ":pk": `AUDIT#${filter.entityId}` } }
          : { KeyConditionExpression: "pk = :pk AND sk BETWEEN :low AND :high", ExpressionAttributeValues: { ...values, ":pk": auditKeys.month(at.m) } }),
        ...(conditions.length ? { FilterExpression: conditions.join(" AND "), ExpressionAttributeNames: names } : {}),
        ScanIndexForward: false,
        Limit: limit - items.length,
      },
      at.c,
    );
    items.push(...page.items.map(entryOf));
    if (page.cursor) {
      at = { m: at.m, c: page.cursor };
      continue;
    }
    index += 1;
    if (index >= months.length) return { items };
    at = { m: months[index]! };
  }
  return { items, cursor: encode(at) };
}
