import type { IndexName } from "../packages/core/src/db/table.ts";
import { campaignDeadLetters } from "./dead-letters";
import { table } from "./table";

/**
 * What each function may do, action by action (issue 11: each function's IAM policy names only the table
 * actions, indexes, queues and SES identities it uses). Linking grants nothing (infra/table.ts and
 * infra/email.ts pass names only), so these lists are the whole policy. They follow the code each entry
 * point reaches in packages/functions/src and core; a new DynamoDB or SES call there needs its action here.
 */
type Permission = sst.aws.FunctionPermissionArgs;

const partition = aws.getPartitionOutput().partition;
const region = aws.getRegionOutput().region;
const account = aws.getCallerIdentityOutput({}).accountId;
const ses = (resource: string) => $interpolate`arn:${partition}:ses:${region}:${account}:${resource}`;

/**
 * DynamoDB `actions` on the table, and Query on the `indexes` named. IAM has no TransactWriteItems action:
 * a transaction needs the actions of its parts (PutItem, UpdateItem, DeleteItem, ConditionCheckItem).
 */
function onTable(actions: string[], indexes: IndexName[] = []): Permission[] {
  return [
    { actions: actions.map((action) => `dynamodb:${action}`), resources: [table.arn] },
    ...(indexes.length ? [{ actions: ["dynamodb:Query"], resources: indexes.map((name) => $interpolate`${table.arn}/index/${name}`) }] : []),
  ];
}

/**
 * Sending email (SendEmail, and SendBulkEmail with an inline template) from Rapport's identity with its
 * configuration set. In the SES sandbox each recipient is a verified identity too, hence `identity/*`.
 */
const sendEmail: Permission = {
  actions: ["ses:SendEmail", "ses:SendBulkEmail"],
  resources: [ses("identity/*"), ses("configuration-set/*"), ses("template/*")],
};

export const access = {
  /**
   * packages/functions/src/api.ts: every route. Deletes (sign-out, a rep's manager changing, a touch
   * ended), transactions with condition checks, gsi1 for lists, gsi2 for `POST /v1/jobs/run` (the
   * scheduled job's due items, which include campaign batches a dead worker left), BatchWriteItem for a
   * campaign's list of customers, DescribeTable for /health's stream status, and the dead letters' count.
   */
  api: [
    ...onTable(["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem", "BatchWriteItem", "DescribeTable"], ["gsi1", "gsi2"]),
    sendEmail,
    { actions: ["ses:GetAccount"], resources: ["*"] },
    { actions: ["sqs:GetQueueAttributes"], resources: [campaignDeadLetters.arn] },
  ],
  /**
   * packages/functions/src/cron.ts (runDueJobs): due items on gsi2; reps, follow-ups and digests on gsi1;
   * claims and marks are conditional updates, closes put snapshots; suppression checks are BatchGetItem.
   * Its look at open campaigns does a worker's work (Campaign.resume): batches, claims, the send rate.
   */
  jobs: [
    ...onTable(["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "ConditionCheckItem", "BatchWriteItem"], ["gsi1", "gsi2"]),
    sendEmail,
    { actions: ["ses:GetAccount"], resources: ["*"] },
  ],
  /**
   * packages/functions/src/ses-events.ts (applySesEvent): the message's invitation is read and marked
   * bounced, the address suppressed with its audit entry (puts in one transaction). Sends nothing.
   */
  emailEvents: onTable(["GetItem", "PutItem", "UpdateItem"]),
  /**
   * packages/functions/src/campaign-worker.ts: the fan-out writes batches (BatchWriteItem), each batch's
   * invitations are claimed in transactions with condition checks, customers read with BatchGetItem and
   * gsi1. GetAccount (account-wide, no resource) gives the send rate. A batch that keeps failing is
   * recorded on the dead letters by Lambda itself, with this role. The subscription adds the stream reads.
   * An import job's chunk upserts reps and customers as the API does (a rep's manager changing deletes
   * their old team item), under a lease item it puts and deletes once the chunk is counted.
   */
  campaignWorker: [
    ...onTable(["GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "ConditionCheckItem"], ["gsi1"]),
    sendEmail,
    { actions: ["ses:GetAccount"], resources: ["*"] },
    { actions: ["sqs:SendMessage"], resources: [campaignDeadLetters.arn] },
  ],
  /**
   * packages/functions/src/outbound-worker.ts (Webhook.work): reads the subscriptions (Query on the table),
   * the rep and the team's Slack URL (GetItem), writes each delivery and the subscription's last success
   * (UpdateItem); a subscription disabled after 24 hours emails the admin. A fan-out that keeps failing is
   * recorded on its dead letters by Lambda itself, with this role. The subscription adds the stream reads.
   */
  outboundWorker: (deadLetters: $util.Input<string>): Permission[] => [
    ...onTable(["GetItem", "Query", "UpdateItem"]),
    sendEmail,
    { actions: ["sqs:SendMessage"], resources: [deadLetters] },
  ],
};
