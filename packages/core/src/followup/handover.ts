/** A deactivated rep's open recovery cases go to their manager, as a case the customer reopened does. */
import { tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { followUpKeys } from "./keys.ts";
import { list } from "./index.ts";

/**
 * Hands every open recovery case of `repId` that the rep still owns to their manager (`owner: "manager"`,
 * each audited in its own transaction). Idempotent: a case already the manager's is left alone, so running it
 * again after a failure finishes the rest. Answers how many moved.
 */
export async function handOver(repId: string, managerEmail: string | undefined, actor: Actor): Promise<number> {
  const open = (await list({ repIds: [repId], status: "open", kind: "recovery" })).filter((f) => f.owner !== "manager");
  let moved = 0;
  for (const f of open) {
    const manager = f.managerEmail ?? managerEmail;
    const done = await transact(
      [
        {
          Update: {
            TableName: tableName(),
            Key: followUpKeys.followUp(f.id),
            UpdateExpression: manager ? "SET #owner = :manager, managerEmail = :email" : "SET #owner = :manager",
            ConditionExpression: "#status = :open AND attribute_not_exists(#owner)",
            ExpressionAttributeNames: { "#owner": "owner", "#status": "status" },
            ExpressionAttributeValues: { ":manager": "manager", ":open": "open", ...(manager ? { ":email": manager } : {}) },
          },
        },
        Audit.record(actor, "follow-up.hand-over", f.id, { repId, reason: "rep deactivated", ...(manager ? { managerEmail: manager } : {}), at: now().toISOString() }),
      ],
      () => {
        throw new Moved();
      },
    ).then(
      () => true,
      (error: unknown) => {
        if (error instanceof Moved) return false;
        throw error;
      },
    );
    if (done) moved += 1;
  }
  return moved;
}

class Moved extends Error {}

