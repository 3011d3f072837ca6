import { Hono } from "hono";
import * as v from "valibot";
import { log } from "@rapport/core/log/index";
import type { AppEnv } from "./auth.ts";
import { errorBody } from "./errors.ts";
import { component, describe, shaped } from "./openapi.ts";

const Health = component("Health", v.object({ ok: v.literal(true) }), { ok: true });

/** GET /health: 200 once a read from the table succeeds, 503 while it fails. */
export const health = new Hono<AppEnv>().get(
  "/",
  describe({
    operationId: "getHealth",
    summary: "Health: answers once the database answers",
    description: "For load balancers and monitors: 200 once a read from the database succeeds, 503 while it fails. Needs no key.",
    tags: ["Operations"],
    security: ["public"],
    responses: { 200: { description: "Healthy", schema: Health }, 503: "The database does not answer" },
  }),
  async (c) => {
    try {
      const [{ GetCommand }, { db, tableName }] = await Promise.all([import("@aws-sdk/lib-dynamodb"), import("@rapport/core/db/index")]);
      await db().send(new GetCommand({ TableName: tableName(), Key: { pk: "HEALTH", sk: "HEALTH" } }));
    } catch (error) {
      log.warn("health check failed", { requestId: c.get("requestId"), error });
      return c.json(errorBody("unavailable", "The database does not answer yet."), 503);
    }
    return c.json(shaped(Health, { ok: true }));
  },
);
