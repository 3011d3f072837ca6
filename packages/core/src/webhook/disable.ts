/**
 * The end of a subscription that stopped answering: when a delivery has failed for 24 hours and no
 * delivery to the subscription succeeded since that delivery's first try, the subscription is disabled
 * (once: of two racing give-ups one wins) and the admin is emailed. The email names the subscription and
 * its host, never a payload.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { Email } from "../email/index.ts";
import { log } from "../log/index.ts";
import { count } from "../metrics/index.ts";
import { webhookKeys } from "./keys.ts";
import type { Subscription } from "./subscription.ts";

/** Who is told: the admin who made the subscription (a person signed in), and the configured alert addresses. */
function recipients(subscription: Subscription): string[] {
  const creator = subscription.createdBy?.kind === "user" && subscription.createdBy.id.includes("@") ? [subscription.createdBy.id] : [];
  return [...new Set([...creator, ...config().webhookAlertEmails].map((a) => a.toLowerCase()))];
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Disables subscription `id` unless a delivery to it succeeded since `failingSince`; answers whether this call disabled it. */
export async function disable(id: string, failingSince: string): Promise<boolean> {
  const at = now().toISOString();
  const updated = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: webhookKeys.subscription(id),
      UpdateExpression: "SET #status = :disabled, disabledAt = :at",
      ConditionExpression: "#status = :active AND (attribute_not_exists(lastSuccessAt) OR lastSuccessAt < :since)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":disabled": "disabled", ":active": "active", ":at": at, ":since": failingSince },
      ReturnValues: "ALL_NEW",
    }),
    () => undefined,
  );
  if (!updated?.Attributes) return false;
  const subscription = updated.Attributes as unknown as Subscription;
  count("WebhooksDisabled");
  log.warn("webhook subscription disabled after 24 hours of failed deliveries", { webhookId: id });
  const host = new URL(subscription.url).host;
  const text = [
    `The webhook subscription ${id} (${host}) was disabled: its deliveries failed for 24 hours, since ${failingSince}.`,
    "Nothing more is sent to it. Its delivery log shows each try (GET /v1/webhooks/" + id + ").",
    "When the receiver works again, enable it on its page in the admin console (/admin/webhooks/" + id + ") or with POST /v1/webhooks/" + id + "/enable.",
  ].join("\n\n");
  for (const to of recipients(subscription)) {
    await Email.send({ to, subject: `Webhook disabled: ${host}`, text, html: text.split("\n\n").map((p) => `<p>${escape(p)}</p>`).join("") }).catch((error: unknown) =>
      log.error("the webhook-disabled email failed", { webhookId: id, error }),
    );
  }
  return true;
}
