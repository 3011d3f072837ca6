import type { Context, MiddlewareHandler } from "hono";
import { timingSafeEqual } from "node:crypto";
import { createMiddleware } from "hono/factory";
import { getCookie } from "hono/cookie";
import { ApiKey, type Scope } from "@rapport/core/api-key/index";
import { Auth, type Viewer } from "@rapport/core/auth/index";
import type { Actor } from "@rapport/core/audit/index";
import { config } from "@rapport/core/config";
import { VisibleError } from "@rapport/core/error";
import { RateLimit } from "@rapport/core/ratelimit/index";
import { csrfFor, sameOrigin } from "./customer-pages.ts";

export interface AppEnv {
  Variables: {
    requestId: string;
    apiKey: ApiKey;
    actor: Actor;
    viewer: Viewer;
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** The header a signed-in admin's page sends its CSRF value in, on every write to the JSON API. */
export const CSRF_HEADER = "x-csrf-token";

/** The CSRF value of a signed-in person's admin writes: an HMAC bound to their session, so it dies with it. */
export const adminCsrf = (session: string) => csrfFor(`admin:${session}`);

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A signed-in admin on a route that takes the admin scope: the session cookie instead of a key. A write
 * must come from this site (Sec-Fetch-Site or Origin) and carry the session's CSRF value in X-CSRF-Token,
 * so another site cannot make an admin's browser write. A session of someone who is not an admin is 403.
 */
async function adminBySession(c: Context<AppEnv>, session: string): Promise<boolean> {
  variesByCookie(c);
  const viewer = await Auth.fromSession(session);
  if (!viewer) return false;
  if (!viewer.admin) throw new VisibleError("forbidden", "not_admin", "This needs an admin: sign in as one, or send an API key with the admin scope.");
  if (!SAFE_METHODS.has(c.req.method)) {
    const given = Buffer.from(c.req.header(CSRF_HEADER) ?? "");
    const expected = Buffer.from(adminCsrf(session));
    if (!sameOrigin(c) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new VisibleError("forbidden", "csrf", `A write by a signed-in admin must come from this site with the page's CSRF value in ${CSRF_HEADER}.`);
    }
  }
  c.set("actor", { kind: "user", id: viewer.email });
  return true;
}

/**
 * Requires an API key holding `scope` (or one of them): 401 without a valid key, 429 once the key's allowance
 * is spent, 403 with a key lacking the scope. Where `admin` is one of the scopes, a signed-in admin's session
 * cookie serves too (without an Authorization header; see `adminBySession`). A key's use is recorded at most
 * once a minute (its "last used").
 */
export function requireScope(scope: Scope | Scope[]): MiddlewareHandler<AppEnv> {
  const wanted = Array.isArray(scope) ? scope : [scope];
  return createMiddleware<AppEnv>(async (c, next) => {
    const secret = bearer(c.req.header("authorization"));
    const session = getCookie(c, SESSION_COOKIE);
    if (!c.req.header("authorization") && session && wanted.includes("admin") && (await adminBySession(c, session))) return next();
    if (!secret) {
      c.header("WWW-Authenticate", 'Bearer realm="rapport"');
      throw new VisibleError("unauthenticated", "unauthenticated", "Send an API key as `Authorization: Bearer <key>`.");
    }
    const key = await ApiKey.verify(secret);
    if (!key) {
      c.header("WWW-Authenticate", 'Bearer realm="rapport", error="invalid_token"');
      throw new VisibleError("unauthenticated", "invalid_api_key", "The API key is not valid.");
    }
    const [taken] = await Promise.all([RateLimit.take(`api-key#${key.id}`, config().apiKeyRate), ApiKey.touch(key, secret)]);
    if (!taken.allowed) {
      c.header("Retry-After", String(taken.retryAfterSeconds));
      throw new VisibleError("too-many", "rate_limited", `This API key has used its ${config().apiKeyRate.limit} requests for now; try again in ${taken.retryAfterSeconds} s.`);
    }
    if (!wanted.some((s) => key.scopes.includes(s))) {
      throw new VisibleError("forbidden", "missing_scope", `This route needs an API key with the ${wanted.join(" or ")} scope.`);
    }
    const { lastUsedAt: _, ...verified } = key;
    c.set("apiKey", verified);
    c.set("actor", { kind: "api-key", id: key.id });
    await next();
  });
}

/** The session cookie's name. */
export const SESSION_COOKIE = "rapport_session";

/** Marks the answer as one that depends on the session cookie: a cache must never hand it to another person. */
export function variesByCookie(c: Context): void {
  c.header("Vary", "Cookie");
}

/** The person signed in on this request (its session cookie), or undefined. */
export async function signedIn(c: Context): Promise<Viewer | undefined> {
  variesByCookie(c);
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? Auth.fromSession(cookie) : undefined;
}

/** Requires a signed-in rep or manager (session cookie): 401 otherwise. */
export function requireViewer(): MiddlewareHandler<AppEnv> {
  return createMiddleware<AppEnv>(async (c, next) => {
    const viewer = await signedIn(c);
    if (!viewer) throw new VisibleError("unauthenticated", "not_signed_in", "Sign in at /auth/login to see this.");
    c.set("viewer", viewer);
    c.set("actor", { kind: "user", id: viewer.email });
    await next();
  });
}

/**
 * Accepts either an API key with `scope` (or one of them; when an Authorization header is sent) or a signed-in person;
 * the handler then decides what that person may see. Where `admin` is one of the scopes, a signed-in admin reads
 * (GET, HEAD) what an admin key reads: no viewer is set, so the handler answers as to the key. Their writes stay
 * their own as a person (resolving as themselves, a note under their name).
 */
export function requireScopeOrViewer(scope: Scope | Scope[]): MiddlewareHandler<AppEnv> {
  const byKey = requireScope(scope);
  const adminReads = (Array.isArray(scope) ? scope : [scope]).includes("admin");
  return createMiddleware<AppEnv>(async (c, next) => {
    variesByCookie(c);
    if (c.req.header("authorization")) return byKey(c, next);
    const viewer = await signedIn(c);
    if (!viewer) throw new VisibleError("unauthenticated", "not_signed_in", "Sign in at /auth/login to see this.");
    c.set("actor", { kind: "user", id: viewer.email });
    if (!(adminReads && viewer.admin && SAFE_METHODS.has(c.req.method))) c.set("viewer", viewer);
    await next();
  });
}
