/**
 * The "What we know about you" link in every email to a customer (`/p/{token}`): the customer's id, the
 * day the link stops working (LINK_DAYS after the email) and an HMAC of both. The link carries everything
 * the page needs, so sending an email writes nothing for it (a campaign sends 50 emails with no extra
 * write), and a changed id or day breaks the HMAC.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";

/** The link works this many days after the email that carried it. */
export const LINK_DAYS = 180;
const DAY = 86_400_000;

/** `<customer id>.<last day, base 36>.<HMAC>`: what a well-formed token looks like. */
export const LINK_TOKEN = /^([a-z]{2,8}_[0-9A-Za-z]{10,40})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{43})$/;

const mac = (body: string) => createHmac("sha256", config().tokenSecret).update(`profile:${body}`).digest("base64url");

/** The token of a customer's profile link in an email sent at `at`: good through LINK_DAYS after it. */
export function linkToken(customerId: string, at = now()): string {
  const lastDay = Math.floor((at.getTime() + LINK_DAYS * DAY) / DAY);
  const body = `${customerId}.${lastDay.toString(36)}`;
  return `${body}.${mac(body)}`;
}

/** The full link to a customer's "What we know about you" page, for an email sent at `at`. */
export function linkUrl(customerId: string, at = now()): string {
  return `${config().appUrl}/p/${linkToken(customerId, at)}`;
}

/** The customer a profile link opens: 404 for a malformed or tampered token, 410 once its last day has passed. */
export async function customerOfLink(token: string): Promise<string> {
  const parts = LINK_TOKEN.exec(token);
  const given = Buffer.from(parts?.[3] ?? "");
  const expected = Buffer.from(parts ? mac(`${parts[1]}.${parts[2]}`) : "");
  if (!parts || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  if ((parseInt(parts[2]!, 36) + 1) * DAY <= now().getTime()) throw new VisibleError("gone", "expired_link", "This link has expired.");
  return parts[1]!;
}
