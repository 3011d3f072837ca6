/**
 * Webhook subscriptions: a URL and the events it wants. Made with a signing secret shown once; listed and
 * read without it; deleted. A subscription whose deliveries failed for 24 hours is disabled (deliver.ts)
 * until an admin enables it again.
 */
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, strip, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { ulid } from "../id.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { checkUrl } from "../outbound/guard.ts";
import { webhookEvents, outboxItem } from "./events.ts";
import { webhookKeys } from "./keys.ts";
import { newSecret, sealSecret } from "./secret.ts";

export const WebhookSchema = v.strictObject({
  url: v.pipe(v.string("must be a string"), v.trim(), v.maxLength(2000, "must be at most 2000 characters"), v.url("must be an absolute URL"), v.description("Where events are POSTed: https (in the local stage, http://127.0.0.1 too).")),
  events: v.pipe(
    v.array(v.picklist(webhookEvents, `must each be one of ${webhookEvents.join(", ")}`), "must be a list of events"),
    v.minLength(1, "must name at least one event"),
    v.description("The events this subscription receives."),
  ),
});
export type WebhookInput = v.InferOutput<typeof WebhookSchema>;

export const webhookStatuses = ["active", "disabled"] as const;

/** A subscription as listed and read: never its secret. */
export const WebhookViewSchema = v.object({
  id: v.string(),
  url: v.string(),
  events: v.array(v.picklist(webhookEvents)),
  status: v.pipe(v.picklist(webhookStatuses), v.description("disabled once a delivery failed for 24 hours with no delivery succeeding meanwhile; nothing more is sent.")),
  createdAt: v.string(),
  disabledAt: v.optional(v.string()),
  lastSuccessAt: v.optional(v.pipe(v.string(), v.description("When a delivery last succeeded."))),
});
export type WebhookView = v.InferOutput<typeof WebhookViewSchema>;

/** What creating a subscription answers: its id and its secret, shown this once. */
export const NewWebhookSchema = v.object({
  ...WebhookViewSchema.entries,
  secret: v.pipe(v.string(), v.description("The signing secret (whsec_…): verify each delivery with it. Shown once.")),
});

/** The stored subscription: the view, the sealed secret and who made it (told if it is disabled). */
export interface Subscription extends WebhookView {
  sealedSecret: string;
  createdBy: Actor;
}

const toView = (s: Subscription): WebhookView => {
  const { sealedSecret: _s, createdBy: _c, ...view } = s;
  return view;
};

/** Makes a subscription: the URL passes the SSRF guard first (400 naming `url`); answers its secret once. */
export async function create(input: WebhookInput, actor: Actor): Promise<v.InferOutput<typeof NewWebhookSchema>> {
  await checkUrl(input.url);
  const id = `whk_${ulid(now().getTime())}`;
  const secret = newSecret();
  const subscription: Subscription = { id, url: input.url, events: [...new Set(input.events)], status: "active", createdAt: now().toISOString(), sealedSecret: sealSecret(id, secret), createdBy: actor };
  await transact([
    { Put: { TableName: tableName(), Item: { ...webhookKeys.subscription(id), type: "webhook", ...subscription }, ConditionExpression: "attribute_not_exists(pk)" } },
    Audit.record(actor, "webhook.create", id, { host: new URL(input.url).host, events: subscription.events }),
  ]);
  return { ...toView(subscription), secret };
}

/** Every subscription with its secret, for the outbound worker. */
export async function all(): Promise<Subscription[]> {
  const items = await queryAll<Record<string, unknown>>({ KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": webhookKeys.subscriptions } });
  return items.map((item) => strip(item) as unknown as Subscription);
}

/** A subscription with its secret, or undefined. */
export async function find(id: string): Promise<Subscription | undefined> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: webhookKeys.subscription(id) }));
  return Item ? (strip(Item) as unknown as Subscription) : undefined;
}

const notFound = (id: string) => new VisibleError("not-found", "webhook_not_found", `No webhook subscription has the id ${id}.`);

/** The subscriptions, without their secrets. */
export async function list(): Promise<WebhookView[]> {
  return (await all()).map(toView);
}

/** One subscription without its secret, or a 404. */
export async function get(id: string): Promise<WebhookView> {
  const found = await find(id);
  if (!found) throw notFound(id);
  return toView(found);
}

/** Deletes a subscription (404 when unknown): nothing more is delivered to it; its log goes with time. */
export async function remove(id: string, actor: Actor): Promise<void> {
  await transact(
    [
      { Delete: { TableName: tableName(), Key: webhookKeys.subscription(id), ConditionExpression: "attribute_exists(pk)" } },
      Audit.record(actor, "webhook.delete", id),
    ],
    () => {
      throw notFound(id);
    },
  );
}

/** Queues a `webhook.test` event for this subscription only (whatever it subscribed to), audited with its event id; answers the event id. */
export async function sendTest(id: string, actor: Actor): Promise<{ eventId: string }> {
  const outbox = outboxItem("webhook.test", { subscriptionId: id }, { only: id });
  const eventId = (outbox.Put!.Item as { id: string }).id;
  await transact([{ ConditionCheck: { TableName: tableName(), Key: webhookKeys.subscription(id), ConditionExpression: "attribute_exists(pk)" } }, outbox, Audit.record(actor, "webhook.test", id, { eventId })], () => {
    throw notFound(id);
  });
  return { eventId };
}

/**
 * Enables a disabled subscription again (once its receiver works): events from now on are delivered to it;
 * what failed meanwhile stays failed. Audited; enabling an active one changes nothing. 404 when unknown.
 */
export async function enable(id: string, actor: Actor): Promise<WebhookView> {
  const found = await get(id);
  if (found.status === "active") return found;
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: webhookKeys.subscription(id),
          UpdateExpression: "SET #status = :active REMOVE disabledAt",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":active": "active" },
        },
      },
      Audit.record(actor, "webhook.enable", id),
    ],
    () => {
      throw notFound(id);
    },
  );
  const { disabledAt: _, ...enabled } = found;
  return { ...enabled, status: "active" };
}
