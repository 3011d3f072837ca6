/** What happens to an invitation after it is sent: its link opened, its email bounced. */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, sendIf, tableName, transact } from "../db/index.ts";
import { countersUpdate } from "../response/counting.ts";
import { now } from "../clock/index.ts";
import { invitationKeys } from "./keys.ts";
import { keyOf, type Invitation } from "./record.ts";

/** Records that the form page was opened (never an answer, never uses up the link). */
export async function markOpened(inv: Invitation): Promise<void> {
  if (inv.openedAt) return;
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET openedAt = :at, #status = :opened",
      ConditionExpression: "attribute_not_exists(openedAt) AND #status IN (:sent, :queued)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":at": now().toISOString(), ":opened": "opened", ":sent": "sent", ":queued": "queued" },
    }),
    () => undefined,
  );
}

/**
 * Marks the invitation behind an SES message as bounced. A report card that bounced was never in front of
 * the customer: it leaves its rep's `invited` count in the same transaction (product.md counts the
 * invitations "not suppressed"), once, however often SES repeats the notification.
 */
export async function markBounced(messageId: string): Promise<void> {
  const pointer = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKeys.message(messageId) }));
  const id = pointer.Item?.invitationId as string | undefined;
  if (!id) return;
  const inv = (await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(id), ConsistentRead: true }))).Item as Invitation | undefined;
  if (!inv || inv.answeredAt || inv.status === "bounced") return;
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: keyOf(id),
          UpdateExpression: "SET #status = :bounced REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(answeredAt) AND #status <> :bounced",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":bounced": "bounced" },
        },
      },
      ...(inv.invitedIn ? [countersUpdate(inv.repId, inv.invitedIn, { invited: -1 })] : []),
    ],
    () => {
      throw new Changed();
    },
  ).catch((error: unknown) => {
    // Answered or bounced since it was read: nothing to change, and the count was already moved.
    if (!(error instanceof Changed)) throw error;
  });
}

class Changed extends Error {}
