// The data of the bonus-export section, loaded in bulk: response items and aggregates exactly as the submission
// transaction writes them (BatchWriteItem), and a check that the aggregates agree with the items in the table.
// Loading is not timed as part of the export; bonus-export.ts measures the real read path over this data.
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { createId } from "@rapport/core/id";
import type { Rep } from "@rapport/core/rep/index";
import { aggregateAttributes, aggregateKeys } from "@rapport/core/aggregate/keys";
import { responseKeys } from "@rapport/core/response/keys";
import type { StoredResponse } from "@rapport/core/response/index";
import { batchPut } from "./bulk.ts";
import { pool, reportCard } from "./harness.ts";

// ---------------------------------------------------------------------------------------------
// Bulk load: response items and aggregates exactly as the submission transaction writes them
// ---------------------------------------------------------------------------------------------

/** A small seeded generator, so two runs load the same data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Per behaviour: n, sum, sum of squares and low count, as the aggregate Update ADDs them. */
interface Accumulated {
  cards: number;
  updatedAt: string;
  behaviours: Map<string, { n: number; sum: number; sumsq: number; low: number }>;
}

const customerNames = ["Sam Ortiz", "Lea Martin", "Omar Aziz", "Kim Park", "Rui Costa", "Ida Berg", "Noor Khan", "Tom Weber"];

/**
 * The response item submitReportCard puts for a first answer (response/index.ts, reportCardItems):
 * the same keys, attributes and attribute order.
 */
function responseItem(i: number, rep: Rep, period: string, answeredAt: string, surveyVersion: string) {
  const card = reportCard(i);
  const invitationId = createId("invitation", Date.parse(answeredAt));
  const numeric = Object.values(card.ratings).filter((r): r is number => typeof r === "number");
  const response: StoredResponse = {
    invitationId,
    repId: rep.id,
    customerId: createId("customer", Date.parse(answeredAt)),
    ...(card.shareName ? { customerName: customerNames[i % customerNames.length]! } : {}),
    period,
    answeredAt,
    surveyVersion,
    ratings: card.ratings,
    ...(card.improve ? { improve: card.improve } : {}),
    shareName: card.shareName,
    repScore: numeric.length ? numeric.reduce((a, b) => a + b, 0) / numeric.length : null,
  };
  return { item: { ...responseKeys.response(rep.id, period, answeredAt, invitationId), type: "response", ...response }, ratings: card.ratings };
}

/** Adds one first answer to a rep's running totals, as aggregateUpdate does (a behaviour rated "na" adds nothing). */
function accumulate(into: Accumulated, ratings: Record<string, number | "na">, behaviours: string[], at: string): void {
  into.cards += 1;
  if (at > into.updatedAt) into.updatedAt = at;
  for (const b of behaviours) {
    const r = ratings[b];
    if (typeof r !== "number") continue;
    const totals = into.behaviours.get(b) ?? { n: 0, sum: 0, sumsq: 0, low: 0 };
    totals.n += 1;
    totals.sum += r;
    totals.sumsq += r * r;
    totals.low += r <= 2 ? 1 : 0;
    into.behaviours.set(b, totals);
  }
}

