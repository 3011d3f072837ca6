/** A subscription's delivery log: its latest deliveries, newest first, as `GET /v1/webhooks/{id}` shows them. */
import * as v from "valibot";
import { queryPage, strip } from "../db/index.ts";
import { webhookKeys } from "./keys.ts";
import { deliveryStatuses } from "./deliver.ts";

export const DeliverySchema = v.object({
  eventId: v.pipe(v.string(), v.description("The event, and the webhook-id header of every try.")),
  event: v.string(),
  status: v.pipe(v.picklist(deliveryStatuses), v.description("sending, delivered, retrying (nextAt says when), failed after 24 hours, or cancelled (the subscription was deleted or disabled).")),
  attempt: v.pipe(v.number(), v.description("Tries so far.")),
  firstAt: v.string(),
  lastAt: v.optional(v.string()),
  nextAt: v.optional(v.string()),
  responseCode: v.optional(v.pipe(v.number(), v.description("The receiver's HTTP status on the latest try."))),
  error: v.optional(v.pipe(v.string(), v.description("Why the latest try got no HTTP answer: timeout, refused (the SSRF guard), connection."))),
  durationMs: v.optional(v.number()),
});
export type DeliveryView = v.InferOutput<typeof DeliverySchema>;

/** The latest `limit` deliveries of subscription `id`, newest first. */
export async function deliveriesOf(id: string, limit = 20): Promise<DeliveryView[]> {
  const page = await queryPage<Record<string, unknown>>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": webhookKeys.target({ kind: "webhook", id }), ":prefix": webhookKeys.deliveryPrefix },
    ScanIndexForward: false,
    Limit: limit,
  });
  return page.items.map((item) => {
    const { target: _t, ttl: _ttl, ...rest } = strip(item);
    return rest as unknown as DeliveryView;
  });
}
