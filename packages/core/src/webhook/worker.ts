/**
 * The outbound worker: each new outbox item from the table's stream is fanned out to its targets and tried
 * once. The same code runs in the Lambda (packages/functions/src/outbound-worker.ts) and under the local
 * stream poller. A record fails only when its deliveries could not be written; tries that fail are
 * recorded and retried by the scheduled job, not by the stream.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { log } from "../log/index.ts";
import type { BatchResponse } from "../campaign/worker.ts";
import type { StreamRecord } from "../campaign/stream.ts";
import { fanOut } from "./deliver.ts";
import type { OutboxRecord } from "./events.ts";
import { isOutboxWork } from "./stream.ts";

/** Fans out every outbox record among `records`, all at once; answers the records to deliver again. */
export async function work(records: StreamRecord[]): Promise<BatchResponse> {
  const failed: string[] = [];
  await Promise.all(
    records.filter(isOutboxWork).map(async (record) => {
      const item = unmarshall(record.dynamodb!.NewImage as Parameters<typeof unmarshall>[0]) as unknown as OutboxRecord;
      try {
        await fanOut(item);
      } catch (error) {
        failed.push(record.dynamodb!.SequenceNumber!);
        log.error("outbound fan-out failed; the stream delivers it again", { eventId: item.id, event: item.event, error });
      }
    }),
  );
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
