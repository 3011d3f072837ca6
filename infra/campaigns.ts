import { campaignStreamFilter } from "../packages/core/src/campaign/stream.ts";
import { access } from "./access";
import { appUrl } from "./api";
import { campaignDeadLetters } from "./dead-letters";
import { functionDefaults } from "./function";
import { table } from "./table";

const HOUR = 3600;

/**
 * The campaign worker: every new campaign (its fan-out into batches of up to 50 customers), every new
 * batch (its sending) and every new import chunk (its 100 rows written) reaches it from the table's
 * stream, filtered by core's rule so AWS and the local poller agree. It answers the records it could not finish (ReportBatchItemFailures); Lambda retries from
 * there, halving a failing batch each time, at most 10 times. What still fails, or waited 6 hours, goes to
 * the CampaignDeadLetters queue, early enough (the stream keeps records 24 hours) to read the records back.
 * One batch of records at a time per shard (the default parallelization), starting at the stream's tip.
 */
const campaignWorker = table.subscribe(
  "CampaignWorker",
  {
    handler: "packages/functions/src/campaign-worker.handler",
    memory: "1024 MB",
    timeout: "5 minutes",
    ...functionDefaults(appUrl, access.campaignWorker),
  },
  {
    filters: [campaignStreamFilter],
    transform: {
      eventSourceMapping: {
        batchSize: 10,
        maximumBatchingWindowInSeconds: 1,
        functionResponseTypes: ["ReportBatchItemFailures"],
        maximumRetryAttempts: 10,
        bisectBatchOnFunctionError: true,
        maximumRecordAgeInSeconds: 6 * HOUR,
        destinationConfig: { onFailure: { destinationArn: campaignDeadLetters.arn } },
      },
    },
  },
);

/** The worker's Lambda function name, for its alarm. */
export const campaignWorkerName = campaignWorker.apply((subscriber) => subscriber.nodes.function.apply((fn) => fn.name));
