/**
 * The local stand-in for Lambda's event source mapping: reads the table's stream on DynamoDB Local (the
 * real engine's stream API) and hands the records its filter takes (campaign work, by default; outbox
 * items for the outbound worker) to the worker's Lambda handler in batches, as
 * AWS would: a reported failure is delivered again from the first failed record, with a growing wait,
 * up to a number of tries. Where it got to is kept in a checkpoint file, so a worker killed and started
 * again goes on from there instead of from the start of the stream.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as Record,
  type Shard,
} from "@aws-sdk/client-dynamodb-streams";
import { isCampaignWork, type StreamRecord } from "@rapport/core/campaign/stream";

/** What the worker answers for a batch: Lambda's partial batch response. */
export type Handle = (event: { Records: unknown[] }) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

export interface StreamWorkerOptions {
  endpoint: string;
  region?: string;
  tableName: string;
  handle: Handle;
  /** Which records the worker gets (the event source mapping's filter); campaign work by default. */
  accept?: (record: StreamRecord) => boolean;
  /** The worker's name in log lines. */
  name?: string;
  /** Where progress is kept between runs; without one a new worker starts from the oldest record. */
  checkpointFile?: string;
  /** Records per invocation (the event source mapping's batch size). */
  batchSize?: number;
  /** Deliveries of a failing record before it is given up (the event source mapping's retries). */
  maxDeliveries?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface StreamWorker {
  /** Settles once the worker has caught up with everything written before the call. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

interface Checkpoint {
  streamArn?: string;
  shards: { [shardId: string]: { after?: string; closed?: boolean } };
}

function readCheckpoint(file: string | undefined): Checkpoint {
  if (!file) return { shards: {} };
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Checkpoint;
  } catch {
    return { shards: {} };
  }
}

function writeCheckpoint(file: string | undefined, checkpoint: Checkpoint): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(checkpoint));
  renameSync(`${file}.tmp`, file);
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** Starts polling the table's stream; the worker runs until `stop`. */
export function startStreamWorker(options: StreamWorkerOptions): StreamWorker {
  const region = options.region ?? "us-east-1";
  const credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const dynamo = new DynamoDBClient({ endpoint: options.endpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region, credentials });
  const batchSize = options.batchSize ?? 10;
  const maxDeliveries = options.maxDeliveries ?? 10;
  const log = options.log ?? (() => {});
  const accept = options.accept ?? isCampaignWork;
  const name = options.name ?? "Campaign worker";
  const checkpoint = readCheckpoint(options.checkpointFile);
  let running = true;
  let waiters: { round: number; ok: () => void }[] = [];
  let round = 0;

  const toEvent = (records: Record[], streamArn: string) =>
    records.map((r) => ({
      eventID: r.eventID,
      eventName: r.eventName,
      eventVersion: r.eventVersion,
      eventSource: "aws:dynamodb",
      awsRegion: region,
      eventSourceARN: streamArn,
      dynamodb: { ...r.dynamodb, ApproximateCreationDateTime: Math.floor((r.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 0) / 1000) },
    }));

  /** Hands `records` to the worker a batch at a time, redelivering from the first failure as Lambda does. */
  async function deliver(records: Record[], streamArn: string): Promise<void> {
    const work = records.filter((r) => accept(r as StreamRecord));
    for (let i = 0; i < work.length; i += batchSize) {
      let batch = work.slice(i, i + batchSize);
      for (let delivery = 1; running; delivery++) {
        const { batchItemFailures } = await options.handle({ Records: toEvent(batch, streamArn) });
        if (!batchItemFailures.length) break;
        const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
        const first = batch.findIndex((r) => failed.has(r.dynamodb!.SequenceNumber!));
        if (delivery >= maxDeliveries) {
          log(`${name}: gave up ${batch.length - Math.max(0, first)} stream record(s) after ${delivery} deliveries; the scheduled job picks up their work.`);
          break;
        }
        batch = batch.slice(Math.max(0, first));
        await sleep(Math.min(10_000, 250 * 2 ** delivery));
      }
      if (!running) return;
    }
  }

  async function shardsOf(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const page = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      shards.push(...(page.StreamDescription?.Shards ?? []));
      start = page.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  /** Reads every shard as far as it goes; answers whether any record arrived. */
  async function pass(): Promise<boolean> {
    const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`The table ${options.tableName} has no stream.`);
    if (checkpoint.streamArn !== streamArn) {
      checkpoint.streamArn = streamArn;
      checkpoint.shards = {};
    }
    const shards = await shardsOf(streamArn);
    const known = new Set(shards.map((s) => s.ShardId));
    let arrived = false;
    for (const shard of shards) {
      const id = shard.ShardId!;
      const state = (checkpoint.shards[id] ??= {});
      const parent = shard.ParentShardId;
      // A child shard waits until its parent is read to its end, so records stay in order.
      if (state.closed || (parent && known.has(parent) && !checkpoint.shards[parent]?.closed)) continue;
      const position = state.after
        ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER" as const, SequenceNumber: state.after }
        : { ShardIteratorType: "TRIM_HORIZON" as const };
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ...position }))).ShardIterator;
      while (iterator && running) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = page.Records ?? [];
        if (records.length) {
          arrived = true;
          await deliver(records, streamArn);
          if (!running) return arrived;
          state.after = records.at(-1)!.dynamodb!.SequenceNumber!;
          writeCheckpoint(options.checkpointFile, checkpoint);
        }
        if (!page.NextShardIterator) {
          state.closed = true;
          writeCheckpoint(options.checkpointFile, checkpoint);
        }
        if (!records.length) break;
        iterator = page.NextShardIterator;
      }
    }
    return arrived;
  }

  const loop = (async () => {
    while (running) {
      const started = ++round;
      let arrived = true;
      try {
        arrived = await pass();
      } catch (error) {
        log(`${name}: reading the stream failed (${(error as Error).message}); trying again.`);
      }
      if (!arrived) {
        const ready = waiters.filter((w) => w.round < started);
        waiters = waiters.filter((w) => w.round >= started);
        for (const w of ready) w.ok();
        await sleep(options.pollMs ?? 200);
      }
    }
  })();

  return {
    drained: () => new Promise<void>((ok) => waiters.push({ round, ok })),
    stop: async () => {
      running = false;
      await loop;
      dynamo.destroy();
      streams.destroy();
    },
  };
}
