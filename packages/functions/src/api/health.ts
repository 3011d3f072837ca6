import { Hono } from "hono";
import { HealthSchema } from "@rapport/core/health/report";
import { log } from "@rapport/core/log/index";
import type { AppEnv } from "./auth.ts";
import { errorBody } from "./errors.ts";
import { component, describe, shaped } from "./openapi.ts";

const Health = component("Health", HealthSchema, { ok: true, database: "ok", queue: { stream: "enabled", deadLetters: 0 } });

/** GET /health: 200 while the table answers and its stream carries campaign work, 503 otherwise. */
export const health = new Hono<AppEnv>().get(
  "/",
  describe({
    operationId: "getHealth",
    summary: "Health: the database and the campaign queue",
    description:
      "For load balancers and monitors: 200 once a read from the database succeeds and its stream (which carries campaign work to the worker) is on, with the number of campaign dead letters; 503 while the database does not answer or the stream is off. Needs no key.",
    tags: ["Operations"],
    security: ["public"],
    responses: { 200: { description: "Healthy", schema: Health }, 503: "The database does not answer, or its stream is off so campaigns would never send" },
  }),
  async (c) => {
    const report = await import("@rapport/core/health/index")
      .then((m) => m.Health.check())
      .catch((error: unknown) => {
        log.warn("health check failed", { requestId: c.get("requestId"), error });
        return undefined;
      });
    if (!report) return c.json(errorBody("unavailable", "The database does not answer yet."), 503);
    if (!report.ok) {
      log.warn("health check: the table's stream is off", { requestId: c.get("requestId") });
      return c.json(errorBody("unavailable", "The table's stream is off: campaigns would never reach the worker."), 503);
    }
    return c.json(shaped(Health, report));
  },
);
