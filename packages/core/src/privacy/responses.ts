/**
 * Every response of a period, for an admin's export (`GET /v1/responses`): the counted report cards of each
 * rep (one Query per rep, reps in id order) and then the period's lost-deal answers (one Query), page by
 * page behind one opaque cursor; never a scan, never the whole period in memory. A customer's identity is
 * in a row only when they ticked "share my name" on that card: an anonymous row carries no name, no email
 * and no customer id (an id is enough for anyone who can look it up to know who answered).
 */
import * as v from "valibot";
import { batchGet, queryPage } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Rep } from "../rep/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { responseKeys } from "../response/keys.ts";
import type { StoredResponse } from "../response/index.ts";
import { dealKeys } from "../deal/keys.ts";
import type { LostDealAnswer } from "../submission/lost-deal.ts";

const RatingSchema = v.union([v.number(), v.literal("na")]);

/** Who answered, when they chose to share it. */
export const SharedCustomerSchema = v.object({ id: v.string(), name: v.string(), email: v.string() });

/** One response as the export shows it. */
export const ExportedResponseSchema = v.object({
  id: v.pipe(v.string(), v.description("The response's id: the id of the invitation it answers.")),
  kind: v.pipe(v.picklist(["report-card", "lost-deal"]), v.description("A report card, or a lost deal's card.")),
  repId: v.pipe(v.string(), v.description("The rep credited, frozen when the invitation was sent.")),
  period: v.pipe(v.string(), v.description("The period the response counts in.")),
  submittedAt: v.string(),
  revisedAt: v.optional(v.string()),
  surveyVersion: v.string(),
  voided: v.pipe(v.boolean(), v.description("Taken out of the scores (abuse, or a bias flag finance voided).")),
  ratings: v.pipe(v.record(v.string(), RatingSchema), v.description("Each behaviour asked about: 1–5, or na.")),
  comment: v.optional(v.pipe(v.string(), v.description("The customer's free text: \"What could {rep} do better?\" on a report card, \"What would have made you choose us?\" on a lost deal's."))),
  customer: v.optional(
    v.pipe(SharedCustomerSchema, v.description('Only when the customer ticked "share my name" on this card; absent otherwise (not even the id).')),
  ),
});
export type ExportedResponse = v.InferOutput<typeof ExportedResponseSchema>;

/** A page of responses and the cursor of the next one. */
export const ResponsePageSchema = v.object({
  items: v.array(ExportedResponseSchema),
  nextCursor: v.optional(v.pipe(v.string(), v.description("Send it back as `cursor` for the next page; absent on the last page."))),
});
export type ResponsePage = v.InferOutput<typeof ResponsePageSchema>;

/** Where a page stopped (in a rep's report cards, or in the period's lost-deal answers), for which listing (`of`: period and rep). */
const PositionSchema = v.union([
  v.strictObject({ of: v.string(), at: v.literal("rep"), repId: v.string(), key: v.optional(v.string()) }),
  v.strictObject({ of: v.string(), at: v.literal("lost"), key: v.optional(v.string()) }),
]);
type Position = v.InferOutput<typeof PositionSchema>;

const encode = (position: Position) => Buffer.from(JSON.stringify(position)).toString("base64url");
const invalidCursor = () => new VisibleError("input", "invalid_cursor", "The cursor is not one this API gave out.", { cursor: "invalid cursor" });

/** The position a cursor holds; 400 for one this did not give out, or gave out for another period or rep. */
function decode(cursor: string, of: string): Position {
  try {
    const parsed = v.safeParse(PositionSchema, JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success && parsed.output.of === of) return parsed.output;
  } catch {
    // the visible error below
  }
  throw invalidCursor();
}

/** A Query resumed from a cursor's key: DynamoDB refuses a start key outside the query (a forged cursor) as invalid input. */
async function resumed<T>(query: () => Promise<T>): Promise<T> {
  try {
    return await query();
  } catch (error) {
    if (error instanceof Error && error.name === "ValidationException") throw invalidCursor();
    throw error;
  }
}

