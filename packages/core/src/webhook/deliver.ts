/**
 * Delivering an outbox event to its targets (the subscriptions that asked for it, the rep's team's Slack).
 * Each delivery is an item under its target (the delivery log: status, attempt, response code, duration;
 * never the payload), written before the first try and claimed before each one, so a worker that stops
 * mid-way leaves it due for the scheduled job. A failure is tried again after an exponentially growing,
 * jittered wait, for 24 hours from the first try; then the delivery fails, and a subscription that has
 * had no successful delivery since is disabled and the admin emailed.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Webhook as Signer } from "standardwebhooks";
import { db, sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { log } from "../log/index.ts";
import { count } from "../metrics/index.ts";
import { post, type PostOutcome } from "../outbound/post.ts";
import { payloadOf, type OutboxRecord } from "./events.ts";
import { webhookKeys, type Target } from "./keys.ts";
import { openSecret } from "./secret.ts";
import { slackMessage, slackTargetForRep, slackEvents, slackUrlForTeam } from "./slack.ts";
import { all as allSubscriptions, find } from "./subscription.ts";
import { disable } from "./disable.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How long a delivery is retried after its first try. */
export const RETRY_WINDOW_MS = 24 * HOUR;
/** A claimed try not recorded within this long (the worker stopped) is the scheduled job's to try again. */
const LEASE_MS = 2 * MINUTE;
/** A delivery's log entry is kept this long. */
const LOG_DAYS = 30;

export const deliveryStatuses = ["sending", "delivered", "retrying", "failed", "cancelled"] as const;

/** One delivery of one event to one target: its log entry. */
export interface Delivery {
  target: Target;
  eventId: string;
  event: string;
  status: (typeof deliveryStatuses)[number];
  attempt: number;
  firstAt: string;
  lastAt?: string;
  nextAt?: string;
  responseCode?: number;
  error?: string;
  durationMs?: number;
}

/**
 * The wait before try `attempt + 1`: 30 s doubled per failed try, at most 6 hours, with jitter (a random
 * part between half and all of it), so receivers coming back up are not all hit at once.
 */
export function backoffMs(attempt: number, random = Math.random()): number {
  const full = Math.min(6 * HOUR, 30_000 * 2 ** (attempt - 1));
  return Math.round(full / 2 + (random * full) / 2);
}

/** The targets of an event: subscriptions that asked for it (a test event: its one subscription), and the rep's team's Slack. */
async function targetsOf(record: OutboxRecord): Promise<Target[]> {
  const subscriptions = (await allSubscriptions()).filter((s) => s.status === "active" && (record.only ? s.id === record.only : (s.events as string[]).includes(record.event)));
  const targets: Target[] = subscriptions.map((s) => ({ kind: "webhook", id: s.id }));
  const repId = record.data.repId;
  if (!record.only && slackEvents.includes(record.event) && typeof repId === "string") {
    const slack = await slackTargetForRep(repId);
    if (slack) targets.push({ kind: "slack", id: slack.teamId });
  }
  return targets;
}

/** The stream's part: writes a delivery for each target of the event and tries it once. A delivery already written (the stream delivered the record again) is left to its own schedule. */
export async function fanOut(record: OutboxRecord): Promise<number> {
  const targets = await targetsOf(record);
  const started = await Promise.all(
    targets.map(async (target) => {
      const at = now();
      const delivery: Delivery = { target, eventId: record.id, event: record.event, status: "sending", attempt: 1, firstAt: at.toISOString() };
      const written = await sendIf(
        new UpdateCommand({
          TableName: tableName(),
          Key: webhookKeys.delivery(target, record.id),
          UpdateExpression: "SET #type = :type, target = :target, eventId = :eventId, event = :event, #status = :status, attempt = :attempt, firstAt = :firstAt, gsi2pk = :gpk, gsi2sk = :gsk, #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(pk)",
          ExpressionAttributeNames: { "#type": "type", "#status": "status", "#ttl": "ttl" },
          ExpressionAttributeValues: { ":type": "outbound-delivery", ":target": target, ":eventId": record.id, ":event": record.event, ":status": "sending", ":attempt": 1, ":firstAt": delivery.firstAt, ...dueValues(target, record.id, new Date(at.getTime() + LEASE_MS)), ":ttl": Math.floor(at.getTime() / 1000) + LOG_DAYS * 86_400 },
        }),
        () => false as const,
      );
      if (written === false) return false;
      await attempt(delivery, record);
      return true;
    }),
  );
  return started.filter(Boolean).length;
}

function dueValues(target: Target, eventId: string, at: Date) {
  const due = webhookKeys.due(at.toISOString(), target, eventId);
  return { ":gpk": due.gsi2pk, ":gsk": due.gsi2sk };
}

/**
 * The job's part: claims a delivery that is due (a retry, or a try a stopped worker left) by moving its
 * due time on and counting the try, then tries it. Answers whether it was delivered.
 */
export async function retry(seen: Delivery & { gsi2sk?: string }): Promise<boolean> {
  const at = now();
  const claimed = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: webhookKeys.delivery(seen.target, seen.eventId),
      UpdateExpression: "SET attempt = attempt + :one, #status = :sending, gsi2sk = :gsk",
      ConditionExpression: "attempt = :seen AND gsi2sk = :seenDue",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":one": 1, ":sending": "sending", ":seen": seen.attempt, ":seenDue": seen.gsi2sk ?? "", ":gsk": dueValues(seen.target, seen.eventId, new Date(at.getTime() + LEASE_MS))[":gsk"] },
      ReturnValues: "ALL_NEW",
    }),
    () => undefined,
  );
  if (!claimed?.Attributes) return false;
  const delivery = claimed.Attributes as unknown as Delivery;
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: webhookKeys.outbox(delivery.eventId) }));
  if (!Item) {
    await finish(delivery, { status: "cancelled", error: "event-expired" });
    return false;
  }
  return attempt(delivery, Item as unknown as OutboxRecord);
}

