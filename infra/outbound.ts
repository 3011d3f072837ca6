import { outboxStreamFilter } from "../packages/core/src/webhook/stream.ts";
import { access } from "./access";
import { alarms } from "./alarms";
import { appUrl } from "./api";
import { functionDefaults } from "./function";
import { table } from "./table";

const HOUR = 3600;
const FIVE_MINUTES = 300;

/**
 * Where outbox items whose fan-out kept failing go (a record of the stream batch, not the items); the
 * OutboundDeadLetters alarm fires on the first one. Kept 14 days.
 */
export const outboundDeadLetters = new sst.aws.Queue("OutboundDeadLetters", {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * HOUR } },
});

/**
 * The outbound worker: every new outbox item (an event a domain write caused) reaches it from the table's
 * stream, filtered by core's rule so AWS and the local poller agree; it writes each delivery (webhook
 * subscriptions, the team's Slack) and tries it once. Failed tries are retried by the scheduled job for
 * 24 hours, not by the stream. The stream retries only a fan-out that could not be written, 5 times,
 * then parks the record in OutboundDeadLetters. The table's second stream reader, next to the campaign worker.
 */
const outboundWorker = table.subscribe(
  "OutboundWorker",
  {
    handler: "packages/functions/src/outbound-worker.handler",
    memory: "512 MB",
    timeout: "1 minute",
    ...functionDefaults(appUrl, access.outboundWorker(outboundDeadLetters.arn)),
  },
  {
    filters: [outboxStreamFilter],
    transform: {
      eventSourceMapping: {
        batchSize: 20,
        maximumBatchingWindowInSeconds: 1,
        functionResponseTypes: ["ReportBatchItemFailures"],
        maximumRetryAttempts: 5,
        bisectBatchOnFunctionError: true,
        maximumRecordAgeInSeconds: 6 * HOUR,
        destinationConfig: { onFailure: { destinationArn: outboundDeadLetters.arn } },
      },
    },
  },
);

const notify = { alarmActions: [alarms.arn], okActions: [alarms.arn], treatMissingData: "notBreaching" };

new aws.cloudwatch.MetricAlarm("OutboundDeadLetters", {
  alarmDescription: "Outbox items whose deliveries could not be written after their retries are in OutboundDeadLetters: some webhook or Slack deliveries were never started (README: Webhooks and Slack).",
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: outboundDeadLetters.nodes.queue.name },
  statistic: "Maximum",
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  ...notify,
});

new aws.cloudwatch.MetricAlarm("OutboundWorkerErrors", {
  alarmDescription: "A run of the outbound worker failed as a whole (it threw or timed out); the stream delivers its records again.",
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: outboundWorker.apply((subscriber) => subscriber.nodes.function.apply((fn) => fn.name)) },
  statistic: "Sum",
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
  ...notify,
});

new aws.cloudwatch.MetricAlarm("WebhooksDisabled", {
  alarmDescription: "A webhook subscription was disabled after 24 hours of failed deliveries (the admin was emailed).",
  namespace: "Rapport",
  metricName: "WebhooksDisabled",
  dimensions: { service: "rapport" },
  statistic: "Sum",
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 1,
  ...notify,
});
