/** The worker's first step for a campaign: find its customers and write them as batches of 50, each one a unit of sending. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchGet, batchPut, db, queryAll, sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import type { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Rep } from "../rep/index.ts";
import { Survey } from "../survey/index.ts";
import { BULK_LIMIT } from "../email/index.ts";
import { campaignKeys } from "./keys.ts";
import { getRecord, type BatchCustomer, type BatchRecord, type CampaignRecord } from "./record.ts";
import { scopeFilter } from "./start.ts";
import { finishIfComplete } from "./progress.ts";

async function customersOfRep(repId: string, campaign: CampaignRecord): Promise<Customer[]> {
  const filter = scopeFilter(campaign);
  return queryAll<Customer>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ...(filter.FilterExpression ? { FilterExpression: filter.FilterExpression, ExpressionAttributeNames: filter.ExpressionAttributeNames } : {}),
    ExpressionAttributeValues: { ":pk": customerKeys.byRepPartition(repId), ...filter.values },
  });
}

/** The campaign's customers, and how many of the ids it was given name nobody. */
async function targets(campaign: CampaignRecord): Promise<{ customers: Customer[]; unknown: number }> {
  if (campaign.listed === undefined) {
    const repIds = campaign.repId ? [campaign.repId] : (await Rep.all()).map((rep) => rep.id);
    return { customers: (await Promise.all(repIds.map((id) => customersOfRep(id, campaign)))).flat(), unknown: 0 };
  }
  const chunks = await queryAll<{ customerIds: string[] }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :targets)",
    ExpressionAttributeValues: { ":pk": campaignKeys.partition(campaign.id), ":targets": "TARGETS#" },
  });
  const ids = chunks.flatMap((chunk) => chunk.customerIds);
  // A prospect (a lost deal's contact) is no customer: counted with the ids that name nobody.
  const found = (await batchGet<Customer>(ids.map((id) => customerKeys.customer(id)))).filter((c) => c.stage !== "prospect");
  const inScope = found.filter(
    (c) =>
      (campaign.repId === undefined || c.repId === campaign.repId) &&
      (campaign.segment === undefined || c.segment === campaign.segment) &&
      (campaign.valueTier === undefined || c.valueTier === campaign.valueTier),
  );
  return { customers: inScope, unknown: ids.length - found.length };
}

/**
 * Writes a queued campaign's customers as batches of 50 (sorted by id, each with what its email needs),
 * then marks the campaign sending with its total. Run again after a crash, it keeps the batches already
 * written and adds only the customers none of them holds, so nobody is in two batches.
 */
export async function fanOut(campaignId: string): Promise<void> {
  const campaign = await getRecord(campaignId);
  if (campaign?.status !== "queued") return;
  const written = await queryAll<Pick<BatchRecord, "batch" | "customers">>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :batch)",
    ExpressionAttributeValues: { ":pk": campaignKeys.partition(campaignId), ":batch": "BATCH#" },
  });
  const already = new Set(written.flatMap((b) => b.customers.map((c) => c.id)));
  const { customers, unknown } = await targets(campaign);
  const fresh = customers.filter((c) => !already.has(c.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const survey = await Survey.load();
  const reps = new Map((await Rep.getMany([...new Set(fresh.map((c) => c.repId))])).map((rep) => [rep.id, rep]));
  let next = written.reduce((max, b) => Math.max(max, b.batch), 0);
  const batches: Record<string, unknown>[] = [];
  for (let i = 0; i < fresh.length; i += BULK_LIMIT) {
    const members: BatchCustomer[] = fresh.slice(i, i + BULK_LIMIT).map((c) => ({ id: c.id, name: c.name, email: c.email, repId: c.repId, ...(c.language ? { language: c.language } : {}) }));
    const batch: BatchRecord = {
      campaignId,
      batch: ++next,
      status: "pending",
      attempts: 0,
      customers: members,
      repNames: Object.fromEntries(members.map((c) => [c.repId, reps.get(c.repId)?.name ?? "your account manager"])),
      repEmails: Object.fromEntries(members.flatMap((c) => (reps.get(c.repId) ? [[c.repId, reps.get(c.repId)!.email]] : []))),
      survey,
    };
    batches.push({ ...campaignKeys.batch(campaignId, batch.batch), type: "campaign-batch", ...batch });
  }
  await batchPut(batches);
  const started = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: campaignKeys.campaign(campaignId),
      UpdateExpression: "SET #status = :sending, startedAt = :at, #total = :total, batches = :batches ADD skipUnknown :unknown",
      ConditionExpression: "#status = :queued",
      ExpressionAttributeNames: { "#status": "status", "#total": "total" },
      ExpressionAttributeValues: {
        ":sending": "sending",
        ":queued": "queued",
        ":at": now().toISOString(),
        ":total": already.size + fresh.length + unknown,
        ":batches": next,
        ":unknown": unknown,
      },
      ReturnValues: "ALL_NEW",
    }),
    () => undefined,
  );
  // Batches may all have finished before this (or there were none): then this completes the campaign.
  if (started?.Attributes) await finishIfComplete(started.Attributes as unknown as CampaignRecord);
}
