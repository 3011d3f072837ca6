import { Hono } from "hono";
import * as v from "valibot";
import { Campaign, CampaignSchema, CampaignViewSchema, type CampaignView } from "@rapport/core/campaign/index";
import { CursorSchema, IdSchema, LimitSchema, pageOf } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

component("CampaignInput", CampaignSchema, { kind: "report-card", repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y", valueTier: "A" });

const example: CampaignView = {
  id: "cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0",
  kind: "report-card",
  status: "sending",
  total: 10_000,
  sent: 4_150,
  skipped: { suppressed: 12, capped: 230, unsubscribed: 8, unknown: 0, inactive: 0 },
  failed: 0,
  // 12 + 230 + 8 skipped; 4,150 + 250 + 0 = 4,400 handled, 44% of 10,000.
  skippedTotal: 250,
  handled: 4_400,
  percent: 44,
  scope: { valueTier: "A" },
  createdAt: "2026-11-02T09:30:00.000Z",
  startedAt: "2026-11-02T09:30:01.200Z",
  finishedAt: null,
};
const CampaignOutput = component("Campaign", CampaignViewSchema, example);
const CampaignPage = component("CampaignPage", pageOf(CampaignViewSchema), { items: [example] });

const IdParam = v.object({ id: IdSchema("cmp") });
export const CampaignListQuerySchema = v.strictObject({ limit: LimitSchema, cursor: CursorSchema });

export const campaigns = new Hono<AppEnv>()
  .post(
    "/",
    describe({
      operationId: "startCampaign",
      summary: "Send report cards to many customers, in the background",
      description:
        "Records the campaign (a rep's customers, a list, or everyone, narrowed by segment and value tier) and answers at once with how many customers it covers. A background worker sends the report cards in SendBulkEmail batches of 50 at the account's SES rate, skipping customers surveyed in the last 60 days and suppressed or unsubscribed addresses. Follow it with `GET /v1/campaigns/{id}`.",
      tags: ["Campaigns"],
      security: ["admin"],
      responses: { 202: { description: "The campaign, queued", schema: CampaignOutput }, 404: "Unknown rep" },
    }),
    requireScope("admin"),
    validate("json", CampaignSchema),
    async (c) => c.json(await Campaign.start(c.req.valid("json"), c.get("actor")), 202),
  )
  .get(
    "/",
    describe({
      operationId: "listCampaigns",
      summary: "Campaigns, newest first",
      description: "A page at a time (`limit`); pass the answer's `cursor` back for the next page.",
      tags: ["Campaigns"],
      security: ["admin"],
      responses: { 200: { description: "A page of campaigns", schema: CampaignPage } },
    }),
    requireScope("admin"),
    validate("query", CampaignListQuerySchema),
    async (c) => c.json(await Campaign.list(c.req.valid("query"))),
  )
  .get(
    "/:id",
    describe({
      operationId: "getCampaign",
      summary: "A campaign's progress",
      description: "How many report cards went out, how many customers were skipped and why, how many SES refused, and whether it is still sending.",
      tags: ["Campaigns"],
      security: ["admin"],
      responses: { 200: { description: "The campaign", schema: CampaignOutput }, 404: "Unknown campaign" },
    }),
    requireScope("admin"),
    validate("param", IdParam),
    async (c) => c.json(await Campaign.get(c.req.valid("param").id)),
  )
  .post(
    "/:id/cancel",
    describe({
      operationId: "cancelCampaign",
      summary: "Stop a campaign: nothing not yet sent goes out",
      description: "Batches not yet claimed are not sent; a batch already handed to SES finishes. Cancelling a cancelled campaign answers it again.",
      tags: ["Campaigns"],
      security: ["admin"],
      responses: { 200: { description: "The campaign, cancelled", schema: CampaignOutput }, 404: "Unknown campaign", 409: "The campaign already finished" },
    }),
    requireScope("admin"),
    validate("param", IdParam),
    async (c) => c.json(await Campaign.cancel(c.req.valid("param").id, c.get("actor"))),
  );
