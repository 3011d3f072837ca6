import * as v from "valibot";
import { tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { periodKeys } from "./keys.ts";
import { stateOf } from "./state.ts";

/** What a reopen answers: when, and the snapshot it set aside (still readable by its version). */
export const ReopenedSchema = v.object({
  period: v.string(),
  reopenedAt: v.string(),
  previousVersion: v.pipe(v.number(), v.integer(), v.description("The snapshot the reopen set aside; it stays readable with `version`.")),
});
export type Reopened = v.InferOutput<typeof ReopenedSchema>;

/**
 * Reopens a closed period (audited, with a reason): its bonus inputs are live again, the earlier snapshot
 * stays readable by its version, and the next close writes a new snapshot version.
 */
export async function reopen(period: string, reason: string, actor: Actor): Promise<Reopened> {
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
