import { Hono } from "hono";
import { Campaign, CampaignSchema, CampaignStartedSchema } from "@rapport/core/campaign/index";
import { Invitation } from "@rapport/core/invitation/index";
import { log } from "@rapport/core/log/index";
import { Metric } from "@rapport/core/metrics/index";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("CampaignInput", CampaignSchema, { kind: "report-card", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y" });

const CampaignOutput = component("Campaign", CampaignStartedSchema, {
  id: "cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0",
  queued: 41,
  skipped: [{ customerId: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K", reason: "recently-surveyed" }],
  skippedByReason: { "recently-surveyed": 1 },
});

export const campaigns = new Hono<AppEnv>().post(
  "/",
  describe({
    operationId: "startCampaign",
    summary: "Send report cards to many customers",
    description:
      "Queues one report card per eligible customer (a rep's customers, a list, or everyone) and answers at once. Skips customers surveyed in the last 60 days, suppressed addresses and customers without an email. The emails go out in SendBulkEmail batches right after the answer; anything left queued is sent by the scheduled job.",
    tags: ["Invitations"],
    security: ["admin"],
    responses: { 202: { description: "What was queued and what was skipped, and why", schema: CampaignOutput }, 404: "Unknown rep" },
  }),
  requireScope("admin"),
  validate("json", CampaignSchema),
  async (c) => {
    const { invitations, ...started } = await Campaign.start(c.req.valid("json"), c.get("actor"));
    // Sending continues after the answer; every invitation is claimed before it is sent, so the
    // scheduled job can safely pick up whatever this does not finish.
    if (invitations.length) {
      void Invitation.deliver(invitations).catch((error: unknown) => {
        Metric.count("CampaignFailures");
        log.error("campaign dispatch failed; the scheduled job will retry", { campaignId: started.id, error });
      });
    }
    return c.json(started, 202);
  },
);
