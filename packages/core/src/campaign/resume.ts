/**
 * The scheduled job's look at a campaign still open some minutes after it started: work the stream lost
 * (a fan-out never run, a batch delivered too often and parked in the dead-letter queue, a batch whose
 * worker died) is done here, a few batches per run, with the same claims the worker uses.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { queryAll, sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { campaignKeys } from "./keys.ts";
import { getRecord, type BatchRecord } from "./record.ts";
import { fanOut } from "./fanout.ts";
import { sendBatch } from "./batch.ts";
import { counted } from "./progress.ts";
import { CHECK_AFTER_MS } from "./start.ts";

/** Batches one run of the job sends for one campaign, at most (the worker does the bulk). */
const BATCHES_PER_RUN = 10;

/**
 * Does what a campaign's worker left undone for longer than the check interval: its fan-out, batches
 * never claimed, batches whose lease ran out. Looks again in 5 minutes while the campaign is open.
 * Answers how many batches it sent.
 */
export async function resume(campaignId: string): Promise<number> {
  let campaign = await getRecord(campaignId);
  if (!campaign) return 0;
  const at = now();
  // A campaign still queued this long after it was created: its stream record was lost, so its batches' will be too.
  const lost = campaign.status === "queued" && at.getTime() - new Date(campaign.createdAt).getTime() >= CHECK_AFTER_MS;
  if (lost) {
    await fanOut(campaignId);
    campaign = (await getRecord(campaignId))!;
  }
  let resent = 0;
  if (campaign.status === "sending") {
    const batches = await queryAll<BatchRecord>({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :batch)",
      ExpressionAttributeValues: { ":pk": campaignKeys.partition(campaignId), ":batch": "BATCH#" },
    });
    const startedLongAgo = lost || at.getTime() - new Date(campaign.startedAt ?? campaign.createdAt).getTime() >= CHECK_AFTER_MS;
    const left = batches.filter(
      (b) => !counted(campaign!, b.batch) && ((b.status === "pending" && startedLongAgo) || (b.status === "sending" && (b.leaseUntil ?? "") < at.toISOString())),
    );
    for (const batch of left.slice(0, BATCHES_PER_RUN)) {
      await sendBatch(batch);
      resent += 1;
    }
  }
  const open = (await getRecord(campaignId))!;
  if (open.status === "queued" || open.status === "sending") {
    const next = campaignKeys.check(new Date(at.getTime() + CHECK_AFTER_MS).toISOString(), campaignId);
    // Only while it is still open: finishing or cancelling it removes the entry, and must not race this.
    await sendIf(
      new UpdateCommand({
        TableName: tableName(),
        Key: campaignKeys.campaign(campaignId),
        UpdateExpression: "SET gsi2pk = :gpk, gsi2sk = :gsk",
        ConditionExpression: "#status IN (:queued, :sending)",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":gpk": next.gsi2pk, ":gsk": next.gsi2sk, ":queued": "queued", ":sending": "sending" },
      }),
      () => undefined,
    );
  }
  return resent;
}
