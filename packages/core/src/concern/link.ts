/**
 * The "Something not right? Tell us" link in every email to a customer and on every thank-you page
 * (`/c/{token}`): a sealed link (../link) for the customer's id, good for CONCERN_LINK_DAYS after it was made. Sealed,
 * not signed: its path, which access logs keep beside the time, must not say who raised an anonymous concern.
 */
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { SignedLink } from "../link/index.ts";
import type { Customer } from "../customer/index.ts";
import { linkedCustomer } from "../customer/retired-link.ts";

/** The link works this many days after the email or page that carried it. */
export const CONCERN_LINK_DAYS = 180;

/** The token of a customer's concern link made at `at`. */
export function concernToken(customerId: string, at = now()): string {
  return SignedLink.seal("concern", customerId, CONCERN_LINK_DAYS, at);
}

/** The full link to a customer's concern form, made at `at`. */
export function concernUrl(customerId: string, at = now()): string {
  return `${config().appUrl}/c/${concernToken(customerId, at)}`;
}

/** The customer a concern link opens: 404 for a malformed or altered token (or one sealed for another purpose), 410 once its last day has passed. */
export function customerOfConcernLink(token: string): string {
  return SignedLink.unseal("concern", token);
}

/** The customer a concern link opens, as they are now: 404 for a bad token or an unknown customer, 410 once it expired or its customer was erased (link_retired). */
export async function openConcernLink(token: string): Promise<Customer> {
  const customer = await linkedCustomer(customerOfConcernLink(token));
  if (!customer) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  return customer;
}
