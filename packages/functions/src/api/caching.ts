import type { MiddlewareHandler } from "hono";

/**
 * What a shared cache may keep: the public documents (/openapi.json, /docs). Static scripts set their own
 * Cache-Control where they are served.
 */
export const PUBLIC_CACHE = "public, max-age=300";

/**
 * Every answer is `Cache-Control: no-store` unless its handler chose otherwise: pages and API answers carry
 * personal or pay data, and no browser, proxy or back button may keep them. Only static assets and the
 * public documents choose a cacheable value.
 */
export function noStoreByDefault(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("Cache-Control", "no-store");
  };
}
