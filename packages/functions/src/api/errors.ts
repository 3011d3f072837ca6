import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { VisibleError } from "@rapport/core/error";
import type { AppEnv } from "./auth.ts";
import type * as v from "valibot";
// Types only: the schema library and the OpenAPI module stay out of the cold start.
import type { ErrorSchema } from "./openapi.ts";

/** The one error body every JSON answer of 4xx or 5xx carries. */
export function errorBody(code: string, message: string, fields?: Record<string, string>): v.InferOutput<typeof ErrorSchema> {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}

/** A thrown VisibleError or 4xx HTTPException becomes its JSON answer; anything else a 500 that quotes the request id. */
export const onError: ErrorHandler<AppEnv> = async (error, c) => {
  if (error instanceof VisibleError) return c.json(errorBody(error.code, error.message, error.fields), error.status);
  if (error instanceof HTTPException && error.status < 500) {
    const message = error.message || "The request could not be read.";
    return c.json(errorBody(error.status === 400 ? "malformed_request" : "http_error", message), error.status);
  }
  // The logger loads with the first failure, not at every cold start.
  const { log } = await import("@rapport/core/log/index");
  log.error("request failed", { requestId: c.get("requestId"), method: c.req.method, route: c.req.routePath, error });
  return c.json(errorBody("internal", `Something went wrong on our side. Quote request id ${c.get("requestId")} if you report it.`), 500);
};

export const notFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) => c.json(errorBody("not_found", `Nothing is at ${c.req.method} ${c.req.path}.`), 404);
