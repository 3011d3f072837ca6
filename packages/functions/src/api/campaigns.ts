import { Hono } from "hono";
import * as v from "valibot";
import { Campaign, CampaignSchema } from "@rapport/core/campaign/index";
import { Invitation } from "@rapport/core/invitation/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

const CampaignOutput = v.object({
  id: v.string(),
  queued: v.number(),
  skipped: v.array(v.object({ customerId: v.string(), reason: v.string() })),
  skippedByReason: v.record(v.string(), v.number()),
});

export const campaigns = new Hono<AppEnv>().post(
  "/",
  describe({
    summary: "Send report cards to many customers",
    description:
      "Queues one report card per eligible customer (a rep's customers, a list, or everyone) and answers at once. Skips customers surveyed in the last 60 days, suppressed addresses and customers without an email. The emails go out in SendBulkEmail batches right after the answer; anything left queued is sent by the scheduled job.",
    tags: ["Invitations"],
    security: ["admin"],
    responses: { 202: { description: "What was queued and what was skipped, and why", schema: CampaignOutput }, 400: "Invalid input", 401: "No API key", 403: "Not an admin key", 404: "Unknown rep" },
  }),
  requireScope("admin"),
  validate("json", CampaignSchema),
  async (c) => {
    const result = await Campaign.start(c.req.valid("json"), c.get("actor"));
    // Sending continues after the answer; every invitation is claimed before it is sent, so the
    // scheduled job can safely pick up whatever this does not finish.
    if (result.invitations.length) {
      void Invitation.deliver(result.invitations).catch((error: unknown) =>
        console.error(JSON.stringify({ level: "error", msg: "campaign dispatch failed; the scheduled job will retry", campaignId: result.id, error: String(error) })),
      );
    }
    const skippedByReason: Record<string, number> = {};
    for (const s of result.skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
    return c.json({ id: result.id, queued: result.queued, skipped: result.skipped, skippedByReason }, 202);
  },
);
