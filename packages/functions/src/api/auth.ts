import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { ApiKey, type Scope } from "@rapport/core/api-key/index";
import type { Actor } from "@rapport/core/audit/index";
import { VisibleError } from "@rapport/core/error";

export interface AppEnv {
  Variables: {
    requestId: string;
    apiKey: ApiKey;
    actor: Actor;
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Requires an API key holding `scope`: 401 without a valid key, 403 with a key lacking the scope. */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const secret = bearer(c.req.header("authorization"));
    if (!secret) {
      c.header("WWW-Authenticate", 'Bearer realm="rapport"');
      throw new VisibleError("unauthenticated", "unauthenticated", "Send an API key as `Authorization: Bearer <key>`.");
    }
    const key = await ApiKey.verify(secret);
    if (!key) {
      c.header("WWW-Authenticate", 'Bearer realm="rapport", error="invalid_token"');
      throw new VisibleError("unauthenticated", "invalid_api_key", "The API key is not valid.");
    }
    if (!key.scopes.includes(scope)) {
      throw new VisibleError("forbidden", "missing_scope", `This route needs an API key with the ${scope} scope.`);
    }
    c.set("apiKey", key);
    c.set("actor", { kind: "api-key", id: key.id });
    await next();
  });
}
