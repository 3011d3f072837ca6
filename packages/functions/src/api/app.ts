import { Hono, type MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { withLogIds } from "@rapport/core/log/ids";
import type { AppEnv } from "./auth.ts";
import { notFound, onError } from "./errors.ts";
import { bodyLimited } from "./limits.ts";
import { noStoreByDefault, PUBLIC_CACHE } from "./caching.ts";
import type { document } from "./openapi.ts";
import { routeGroups } from "./routes.ts";

const VERSION = "1.0.0";

type Group = Hono<AppEnv>;

/** Where the outer app hands its request id to a group's app (see `mountLazily`). */
const REQUEST_ID = Symbol("rapport.requestId");

/** An app with the answers every app gives: a request id, JSON errors and a JSON 404. */
function base(id?: (c: { env: unknown }) => string) {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: "X-Request-Id", ...(id ? { generator: id } : {}) }));
  // Every line logged while the request runs, in core too, carries its request id.
  app.use((c, next) => withLogIds({ requestId: c.get("requestId") }, next));
  app.onError(onError);
  app.notFound(notFound);
  return app;
}

/** The group loaders of each path, in the table's order. */
function byPrefix() {
  const groups = new Map<string, (() => Promise<Group>)[]>();
  for (const [prefix, load] of routeGroups) groups.set(prefix, [...(groups.get(prefix) ?? []), load]);
  return groups;
}

/**
 * Serves every path under `prefix` from an app of that path's groups, built on its first request (the
 * groups' modules load then). The request id travels with the request, so both apps answer with the same one.
 */
function mountLazily(prefix: string, loads: (() => Promise<Group>)[]): MiddlewareHandler<AppEnv> {
  let inner: Promise<Group> | undefined;
  const build = async () => {
    const app = base((c) => (c.env as { [REQUEST_ID]: string })[REQUEST_ID]);
    for (const group of await Promise.all(loads.map((load) => load()))) app.route(prefix, group);
    return app;
  };
  return async (c) => {
    inner ??= build().catch((error: unknown) => {
      inner = undefined;
      throw error;
    });
    return (await inner).fetch(c.req.raw, { ...(c.env as object), [REQUEST_ID]: c.get("requestId") });
  };
}

/** Every route of every group mounted as it is: what the OpenAPI document describes, and what tests list. */
export async function everyRoute(): Promise<Group> {
  const app = base();
  for (const [prefix, loads] of byPrefix()) for (const load of loads) app.route(prefix, await load());
  return app;
}

/** Builds the Hono app that serves Rapport, the same in Lambda and under @hono/node-server. */
export function createApp() {
  const app = base();
  // HSTS only where cookies are secure (AWS). The headers are built on the first request, so the
  // configuration, and the `node:crypto` it loads, stay out of a cold start.
  let headers: Promise<MiddlewareHandler> | undefined;
  app.use(async (c, next) => {
    headers ??= import("@rapport/core/config").then(({ config }) =>
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          objectSrc: ["'none'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
        xFrameOptions: "DENY",
        // No page, token link or not, sends its address to another site (survey and sign-in tokens are in paths).
        referrerPolicy: "no-referrer",
        strictTransportSecurity: config().secureCookies ? "max-age=63072000; includeSubDomains" : false,
      }),
    );
    return (await headers)(c, next);
  });

  app.use(noStoreByDefault());
  app.use(bodyLimited());

  for (const [prefix, loads] of byPrefix()) {
    const serve = mountLazily(prefix, loads);
    app.all(prefix, serve);
    app.all(`${prefix}/*`, serve);
  }
  app.get("/", (c) => c.redirect("/dashboard", 303));

  let built: ReturnType<typeof document> | undefined;
  const spec = () =>
    (built ??= (async () => {
      const [{ config }, { document }] = await Promise.all([import("@rapport/core/config"), import("./openapi.ts")]);
      return document(await everyRoute(), { title: `${config().orgName} · Rapport API`, version: VERSION, serverUrl: config().appUrl });
    })());
  app.get("/openapi.json", async (c) => c.json(await spec(), 200, { "Cache-Control": PUBLIC_CACHE }));
  app.get("/docs", async (c) => {
    const { renderDocs } = await import("@rapport/web/docs");
    return c.html(renderDocs(await spec()), 200, { "Cache-Control": PUBLIC_CACHE });
  });

  return app;
}

