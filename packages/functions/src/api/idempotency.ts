import { createMiddleware } from "hono/factory";
import type { MiddlewareHandler } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import { Idempotency, IdempotencyKeySchema, InProgress } from "@rapport/core/idempotency/index";
import type { AppEnv } from "./auth.ts";

/** The request header a route documents (OpenAPI `in: header`). */
export const IdempotencyHeaderSchema = v.object({ "Idempotency-Key": v.optional(IdempotencyKeySchema) });

/** What a replayed answer carries, besides the first answer's status and body. */
export const REPLAYED = "Idempotent-Replayed";

/**
 * Honours `Idempotency-Key` on a POST (after the key's scope and the body are checked): the first request
 * with a key does the work and its success is remembered for 24 hours; the same key and body again answer
 * that success with `Idempotent-Replayed: true`, doing nothing (core/idempotency). Without the header the
 * route runs as it is.
 */
export function idempotent(route: string): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const raw = c.req.header("idempotency-key");
    if (raw === undefined) return next();
    const key = v.safeParse(IdempotencyKeySchema, raw);
    if (!key.success) {
      const message = key.issues[0].message;
      throw new VisibleError("input", "invalid_idempotency_key", `Invalid Idempotency-Key: ${message}.`, { "Idempotency-Key": message });
    }
    const request = { apiKeyId: c.get("apiKey").id, key: key.output, fingerprint: Idempotency.fingerprint(route, await c.req.json()) };
    const claim = await Idempotency.begin(request).catch((error: unknown) => {
      if (error instanceof InProgress) c.header("Retry-After", String(error.retryAfterSeconds));
      throw error;
    });
    if ("answer" in claim) return c.body(claim.answer.body, claim.answer.status as 202, { "content-type": "application/json", [REPLAYED]: "true" });
    await next();
    // Only a success is remembered: a refused or failed first request leaves the key free for its correction.
    if (c.res.status < 400) await Idempotency.finish(request, claim.token, { status: c.res.status, body: await c.res.clone().text() });
    else await Idempotency.release(request, claim.token);
  });
}
