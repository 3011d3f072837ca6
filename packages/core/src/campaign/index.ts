import * as v from "valibot";
import { batchGet, queryAll, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { IdSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Rep } from "../rep/index.ts";
import { Suppression } from "../suppression/index.ts";
import { Survey } from "../survey/index.ts";
import { Invitation, REPORT_CARD_GAP_DAYS, skipReasons } from "../invitation/index.ts";

export const CampaignSchema = v.strictObject({
  kind: v.literal("report-card", "must be report-card"),
  repId: v.optional(IdSchema("rep")),
  customerIds: v.optional(
    v.pipe(v.array(IdSchema("cus"), "must be a list of customer ids"), v.minLength(1, "must name at least one customer"), v.maxLength(20_000, "must name at most 20000 customers")),
  ),
});
export type CampaignInput = v.InferOutput<typeof CampaignSchema>;

/** What starting a campaign queued, and whom it skipped and why. */
export const CampaignStartedSchema = v.object({
  id: v.string(),
  queued: v.pipe(v.number(), v.integer(), v.description("Report cards queued; they are sent right after the answer.")),
  skipped: v.array(v.object({ customerId: v.string(), reason: v.picklist(skipReasons) })),
  skippedByReason: v.record(v.picklist(skipReasons), v.number()),
});
export type CampaignStarted = v.InferOutput<typeof CampaignStartedSchema>;

/** The campaign as started, with the queued invitations for the dispatcher (the API shows only counts). */
export type CampaignResult = CampaignStarted & { invitations: Invitation[] };

const DAY = 86_400_000;

async function customersByIds(ids: string[]): Promise<Map<string, Customer>> {
  const found = await batchGet<Customer>([...new Set(ids)].map((id) => customerKeys.customer(id)));
  return new Map(found.map((customer) => [customer.id, customer]));
}

async function customersOfRep(repId: string): Promise<Customer[]> {
  return queryAll<Customer>({
    IndexName: "gsi1",
    KeyConditionExpression: "gsi1pk = :pk",
    ExpressionAttributeValues: { ":pk": customerKeys.byRepPartition(repId) },
  });
}

/**
 * Queues report cards for many customers (one rep's, a list, or everyone), skipping those surveyed in the
 * last 60 days, suppressed addresses and customers without an email. Answers at once; sending is the
 * dispatcher's job (`Invitation.deliver`, then the scheduled job for anything left queued).
 */
export async function start(input: CampaignInput, actor: Actor): Promise<CampaignResult> {
  const id = createId("campaign");
  const skipped: CampaignResult["skipped"] = [];
  let candidates: Customer[];
  let reps: Rep[] | undefined;
  if (input.customerIds) {
    const found = await customersByIds(input.customerIds);
    candidates = [];
    for (const customerId of new Set(input.customerIds)) {
      const customer = found.get(customerId);
      if (!customer) skipped.push({ customerId, reason: "unknown-customer" });
      else if (input.repId && customer.repId !== input.repId) continue;
      else candidates.push(customer);
    }
  } else if (input.repId) {
    await Rep.mustGet(input.repId);
    candidates = await customersOfRep(input.repId);
  } else {
    reps = await Rep.all();
    candidates = (await Promise.all(reps.map((rep) => customersOfRep(rep.id)))).flat();
  }
  reps ??= await Rep.getMany(candidates.map((c) => c.repId));
  const repNames = new Map(reps.map((rep) => [rep.id, rep.name]));
  const suppressed = await Suppression.suppressedAmong(candidates.filter((c) => c.email).map((c) => c.email));
  const cutoff = now().getTime() - REPORT_CARD_GAP_DAYS * DAY;
  const eligible: Customer[] = [];
  for (const customer of candidates) {
    const lastReportCardAt = (customer as Customer & { lastReportCardAt?: string }).lastReportCardAt;
    if (!customer.email) skipped.push({ customerId: customer.id, reason: "no-email" });
    else if (suppressed.has(customer.email.toLowerCase())) skipped.push({ customerId: customer.id, reason: "suppressed" });
    else if (lastReportCardAt && new Date(lastReportCardAt).getTime() > cutoff) skipped.push({ customerId: customer.id, reason: "recently-surveyed" });
    else eligible.push(customer);
  }
  await transact([Audit.record(actor, "campaign.start", id, { kind: input.kind, repId: input.repId, requested: candidates.length, eligible: eligible.length })]);
  const invitations: Invitation[] = [];
  const survey = await Survey.load();
  const CONCURRENCY = 16;
  for (let i = 0; i < eligible.length; i += CONCURRENCY) {
    const results = await Promise.all(
      eligible.slice(i, i + CONCURRENCY).map(async (customer) => ({
        customer,
        result: await Invitation.create({ customerId: customer.id, kind: "report-card", campaignId: id }, actor, {
          customer,
          repName: repNames.get(customer.repId) ?? "your account manager",
          suppressed: false,
          survey,
        }),
      })),
    );
    for (const { customer, result } of results) {
      if ("invitation" in result) invitations.push(result.invitation);
      else skipped.push({ customerId: customer.id, reason: result.skipped });
    }
  }
  const skippedByReason: CampaignStarted["skippedByReason"] = {};
  for (const s of skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
  return { id, queued: invitations.length, skipped, skippedByReason, invitations };
}

export const Campaign = { start };
