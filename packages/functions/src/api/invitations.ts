import { Hono } from "hono";
import * as v from "valibot";
import { Invitation, InvitationSchema, InvitationViewSchema, VoidedReportCardSchema } from "@rapport/core/invitation/index";
import { IdSchema } from "@rapport/core/fields";
import { Response } from "@rapport/core/response/index";

export const VoidSchema = v.strictObject({
  reason: v.pipe(v.string("must be text"), v.trim(), v.minLength(5, "must say why (at least 5 characters)"), v.maxLength(1000, "must be at most 1000 characters")),
});
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("InvitationInput", InvitationSchema, { customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K", kind: "report-card" });
component("VoidInput", VoidSchema, { reason: "Abusive comment about the rep's family" });

const InvitationOutput = component("Invitation", InvitationViewSchema, {
  id: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X",
  kind: "report-card",
  status: "sent",
  customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  surveyVersion: "rc-2026-1",
  createdAt: "2026-11-02T09:30:00.000Z",
  expiresAt: "2026-12-02T09:30:00.000Z",
  sentAt: "2026-11-02T09:30:01.000Z",
  messageId: "0100019a2b3c4d5e-6f7a8b9c-example-000000",
});

const Voided = component("VoidedReportCard", VoidedReportCardSchema, { invitationId: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X", period: "2026-Q4", voidedAt: "2026-11-20T14:00:00.000Z" });

export const invitations = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "sendInvitation",
      summary: "Send one form (onboarding or report card) to a customer",
      description: "The rep and survey version are frozen now. If SES fails after retries the invitation stays queued and the scheduled job retries it.",
      tags: ["Invitations"],
      security: ["admin"],
      responses: {
        201: { description: "The invitation (status sent, or queued when the email is waiting for a retry)", schema: InvitationOutput },
        400: "Invalid input (`error.fields` names each field), or an unknown customer",
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
      operationId: "getInvitation",
      summary: "An invitation's status",
      description: "Where the email stands (queued, sent, opened, answered, bounced, expired, suppressed) and when each step happened. The answers themselves are not shown here.",
      tags: ["Invitations"],
      security: ["admin"],
      responses: { 200: { description: "The invitation", schema: InvitationOutput }, 404: "Unknown invitation" },
    }),
    requireScope("admin"),
    validate("param", v.object({ id: IdSchema("inv") })),
    async (c) => c.json(Invitation.publicView(await Invitation.mustGet(c.req.valid("param").id))),
  )
  .post(
    "/:id/void",
    describe({
      operationId: "voidReportCard",
      summary: "Void an abusive report card or counted lost-deal card: it leaves the rep's scores (audited)",
      description:
        "The answers stay stored, marked voided; a lost-deal card also leaves the rep's coaching totals and the lost-deal insights. A lost-deal card counts only when it was sent while the plan counted lost-deal cards: a coaching one is 409 `not_counted`. Refused once the period is closed: reopen it first.",
      tags: ["Invitations"],
      security: ["admin"],
      responses: {
        200: { description: "Voided", schema: Voided },
        404: "Unknown invitation",
        409: "Not answered, a coaching lost-deal card (not_counted), already voided, or the period is closed",
      },
    }),
    requireScope("admin"),
    validate("param", v.object({ id: IdSchema("inv") })),
    validate("json", VoidSchema),
    async (c) => c.json(await Response.voidReportCard(c.req.valid("param").id, c.req.valid("json").reason, c.get("actor"))),
  );
