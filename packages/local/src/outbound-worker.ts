/**
 * The outbound worker on the local stack: its Lambda handler (packages/functions/src/outbound-worker.ts)
 * fed by the stream poller with the new outbox items, as the event source mapping does in AWS.
 */
import { config } from "@rapport/core/config";
import { isOutboxWork } from "@rapport/core/webhook/stream";
import { startStreamWorker, type StreamWorker } from "./stream.ts";
import { localContext } from "./worker.ts";

/** Starts the outbound worker on the configured table's stream. */
export async function startOutboundWorker(options: { checkpointFile?: string; log?: (line: string) => void; pollMs?: number } = {}): Promise<StreamWorker> {
  const { handler } = await import("@rapport/functions/outbound-worker");
  const { dynamoEndpoint, tableName, region } = config();
  if (!dynamoEndpoint) throw new Error("The local outbound worker needs RAPPORT_DYNAMODB_ENDPOINT (DynamoDB Local).");
  return startStreamWorker({
    endpoint: dynamoEndpoint,
    region,
    tableName,
    accept: isOutboxWork,
    name: "Outbound worker",
    handle: (event) => handler(event, localContext("OutboundWorker")),
    ...options,
  });
}
