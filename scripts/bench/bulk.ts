// Bulk loading for the bench sections whose fixtures are too many to make one verb call at a time:
// BatchWriteItem of items built exactly as core's verbs build them.
import { BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { pool } from "./harness.ts";

const BATCH = 25;

/** Puts `items` with BatchWriteItem, 25 per call, `concurrency` calls in flight; sends unprocessed items again. Answers the calls made. */
export async function batchPut(items: Record<string, unknown>[], concurrency = 8): Promise<number> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) chunks.push(items.slice(i, i + BATCH));
  let calls = 0;
  await pool(chunks, concurrency, async (chunk) => {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length; attempt++) {
      if (attempt > 8) throw new Error(`BatchWriteItem left ${requests.length} items unprocessed after ${attempt} attempts`);
      if (attempt) await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
      calls += 1;
      const result = await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } }));
      requests = (result.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
    }
  });
  return calls;
}
