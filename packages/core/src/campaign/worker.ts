/**
 * The campaign worker: what it does with the stream's records (a campaign → its fan-out, a batch → its
 * send, an import chunk → its rows written), a few at a time, answering which records to deliver again.
 * The same code runs in the Lambda (packages/functions/src/campaign-worker.ts) and under the local stream poller.
 */
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { log } from "../log/index.ts";
import { Metric } from "../metrics/index.ts";
import { fanOut } from "./fanout.ts";
import { sendBatch } from "./batch.ts";
import { WorkBusy } from "./busy.ts";
import { writeChunk, type ImportChunk } from "../import/chunk.ts";
import type { BatchRecord } from "./record.ts";
import { isCampaignWork, type StreamRecord } from "./stream.ts";

/** Records handled at once by one invocation. */
const CONCURRENCY = 4;

/** Lambda's partial batch response: the records that failed, by sequence number. */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** A record is not started with less time than this left: a batch at a sandbox's 1 email a second takes 50 s. */
const TIME_FOR_ONE = 90_000;

/**
 * Does the work of every campaign record among `records`; a failed one is reported for another delivery,
 * and so is one there is no time left to start (`remainingMs`: the Lambda's remaining time).
 */
export async function work(records: StreamRecord[], remainingMs: () => number = () => Number.POSITIVE_INFINITY): Promise<BatchResponse> {
  const todo = records.filter(isCampaignWork);
  const failed: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < todo.length) {
      const record = todo[next++]!;
      if (remainingMs() < TIME_FOR_ONE) {
        failed.push(record.dynamodb!.SequenceNumber!);
        continue;
      }
      const item = unmarshall(record.dynamodb!.NewImage as Parameters<typeof unmarshall>[0]);
      const ids = item.importId ? { importId: String(item.importId), chunk: item.chunk as number } : { campaignId: String(item.campaignId ?? item.id), ...(item.batch ? { batch: item.batch as number } : {}) };
      try {
        if (item.type === "campaign") await fanOut(String(item.id));
        else if (item.type === "import-chunk") await writeChunk(item as unknown as ImportChunk);
        else await sendBatch(item as unknown as BatchRecord);
      } catch (error) {
        failed.push(record.dynamodb!.SequenceNumber!);
        if (error instanceof WorkBusy) log.info("campaign work busy; it is delivered again", { ...ids, reason: error.message });
        else {
          Metric.count("CampaignFailures");
          log.error("campaign work failed; it is delivered again", { ...ids, error });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, todo.length) }, lane));
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
