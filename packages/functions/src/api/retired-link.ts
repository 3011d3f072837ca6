import type { Context } from "hono";
import type { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { messagesFor } from "@rapport/core/i18n/index";
import { brand, localeFor } from "./customer-pages.ts";
import { pages } from "./pages.ts";

/** A customer's link (concern, verdict, profile) once the customer was erased on request: it opens nothing (410). */
export class LinkRetired extends VisibleError {
  constructor(readonly customer: Pick<Customer, "language">) {
    super("gone", "link_retired", "This link no longer works.");
  }
}

/** Refuses a link of an erased customer. */
export function refuseIfErased(customer: (Pick<Customer, "language"> & { erasedAt?: string }) | undefined): void {
  if (customer?.erasedAt) throw new LinkRetired(customer);
}

/** The page a retired link answers: that it no longer works, in the customer's language, naming nobody. */
export async function retiredPage(c: Context, error: LinkRetired): Promise<Response> {
  const locale = localeFor(c, error.customer.language);
  const t = messagesFor(locale).errors;
  return c.html((await pages()).renderMessagePage({ ...brand(locale), status: 410, title: t.retiredTitle, message: t.retired, nextStep: t.retiredNext }), 410);
}
