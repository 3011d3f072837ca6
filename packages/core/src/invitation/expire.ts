/** Expiring an unanswered invitation 30 days after it was created (the scheduled job). */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { keyOf, type Invitation } from "./record.ts";

/** Marks an unanswered invitation expired (the scheduled job, at its expiry). */
export async function expire(inv: Invitation): Promise<boolean> {
  const expired = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET #status = :expired REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
      ConditionExpression: "attribute_not_exists(answeredAt) AND expiresAt <= :now AND #status <> :expired",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":expired": "expired", ":now": now().toISOString() },
    }),
    () => false,
  );
  if (expired !== false) return true;
  // Answered after all (a reminder recorded while the customer was submitting puts it back on the due
  // index): take it off, or every later run would read it again.
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
      ConditionExpression: "attribute_exists(answeredAt)",
    }),
    () => undefined,
  );
  return false;
}
