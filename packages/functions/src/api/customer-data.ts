import { Hono } from "hono";
import * as v from "valibot";
import { IdSchema } from "@rapport/core/fields";
import { CustomerExportSchema, exportCustomer } from "@rapport/core/privacy/export";
import { erase, ErasureSchema } from "@rapport/core/privacy/erase";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const CustomerIdParam = v.strictObject({ id: IdSchema("cus") });

const at = "2026-11-02T09:20:00.000Z";
const ExportOutput = component("CustomerExport", CustomerExportSchema, {
  exportedAt: "2026-12-01T10:00:00.000Z",
  customer: { id: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K", name: "José Núñez", email: "jose.nunez@example.com", company: "Northwind", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", createdAt: at, updatedAt: at },
  onboardingAnswers: [{ channel: "phone", contact: "+34 600 000 000", timezone: "Europe/Madrid", cadence: "monthly", responseTime: "4h", answeredAt: at }],
  profile: { shared: [{ id: "ent_1", kind: "shared", field: "personalInterests", text: "Sailing", at }], notes: [{ id: "ent_2", kind: "note", text: "Prefers calls after 4 pm.", at }] },
  invitations: [{ id: "inv_01JH5Z6N2P4Q6R8S0T2V4W6X8Y", kind: "report-card", status: "answered", sentAt: at, openedAt: at, answeredAt: at }],
  responses: [{ invitationId: "inv_01JH5Z6N2P4Q6R8S0T2V4W6X8Y", period: "2026-Q4", ratings: { listening: 5, follow_up: 2 }, improve: "Call back when you say you will." }],
  followUps: [
    { id: "fup_01JH5Z7", kind: "recovery", status: "resolved", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", repName: "Dana Ortiz", dueAt: at, createdAt: at, comment: "Call back when you say you will.", verdict: "recovered" },
  ],
  flags: [],
  deals: [],
  campaigns: [],
  emailing: { suppressed: false, messages: 1 },
  audit: [{ id: "aud_1", at, actor: { kind: "api-key", id: "key_1" }, action: "customer.create", entityId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K" }],
});
const ErasureOutput = component("Erasure", ErasureSchema, { customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K", erasedAt: "2026-12-01T10:00:00.000Z", rewritten: 42 });

export const customerData = new Hono<AppEnv>()
  .get(
    "/:id/export",
    describe({
      operationId: "exportCustomer",
      summary: "Everything stored about a customer (data access request)",
      description:
        "The customer record, every version of their onboarding preferences, their profile (what they shared, reps' notes), every invitation with its answers, their counted responses, the follow-ups about them (named or anonymous, with verdicts), bias flags on their responses, deal events, the campaign batches that listed them, whether their address may be emailed, and every audit entry about them. Reads only.",
      tags: ["Customers"],
      security: ["admin"],
      responses: { 200: { description: "The customer's data", schema: ExportOutput }, 404: "Unknown customer" },
    }),
    requireScope("admin"),
    validate("param", CustomerIdParam),
    async (c) => c.json(await exportCustomer(c.req.valid("param").id)),
  )
  .post(
    "/:id/erase",
    describe({
      operationId: "eraseCustomer",
      summary: "Erase a customer (right to erasure)",
      description:
        "Replaces the customer's identity everywhere with a tombstone (name \"Erased customer\", email `erased+<id>@erased.invalid`) and removes every free text they wrote or reps wrote about them (comments, about me, concerns, onboarding texts, notes); their profile and onboarding answers are deleted. Ratings, aggregates, score cards and closed snapshots are kept unchanged (a closed period's hash still verifies). Their address is kept only as a SHA-256 on the suppression list: it is never emailed again. Idempotent: a second call answers the first erasure's time. Audited with who and when, no personal data.",
      tags: ["Customers"],
      security: ["admin"],
      responses: { 200: { description: "Erased", schema: ErasureOutput }, 404: "Unknown customer" },
    }),
    requireScope("admin"),
    validate("param", CustomerIdParam),
    async (c) => c.json(await erase(c.req.valid("param").id, c.get("actor"))),
  );
