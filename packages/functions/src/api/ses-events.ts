import { Hono } from "hono";
import * as v from "valibot";
import { applySesEvent, parseNotification } from "@rapport/core/email/events";
import { VisibleError } from "@rapport/core/error";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const SesNotificationSchema = v.looseObject({});

export const sesEvents = new Hono<AppEnv>().post(
  "/",
  describe({
    summary: "Apply an SES bounce or complaint notification",
    description:
      "In AWS, SES notifications arrive through SNS into their own Lambda; this route applies the same notification (bare, or wrapped in an SNS envelope) for local use and operators.",
    tags: ["Operations"],
    security: ["admin"],
    responses: { 200: { description: "The addresses newly suppressed", schema: v.object({ suppressed: v.array(v.string()) }) }, 400: "Not an SES notification", 401: "No API key", 403: "Not an admin key" },
  }),
  requireScope("admin"),
  validate("json", SesNotificationSchema),
  async (c) => {
    const event = parseNotification(c.req.valid("json"));
    if (!event) throw new VisibleError("input", "invalid_notification", "The body is not an SES bounce or complaint notification.", { mail: "must carry mail.messageId and a bounce or complaint" });
    return c.json({ suppressed: await applySesEvent(event) });
  },
);
