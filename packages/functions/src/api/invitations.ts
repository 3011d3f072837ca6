import { Hono } from "hono";
import * as v from "valibot";
import { Invitation, InvitationSchema } from "@rapport/core/invitation/index";
import { IdSchema } from "@rapport/core/fields";
import { Response } from "@rapport/core/response/index";

export const VoidSchema = v.strictObject({
  reason: v.pipe(v.string("must be text"), v.trim(), v.minLength(5, "must say why (at least 5 characters)"), v.maxLength(1000, "must be at most 1000 characters")),
});
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const InvitationOutput = v.object({
  id: v.string(),
  kind: v.picklist(["onboarding", "report-card"]),
  status: v.picklist(["queued", "sent", "opened", "answered", "bounced", "expired", "suppressed"]),
  customerId: v.string(),
  repId: v.string(),
  surveyVersion: v.string(),
  createdAt: v.string(),
  expiresAt: v.string(),
  sentAt: v.optional(v.string()),
  messageId: v.optional(v.string()),
  reminderSentAt: v.optional(v.string()),
  openedAt: v.optional(v.string()),
  answeredAt: v.optional(v.string()),
  campaignId: v.optional(v.string()),
  voidedAt: v.optional(v.string()),
  voidReason: v.optional(v.string()),
  sendAttempts: v.optional(v.number()),
  lastError: v.optional(v.string()),
});

export const invitations = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      summary: "Send one form (onboarding or report card) to a customer",
      description: "The rep and survey version are frozen now. If SES fails after retries the invitation stays queued and the scheduled job retries it.",
      tags: ["Invitations"],
      security: ["admin"],
      responses: {
        201: { description: "The invitation (status sent, or queued when the email is waiting for a retry)", schema: InvitationOutput },
        400: "Invalid input or unknown customer",
        401: "No API key",
        403: "Not an admin key",
        409: "Recently surveyed, or the address is suppressed",
      },
    }),
    requireScope("admin"),
    validate("json", InvitationSchema),
    async (c) => c.json(Invitation.publicView(await Invitation.send(c.req.valid("json"), c.get("actor"))), 201),
  )
  .get(
    "/:id",
    describe({
      summary: "An invitation's status",
      tags: ["Invitations"],
      security: ["admin"],
      responses: { 200: { description: "The invitation", schema: InvitationOutput }, 400: "Invalid id", 401: "No API key", 403: "Not an admin key", 404: "Unknown invitation" },
    }),
    requireScope("admin"),
    validate("param", v.object({ id: IdSchema("inv") })),
    async (c) => c.json(Invitation.publicView(await Invitation.mustGet(c.req.valid("param").id))),
  )
  .post(
    "/:id/void",
    describe({
      summary: "Void an abusive report card: it leaves the rep's scores (audited)",
      description: "The answers stay stored, marked voided. Refused once the period is closed: reopen it first.",
      tags: ["Invitations"],
      security: ["admin"],
      responses: {
        200: { description: "Voided", schema: v.object({ invitationId: v.string(), period: v.string(), voidedAt: v.string() }) },
        400: "Missing reason",
        401: "No API key",
        403: "Not an admin key",
        404: "Unknown invitation",
        409: "Not answered, already voided, or the period is closed",
      },
    }),
    requireScope("admin"),
    validate("param", v.object({ id: IdSchema("inv") })),
    validate("json", VoidSchema),
    async (c) => c.json(await Response.voidReportCard(c.req.valid("param").id, c.req.valid("json").reason, c.get("actor"))),
  );
