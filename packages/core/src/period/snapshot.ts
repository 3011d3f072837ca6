import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, tableName, type TransactItem } from "../db/index.ts";
import { snapshotKeys } from "./keys.ts";

/** What closing a period froze: the snapshot's version, the SHA-256 of its canonical rows and when. */
export const SnapshotSchema = v.object({
  version: v.pipe(v.number(), v.integer(), v.description("1 for the first close; each close after a reopen adds one.")),
  sha256: v.pipe(v.string(), v.description("The SHA-256 (hex) of the canonical rows: sorted by rep id, fields in the row's order.")),
  closedAt: v.string(),
});

/** One frozen version of a period, as a close answers it. */
export type Snapshot = v.InferOutput<typeof SnapshotSchema>;

/** Rows per snapshot item: DynamoDB's 400 KB item limit holds 200 bonus rows with room to spare. */
const CHUNK = 200;

/** What identifies one frozen version of a period. */
export interface SnapshotMeta {
  sha256: string;
  planVersion: number;
  closedAt: string;
}

/** The rows frozen in one snapshot version of a period, in the order they were written. */
export async function rowsOf<Row>(period: string, version: number): Promise<Row[]> {
  const key = snapshotKeys.chunks(period, version);
  const chunks = await queryAll<{ rows: Row[] }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.prefix },
    ConsistentRead: true,
  });
  return chunks.flatMap((c) => c.rows);
}

/** The SHA-256, plan version and close time of one snapshot version, or undefined when there is no such version. */
export async function metaOf(period: string, version: number): Promise<SnapshotMeta | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: snapshotKeys.meta(period, version), ConsistentRead: true }));
  return result.Item as SnapshotMeta | undefined;
}

/** The Puts that store one snapshot version: its rows in chunks, then its meta record (last). */
export function snapshotItems<Row>(period: string, version: number, rows: Row[], meta: SnapshotMeta): TransactItem[] {
  const items: TransactItem[] = [];
  for (let i = 0; i * CHUNK < Math.max(rows.length, 1); i++) {
    items.push({ Put: { TableName: tableName(), Item: { ...snapshotKeys.chunk(period, version, i), type: "snapshot-rows", rows: rows.slice(i * CHUNK, (i + 1) * CHUNK) } } });
  }
  items.push({ Put: { TableName: tableName(), Item: { ...snapshotKeys.meta(period, version), type: "snapshot", period, version, ...meta, rowCount: rows.length } } });
  return items;
}
