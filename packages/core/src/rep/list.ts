/** Listing reps: by name, a page at a time, narrowed by team, status and a name or email prefix. */
import * as v from "valibot";
import { queryMatching } from "../db/index.ts";
import { CursorSchema, IdSchema, LimitSchema, ShortTextSchema } from "../fields.ts";
import type { Rep } from "./index.ts";
import { repKeys } from "./keys.ts";

export const StatusFilterSchema = v.optional(v.pipe(v.picklist(["active", "inactive"], "must be active or inactive"), v.description("Only active or only deactivated records (default: both).")));
export const SearchSchema = v.optional(
  v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1, "must not be empty"), v.maxLength(200, "must be at most 200 characters"), v.description("A prefix of the name or of the email, any case.")),
);

export const RepListQuerySchema = v.strictObject({
  limit: LimitSchema,
  cursor: CursorSchema,
  team: v.optional(v.pipe(ShortTextSchema, v.description("Only reps whose team has this name (any case)."))),
  teamId: v.optional(v.pipe(IdSchema("team"), v.description("Only the reps of this team."))),
  status: StatusFilterSchema,
  q: SearchSchema,
});
export type RepListQuery = v.InferOutput<typeof RepListQuerySchema>;

/** Whether a name or an email starts with `q` (already lower-cased), ignoring case. */
export const matchesSearch = (q: string | undefined, name: string, email: string | undefined) => q === undefined || name.toLowerCase().startsWith(q) || (email ?? "").toLowerCase().startsWith(q);

/** One page of reps by name that pass the filters; `nextCursor` while more may follow (a page may hold fewer than `limit`). */
export async function list(query: RepListQuery = {}): Promise<{ items: Rep[]; nextCursor?: string }> {
  const team = query.team?.toLowerCase();
  const page = await queryMatching<Rep & Record<string, unknown>>(
    { IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": repKeys.listPartition } },
    (r) => ({ pk: r.pk, sk: r.sk, gsi1pk: r.gsi1pk, gsi1sk: r.gsi1sk }),
    (r) =>
      (query.status === undefined || (query.status === "active") === (r.active !== false)) &&
      (team === undefined || r.team?.toLowerCase() === team) &&
      (query.teamId === undefined || r.teamId === query.teamId) &&
      matchesSearch(query.q, r.name, r.email),
    { limit: query.limit ?? 100, ...(query.cursor ? { cursor: query.cursor } : {}) },
  );
  const items = page.items.map(({ pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, ...rep }) => rep as unknown as Rep);
  return { items, ...(page.cursor ? { nextCursor: page.cursor } : {}) };
}
