import { Hono } from "hono";
import * as v from "valibot";
import { Audit } from "@rapport/core/audit/index";
import { now } from "@rapport/core/clock/index";
import { CursorSchema, LimitSchema } from "@rapport/core/fields";
import { requireScope, type AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { validate } from "./validate.ts";

export const AuditQuerySchema = v.strictObject({
  month: v.optional(v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month such as 2026-11"))),
  entityId: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.@+-]{3,254}$/, "must be an id such as rep_01..., period_2026-Q4 or an email address"))),
  limit: LimitSchema,
  cursor: CursorSchema,
});

const AuditOutput = v.object({
  items: v.array(
    v.object({ id: v.string(), at: v.string(), actor: v.object({ kind: v.string(), id: v.string() }), action: v.string(), entityId: v.string(), detail: v.optional(v.record(v.string(), v.unknown())) }),
  ),
  cursor: v.optional(v.string()),
});

export const audit = new Hono<AppEnv>().get(
  "/",
  describe({
    summary: "Read the audit log: one month (newest first) or one entity's history",
    tags: ["Audit"],
    security: ["admin"],
    responses: { 200: { description: "A page of audit entries", schema: AuditOutput }, 400: "Invalid query", 401: "No API key", 403: "Not an admin key" },
  }),
  requireScope("admin"),
  validate("query", AuditQuerySchema),
  async (c) => {
    const { month, entityId, limit, cursor } = c.req.valid("query");
    if (entityId) return c.json(await Audit.forEntity(entityId, cursor, limit));
    return c.json(await Audit.listMonth(month ?? now().toISOString().slice(0, 7), cursor, limit));
  },
);
