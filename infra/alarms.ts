import { api } from "./api";
import { campaignWorkerName } from "./campaigns";
import { jobs } from "./cron";
import { campaignDeadLetters } from "./dead-letters";
import { settings } from "./settings";

/**
 * Where alarms go: this topic, and the address in RAPPORT_ALARM_EMAIL when it is set (SNS emails it a
 * confirmation link first). Subscribe a pager or chat integration to the topic for anything else.
 */
export const alarms = new sst.aws.SnsTopic("Alarms");

if (settings.alarmEmail) {
  new aws.sns.TopicSubscription("AlarmsEmail", { topic: alarms.arn, protocol: "email", endpoint: settings.alarmEmail });
}

const FIVE_MINUTES = 300;
/** Each alarm tells the topic when it fires and when it clears; no data means nothing went wrong. */
const notify = { alarmActions: [alarms.arn], okActions: [alarms.arn], treatMissingData: "notBreaching" };

const httpApi = (metricName: string) => ({
  metricName,
  namespace: "AWS/ApiGateway",
  period: FIVE_MINUTES,
  stat: "Sum",
  dimensions: { ApiId: api.nodes.api.id },
});

new aws.cloudwatch.MetricAlarm("ApiServerErrorRate", {
  alarmDescription: "More than 1 % of the API's answers in 5 minutes were 5xx (counted once at least 20 requests came in).",
  comparisonOperator: "GreaterThanThreshold",
  threshold: 1,
  evaluationPeriods: 1,
  metricQueries: [
    { id: "errors", metric: httpApi("5xx") },
    { id: "requests", metric: httpApi("Count") },
    { id: "rate", expression: "IF(requests >= 20, 100 * errors / requests, 0)", label: "5xx rate (%)", returnData: true },
  ],
  ...notify,
});

/** A Lambda's invocations that failed as a whole (threw or timed out): one in 5 minutes fires. */
const lambdaErrors = (name: string, functionName: $util.Input<string>, description: string) =>
  new aws.cloudwatch.MetricAlarm(name, {
    alarmDescription: description,
    namespace: "AWS/Lambda",
    metricName: "Errors",
    dimensions: { FunctionName: functionName },
    statistic: "Sum",
    period: FIVE_MINUTES,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    threshold: 1,
    ...notify,
  });

lambdaErrors(
  "JobErrors",
  jobs.nodes.function.name,
  "A run of the scheduled job failed: a step threw (see its log lines \"scheduled job step failed\") or the run itself did.",
);

new aws.cloudwatch.MetricAlarm("CampaignDeadLetters", {
  alarmDescription:
    "Campaign work failed after its retries and is in the CampaignDeadLetters queue: some customers of a campaign may not have been sent their email (README: campaign dead letters).",
  namespace: "AWS/SQS",
  metricName: "ApproximateNumberOfMessagesVisible",
  dimensions: { QueueName: campaignDeadLetters.nodes.queue.name },
  statistic: "Maximum",
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  ...notify,
});

lambdaErrors(
  "CampaignWorkerErrors",
  campaignWorkerName,
  "A run of the campaign worker failed as a whole (it threw or timed out); Lambda retries its records. Records it reported failed one by one do not count here: the dead-letter alarm catches those that never succeed.",
);

new aws.cloudwatch.MetricAlarm("EmailsFailing", {
  alarmDescription:
    "SES refused 5 or more emails in 5 minutes (the app's EmailsFailed metric): sign-in links, recovery emails or invitations are not going out. Invitations are retried by the job; a sign-in link is not (the person sees the same answer either way). The WARN and ERROR log lines of those minutes name the errors (\"sign-in email not sent\" for sign-in links).",
  namespace: "Rapport",
  metricName: "EmailsFailed",
  dimensions: { service: "rapport" },
  statistic: "Sum",
  period: FIVE_MINUTES,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanOrEqualToThreshold",
  threshold: 5,
  ...notify,
});

/** SES reputation, for the whole account and region: SES reviews an account above 5 % bounces or 0.1 % complaints (rates as fractions). */
const reputation = (name: string, metricName: string, threshold: number, description: string) =>
  new aws.cloudwatch.MetricAlarm(name, {
    alarmDescription: description,
    namespace: "AWS/SES",
    metricName,
    statistic: "Maximum",
    period: 900,
    evaluationPeriods: 1,
    comparisonOperator: "GreaterThanThreshold",
    threshold,
    ...notify,
  });

reputation("SesBounceRate", "Reputation.BounceRate", 0.05, "The account's SES bounce rate is above 5 %: check the imported addresses before SES pauses sending.");
reputation("SesComplaintRate", "Reputation.ComplaintRate", 0.001, "The account's SES complaint rate is above 0.1 %: customers mark the emails as spam.");
