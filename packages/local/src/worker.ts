/**
 * The campaign worker on the local stack: the worker's Lambda handler (packages/functions/src/campaign-worker.ts)
 * fed by the stream poller. `npm start` runs it beside the app; run as a process of its own
 * (`node --import tsx packages/local/src/worker.ts --checkpoint <file>`, configured like the app through
 * RAPPORT_DYNAMODB_ENDPOINT, RAPPORT_SES_ENDPOINT, RAPPORT_TABLE, RAPPORT_TOKEN_SECRET, RAPPORT_APP_URL)
 * it can be killed and started again.
 */
import { realpathSync } from "node:fs";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { config } from "@rapport/core/config";
import { startStreamWorker, type StreamWorker } from "./stream.ts";

type LambdaContext = Parameters<typeof import("@rapport/functions/campaign-worker").handler>[1];

/** A Lambda context for handlers run locally: the ids a log line carries. */
export function localContext(name = "CampaignWorker"): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `rapport-local-${name}`,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:rapport-local-${name}`,
    memoryLimitInMB: "1024",
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/local/rapport-local-${name}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => 300_000,
  };
}

/** Starts the campaign worker on the configured table's stream. */
export async function startCampaignWorker(options: { checkpointFile?: string; log?: (line: string) => void } = {}): Promise<StreamWorker> {
  const { handler } = await import("@rapport/functions/campaign-worker");
  const { dynamoEndpoint, tableName, region } = config();
  if (!dynamoEndpoint) throw new Error("The local campaign worker needs RAPPORT_DYNAMODB_ENDPOINT (DynamoDB Local).");
  return startStreamWorker({
    endpoint: dynamoEndpoint,
    region,
    tableName,
    handle: (event) => handler(event, localContext()),
    ...options,
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { checkpoint: { type: "string" } } });
  const worker = await startCampaignWorker({ ...(values.checkpoint ? { checkpointFile: values.checkpoint } : {}), log: (line) => console.log(line) });
  console.log(`campaign worker ready (table ${config().tableName})`);
  const stop = () => void worker.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const entry = process.argv[1] ? realpathSync(process.argv[1]) : "";
if (entry === realpathSync(fileURLToPath(import.meta.url))) void main();
