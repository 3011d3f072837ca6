/** Allowances per fixed window (sign-in links per address, requests per API key, concerns per customer), counted in the table so every Lambda shares them. */
import { UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { now } from "../clock/index.ts";
import { sendIf, tableName, type TransactItem } from "../db/index.ts";
import { rateKeys } from "./keys.ts";

export interface Allowance {
  /** How many are allowed per window. */
  limit: number;
  windowMs: number;
}

export type Taken = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The conditional write that takes one from `bucket`'s allowance in the window of `at`, and when the next window opens. */
function counting(bucket: string, { limit, windowMs }: Allowance, at: Date) {
  const window = Math.floor(at.getTime() / windowMs);
  const opensAt = (window + 1) * windowMs;
  const update = {
    TableName: tableName(),
    Key: rateKeys.window(bucket, window),
    UpdateExpression: "ADD #n :one SET #ttl = :ttl",
    ConditionExpression: "attribute_not_exists(#n) OR #n < :limit",
    ExpressionAttributeNames: { "#n": "n", "#ttl": "ttl" },
    ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":ttl": Math.ceil(opensAt / 1000) + 3600 },
  } satisfies UpdateCommandInput;
  return { update, opensAt: new Date(opensAt), retryAfterSeconds: Math.max(1, Math.ceil((opensAt - at.getTime()) / 1000)) };
}

/**
 * Takes one from `bucket`'s allowance in the current window: one conditional write that counts only while
 * the count is under the limit. Once it is spent, answers how many seconds until the next window opens.
 */
export async function take(bucket: string, allowance: Allowance): Promise<Taken> {
  const { update, retryAfterSeconds } = counting(bucket, allowance, now());
  const counted = await sendIf(new UpdateCommand(update), () => false as const);
  return counted === false ? { allowed: false, retryAfterSeconds } : { allowed: true };
}

/**
 * One take from `bucket`'s allowance as a transaction's item, for work that may use the allowance only
 * when it is done: the transaction fails on this item's condition once the allowance of the window of
 * `at` is spent, and a transaction that fails for any reason takes nothing. Answers the item, and when
 * (and in how many seconds) the next window opens.
 */
export function takeItem(bucket: string, allowance: Allowance, at = now()): { item: TransactItem; opensAt: Date; retryAfterSeconds: number } {
  const { update, opensAt, retryAfterSeconds } = counting(bucket, allowance, at);
  return { item: { Update: update }, opensAt, retryAfterSeconds };
}

export const RateLimit = { take, takeItem };
