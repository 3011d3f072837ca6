/** A campaign's counters: each finished batch adds its numbers once, and the last one completes the campaign. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { campaignKeys } from "./keys.ts";
import { campaignSkips, skipAttribute, type CampaignRecord, type SkipCounts } from "./record.ts";
import { Outbox } from "../webhook/outbox.ts";

/** What one batch did. */
export interface BatchOutcome {
  sent: number;
  failed: number;
  skips: SkipCounts;
}

/**
 * Adds a finished batch's numbers to its campaign, once: the batch number joins the campaign's set of
 * finished batches in the same update, and an update for a batch already in it changes nothing. Answers
 * whether this call counted it.
 */
export async function recordBatch(campaignId: string, batch: number, outcome: BatchOutcome): Promise<boolean> {
  const values: Record<string, unknown> = { ":sent": outcome.sent, ":failed": outcome.failed, ":batch": new Set([batch]), ":n": batch };
  const adds = ["sent :sent", "failed :failed", "doneBatches :batch"];
  for (const reason of campaignSkips) {
    adds.push(`${skipAttribute[reason]} :${reason}`);
    // A batch claimed before a reason existed has no count for it.
    values[`:${reason}`] = outcome.skips[reason] ?? 0;
  }
  const updated = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: campaignKeys.campaign(campaignId),
      UpdateExpression: `ADD ${adds.join(", ")}`,
      ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(doneBatches) OR NOT contains(doneBatches, :n))",
      ExpressionAttributeValues: values,
      ReturnValues: "ALL_NEW",
    }),
    () => undefined,
  );
  if (!updated?.Attributes) return false;
  await finishIfComplete(updated.Attributes as unknown as CampaignRecord);
  return true;
}

/** Marks a sending campaign done once every batch the fan-out wrote has been counted. */
export async function finishIfComplete(campaign: CampaignRecord): Promise<void> {
  if (campaign.status !== "sending" || campaign.batches === undefined) return;
  if ((campaign.doneBatches?.size ?? 0) < campaign.batches) return;
  const finishedAt = now().toISOString();
  const done = {
    TableName: tableName(),
    Key: campaignKeys.campaign(campaign.id),
    UpdateExpression: "SET #status = :done, finishedAt = :at REMOVE gsi2pk, gsi2sk",
    ConditionExpression: "#status = :sending",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":done": "done", ":sending": "sending", ":at": finishedAt },
  };
  // Another worker finished it first: that one's transaction carried the event.
  await transact([{ Update: done }, Outbox.campaignFinished({ ...campaign, finishedAt })], () => {
    throw new AlreadyFinished();
  }).catch((error: unknown) => {
    if (!(error instanceof AlreadyFinished)) throw error;
  });
}

class AlreadyFinished extends Error {}

/** Whether the campaign already counted this batch (a worker that died after counting it). */
export function counted(campaign: Pick<CampaignRecord, "doneBatches">, batch: number): boolean {
  return campaign.doneBatches?.has(batch) ?? false;
}
