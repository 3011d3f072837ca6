/**
 * Giving an import job's unwritten chunks to the worker again: the way out when the stream gave up a
 * chunk's record (in AWS it is parked in the dead-letter queue after its retries), so the job would never
 * finish. Each chunk not yet counted is deleted and put back, which is a new record on the stream; a chunk
 * written meanwhile is still counted once (the count is conditional on the chunk).
 */
import { DeleteCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll, sendIf, tableName, transact } from "../db/index.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { get } from "./job.ts";
import { importKeys } from "./keys.ts";

/** Puts the job's uncounted chunks on the stream again; answers how many. Audited as `import.requeue`. */
export async function requeue(id: string, actor: Actor): Promise<number> {
  await get(id);
  const chunks = await queryAll<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :chunk)",
    FilterExpression: "attribute_not_exists(countedAt)",
    ExpressionAttributeValues: { ":pk": importKeys.job(id).pk, ":chunk": "CHUNK#" },
    ConsistentRead: true,
  });
  for (const chunk of chunks) {
    const key = { pk: chunk.pk, sk: chunk.sk };
    // Counted meanwhile: left as it is (the Put then finds it there and does nothing either).
    await sendIf(new DeleteCommand({ TableName: tableName(), Key: key, ConditionExpression: "attribute_not_exists(countedAt)" }), () => undefined);
    await sendIf(new PutCommand({ TableName: tableName(), Item: chunk, ConditionExpression: "attribute_not_exists(pk)" }), () => undefined);
  }
  await transact([Audit.record(actor, "import.requeue", id, { chunks: chunks.length })]);
  return chunks.length;
}
