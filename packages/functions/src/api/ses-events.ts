import { Hono } from "hono";
import * as v from "valibot";
import { applySesEvent, parseNotification } from "@rapport/core/email/events";
import { VisibleError } from "@rapport/core/error";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

export const SesNotificationSchema = component(
  "SesNotification",
  v.pipe(v.looseObject({}), v.description("An SES bounce or complaint notification, bare or wrapped in an SNS envelope (`Type`, `Message`).")),
  { notificationType: "Bounce", bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: "gone@example.com" }] }, mail: { messageId: "0100019a2b3c4d5e-6f7a8b9c-example-000000" } },
);
const Suppressed = component("SuppressedAddresses", v.object({ suppressed: v.array(v.string()) }), { suppressed: ["gone@example.com"] });

export const sesEvents = new Hono<AppEnv>().post(
  "/",
  describe({
    operationId: "applySesNotification",
    summary: "Apply an SES bounce or complaint notification",
    description:
      "In AWS, SES notifications arrive through SNS into their own Lambda; this route applies the same notification (bare, or wrapped in an SNS envelope) for local use and operators.",
    tags: ["Operations"],
    security: ["admin"],
    body: { schema: SesNotificationSchema, required: true },
    responses: { 200: { description: "The addresses newly suppressed", schema: Suppressed }, 400: "Not an SES notification" },
  }),
  requireScope("admin"),
  validate("json", SesNotificationSchema),
  async (c) => {
    const event = parseNotification(c.req.valid("json"));
    if (!event) throw new VisibleError("input", "invalid_notification", "The body is not an SES bounce or complaint notification.", { mail: "must carry mail.messageId and a bounce or complaint" });
    return c.json(shaped(Suppressed, { suppressed: await applySesEvent(event) }));
  },
);
