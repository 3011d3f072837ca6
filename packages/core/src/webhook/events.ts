/**
 * Outbound events and their payloads. Each domain write that causes an event adds one outbox item to its
 * own transaction (`outboxItem` and the builders below), so an event exists exactly when its cause does.
 * Payloads carry ids, scores, behaviour ids and times; a customer's name only on a case or response the
 * customer put their name to; free text (comments, concern text, notes) never.
 */
import * as v from "valibot";
import { tableName, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { ulid } from "../id.ts";
import type { FollowUpRecordSchema } from "../followup/record.ts";
import { webhookKeys } from "./keys.ts";

/** A follow-up as stored (from followup/record.ts, so the domain that imports this module is not imported back). */
type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;

/** The events a subscription may ask for. */
export const webhookEvents = ["response.submitted", "case.opened", "case.escalated", "case.resolved", "concern.raised", "period.closed", "campaign.finished"] as const;
export type WebhookEvent = (typeof webhookEvents)[number];
/** Every event the outbox carries: the subscribable ones, a case the customer said was put right (Slack only), and a test event. */
export type OutboxEvent = WebhookEvent | "case.recovered" | "webhook.test";

/** An outbox item is kept this long: past the 24 hours of retries, then DynamoDB's TTL deletes it. */
const OUTBOX_DAYS = 3;
const DAY_S = 86_400;

/** The outbox item as stored; the stream hands its new image to the outbound worker. */
export interface OutboxRecord {
  id: string;
  event: OutboxEvent;
  at: string;
  data: Record<string, unknown>;
  /** A test event goes to this one subscription only. */
  only?: string;
}

/** A new event id: `evt_` and a ULID, so the delivery log sorts by time. It is the `webhook-id` of every delivery of the event. */
export const eventId = (at = now()) => `evt_${ulid(at.getTime())}`;

/** The outbox item of an event, for the transaction of the write that causes it. */
export function outboxItem(event: OutboxEvent, data: Record<string, unknown>, options: { only?: string } = {}): TransactItem {
  const at = now();
  const record: OutboxRecord = { id: eventId(at), event, at: at.toISOString(), data, ...(options.only ? { only: options.only } : {}) };
  // An event that names its customer is indexed under them: erasing the customer rewrites it (privacy/erase.ts).
  const named = (data.customer as { id?: unknown } | undefined)?.id;
  return {
    Put: {
      TableName: tableName(),
      Item: { ...webhookKeys.outbox(record.id), ...(typeof named === "string" ? webhookKeys.byCustomer(named, record.id) : {}), type: "outbox", ...record, ttl: Math.floor(at.getTime() / 1000) + OUTBOX_DAYS * DAY_S },
      ConditionExpression: "attribute_not_exists(pk)",
    },
  };
}

/** What a payload says about a recovery case: ids, scores, times; the customer only on a case that names them. */
export function caseData(f: FollowUp): Record<string, unknown> {
  const named = f.anonymous === false && f.customerId;
  return {
    caseId: f.id,
    repId: f.repId,
    status: f.status,
    source: f.source ?? "report-card",
    anonymous: !named,
    dueAt: f.dueAt,
    createdAt: f.createdAt,
    ...(f.period ? { period: f.period } : {}),
    ...(f.urgency ? { urgency: f.urgency } : {}),
    ...(f.repScore !== undefined ? { repScore: f.repScore } : {}),
    ...(f.lowBehaviours ? { lowBehaviours: f.lowBehaviours.map((b) => ({ id: b.id, rating: b.rating })) } : {}),
    ...(f.escalatedAt ? { escalatedAt: f.escalatedAt } : {}),
    ...(f.resolvedAt ? { resolvedAt: f.resolvedAt } : {}),
    ...(f.verdict ? { verdict: f.verdict } : {}),
    ...(f.reopened ? { reopened: f.reopened } : {}),
    ...(named ? { customer: { id: f.customerId, name: f.customerName } } : {}),
  };
}

/** A recovery case's event (opened, escalated, resolved, recovered): nothing for other follow-ups. */
export function caseEvent(event: "case.opened" | "case.escalated" | "case.resolved" | "case.recovered", f: FollowUp): TransactItem[] {
  return f.kind === "recovery" ? [outboxItem(event, caseData(f))] : [];
}

/** A concern raised: the case it opened, its urgency, and the customer only when they asked to be contacted. */
export function concernRaised(f: FollowUp): TransactItem {
  const { caseId, repId, anonymous, dueAt, urgency, customer } = caseData(f);
  return outboxItem("concern.raised", { caseId, repId, anonymous, dueAt, urgency, ...(customer ? { customer } : {}) });
}

/**
 * A card counted (first answers or a revision): a report card's or a lost-deal card's ratings by behaviour id
 * and the rep score (a lost-deal card says whether it counts toward scores); the customer only when they
 * shared their name. Never the free text ("what could improve", "what would have made you choose us").
 */
export function responseSubmitted(r: {
  form?: "report-card" | "lost-deal";
  invitationId: string;
  repId: string;
  customerId: string;
  customerName?: string;
  period: string;
  answeredAt: string;
  surveyVersion?: string;
  ratings: Record<string, number | "na">;
  repScore: number | null;
  shareName: boolean;
  revision: number;
  countedAs?: string;
}): TransactItem {
  return outboxItem("response.submitted", {
    form: r.form ?? "report-card",
    invitationId: r.invitationId,
    repId: r.repId,
    period: r.period,
    answeredAt: r.answeredAt,
    revision: r.revision,
    ...(r.surveyVersion !== undefined ? { surveyVersion: r.surveyVersion } : {}),
    ratings: r.ratings,
    repScore: r.repScore,
    ...(r.countedAs ? { countedAs: r.countedAs } : {}),
    ...(r.shareName ? { customer: { id: r.customerId, ...(r.customerName ? { name: r.customerName } : {}) } } : {}),
  });
}

/**
 * An onboarding form answered (or revised): that it was, for which invitation and rep, and when. Its answers
 * (how and when to reach the customer, their interests) are theirs and stay in Rapport; so does who they are.
 */
export function onboardingSubmitted(r: { invitationId: string; repId: string; answeredAt: string; revision: number }): TransactItem {
  return outboxItem("response.submitted", { form: "onboarding", ...r });
}

/** The envelope every webhook body has (Standard Webhooks' recommended shape). */
export const WebhookPayloadSchema = v.object({
  type: v.pipe(v.string(), v.description("The event: response.submitted, case.opened, case.escalated, case.resolved, concern.raised, period.closed, campaign.finished or webhook.test.")),
  timestamp: v.pipe(v.string(), v.description("When the event happened (ISO 8601, UTC).")),
  data: v.pipe(v.record(v.string(), v.unknown()), v.description("The event's ids, scores and times; a customer's id and name only where the customer consented to be named.")),
});
export type WebhookPayload = v.InferOutput<typeof WebhookPayloadSchema>;

/** The body delivered for an outbox record. */
export function payloadOf(record: OutboxRecord): WebhookPayload {
  return { type: record.event, timestamp: record.at, data: record.data };
}
