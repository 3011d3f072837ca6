/**
 * Signed links for customers, who have no account: `<subject id>.<last day, base 36>.<HMAC>`. The HMAC covers
 * a purpose (profile, concern, verdict), the id and the last day, so a link for one purpose opens nothing
 * else and a changed id or day breaks it. The link carries everything its page needs: sending an email
 * writes nothing for it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";

const DAY = 86_400_000;

/** What a well-formed token looks like: `<id>.<last day>.<HMAC>`. */
export const SIGNED_TOKEN = /^([a-z]{2,8}_[0-9A-Za-z]{10,40})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{43})$/;

/** What a link is for; each purpose signs apart. */
export type LinkPurpose = "profile" | "concern" | "verdict";

const mac = (purpose: LinkPurpose, body: string) => createHmac("sha256", config().tokenSecret).update(`${purpose}:${body}`).digest("base64url");

/** The token of a link for `id`, sent at `at` and good through `days` days after it. */
export function sign(purpose: LinkPurpose, id: string, days: number, at = now()): string {
  const lastDay = Math.floor((at.getTime() + days * DAY) / DAY);
  const body = `${id}.${lastDay.toString(36)}`;
  return `${body}.${mac(purpose, body)}`;
}

/** The id a link opens: 404 for a malformed or tampered token (or one signed for another purpose), 410 once its last day has passed. */
export function open(purpose: LinkPurpose, token: string): string {
  const parts = SIGNED_TOKEN.exec(token);
  const given = Buffer.from(parts?.[3] ?? "");
  const expected = Buffer.from(parts ? mac(purpose, `${parts[1]}.${parts[2]}`) : "");
  if (!parts || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  if ((parseInt(parts[2]!, 36) + 1) * DAY <= now().getTime()) throw new VisibleError("gone", "expired_link", "This link has expired.");
  return parts[1]!;
}

export const SignedLink = { sign, open };