/** Where a delivery goes and what it sends, or why it is no longer sent (the subscription was deleted or disabled, the team's Slack removed). */
async function request(delivery: Delivery, record: OutboxRecord): Promise<{ url: string; body: string; headers: Record<string, string> } | { cancelled: string }> {
  if (delivery.target.kind === "slack") {
    const url = await slackUrlForTeam(delivery.target.id);
    if (!url) return { cancelled: "slack-removed" };
    return { url, body: JSON.stringify(await slackMessage(record)), headers: {} };
  }
  const subscription = await find(delivery.target.id);
  if (!subscription) return { cancelled: "subscription-deleted" };
  if (subscription.status !== "active") return { cancelled: "subscription-disabled" };
  const body = JSON.stringify(payloadOf(record));
  // The timestamp is when this try is sent (the receiver's replay window runs on the real clock); the id is the event's, the same on every try.
  const sentAt = new Date();
  const signature = new Signer(openSecret(subscription.id, subscription.sealedSecret)).sign(record.id, sentAt, body);
  return { url: subscription.url, body, headers: { "webhook-id": record.id, "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)), "webhook-signature": signature } };
}

/** One try of a claimed delivery, and its outcome recorded. Answers whether it was delivered. */
async function attempt(delivery: Delivery, record: OutboxRecord): Promise<boolean> {
  const ids = { eventId: delivery.eventId, target: delivery.target.kind, targetId: delivery.target.id, attempt: delivery.attempt };
  const what = await request(delivery, record).catch((error: unknown) => {
    log.error("outbound delivery could not be prepared", { ...ids, error });
    return { cancelled: "unprepared" };
  });
  if ("cancelled" in what) {
    await finish(delivery, { status: "cancelled", error: what.cancelled });
    return false;
  }
  const outcome = await post(what.url, what.body, what.headers);
  const result = "status" in outcome ? { responseCode: outcome.status } : { error: outcome.error };
  if (outcome.ok) {
    await finish(delivery, { status: "delivered", durationMs: outcome.durationMs, ...result });
    count("OutboundDelivered");
    if (delivery.target.kind === "webhook") await succeeded(delivery.target.id);
    log.info("outbound delivery sent", { ...ids, responseCode: (outcome as { status: number }).status, durationMs: outcome.durationMs });
    return true;
  }
  count("OutboundFailed");
  await failed(delivery, outcome, result);
  return false;
}

/** A failed try: the next one after the backoff, or, 24 hours after the first, the end (and perhaps the subscription's). */
async function failed(delivery: Delivery, outcome: PostOutcome, result: { responseCode?: number; error?: string }): Promise<void> {
  const at = now();
  const end = Date.parse(delivery.firstAt) + RETRY_WINDOW_MS;
  const ids = { eventId: delivery.eventId, target: delivery.target.kind, targetId: delivery.target.id, attempt: delivery.attempt, ...result };
  if (at.getTime() >= end) {
    await finish(delivery, { status: "failed", durationMs: outcome.durationMs, ...result });
    log.warn("outbound delivery failed for 24 hours; given up", ids);
    if (delivery.target.kind === "webhook") await disable(delivery.target.id, delivery.firstAt);
    return;
  }
  const next = new Date(Math.min(end, at.getTime() + backoffMs(delivery.attempt)));
  await record(delivery, { status: "retrying", durationMs: outcome.durationMs, nextAt: next.toISOString(), ...result }, next);
  log.info("outbound delivery failed; it is tried again", { ...ids, nextAt: next.toISOString() });
}

/** Records a final outcome: off the due index. */
const finish = (delivery: Delivery, fields: Partial<Delivery>) => record(delivery, fields);

/** Records a try's outcome while the claim holds (nobody counted another try since): due again at `dueAt`, or off the due index. */
async function record(delivery: Delivery, fields: Partial<Delivery>, dueAt?: Date): Promise<unknown> {
  const values: Record<string, unknown> = { ":attempt": delivery.attempt, ":lastAt": now().toISOString() };
  const sets = ["lastAt = :lastAt"];
  const names: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    names[`#${name}`] = name;
    values[`:${name}`] = value;
    sets.push(`#${name} = :${name}`);
  }
  const removes = ["responseCode", "error", "durationMs", "nextAt"].filter((name) => !(name in fields)).map((name) => {
    names[`#${name}`] = name;
    return `#${name}`;
  });
  if (dueAt) {
    Object.assign(values, dueValues(delivery.target, delivery.eventId, dueAt));
    sets.push("gsi2pk = :gpk", "gsi2sk = :gsk");
  } else removes.push("gsi2pk", "gsi2sk");
  return sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: webhookKeys.delivery(delivery.target, delivery.eventId),
      UpdateExpression: `SET ${sets.join(", ")} REMOVE ${removes.join(", ")}`,
      ConditionExpression: "attempt = :attempt",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
    () => undefined,
  );
}

/** Marks when a subscription last received a delivery (what keeps it from being disabled). */
async function succeeded(id: string): Promise<void> {
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: webhookKeys.subscription(id),
      UpdateExpression: "SET lastSuccessAt = :at",
      ConditionExpression: "attribute_exists(pk)",
      ExpressionAttributeValues: { ":at": now().toISOString() },
    }),
    () => undefined,
  );
}
