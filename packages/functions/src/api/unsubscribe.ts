import { Hono, type Context } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import { Suppression } from "@rapport/core/suppression/index";
import { pages } from "./pages.ts";
import type { AppEnv } from "./auth.ts";
import { describe } from "./openapi.ts";
import { brand, csrfFor, errorPage, wantsJson } from "./customer-pages.ts";

const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{20,100}$/));

/** The address with its local part hidden (a fixed mask: it neither leaks the length nor overflows a phone). */
function mask(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
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
      const done = await Suppression.isSuppressed(email);
      return c.html((await pages()).renderUnsubscribePage({ ...brand(), action: `/u/${c.req.param("token")}`, csrf: csrfFor(`u:${c.req.param("token")}`), maskedEmail: mask(email), done }));
    } catch (error) {
      return errorPage(c, error);
    }
  })
  .post(
    "/:token",
    describe({
      summary: "Unsubscribe (RFC 8058 one-click, or the page's button)",
      description: "Puts the address on the suppression list; it is never emailed again. Mail providers post `List-Unsubscribe=One-Click`.",
      tags: ["Customer forms"],
      security: ["public"],
      responses: { 200: "Unsubscribed (an HTML page, or JSON for JSON callers)", 404: "Unknown link" },
    }),
    async (c) => {
      try {
        const email = await addressFor(c);
        await Suppression.suppress(email, "unsubscribe", { kind: "system", id: "unsubscribe-link" });
        if (wantsJson(c)) return c.json({ unsubscribed: true });
        return c.html((await pages()).renderUnsubscribePage({ ...brand(), action: `/u/${c.req.param("token")}`, csrf: "", maskedEmail: mask(email), done: true }));
      } catch (error) {
        if (wantsJson(c)) throw error;
        return errorPage(c, error);
      }
    },
  );
