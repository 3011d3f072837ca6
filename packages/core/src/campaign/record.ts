/** What a campaign is: what an admin asks for, how it is stored, and what the API shows of its progress. */
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, strip, tableName } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { IdSchema, ShortTextSchema } from "../fields.ts";
import { ValueTierSchema } from "../customer/index.ts";
import type { Actor } from "../audit/index.ts";
import type { Survey as SurveyRecord } from "../survey/index.ts";
import { campaignKeys } from "./keys.ts";

export const CampaignSchema = v.strictObject({
  kind: v.literal("report-card", "must be report-card"),
  repId: v.optional(IdSchema("rep")),
  customerIds: v.optional(
    v.pipe(v.array(IdSchema("cus"), "must be a list of customer ids"), v.minLength(1, "must name at least one customer"), v.maxLength(20_000, "must name at most 20000 customers")),
  ),
  segment: v.optional(v.pipe(ShortTextSchema, v.minLength(1, "must not be empty"), v.description("Only customers of this segment (as imported)."))),
  valueTier: v.optional(v.pipe(ValueTierSchema, v.description("Only customers of this value tier."))),
});
export type CampaignInput = v.InferOutput<typeof CampaignSchema>;

export const campaignStatuses = ["queued", "sending", "done", "cancelled", "failed"] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

/** Why a customer of the campaign got no report card. */
export const campaignSkips = ["suppressed", "capped", "unsubscribed", "unknown", "inactive"] as const;
export type CampaignSkip = (typeof campaignSkips)[number];
export type SkipCounts = Record<CampaignSkip, number>;
export const noSkips = (): SkipCounts => ({ suppressed: 0, capped: 0, unsubscribed: 0, unknown: 0, inactive: 0 });
/** The stored counter of each skip reason. */
export const skipAttribute: Record<CampaignSkip, string> = { suppressed: "skipSuppressed", capped: "skipCapped", unsubscribed: "skipUnsubscribed", unknown: "skipUnknown", inactive: "skipInactive" };

const count = (what: string) => v.pipe(v.number(), v.integer(), v.minValue(0), v.description(what));
const instant = (what: string) => v.pipe(v.nullable(v.string()), v.description(what));

/** A campaign's progress, as `GET /v1/campaigns/{id}` shows it. */
export const CampaignViewSchema = v.object({
  id: v.string(),
  kind: v.literal("report-card"),
  status: v.pipe(
    v.picklist(campaignStatuses),
    v.description("queued until the background worker picks it up, sending while batches go out, then done; cancelled when an admin stopped it; failed when its customers could not be read."),
  ),
  total: count("Customers the campaign covers (before skips); fixed once sending starts."),
  sent: count("Report cards handed to SES."),
  skipped: v.pipe(
    v.object({
      suppressed: count("The address bounced or complained."),
      capped: count("The customer got a report card in the last 60 days."),
      unsubscribed: count("The customer unsubscribed."),
      unknown: count("No customer has this id (or it was deleted before its turn, or names a prospect: a lost deal's contact)."),
      inactive: count("The customer or their rep is deactivated."),
    }),
    v.description("Customers who got no report card, by reason."),
  ),
  failed: count("Emails SES refused; each stays queued and the scheduled job retries it with backoff."),
  skippedTotal: count("Customers skipped, every reason together."),
  handled: count("Customers handled so far: sent, skipped or failed (at most the total)."),
  percent: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(0),
    v.maxValue(100),
    v.description("handled as a whole percentage of total, rounded down; for a campaign of no customers 0 while queued or sending, else 100."),
  ),
  scope: v.object({
    repId: v.optional(v.string()),
    segment: v.optional(v.string()),
    valueTier: v.optional(v.string()),
    customers: v.optional(count("How many customer ids the campaign was given.")),
  }),
  createdAt: v.string(),
  startedAt: instant("When the worker started sending."),
  finishedAt: instant("When it was done, cancelled or failed."),
});
export type CampaignView = v.InferOutput<typeof CampaignViewSchema>;

