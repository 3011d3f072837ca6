/** Starting a campaign (recorded at once, sent in the background), reading its progress, listing and cancelling. */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { batchPut, db, queryPage, strip, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Rep } from "../rep/index.ts";
import { campaignKeys } from "./keys.ts";
import { mustGetRecord, toView, type CampaignInput, type CampaignRecord, type CampaignView } from "./record.ts";

/** The ids of a list campaign are stored this many to an item (well under DynamoDB's 400 KB). */
export const TARGETS_PER_ITEM = 1_000;
/** When the scheduled job first looks for work a dead worker left behind, and how often after. */
export const CHECK_AFTER_MS = 5 * 60_000;

/**
 * The filter on segment and value tier, as a Query FilterExpression. Attribute names go through
 * placeholders: SEGMENT is one of DynamoDB's reserved words.
 */
export function scopeFilter(input: Pick<CampaignInput, "segment" | "valueTier">) {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (input.segment !== undefined) {
    parts.push("#segment = :segment");
    names["#segment"] = "segment";
    values[":segment"] = input.segment;
  }
  if (input.valueTier !== undefined) {
    parts.push("#valueTier = :tier");
    names["#valueTier"] = "valueTier";
    values[":tier"] = input.valueTier;
  }
  return parts.length ? { FilterExpression: parts.join(" AND "), ExpressionAttributeNames: names, values } : { values };
}

/** How many customers of a rep the scope covers: a COUNT query (no items travel). */
async function countOfRep(repId: string, input: CampaignInput): Promise<number> {
  const filter = scopeFilter(input);
  let total = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: "gsi1",
        Select: "COUNT",
        KeyConditionExpression: "gsi1pk = :pk",
        ...(filter.FilterExpression ? { FilterExpression: filter.FilterExpression, ExpressionAttributeNames: filter.ExpressionAttributeNames } : {}),
        ExpressionAttributeValues: { ":pk": customerKeys.byRepPartition(repId), ...filter.values },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    total += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return total;
}

/**
 * Records a campaign of report cards (a rep's customers, a list, or everyone, narrowed by segment and
 * value tier) and answers at once with how many customers it covers; the campaign worker fans it out
 * into batches of 50 and sends them in the background. Unknown rep: 404.
 */
export async function start(input: CampaignInput, actor: Actor): Promise<CampaignView> {
  if (input.repId) await Rep.mustGet(input.repId);
  const at = now();
  const createdAt = at.toISOString();
  const id = createId("campaign", at.getTime());
  const ids = input.customerIds ? [...new Set(input.customerIds)] : undefined;
  let total: number;
  if (ids) total = ids.length;
  else if (input.repId) total = await countOfRep(input.repId, input);
  else total = (await Promise.all((await Rep.all()).map((rep) => countOfRep(rep.id, input)))).reduce((a, b) => a + b, 0);

  if (ids) {
    // The list goes first: the campaign's own item is what starts the worker, and it reads the list.
    const chunks: Record<string, unknown>[] = [];
    for (let i = 0; i < ids.length; i += TARGETS_PER_ITEM) {
      chunks.push({ ...campaignKeys.targets(id, chunks.length + 1), type: "campaign-targets", campaignId: id, customerIds: ids.slice(i, i + TARGETS_PER_ITEM) });
    }
    await batchPut(chunks);
  }
  const record: CampaignRecord = {
    id,
    kind: input.kind,
    status: "queued",
    ...(input.repId ? { repId: input.repId } : {}),
    ...(input.segment !== undefined ? { segment: input.segment } : {}),
    ...(input.valueTier ? { valueTier: input.valueTier } : {}),
    ...(ids ? { listed: ids.length } : {}),
    total,
    sent: 0,
    failed: 0,
    skipSuppressed: 0,
    skipCapped: 0,
    skipUnsubscribed: 0,
    skipUnknown: 0,
    skipInactive: 0,
    createdAt,
    createdBy: actor,
  };
  await transact([
    {
      Put: {
        TableName: tableName(),
        Item: {
          ...campaignKeys.campaign(id),
          ...campaignKeys.listed(createdAt, id),
          ...campaignKeys.check(new Date(at.getTime() + CHECK_AFTER_MS).toISOString(), id),
          type: "campaign",
          ...record,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      },
    },
    Audit.record(actor, "campaign.start", id, { kind: input.kind, repId: input.repId, segment: input.segment, valueTier: input.valueTier, total }),
  ]);
  return toView(record);
}

/** A campaign's progress, or a 404. */
export async function get(id: string): Promise<CampaignView> {
  return toView(await mustGetRecord(id));
}

/** Campaigns, newest first, a page at a time. */
export async function list(options: { limit?: number; cursor?: string } = {}): Promise<{ items: CampaignView[]; cursor?: string }> {
  const page = await queryPage<Record<string, unknown>>(
    {
      IndexName: "gsi1",
      KeyConditionExpression: "gsi1pk = :pk",
      ExpressionAttributeValues: { ":pk": campaignKeys.listPartition },
      ScanIndexForward: false,
      Limit: options.limit ?? 20,
    },
    options.cursor,
  );
  return { items: page.items.map((item) => toView(strip(item) as unknown as CampaignRecord)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/**
 * Stops a queued or sending campaign: no batch not yet claimed is sent (a batch already handed to SES
 * finishes). Cancelling a cancelled campaign answers it again; a finished one is a 409.
 */
export async function cancel(id: string, actor: Actor): Promise<CampaignView> {
  const at = now().toISOString();
  const cancelled = await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: campaignKeys.campaign(id),
          UpdateExpression: "SET #status = :cancelled, finishedAt = :at REMOVE gsi2pk, gsi2sk",
          ConditionExpression: "#status IN (:queued, :sending)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":cancelled": "cancelled", ":at": at, ":queued": "queued", ":sending": "sending" },
        },
      },
      Audit.record(actor, "campaign.cancel", id),
    ],
    () => {
      throw new NotCancellable();
    },
  ).then(
    () => true,
    (error: unknown) => {
      if (error instanceof NotCancellable) return false;
      throw error;
    },
  );
  const current = await mustGetRecord(id);
  if (!cancelled && current.status !== "cancelled") {
    throw new VisibleError("conflict", "campaign_finished", `The campaign is ${current.status}; only a queued or sending campaign can be cancelled.`);
  }
  return toView(current);
}

class NotCancellable extends Error {}
