import type { Context } from "hono";
import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "@rapport/core/config";
import { VisibleError } from "@rapport/core/error";
import { pageLocale } from "@rapport/core/i18n/choose";
import { messagesFor } from "@rapport/core/i18n/index";
import type { Locale } from "@rapport/core/i18n/languages";
import { pages } from "./pages.ts";
import { fieldsOf } from "./validate.ts";

/** The brand every customer page shows, and (customer pages) the language it is written in. */
export const brand = (locale?: Locale) => ({ orgName: config().orgName, brandColor: config().brandColor, ...(locale ? { locale } : {}) });

/**
 * The locale of a customer page: the customer's stored language, else the request's Accept-Language, else
 * the organization's. The answer says so in Content-Language, and in Vary when the header could change it.
 */
export function localeFor(c: Context, language?: string): Locale {
  const { byCustomer, ...locale } = pageLocale(language, c.req.header("accept-language"));
  c.header("Content-Language", locale.tag);
  if (!byCustomer && !varied.has(c)) {
    varied.add(c);
    c.header("Vary", "Accept-Language", { append: true });
  }
  return locale;
}

/** The requests whose answer already says Vary: Accept-Language (a page may choose its locale twice, as an error after a form). */
const varied = new WeakSet<Context>();

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

/**
 * The HTML page for an error a customer meets (404, 410, 400, ...): never a stack trace. In `locale` (a
 * customer page's), else in English (the rep's and the admin's pages).
 */
export async function errorPage(c: Context, error: unknown, locale?: Locale): Promise<Response> {
  if (error instanceof VisibleError) {
    const t = messagesFor(locale).errors;
    const title = (t.titles as Record<number, string>)[error.status] ?? t.otherTitle;
    // A code's sentence is translated when core said what the English catalog knows; anything more specific stays as core said it.
    const known = (messagesFor(undefined).errors.codes as Record<string, string>)[error.code] === error.message;
    const message = error.status === 404 ? t.notFound : error.status === 410 ? t.expired : known ? (t.codes as Record<string, string>)[error.code]! : error.message;
    return c.html((await pages()).renderMessagePage({ ...brand(locale), status: error.status, title, message }), error.status as 400);
  }
  throw error;
}

export { fieldsOf };
