import { Hono } from "hono";
import { stream } from "hono/streaming";
import * as v from "valibot";
import { CursorSchema, IdSchema, LimitSchema } from "@rapport/core/fields";
import { PeriodSchema } from "@rapport/core/period/index";
import { defaultSurvey } from "@rapport/core/survey/index";
import { log } from "@rapport/core/log/index";
import { ExportedResponseSchema, listResponses, ResponsePageSchema, type ResponsePage } from "@rapport/core/privacy/responses";
import { pageAsCsv, responsesCsv } from "@rapport/core/privacy/responses-csv";
import { requireScope, type AppEnv } from "./auth.ts";
import { component, describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const ResponseListQuerySchema = v.strictObject({
  period: PeriodSchema,
  repId: v.optional(v.pipe(IdSchema("rep"), v.description("Only this rep's responses."))),
  limit: LimitSchema,
  cursor: CursorSchema,
});

const named = {
  id: "inv_01JH5Z6N2P4Q6R8S0T2V4W6X8Y",
  kind: "report-card" as const,
  repId: "rep_01JH5Z3Q8K2M4N6P8R0T2V4X6Y",
  period: "2026-Q4",
  submittedAt: "2026-11-12T15:04:05.000Z",
  surveyVersion: "rc-1",
  voided: false,
  ratings: { listening: 5, follow_up: 4, proactive: "na" as const, reachability: 4, advocacy: 5, customer_first: 5 },
  comment: "Call before you send the quote, please.",
  customer: { id: "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K", name: "José Núñez", email: "jose.nunez@example.com" },
};
const anonymous = { ...named, id: "inv_01JH5Z6N2P4Q6R8S0T2V4W6X8Z", ratings: { listening: 2, follow_up: 3 }, comment: "=Slow answers" };
const { customer: _c, ...anonymousRow } = anonymous;
component("ExportedResponse", ExportedResponseSchema, named);
const Page = component("ResponsePage", ResponsePageSchema, { items: [named, anonymousRow], nextCursor: "eyJhdCI6Imxvc3QifQ" });

const csvFile = (period: string, repId?: string) => `responses-${period}${repId ? `-${repId}` : ""}.csv`;

export const responses = new Hono<AppEnv>().get(
  "/",
  describe({
    operationId: "listResponses",
    summary: "Every response of a period (JSON pages, or CSV with Accept: text/csv)",
    description:
      "Report cards rep by rep, then lost deals' cards, with each behaviour's rating and the customer's free text. The customer's id, name and email are in a row only when they ticked \"share my name\" on that card: an anonymous row carries no customer id either (anyone who can look an id up would know who answered). JSON answers a page at a time (`limit`, `cursor` → `nextCursor`); CSV streams every response of the period page by page, one `rating_<behaviour>` column per behaviour any survey version asked about. Admin only: finance reads the numbers in the bonus inputs, not what customers wrote.",
    tags: ["Scores"],
    security: ["admin"],
    responses: {
      200: {
        description: "A page of responses, or the CSV of every one",
        schema: Page,
        csv: (page: ResponsePage) => pageAsCsv(page, defaultSurvey.behaviours.map((b) => b.id)),
        csvRows: "one row per response, `rating_<behaviour>` columns for every behaviour in the survey catalogue (an empty cell: not asked), `customer_*` empty unless the customer shared their name.",
      },
      404: "Unknown rep",
    },
  }),
  requireScope("admin"),
  validate("query", ResponseListQuerySchema),
  async (c) => {
    const { period, repId, limit, cursor } = c.req.valid("query");
    if (!(c.req.header("accept") ?? "").includes("text/csv")) return c.json(await listResponses({ period, repId, limit, cursor }));
    const chunks = await responsesCsv({ period, repId });
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="${csvFile(period, repId)}"`);
    return stream(
      c,
      async (out) => {
        for await (const chunk of chunks) await out.write(chunk);
      },
      async (error) => {
        log.error("responses CSV stopped part way", { requestId: c.get("requestId"), period, ...(repId ? { repId } : {}), error });
      },
    );
  },
);
