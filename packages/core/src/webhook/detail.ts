/** A subscription with its delivery log: what `GET /v1/webhooks/{id}` answers and the console's webhook page shows. */
import * as v from "valibot";
import { DeliverySchema, deliveriesOf } from "./log.ts";
import { get, WebhookViewSchema } from "./subscription.ts";

export const WebhookDetailSchema = v.object({
  ...WebhookViewSchema.entries,
  deliveries: v.pipe(v.array(DeliverySchema), v.description("The latest 20 deliveries, newest first: the delivery log.")),
});
export type WebhookDetail = v.InferOutput<typeof WebhookDetailSchema>;

/** Subscription `id` (without its secret) and its latest deliveries, newest first; 404 when unknown. */
export async function detail(id: string): Promise<WebhookDetail> {
  const [subscription, deliveries] = await Promise.all([get(id), deliveriesOf(id)]);
  return { ...subscription, deliveries };
}
