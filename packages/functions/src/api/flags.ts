import { Hono } from "hono";
import * as v from "valibot";
import { Auth } from "@rapport/core/auth/index";
import { IdSchema } from "@rapport/core/fields";
import { ClearFlagSchema, Flag, FlagListSchema, FlagSchema, flagStatuses, VoidFlagSchema } from "@rapport/core/flag/index";
import { PeriodSchema } from "@rapport/core/period/index";
import { requireScope, requireScopeOrViewer, type AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { validate } from "./validate.ts";

export const FlagQuerySchema = v.strictObject({
  period: PeriodSchema,
  status: v.optional(v.picklist(flagStatuses, "must be open, cleared or voided")),
});

const FlagParam = v.object({ id: IdSchema("flg") });

const flagExample = {
  id: "flg_7K2M4N6P8R0T2V4X6Y8Z0A2B4C",
  responseId: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X",
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  period: "2026-Q4",
  rule: "solicited",
  reason: 'A comment mentions being asked for a good rating ("asked me to give 5", in what the rep could do better).',
  status: "open" as const,
  createdAt: "2026-11-20T18:04:00.000Z",
};
const decided = {
  ...flagExample,
  status: "cleared" as const,
  decidedAt: "2026-12-30T09:15:00.000Z",
  decidedBy: { kind: "api-key" as const, id: "key_01JH5ZB2C4D6E8F0G2H4J6K8M0" },
  note: "Called the customer: the rep only asked them to answer, not for a score.",
};
const FlagOutput = component("Flag", FlagSchema, decided);
const FlagList = component("FlagList", FlagListSchema, { period: "2026-Q4", items: [flagExample] });
component("ClearFlagInput", ClearFlagSchema, { note: decided.note });
component("VoidFlagInput", VoidFlagSchema, { reason: "The rep asked the customer for a 5; the card does not count." });

export const flags = new Hono<AppEnv>()
  .get(
    "/",
    describe({
      operationId: "listFlags",
      summary: "A period's bias flags: finance and admin keys see all, a signed-in manager their team's",
      description:
        "A report card is flagged when the customer answered from the organization's or the rep's email domain (`self_domain`) or a comment mentions the rep's bonus, pay or being asked for a good rating (`solicited`). A flag never changes a number: finance clears it or voids its response, and the period does not close while one is open. Oldest first; `status` filters. A flag names the customer only when they shared their name on the card.",
      tags: ["Compensation"],
      security: ["finance", "admin", "session"],
      responses: { 200: { description: "The flags", schema: FlagList }, 403: "A signed-in person who manages no one" },
    }),
    requireScopeOrViewer(["finance", "admin"]),
    validate("query", FlagQuerySchema),
    async (c) => {
      const { period, status } = c.req.valid("query");
      const repIds = Auth.teamScope(c.get("viewer"), "flags");
      return c.json(shaped(FlagList, await Flag.list(period, { ...(status ? { status } : {}), ...(repIds ? { repIds } : {}) })));
    },
  )
  .post(
    "/:id/clear",
    describe({
      operationId: "clearFlag",
      summary: "Clear a flag with a note: the response counts as it is (audited)",
      description: "The note (5 to 1000 characters) says why the response may count; it is kept on the flag and in the audit log.",
      tags: ["Compensation"],
      security: ["finance", "admin"],
      responses: { 200: { description: "The cleared flag", schema: FlagOutput }, 404: "Unknown flag", 409: "Already cleared, or its response voided (`flag_decided`)" },
    }),
    requireScope(["finance", "admin"]),
    validate("param", FlagParam),
    validate("json", ClearFlagSchema),
    async (c) => c.json(shaped(FlagOutput, await Flag.clear(c.req.valid("param").id, c.req.valid("json"), c.get("actor")))),
  )
  .post(
    "/:id/void",
    describe({
      operationId: "voidFlaggedResponse",
      summary: "Void a flag's response: its ratings and its card leave the rep's scores (audited)",
      description:
        "The same void as `POST /v1/invitations/{id}/void`: the rep's aggregates lose exactly this card, and every open flag of the response becomes `voided`, in one transaction. The reason (5 to 1000 characters) is kept on the flags and in the audit log.",
      tags: ["Compensation"],
      security: ["finance", "admin"],
      responses: {
        200: { description: "The flag, now voided", schema: FlagOutput },
        404: "Unknown flag",
        409: "Already cleared or voided (`flag_decided`), or the response's period is closed (`period_closed`)",
      },
    }),
    requireScope(["finance", "admin"]),
    validate("param", FlagParam),
    validate("json", VoidFlagSchema),
    async (c) => c.json(shaped(FlagOutput, await Flag.voidResponse(c.req.valid("param").id, c.req.valid("json"), c.get("actor")))),
  );