/** A campaign as stored: its scope, its counters and the batches its worker finished. */
export interface CampaignRecord {
  id: string;
  kind: "report-card";
  status: CampaignStatus;
  repId?: string;
  segment?: string;
  valueTier?: "A" | "B" | "C";
  /** How many customer ids it was given (a list campaign); the ids are in its TARGETS items. */
  listed?: number;
  total: number;
  sent: number;
  failed: number;
  skipSuppressed: number;
  skipCapped: number;
  skipUnsubscribed: number;
  skipUnknown: number;
  /** Absent on campaigns started before deactivation existed. */
  skipInactive?: number;
  /** Set by the fan-out: how many batches of 50 it wrote. */
  batches?: number;
  doneBatches?: Set<number>;
  createdAt: string;
  createdBy: Actor;
  startedAt?: string;
  finishedAt?: string;
  lastError?: string;
}

/** One customer as the fan-out saw them: whom to write to and whom to credit. */
export interface BatchCustomer {
  id: string;
  name: string;
  email: string;
  repId: string;
  /** Their language: the batch's emails are written in each one's. */
  language?: string;
}

/** A batch of up to 50 customers: one SendBulkEmail, claimed before it is sent. */
export interface BatchRecord {
  campaignId: string;
  batch: number;
  status: "pending" | "sending" | "cancelled";
  attempts: number;
  leaseUntil?: string;
  customers: BatchCustomer[];
  repNames: Record<string, string>;
  /** The reps' addresses, frozen on the invitations like their names (batches written before have none). */
  repEmails?: Record<string, string>;
  /** The survey the fan-out found current: every report card of the campaign asks the same behaviours. */
  survey: SurveyRecord;
  /** Set by the first attempt: the invitations it created (ids are reused by any later attempt). */
  invitations?: { id: string; customerId: string }[];
  preparedAt?: string;
  skips?: SkipCounts;
}

/** Whether a campaign may still send: queued or sending. */
const isLive = (status: CampaignStatus) => status === "queued" || status === "sending";

/** How far a campaign has got: the customers skipped (every reason), handled (sent, skipped or failed, at most the total) and that share in whole percent. */
function progressOf(c: Pick<CampaignRecord, "status" | "total" | "sent" | "failed">, skipped: SkipCounts) {
  const skippedTotal = campaignSkips.reduce((sum, reason) => sum + skipped[reason], 0);
  const handled = Math.min(c.sent + skippedTotal + c.failed, c.total);
  const percent = c.total > 0 ? Math.floor((100 * handled) / c.total) : isLive(c.status) ? 0 : 100;
  return { skippedTotal, handled, percent };
}

export function toView(c: CampaignRecord): CampaignView {
  const skipped = { suppressed: c.skipSuppressed, capped: c.skipCapped, unsubscribed: c.skipUnsubscribed, unknown: c.skipUnknown, inactive: c.skipInactive ?? 0 };
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    total: c.total,
    sent: c.sent,
    skipped,
    failed: c.failed,
    ...progressOf(c, skipped),
    scope: {
      ...(c.repId ? { repId: c.repId } : {}),
      ...(c.segment ? { segment: c.segment } : {}),
      ...(c.valueTier ? { valueTier: c.valueTier } : {}),
      ...(c.listed !== undefined ? { customers: c.listed } : {}),
    },
    createdAt: c.createdAt,
    startedAt: c.startedAt ?? null,
    finishedAt: c.finishedAt ?? null,
  };
}

/** The stored campaign, or undefined (a consistent read: the worker decides from it). */
export async function getRecord(id: string): Promise<CampaignRecord | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: campaignKeys.campaign(id), ConsistentRead: true }));
  return result.Item ? (strip(result.Item) as unknown as CampaignRecord) : undefined;
}

/** The campaign with this id, or a 404. */
export async function mustGetRecord(id: string): Promise<CampaignRecord> {
  const found = await getRecord(id);
  if (!found) throw new VisibleError("not-found", "campaign_not_found", `No campaign has the id ${id}.`);
  return found;
}
