import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "../config.ts";
import { db, dynamo, tableName } from "../db/index.ts";
import { log } from "../log/index.ts";
import type { HealthReport } from "./report.ts";

let sqs: { origin: string; client: SQSClient } | undefined;

/** The SQS client for the queue at `url`, whose origin is its endpoint (AWS, or a local stand-in in tests). */
function sqsFor(url: string): SQSClient {
  const { origin } = new URL(url);
  if (sqs?.origin !== origin) {
    sqs?.client.destroy();
    sqs = { origin, client: new SQSClient({ region: config().region, endpoint: origin, maxAttempts: 2 }) };
  }
  return sqs.client;
}

/** Messages waiting in the campaign dead-letter queue; null without one (locally) or when SQS does not answer (logged). */
async function deadLetters(): Promise<number | null> {
  const url = config().campaignDeadLetters;
  if (!url) return null;
  try {
    const { Attributes } = await sqsFor(url).send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages"] }));
    const count = Number(Attributes?.ApproximateNumberOfMessages);
    return Number.isInteger(count) && count >= 0 ? count : null;
  } catch (error) {
    log.warn("the campaign dead letters could not be counted", { error });
    return null;
  }
}

/**
 * Reads from the table, reads its stream setting and counts the campaign dead letters, at once. Throws
 * when the table does not answer; `ok` is false when its stream is off (no campaign would ever send).
 */
async function check(): Promise<HealthReport> {
  const [, described, waiting] = await Promise.all([
    db().send(new GetCommand({ TableName: tableName(), Key: { pk: "HEALTH", sk: "HEALTH" } })),
    dynamo().send(new DescribeTableCommand({ TableName: tableName() })),
    deadLetters(),
  ]);
  const stream = described.Table?.StreamSpecification?.StreamEnabled ? "enabled" : "disabled";
  return { ok: stream === "enabled", database: "ok", queue: { stream, deadLetters: waiting } };
}

export const Health = { check };
