import { Hono } from "hono";
import * as v from "valibot";
import { NewWebhookSchema, Webhook, WebhookDetailSchema, WebhookSchema, WebhookViewSchema } from "@rapport/core/webhook/index";
import { IdSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

const IdParam = v.object({ id: IdSchema("whk") });
const view = { id: "whk_01JH5ZA1B2C3D4E5F6G7H8J9K0", url: "https://crm.example.com/hooks/rapport", events: ["case.opened" as const, "case.resolved" as const], status: "active" as const, createdAt: "2026-11-02T09:15:00.000Z" };

component("WebhookInput", WebhookSchema, { url: view.url, events: view.events });
const NewWebhook = component("NewWebhook", NewWebhookSchema, { ...view, secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });
const WebhookOutput = component("Webhook", WebhookViewSchema, view);
const WebhookList = component("WebhookList", v.object({ items: v.array(WebhookViewSchema) }), { items: [view] });
const delivery = { eventId: "evt_01JH5ZB2C3D4E5F6G7H8J9K0M1", event: "case.opened", status: "retrying" as const, attempt: 2, firstAt: "2026-11-02T10:00:00.000Z", lastAt: "2026-11-02T10:00:31.000Z", nextAt: "2026-11-02T10:01:20.000Z", responseCode: 503, durationMs: 84 };
const WebhookDetail = component("WebhookDetail", WebhookDetailSchema, { ...view, deliveries: [delivery] });
const TestEvent = component("WebhookTestEvent", v.object({ eventId: v.string() }), { eventId: "evt_01JH5ZB2C3D4E5F6G7H8J9K0M1" });

const unknown = "Unknown webhook subscription";

export const webhooks = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "createWebhook",
      summary: "Subscribe a URL to events (the signing secret is shown once)",
      description:
        "Rapport POSTs each event the subscription asks for to `url`, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret answered here, once. The URL must be https and must not resolve to a loopback, private or link-local address (the local stage also takes http://127.0.0.1).",
      tags: ["Webhooks"],
      security: ["admin"],
      responses: { 201: { description: "The subscription with its secret", schema: NewWebhook }, 400: "Invalid input, or a URL the SSRF guard refuses (`invalid_url`, naming `url`)." },
    }),
    requireScope("admin"),
    validate("json", WebhookSchema),
    async (c) => c.json(await Webhook.create(c.req.valid("json"), c.get("actor")), 201),
  )
  .get(
    "/",
    describe({
      operationId: "listWebhooks",
      summary: "The webhook subscriptions",
      description: "Every subscription, active or disabled, without its secret.",
      tags: ["Webhooks"],
      security: ["admin"],
      responses: { 200: { description: "The subscriptions", schema: WebhookList } },
    }),
    requireScope("admin"),
    async (c) => c.json(shaped(WebhookList, { items: await Webhook.list() })),
  )
  .get(
    "/:id",
    describe({
      operationId: "getWebhook",
      summary: "A subscription and its delivery log",
      description: "The subscription (without its secret) and its latest deliveries: status, tries, the receiver's response code and how long it took. The log keeps no payloads.",
      tags: ["Webhooks"],
      security: ["admin"],
      responses: { 200: { description: "The subscription and its deliveries", schema: WebhookDetail }, 404: unknown },
    }),
    requireScope("admin"),
    validate("param", IdParam),
    async (c) => c.json(shaped(WebhookDetail, await Webhook.detail(c.req.valid("param").id))),
  )
  .delete(
    "/:id",
    describe({
      operationId: "deleteWebhook",
      summary: "Delete a subscription",
      description: "Nothing more is delivered to it, retries included.",
      tags: ["Webhooks"],
      security: ["admin"],
      responses: { 204: "Deleted", 404: unknown },
    }),
    requireScope("admin"),
    validate("param", IdParam),
    async (c) => {
      await Webhook.remove(c.req.valid("param").id, c.get("actor"));
      return c.body(null, 204);
    },
  )
  .post(
    "/:id/enable",
    describe({
      operationId: "enableWebhook",
      summary: "Enable a disabled subscription again",
      description: "Once its receiver works again: events from now on are delivered to it (what failed while it was disabled stays failed). Enabling an active subscription changes nothing. Audited.",
      tags: ["Webhooks"],
      security: ["admin"],
      responses: { 200: { description: "The subscription, active", schema: WebhookOutput }, 404: unknown },
    }),
    requireScope("admin"),
    validate("param", IdParam),
    async (c) => c.json(await Webhook.enable(c.req.valid("param").id, c.get("actor"))),
  )
  .post(
    "/:id/test",
    describe({
      operationId: "testWebhook",
      summary: "Send a test event to a subscription",
      description: "Queues a `webhook.test` event for this subscription alone, signed and retried like any other; its delivery shows in the log.",
      tags: ["Webhooks"],
      security: ["admin"],
      responses: { 202: { description: "The test event, queued", schema: TestEvent }, 404: unknown },
    }),
    requireScope("admin"),
    validate("param", IdParam),
    async (c) => c.json(await Webhook.sendTest(c.req.valid("param").id, c.get("actor")), 202),
  );
