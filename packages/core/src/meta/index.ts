import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { db, sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";

/** One-off facts about an installation, such as "the demo organization was seeded". */
export const metaKeys = { flag: (name: string) => ({ pk: `META#${name}`, sk: "META" }) };

/** Whether the flag was set. */
export async function isSet(name: string): Promise<boolean> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: metaKeys.flag(name), ConsistentRead: true }));
  return Boolean(result.Item);
}

/** Sets the flag (idempotent). */
export async function set(name: string): Promise<void> {
  await db().send(new PutCommand({ TableName: tableName(), Item: { ...metaKeys.flag(name), type: "meta", setAt: now().toISOString() } }));
}

/** Sets the flag if nobody has: true for the one caller that set it, so work behind it runs at most once. */
export async function claim(name: string): Promise<boolean> {
  const claimed = await sendIf(
    new PutCommand({ TableName: tableName(), Item: { ...metaKeys.flag(name), type: "meta", setAt: now().toISOString() }, ConditionExpression: "attribute_not_exists(pk)" }),
    () => false,
  );
  return claimed !== false;
}

export const Meta = { isSet, set, claim };
