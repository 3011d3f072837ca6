import { Hono } from "hono";
import { Deal, DealEventResultSchema, DealLostSchema, DealWonSchema } from "@rapport/core/deal/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe, type Answer } from "./openapi.ts";
import { validate } from "./validate.ts";
import { idempotent, IdempotencyHeaderSchema, REPLAYED } from "./idempotency.ts";

const contact = { email: "sam.lee@example.com", name: "Sam Lee", company: "Northwind" };
component("DealLostInput", DealLostSchema, { customer: contact, repEmail: "dana.ortiz@example.com", dealId: "crm-deal-4471", lostAt: "2026-11-20T16:30:00+01:00", reason: "Price" });
component("DealWonInput", DealWonSchema, { customer: contact, repEmail: "dana.ortiz@example.com", dealId: "crm-deal-4472", wonAt: "2026-11-20T16:30:00+01:00" });
const Result = component("DealEventResult", DealEventResultSchema, {
  event: "deal-lost",
  dealId: "crm-deal-4471",
  customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K",
  invitationId: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X",
  status: "sent",
});

/** The answers both events document: what was done (or replayed), and the idempotency refusals. */
const answers = (what: string): Record<number, Answer> => ({
  202: {
    description: `${what} Also the answer to a replay: the same Idempotency-Key and body within 24 hours answer the first answer again and do nothing.`,
    schema: Result,
    headers: { [REPLAYED]: { description: "`true` when this is the stored answer of an earlier request with the same Idempotency-Key.", schema: { type: "string", enum: ["true"] } } },
  },
  409: {
    description: "`idempotency_in_progress`: a request with the same Idempotency-Key is still being processed; try again after `Retry-After` seconds.",
    headers: { "Retry-After": { description: "Seconds to wait before trying again (1 or 2).", schema: { type: "integer", minimum: 1, maximum: 2 }, required: true } },
  },
  422: "`unknown_rep`: no active rep has `repEmail` (`error.fields.repEmail`); `event_too_old`: `lostAt` or `wonAt` is more than 90 days ago (`error.fields`); or `idempotency_key_reused`: the Idempotency-Key was used with another body in the last 24 hours",
});

const idempotencyNote =
  " Send `Idempotency-Key` (1–255 printable ASCII characters, per API key) to make a retry safe: for 24 hours the same key and body answer the first success again; a first request that failed frees its key.";

export const events = new Hono<AppEnv>()
  .post(
    "/deal-lost",
    describe({
      operationId: "dealLost",
      summary: "A deal was lost: send its contact a lost-deal card",
      description:
        "Finds the contact by email, or records them as a prospect (never a campaign's, a report card's or the onboarding form's target until a won deal makes them a customer); sends a short card on the rep's behaviours and \"What would have made you choose us?\", crediting the deal's rep. Outside the 60-day report-card cap. The plan's `lostDealCards` decides whether the answer counts toward scores (default: coaching only). One card per deal: a second event for the same `dealId` answers `duplicate` and sends nothing." +
        idempotencyNote,
      tags: ["Events"],
      security: ["events:write"],
      headers: IdempotencyHeaderSchema,
      responses: answers("Recorded: what was sent (or why not)."),
    }),
    requireScope("events:write"),
    validate("json", DealLostSchema),
    idempotent("deal-lost"),
    async (c) => c.json(await Deal.lost(c.req.valid("json"), c.get("actor")), 202),
  )
  .post(
    "/deal-won",
    describe({
      operationId: "dealWon",
      summary: "A deal was won: send the customer the onboarding form",
      description:
        "Finds the customer by email, or creates them for the rep; a prospect becomes the rep's customer; a customer of another rep keeps their rep. Sends the onboarding preference form (pre-filled with what is known) as POST /v1/invitations does. One form per deal: a second event for the same `dealId` answers `duplicate` and sends nothing." +
        idempotencyNote,
      tags: ["Events"],
      security: ["events:write"],
      headers: IdempotencyHeaderSchema,
      responses: answers("Recorded: what was sent (or why not)."),
    }),
    requireScope("events:write"),
    validate("json", DealWonSchema),
    idempotent("deal-won"),
    async (c) => c.json(await Deal.won(c.req.valid("json"), c.get("actor")), 202),
  );
