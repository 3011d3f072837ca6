/** Allowances per fixed window (sign-in links per address, requests per API key), counted in the table so every Lambda shares them. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { now } from "../clock/index.ts";
import { sendIf, tableName } from "../db/index.ts";
import { rateKeys } from "./keys.ts";

export interface Allowance {
  /** How many are allowed per window. */
  limit: number;
  windowMs: number;
}

export type Taken = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Takes one from `bucket`'s allowance in the current window: one conditional write that counts only while
 * the count is under the limit. Once it is spent, answers how many seconds until the next window opens.
 */
export async function take(bucket: string, { limit, windowMs }: Allowance): Promise<Taken> {
  const at = now().getTime();
  const window = Math.floor(at / windowMs);
  const opensAt = (window + 1) * windowMs;
  const counted = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: rateKeys.window(bucket, window),
      UpdateExpression: "ADD #n :one SET #ttl = :ttl",
      ConditionExpression: "attribute_not_exists(#n) OR #n < :limit",
      ExpressionAttributeNames: { "#n": "n", "#ttl": "ttl" },
      ExpressionAttributeValues: { ":one": 1, ":limit": limit, ":ttl": Math.ceil(opensAt / 1000) + 3600 },
    }),
    () => false as const,
  );
  return counted === false ? { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((opensAt - at) / 1000)) } : { allowed: true };
}

export const RateLimit = { take };
