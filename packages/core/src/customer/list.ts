/**
 * Listing customers by rep then name, a page at a time: one rep's, a team's or everyone's, narrowed by
 * status, value tier and a name or email prefix. Prospects (a lost deal's contacts) are never listed.
 */
import * as v from "valibot";
import { decodeCursor, encodeCursor, queryMatching } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { CursorSchema, IdSchema, LimitSchema, ShortTextSchema } from "../fields.ts";
import { Rep } from "../rep/index.ts";
import { matchesSearch, SearchSchema, StatusFilterSchema } from "../rep/list.ts";
import { toCustomer, ValueTierSchema, type Customer } from "./index.ts";
import { customerKeys } from "./keys.ts";

export const CustomerListQuerySchema = v.strictObject({
  repId: v.optional(v.pipe(IdSchema("rep"), v.description("Only this rep's customers (404 for an unknown rep)."))),
  team: v.optional(v.pipe(ShortTextSchema, v.description("Only the customers of the reps whose team has this name (any case)."))),
  status: StatusFilterSchema,
  tier: v.optional(v.pipe(ValueTierSchema, v.description("Only customers of this value tier."))),
  q: SearchSchema,
  limit: LimitSchema,
  cursor: CursorSchema,
});
export type CustomerListQuery = v.InferOutput<typeof CustomerListQuerySchema>;

/** Where a page resumes: the rep whose customers it was reading, and the key after which to go on. */
interface Position {
  rep: string;
  after?: string;
}

/** One page of customers, rep by rep (reps by name), each rep's by name; `nextCursor` while more may follow. */
export async function list(query: CustomerListQuery): Promise<{ items: Customer[]; nextCursor?: string }> {
  const limit = query.limit ?? 100;
  const team = query.team?.toLowerCase();
  const reps = query.repId ? [await Rep.mustGet(query.repId)] : (await Rep.all()).filter((r) => team === undefined || r.team?.toLowerCase() === team);
  const position = query.cursor ? positionOf(query.cursor) : undefined;
  let index = position ? reps.findIndex((r) => r.id === position.rep) : 0;
  if (index < 0) throw new VisibleError("input", "invalid_cursor", "The cursor is not one this API gave out.", { cursor: "invalid cursor" });
  let after = position?.after;
  const items: Customer[] = [];
  // At most this many reps' partitions per page, so a narrow filter over many reps answers in time (with a cursor).
  for (let partitions = 0; index < reps.length && items.length < limit && partitions < 50; partitions++) {
    const page = await queryMatching<Record<string, unknown>>(
      { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": customerKeys.byRepPartition(reps[index]!.id) } },
      (c) => ({ pk: c.pk, sk: c.sk, gsi1pk: c.gsi1pk, gsi1sk: c.gsi1sk }),
      (c) =>
        (query.status === undefined || (query.status === "active") === (c.active !== false)) &&
        (query.tier === undefined || c.valueTier === query.tier) &&
        matchesSearch(query.q, String(c.name), c.email as string | undefined),
      { limit: limit - items.length, ...(after ? { cursor: after } : {}) },
    );
    items.push(...page.items.map(toCustomer));
    if (page.cursor) {
      after = page.cursor;
      // The rep's partition goes on: either the page is full or the read budget is spent.
      break;
    } else {
      index += 1;
      after = undefined;
    }
  }
  const more = index < reps.length;
  return { items, ...(more ? { nextCursor: encodeCursor({ rep: reps[index]!.id, ...(after ? { after } : {}) }) } : {}) };
}

function positionOf(cursor: string): Position {
  const position = decodeCursor(cursor);
  if (typeof position.rep !== "string" || (position.after !== undefined && typeof position.after !== "string")) {
    throw new VisibleError("input", "invalid_cursor", "The cursor is not one this API gave out.", { cursor: "invalid cursor" });
  }
  return position as unknown as Position;
}
