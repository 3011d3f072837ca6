import type { Context } from "hono";
import type { LinkRetired } from "@rapport/core/customer/retired-link";
import { messagesFor } from "@rapport/core/i18n/index";
import { brand, localeFor } from "./customer-pages.ts";
import { pages } from "./pages.ts";

/** The page a retired link answers: that it no longer works, in the customer's language, naming nobody. */
export async function retiredPage(c: Context, error: LinkRetired): Promise<Response> {
  const locale = localeFor(c, error.customer.language);
  const t = messagesFor(locale).errors;
  return c.html((await pages()).renderMessagePage({ ...brand(locale), status: 410, title: t.retiredTitle, message: t.retired, nextStep: t.retiredNext }), 410);
}
