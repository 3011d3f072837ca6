import { tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { periodKeys } from "./keys.ts";
import { stateOf } from "./state.ts";

/**
 * Reopens a closed period (audited, with a reason): its bonus inputs are live again, the earlier snapshot
 * stays readable by its version, and the next close writes a new snapshot version.
 */
export async function reopen(period: string, reason: string, actor: Actor): Promise<{ period: string; reopenedAt: string; previousVersion: number }> {
  const at = now().toISOString();
  const state = await stateOf(period);
  if (!state.closedAt) throw new VisibleError("conflict", "not_closed", `Period ${period} is not closed.`);
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: periodKeys.period(period),
          UpdateExpression: "SET reopenedAt = :at REMOVE closedAt, sha256, snapshotAt, gsi2pk, gsi2sk",
          ConditionExpression: "attribute_exists(closedAt) AND version = :version",
          ExpressionAttributeValues: { ":at": at, ":version": state.version },
        },
      },
      Audit.record(actor, "period.reopen", `period_${period}`, { reason, previousVersion: state.version, previousSha256: state.sha256 }),
    ],
    () => {
      throw new VisibleError("conflict", "period_changed", `Period ${period} changed while it was being reopened; try again.`);
    },
  );
  return { period, reopenedAt: at, previousVersion: state.version! };
}
