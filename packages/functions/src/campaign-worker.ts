import * as v from "valibot";
import { Campaign } from "@rapport/core/campaign/index";
import { observed } from "./observed.ts";

/**
 * What the table's stream hands the worker (infra/campaigns.ts filters it to new campaigns and batches):
 * Lambda's DynamoDB stream event. Only the fields the worker reads are checked.
 */
export const StreamEventSchema = v.object({
  Records: v.array(
    v.looseObject({
      eventID: v.optional(v.string()),
      eventName: v.optional(v.string()),
      dynamodb: v.looseObject({
        SequenceNumber: v.string(),
        NewImage: v.optional(v.record(v.string(), v.any())),
      }),
    }),
  ),
});

/**
 * The campaign worker's Lambda: fans campaigns out and sends their batches; the records that failed are
 * answered as partial batch failures, so the stream delivers them again (and, after its retries, parks
 * them in the dead-letter queue, where the scheduled job's look at open campaigns still finds their work).
 * Records it has no time left to start are answered as failures too, and come again.
 */
export const handler = observed(async (event: unknown, context) => Campaign.work(v.parse(StreamEventSchema, event).Records, () => context.getRemainingTimeInMillis()));