type Stored = (StoredResponse & { kind: "report-card" }) | (LostDealAnswer & { kind: "lost-deal" });

/** The export's row of one stored response; `identity` is the named customer's current record (an erased one reads as its tombstone). */
function toExported(stored: Stored, identity: { name: string; email: string } | undefined): ExportedResponse {
  const comment = stored.kind === "report-card" ? stored.improve : stored.chooseUs;
  const named = stored.shareName && stored.customerId;
  return {
    id: stored.invitationId,
    kind: stored.kind,
    repId: stored.repId,
    period: stored.period,
    submittedAt: stored.answeredAt,
    ...(stored.revisedAt ? { revisedAt: stored.revisedAt } : {}),
    surveyVersion: stored.surveyVersion,
    voided: Boolean(stored.voidedAt),
    ratings: stored.ratings,
    ...(comment ? { comment } : {}),
    ...(named ? { customer: { id: stored.customerId, name: identity?.name ?? stored.customerName ?? "", email: identity?.email ?? "" } } : {}),
  };
}

/** Rows for one page: the named customers' current name and email read in one BatchGetItem. */
async function rowsOf(stored: Stored[]): Promise<ExportedResponse[]> {
  const ids = [...new Set(stored.filter((s) => s.shareName && s.customerId).map((s) => s.customerId))];
  const found = await batchGet<{ id: string; name: string; email: string }>(ids.map((id) => customerKeys.customer(id)));
  const byId = new Map(found.map((c) => [c.id, c]));
  return stored.map((s) => toExported(s, byId.get(s.customerId)));
}

/** The reps whose report cards are listed, in id order: one (`repId`), or every rep, active or not. */
async function repsOf(repId: string | undefined): Promise<string[]> {
  if (repId) return [(await Rep.mustGet(repId)).id];
  return (await Rep.all()).map((r) => r.id).sort();
}

/**
 * One page (at most `limit`) of the period's responses, optionally of one rep: report cards rep by rep, then
 * lost-deal answers. 404 for an unknown rep; 400 `invalid_cursor` for a cursor this did not give out.
 */
export async function listResponses(query: { period: string; repId?: string; limit?: number; cursor?: string }): Promise<ResponsePage> {
  const limit = query.limit ?? 100;
  const reps = await repsOf(query.repId);
  const of = `${query.period}#${query.repId ?? ""}`;
  let position: Position = query.cursor ? decode(query.cursor, of) : reps.length ? { of, at: "rep", repId: reps[0]! } : { of, at: "lost" };
  if (position.at === "rep" && !reps.includes(position.repId)) throw invalidCursor();
  const stored: Stored[] = [];
  while (stored.length < limit) {
    if (position.at === "rep") {
      const repId = position.repId;
      const page = await resumed(() => queryPage<StoredResponse>(
        {
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :period)",
          ExpressionAttributeValues: { ":pk": responseKeys.repPartition(repId), ":period": `${query.period}#` },
          Limit: limit - stored.length,
        },
        position.key,
      ));
      stored.push(...page.items.map((r) => ({ ...r, kind: "report-card" as const })));
      if (page.cursor) position = { of, at: "rep", repId, key: page.cursor };
      else {
        const next = reps.find((id) => id > repId);
        position = next ? { of, at: "rep", repId: next } : { of, at: "lost" };
      }
      continue;
    }
    const page = await resumed(() => queryPage<LostDealAnswer>(
      {
        KeyConditionExpression: "pk = :pk",
        ...(query.repId ? { FilterExpression: "repId = :rep", ExpressionAttributeValues: { ":pk": dealKeys.answerPartition(query.period), ":rep": query.repId } } : { ExpressionAttributeValues: { ":pk": dealKeys.answerPartition(query.period) } }),
        Limit: limit - stored.length,
      },
      position.key,
    ));
    stored.push(...page.items.map((a) => ({ ...a, kind: "lost-deal" as const })));
    if (!page.cursor) return { items: await rowsOf(stored) };
    position = { of, at: "lost", key: page.cursor };
  }
  return { items: await rowsOf(stored), nextCursor: encode(position) };
}
