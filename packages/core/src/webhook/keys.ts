import { dueKeys } from "../job/keys.ts";

/**
 * Outbound events and where they go. The outbox item of an event (its own partition, gone a few days after
 * it was written), the subscriptions (one small partition: an organisation has a handful), and each
 * target's deliveries under the target (the delivery log, newest first by event id).
 */
export const webhookKeys = {
  outbox: (eventId: string) => ({ pk: `OUTBOX#${eventId}`, sk: "OUTBOX" }),
  /** gsi1: the outbox items that name a customer, so erasing them finds them by key. */
  byCustomer: (customerId: string, eventId: string) => ({ gsi1pk: `CUS#${customerId}#OUTBOX`, gsi1sk: eventId }),
  customerPartition: (customerId: string) => `CUS#${customerId}#OUTBOX`,
  subscriptions: "WEBHOOKS",
  subscription: (id: string) => ({ pk: "WEBHOOKS", sk: `WEBHOOK#${id}` }),
  /** A target's partition: a webhook subscription's, or a team's Slack channel's. */
  target: (target: Target) => (target.kind === "webhook" ? `WEBHOOK#${target.id}` : `SLACK#${target.id}`),
  delivery: (target: Target, eventId: string) => ({ pk: webhookKeys.target(target), sk: `DELIVERY#${eventId}` }),
  deliveryPrefix: "DELIVERY#",
  /** gsi2: when the scheduled job next tries a delivery (a retry, or one a stopped worker left). */
  due: (at: string, target: Target, eventId: string) => dueKeys.entry(at, `${webhookKeys.target(target)}#${eventId}`),
};

/** Where a delivery goes: a webhook subscription, or the Slack incoming webhook of a team. */
export interface Target {
  kind: "webhook" | "slack";
  id: string;
}