/** The aggregate item the submissions' Updates would have left: SET updatedAt, repId, period, type; ADD cards and n_/s_/q_/l_. */
function aggregateItem(repId: string, period: string, totals: Accumulated, behaviours: string[]): Record<string, unknown> {
  const item: Record<string, unknown> = { ...aggregateKeys.rep(period, repId), updatedAt: totals.updatedAt, repId, period, type: "aggregate", cards: totals.cards };
  for (const b of behaviours) {
    const t = totals.behaviours.get(b);
    if (!t) continue;
    const names = aggregateAttributes(b);
    Object.assign(item, { [names.n]: t.n, [names.sum]: t.sum, [names.sumsq]: t.sumsq, [names.low]: t.low });
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Consistency: the aggregates agree with the response items really in the table
// ---------------------------------------------------------------------------------------------

/** Every rep's response count (a COUNT Query of its partition) against its aggregate's cards; a full recompute for `deep` reps. */
async function verify(reps: Rep[], period: string, behaviours: string[], expected: number, deep: number): Promise<string> {
  const aggregates = new Map<string, Record<string, unknown>>();
  let cursor: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": aggregateKeys.period(period) }, ConsistentRead: true, ExclusiveStartKey: cursor }));
    for (const item of page.Items ?? []) aggregates.set(item.repId as string, item);
    cursor = page.LastEvaluatedKey;
  } while (cursor);
  const counted = new Array<number>(reps.length).fill(0);
  await pool(reps, 16, async (rep, i) => {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :period)",
          ExpressionAttributeValues: { ":pk": responseKeys.repPartition(rep.id), ":period": `${period}#` },
          Select: "COUNT",
          ExclusiveStartKey: start,
        }),
      );
      counted[i]! += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
  });
  const total = counted.reduce((a, b) => a + b, 0);
  if (total !== expected) throw new Error(`the table holds ${total} response items for ${period}, expected ${expected}`);
  const mismatched = reps.filter((rep, i) => ((aggregates.get(rep.id)?.cards as number | undefined) ?? 0) !== counted[i]);
  if (mismatched.length) throw new Error(`${mismatched.length} reps' aggregate cards differ from their response items, e.g. ${mismatched[0]!.id}`);
  // A few reps in full: recompute the aggregate from the stored items and compare attribute by attribute.
  for (const rep of reps.slice(0, deep)) {
    const stored: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: "pk = :pk AND begins_with(sk, :period)", ExpressionAttributeValues: { ":pk": responseKeys.repPartition(rep.id), ":period": `${period}#` }, ExclusiveStartKey: start }));
      stored.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const totals: Accumulated = { cards: 0, updatedAt: "", behaviours: new Map() };
    for (const item of stored) accumulate(totals, item.ratings as Record<string, number | "na">, behaviours, item.answeredAt as string);
    const want = aggregateItem(rep.id, period, totals, behaviours);
    const have = (await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(period, rep.id), ConsistentRead: true }))).Item ?? {};
    const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
    const differs = [...keys].filter((k) => want[k] !== have[k]);
    if (differs.length) throw new Error(`rep ${rep.id}: aggregate attributes ${differs.join(", ")} differ from a recompute of its ${stored.length} response items`);
  }
  return `${total} response items in ${reps.length} rep partitions match their aggregates' cards; ${deep} reps recomputed attribute by attribute`;
}

// ---------------------------------------------------------------------------------------------
// The loader: grows the period's responses to a given size, a seeded draw so two runs load the same data
// ---------------------------------------------------------------------------------------------

/** The period the bench loads into: its reps, behaviours, survey version and the instants answers fall between. */
interface LoadTarget {
  reps: Rep[];
  period: string;
  periodStart: number;
  at: Date;
  behaviours: string[];
  surveyVersion: string;
}

/** A loader that writes response items (and every rep's aggregate) up to `size` each time it is called, then checks them. */
export function responseLoader({ reps, period, periodStart, at, behaviours, surveyVersion }: LoadTarget) {
  const random = mulberry32(20261122);
  const totals = new Map<string, Accumulated>(reps.map((rep) => [rep.id, { cards: 0, updatedAt: "", behaviours: new Map() }]));
  let loaded = 0;
  const span = Math.max(1, at.getTime() - periodStart - 60_000);

  /** Writes responses loaded..size-1 and then every rep's aggregate; answers what it did. */
  return async (size: number) => {
    const started = performance.now();
    const items: Record<string, unknown>[] = [];
    for (let i = loaded; i < size; i++) {
      // Reps get uneven shares (a skewed draw), as real books of business do.
      const rep = reps[Math.floor(random() ** 1.6 * reps.length)]!;
      const answeredAt = new Date(periodStart + Math.floor(random() * span)).toISOString();
      const { item, ratings } = responseItem(i, rep, period, answeredAt, surveyVersion);
      items.push(item);
      accumulate(totals.get(rep.id)!, ratings, behaviours, answeredAt);
    }
    const responseCalls = await batchPut(items);
    const aggregates = reps.filter((rep) => totals.get(rep.id)!.cards > 0).map((rep) => aggregateItem(rep.id, period, totals.get(rep.id)!, behaviours));
    const aggregateCalls = await batchPut(aggregates);
    loaded = size;
    const ms = performance.now() - started;
    const check = await verify(reps, period, behaviours, size, 5);
    return { ms, responses: items.length, responseCalls, aggregates: aggregates.length, aggregateCalls, check };
  };
}
