/**
 * Outbound webhooks and Slack: subscriptions (subscription.ts) and their delivery log (detail.ts, log.ts), the events domain writes put in their own
 * transactions (events.ts), delivery from the table's stream with retries by the scheduled job
 * (worker.ts, deliver.ts), disabling a subscription that failed for 24 hours (disable.ts), Slack (slack.ts).
 */
import { create, enable, get, list, remove, sendTest } from "./subscription.ts";
import { detail } from "./detail.ts";
import { retry } from "./deliver.ts";
import { work } from "./worker.ts";
import { slackUrlForRep } from "./slack.ts";

export { WebhookSchema, WebhookViewSchema, NewWebhookSchema, type WebhookInput, type WebhookView } from "./subscription.ts";
export { DeliverySchema, type DeliveryView } from "./log.ts";
export { WebhookDetailSchema, type WebhookDetail } from "./detail.ts";
export { webhookEvents, WebhookPayloadSchema } from "./events.ts";

export const Webhook = { create, get, list, remove, enable, sendTest, detail, retry, work, slackUrlForRep };
