import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { VisibleError } from "@rapport/core/error";
import type { AppEnv } from "./auth.ts";
import { LARGE_BODIES, MAX_BODY_BYTES } from "./body-size.ts";

const isFormPost = (contentType: string | undefined) => /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(contentType ?? "");

/** The API's routes answer JSON whatever the request's content type; only pages answer a form post with a page. */
const isApi = (path: string) => path.startsWith("/v1/");

/** A body limit of `maxSize` bytes; `what` ends the 413's sentence. */
function limited(maxSize: number, what: string): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: async (c) => {
      const error = new VisibleError("too-large", "body_too_large", `The request body is over ${maxSize / 1024} KB, ${what}.`);
      if (isApi(c.req.path) || !isFormPost(c.req.header("content-type"))) throw error;
      const { errorPage, localeFor } = await import("./customer-pages.ts");
      // A customer's form (/s, /c, /p, /r, /u) answers in the customer's language as far as the request tells it.
      return errorPage(c, error, /^\/[scpru]\//.test(c.req.path) ? localeFor(c) : undefined);
    },
  });
}

/**
 * Refuses bodies over MAX_BODY_BYTES (or a route's own limit in LARGE_BODIES), by their Content-Length or,
 * when it is absent, as the stream passes the limit: API and JSON callers get the error body, a browser's
 * form post to a page the customer's HTML page.
 */
export function bodyLimited(): MiddlewareHandler<AppEnv> {
  const normal = limited(MAX_BODY_BYTES, "the most any route reads");
  const large = Object.fromEntries(Object.entries(LARGE_BODIES).map(([route, size]) => [route, limited(size, "the most this route reads")]));
  return (c, next) => (large[`${c.req.method} ${c.req.path}`] ?? normal)(c, next);
}
