/**
 * The "What we know about you" link in every email to a customer (`/p/{token}`): a signed link (../link)
 * for the customer's id, good for LINK_DAYS after the email.
 */
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { SIGNED_TOKEN, SignedLink } from "../link/index.ts";
import { linkedCustomer } from "../customer/retired-link.ts";

/** The link works this many days after the email that carried it. */
export const LINK_DAYS = 180;

/** `<customer id>.<last day, base 36>.<HMAC>`: what a well-formed token looks like. */
export const LINK_TOKEN = SIGNED_TOKEN;

/** The token of a customer's profile link in an email sent at `at`: good through LINK_DAYS after it. */
export function linkToken(customerId: string, at = now()): string {
  return SignedLink.sign("profile", customerId, LINK_DAYS, at);
}

/** The full link to a customer's "What we know about you" page, for an email sent at `at`. */
export function linkUrl(customerId: string, at = now()): string {
  return `${config().appUrl}/p/${linkToken(customerId, at)}`;
}

/** The customer a profile link opens: 404 for a malformed or tampered token, 410 once its last day has passed or the customer was erased (link_retired). */
export async function customerOfLink(token: string): Promise<string> {
  const customerId = SignedLink.open("profile", token);
  await linkedCustomer(customerId);
  return customerId;
}
