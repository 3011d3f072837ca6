import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createHmac, createHash } from "node:crypto";
import { batchGet, db, tableName, transact, type TransactItem } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { suppressionKeys } from "./keys.ts";

/**
 * Why an address is never emailed: the person unsubscribed, it bounced or complained, the customer was
 * erased (../privacy), or `deactivated`: an admin deactivated the customer; reactivating them lifts it (and
 * only that reason).
 */
export type SuppressionReason = "unsubscribe" | "bounce" | "complaint" | "erased" | "deactivated";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The unsubscribe token of an address: an HMAC, so it can be rebuilt for every email without storing it. */
export function unsubscribeToken(email: string): string {
  return createHmac("sha256", config().tokenSecret).update(`unsubscribe:${email.toLowerCase()}`).digest("base64url");
}

/**
 * The unsubscribe link of an address and the RFC 8058 one-click headers that carry it (HTTPS only: no mailto
 * address is offered). Write `tokenItem` beside the email, so the link finds the address.
 */
export function unsubscribeLink(email: string): { url: string; headers: Record<string, string> } {
  const url = `${config().appUrl}/u/${unsubscribeToken(email)}`;
  return { url, headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } };
}

/** The Put that lets `/u/{token}` find the address; written beside every email sent. */
export function tokenItem(email: string) {
  return { Put: { TableName: tableName(), Item: { ...suppressionKeys.token(sha256(unsubscribeToken(email))), type: "unsubscribe-token", email: email.toLowerCase() } } };
}

/** The address an unsubscribe token belongs to, or undefined for an unknown or tampered token. */
export async function addressOf(token: string): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: suppressionKeys.token(sha256(token)) }));
  return result.Item?.email as string | undefined;
}

/**
 * Puts the address on the suppression list (idempotent: the first reason is kept, except that the customer's
 * own word or their mail server's replaces `deactivated`, so reactivating them does not lift it). Answers whether it was new.
 */
export async function suppress(email: string, reason: SuppressionReason, actor: Actor, detail?: Record<string, unknown>): Promise<boolean> {
  const address = email.toLowerCase();
  try {
    await transact(
      [
        {
          Put: {
            TableName: tableName(),
            Item: { ...suppressionKeys.address(address), type: "suppression", email: address, reason, at: now().toISOString(), ...(detail ? { detail } : {}) },
            ConditionExpression: "attribute_not_exists(pk) OR reason = :deactivated",
            ExpressionAttributeValues: { ":deactivated": "deactivated" },
          },
        },
        Audit.record(actor, `suppression.${reason}`, address, detail),
      ],
      () => {
        throw new AlreadySuppressed();
      },
    );
    return true;
  } catch (error) {
    if (error instanceof AlreadySuppressed) return false;
    throw error;
  }
}

class AlreadySuppressed extends Error {}

/** Whether the address must never be emailed again. */
export async function isSuppressed(email: string): Promise<boolean> {
  const found = await Promise.all(
    [suppressionKeys.address(email), suppressionKeys.hashed(email)].map((Key) => db().send(new GetCommand({ TableName: tableName(), Key, ConsistentRead: true }))),
  );
  return found.some((result) => Boolean(result.Item));
}

/** The suppressed subset of `emails` (BatchGetItem, 100 at a time). */
export async function suppressedAmong(emails: string[]): Promise<Set<string>> {
  return new Set((await reasonsAmong(emails)).keys());
}

/** Why each suppressed address among `emails` is suppressed (lower-cased address → reason; BatchGetItem, 100 at a time). */
export async function reasonsAmong(emails: string[]): Promise<Map<string, SuppressionReason>> {
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  // Each address under its own key and, for an erased customer's, under its hash.
  const keys = unique.flatMap((e) => [suppressionKeys.address(e), suppressionKeys.hashed(e)].map((key) => ({ key, email: e })));
  const byKey = new Map(keys.map(({ key, email }) => [key.pk, email]));
  const found = await batchGet<{ pk: string; reason: SuppressionReason }>(keys.map(({ key }) => key));
  return new Map(found.map((item) => [byKey.get(item.pk)!, item.reason]));
}

/**
 * The write that stops every email to a deactivated customer's address: it becomes suppressed for the reason
 * `deactivated` unless it already is for another (kept). Never fails, so it joins the customer's transaction.
 */
export function holdItem(email: string): TransactItem {
  return {
    Update: {
      TableName: tableName(),
      Key: suppressionKeys.address(email),
      UpdateExpression: "SET #type = :type, email = :email, reason = if_not_exists(reason, :deactivated), #at = if_not_exists(#at, :at)",
      ExpressionAttributeNames: { "#type": "type", "#at": "at" },
      ExpressionAttributeValues: { ":type": "suppression", ":email": email.toLowerCase(), ":deactivated": "deactivated", ":at": now().toISOString() },
    },
  };
}

/**
 * The write that lifts a `deactivated` suppression when the customer is reactivated (or their address
 * changes), conditional on the reason still being that one; none when the address is suppressed for another
 * reason or not at all (read first, consistently).
 */
export async function releaseItems(email: string): Promise<TransactItem[]> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: suppressionKeys.address(email), ConsistentRead: true }));
  if (result.Item?.reason !== "deactivated") return [];
  return [
    {
      Delete: {
        TableName: tableName(),
        Key: suppressionKeys.address(email),
        ConditionExpression: "reason = :deactivated",
        ExpressionAttributeValues: { ":deactivated": "deactivated" },
      },
    },
  ];
}

export const Suppression = { unsubscribeToken, unsubscribeLink, tokenItem, addressOf, suppress, isSuppressed, suppressedAmong, reasonsAmong, holdItem, releaseItems };
