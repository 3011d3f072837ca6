/**
 * Campaign invitations that did not go out: put back in the scheduled job's queue, which retries them like
 * any failed send (and counts them toward their rep's response rate when it sends them).
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, batchPut, sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { retryDelayMs } from "../invitation/deliver.ts";
import { invitationItem } from "../invitation/send.ts";
import { keyOf, type Invitation } from "../invitation/record.ts";
import { invitationKeys } from "../invitation/keys.ts";
import { log } from "../log/index.ts";
import { Metric } from "../metrics/index.ts";
import type { BatchRecord, SkipCounts } from "./record.ts";
import { recordBatch } from "./progress.ts";
import { invitedPut } from "./invited.ts";

/**
 * A campaign invitation that was not sent (SES refused it, or its batch gave up) is stored queued with
 * the error and a retry time: the scheduled job retries it like any failed send. Written whole, so it also
 * stands when the attempt that claimed it died before writing it.
 */
export async function backToQueue(inv: Invitation, error: string): Promise<boolean> {
  const { sentAt: _sentAt, invitedIn: _invitedIn, ...unsent } = inv;
  const queued: Invitation = { ...unsent, status: "queued", dueAction: "send", lastError: error.slice(0, 500), nextAttemptAt: new Date(now().getTime() + retryDelayMs(1)).toISOString() };
  const item = { ...invitationItem(queued), ...invitationKeys.due(queued.nextAttemptAt!, inv.id) };
  const put = await sendIf(
    new PutCommand({
      TableName: tableName(),
      Item: item,
      ConditionExpression: "attribute_not_exists(pk) OR #status = :sent",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":sent": "sent" },
    }),
    () => undefined,
  );
  return put !== undefined;
}

/**
 * The ids among `invitations` that are stored queued: put back in the job's queue by an earlier attempt of
 * their batch (SES refused them), so the job, not the batch, sends and counts them.
 */
export async function queuedAmong(invitations: Invitation[]): Promise<Set<string>> {
  if (!invitations.length) return new Set();
  const stored = await batchGet<{ id: string; status: string }>(invitations.map((inv) => keyOf(inv.id)));
  return new Set(stored.filter((item) => item.status === "queued").map((item) => item.id));
}

/** Puts a failed batch's invitations back in the job's queue; those already opened stay sent, and counted. */
export async function giveUp(batch: BatchRecord, invitations: Invitation[], skips: SkipCounts, why: string, claimedAt: Date): Promise<void> {
  const requeued = await Promise.all(invitations.map((inv) => backToQueue(inv, why)));
  // Not put back: opened (sent, counted here) or queued already by an earlier attempt (the job counts it).
  const kept = invitations.filter((_, i) => !requeued[i]);
  const queued = await queuedAmong(kept);
  await batchPut([invitedPut(batch.campaignId, batch.batch, claimedAt, kept.filter((inv) => !queued.has(inv.id))).Put.Item]);
  Metric.count("CampaignFailures");
  log.error("campaign batch gave up; its invitations wait for the scheduled job", { campaignId: batch.campaignId, batch: batch.batch, invitations: invitations.length });
  await recordBatch(batch.campaignId, batch.batch, { sent: 0, failed: invitations.length, skips });
}

