import type { Context } from "hono";
import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "@rapport/core/config";
import { VisibleError } from "@rapport/core/error";
import { pages } from "./pages.ts";
import { fieldsOf } from "./validate.ts";

/** The brand every customer page shows. */
export const brand = () => ({ orgName: config().orgName, brandColor: config().brandColor });

/** The name a customer page greets them by: the first word of their name. */
export const firstName = (name: string) => name.split(/\s+/)[0] ?? name;

/** The CSRF value of a form bound to one link: an HMAC, so it needs no session and works without JavaScript. */
export function csrfFor(scope: string): string {
  return createHmac("sha256", config().tokenSecret).update(`csrf:${scope}`).digest("base64url");
}

function csrfValid(scope: string, value: unknown): boolean {
  if (typeof value !== "string") return false;
  const expected = Buffer.from(csrfFor(scope));
  const given = Buffer.from(value);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * Whether a form post comes from this site. Browsers say so in Sec-Fetch-Site; otherwise a real Origin
 * must match the host. An opaque Origin ("null") without Sec-Fetch-Site is refused; a caller that sends
 * neither header is not a browser, and cross-site request forgery needs a browser.
 */
export function sameOrigin(c: Context): boolean {
  const site = c.req.header("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = c.req.header("origin");
  if (origin === undefined) return true;
  if (origin === "null") return false;
  try {
    return new URL(origin).host === (c.req.header("host") ?? new URL(c.req.url).host);
  } catch {
    return false;
  }
}

export type Form = Record<string, string | File | (string | File)[]>;

/**
 * A posted HTML form, refused unless it comes from this site with the CSRF value of `scope` (which may
 * depend on the form, such as the sign-in token it carries). A body that is not a readable form is a 400,
 * not a 500. The `csrf` field is left out of the answer.
 */
export async function readForm(c: Context, scope: string | ((form: Form) => string), options: { all?: boolean } = {}): Promise<Form> {
  let form: Form;
  try {
    form = await c.req.parseBody({ all: options.all ?? false });
  } catch {
    throw new VisibleError("input", "malformed_form", "The form could not be read. Please open the page again and resend it.");
  }
  const { csrf, ...fields } = form;
  if (!sameOrigin(c) || !csrfValid(typeof scope === "string" ? scope : scope(form), csrf)) {
    throw new VisibleError("forbidden", "csrf", "This form has expired or came from another site. Please open the page again and resend it.");
  }
  return fields;
}

/** Whether the caller sent JSON (machine callers) rather than an HTML form. */
export function wantsJson(c: Context): boolean {
  return (c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json");
}

/** A form body as nested values: `ratings.listening=5` → `{ratings: {listening: "5"}}`; repeated names → arrays; blanks dropped. */
export function formToObject(body: Record<string, string | File | (string | File)[]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(body)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter((x): x is string => typeof x === "string");
    const kept = name === "interests" ? values.filter((x) => x.trim() !== "") : values;
    if (name !== "interests" && (kept.length === 0 || kept.every((x) => x.trim() === ""))) continue;
    const value: unknown = name === "interests" ? kept : kept.length === 1 ? kept[0] : kept;
    const path = name.split(".");
    let target = out;
    for (const part of path.slice(0, -1)) {
      if (part === "__proto__" || part === "constructor" || part === "prototype") return out;
      target[part] = typeof target[part] === "object" && target[part] !== null ? target[part] : {};
      target = target[part] as Record<string, unknown>;
    }
    const last = path[path.length - 1]!;
    if (last === "__proto__" || last === "constructor" || last === "prototype") continue;
    target[last] = value;
  }
  return out;
}

/** The HTML page for an error a customer meets (404, 410, 400, ...): never a stack trace. */
export async function errorPage(c: Context, error: unknown): Promise<Response> {
  if (error instanceof VisibleError) {
    const titles: Record<number, string> = {
      400: "Something in the form needs a look",
      403: "This form could not be accepted",
      404: "We could not find this link",
      409: "Your answers were already received",
      410: "This link has expired",
      413: "That was more than this form takes",
    };
    const message =
      error.status === 404
        ? "The link may be incomplete or mistyped. Please open it again from the most recent email we sent you."
        : error.status === 410
          ? "Links in our emails work for 30 days. If you would still like to answer, reply to the email and we will send you a fresh link."
          : error.message;
    return c.html((await pages()).renderMessagePage({ ...brand(), status: error.status, title: titles[error.status] ?? "Something went wrong", message }), error.status as 400);
  }
  throw error;
}

export { fieldsOf };
