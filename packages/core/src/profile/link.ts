/**
 * The "What we know about you" link in every email to a customer (`/p/{token}`): an HMAC of the customer's
 * id, as the survey and unsubscribe links are made, so every email can rebuild it. The item that lets the
 * page find the customer is written beside each email and dated, so the link works for LINK_DAYS after
 * the last email that carried it.
 */
import { createHash, createHmac } from "node:crypto";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { profileKeys } from "./keys.ts";

/** The link works this many days after the last email that carried it. */
export const LINK_DAYS = 180;
const DAY = 86_400_000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The token of a customer's profile link. */
export function linkToken(customerId: string): string {
  return createHmac("sha256", config().tokenSecret).update(`profile:${customerId}`).digest("base64url");
}

/** The full link to a customer's "What we know about you" page. */
export function linkUrl(customerId: string): string {
  return `${config().appUrl}/p/${linkToken(customerId)}`;
}

/** The item that lets `/p/{token}` find its customer, good for LINK_DAYS from `at`; written beside every email to them. */
export function linkItem(customerId: string, at = now()): Record<string, unknown> {
  return { ...profileKeys.link(sha256(linkToken(customerId))), type: "profile-link", customerId, validUntil: new Date(at.getTime() + LINK_DAYS * DAY).toISOString() };
}

/** The customer a profile link opens: 404 for an unknown or tampered token, 410 when its last email is too old. */
export async function customerOfLink(token: string): Promise<string> {
  const unknown = new VisibleError("not-found", "unknown_link", "This link is not valid.");
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw unknown;
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: profileKeys.link(sha256(token)) }));
  const item = found.Item as { customerId?: string; validUntil?: string } | undefined;
  if (!item?.customerId) throw unknown;
  if (!item.validUntil || item.validUntil <= now().toISOString()) throw new VisibleError("gone", "expired_link", "This link has expired.");
  return item.customerId;
}
