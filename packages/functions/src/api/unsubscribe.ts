import { Hono, type Context } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import { Suppression } from "@rapport/core/suppression/index";
import { Customer } from "@rapport/core/customer/index";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { component, describe, shaped } from "./openapi.ts";
import { brand, csrfFor, errorPage, localeFor, wantsJson } from "./customer-pages.ts";

const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/));

const OneClick = component(
  "OneClickUnsubscribe",
  v.object({ "List-Unsubscribe": v.optional(v.literal("One-Click")) }),
  { "List-Unsubscribe": "One-Click" },
);
const Unsubscribed = component("Unsubscribed", v.object({ unsubscribed: v.literal(true) }), { unsubscribed: true });

/** The address with its local part hidden (a fixed mask: it neither leaks the length nor overflows a phone). */
function mask(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

/** The page's locale: the language of the customer with this address, else Accept-Language, else the organization's. */
async function localeOf(c: Context, email: string) {
  return localeFor(c, (await Customer.fromEmail(email))?.language);
}

async function addressFor(c: Context): Promise<string> {
  const token = v.safeParse(TokenSchema, c.req.param("token"));
  const email = token.success ? await Suppression.addressOf(token.output) : undefined;
  if (!email) throw new VisibleError("not-found", "unknown_link", "This unsubscribe link is not valid.");
  return email;
}

export const unsubscribe = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    try {
      const email = await addressFor(c);
      const [done, locale] = await Promise.all([Suppression.isSuppressed(email), localeOf(c, email)]);
      return c.html((await pages()).renderUnsubscribePage({ ...brand(locale), action: `/u/${c.req.param("token")}`, csrf: csrfFor(`u:${c.req.param("token")}`), maskedEmail: mask(email), done }));
    } catch (error) {
      return errorPage(c, error, localeFor(c));
    }
  })
  .post(
    "/:token",
    describe({
      operationId: "unsubscribe",
      summary: "Unsubscribe (RFC 8058 one-click, or the page's button)",
      description:
        "Puts the address on the suppression list; it is never emailed again. Mail providers post the form `List-Unsubscribe=One-Click` and get the HTML page; a caller sending `Content-Type: application/json` gets JSON. The body is not read: the link's token says who unsubscribes.",
      tags: ["Customer forms"],
      security: ["public"],
      params: v.object({ token: TokenSchema }),
      body: { schema: OneClick, required: false, form: true },
      responses: { 200: { description: "Unsubscribed", schema: Unsubscribed, html: true }, 404: { description: "Unknown link", html: true } },
    }),
    async (c) => {
      try {
        const email = await addressFor(c);
        await Suppression.suppress(email, "unsubscribe", { kind: "system", id: "unsubscribe-link" });
        if (wantsJson(c)) return c.json(shaped(Unsubscribed, { unsubscribed: true }));
        return c.html((await pages()).renderUnsubscribePage({ ...brand(await localeOf(c, email)), action: `/u/${c.req.param("token")}`, csrf: "", maskedEmail: mask(email), done: true }));
      } catch (error) {
        if (wantsJson(c)) throw error;
        return errorPage(c, error, localeFor(c));
      }
    },
  );
