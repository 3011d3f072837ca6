/**
 * What closing a period freezes: the bonus rows of every rep as they stand at the close, the plan version
 * they were computed under, and the SHA-256 of the canonical rows, stored as a numbered snapshot version.
 * From the instant a period is frozen, new responses count toward the next open period.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { sendIf, tableName, transact } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { dueKeys } from "../job/keys.ts";
import { Plan } from "../plan/index.ts";
import { BonusInputs } from "../bonus/index.ts";
import { bounds } from "./quarter.ts";
import { periodKeys } from "./keys.ts";
import { stateOf } from "./state.ts";
import { snapshotItems, type Snapshot } from "./snapshot.ts";
import { Outbox } from "../webhook/outbox.ts";

/** A close still writing its snapshot this long after it froze the period was interrupted: the scheduled job finishes it. */
const CLOSE_GRACE_MS = 5 * 60_000;
const JOB: Actor = { kind: "system", id: "scheduled-job" };

/** How a close is asked for: `force` with a `reason` closes a period that has not ended yet. */
export interface CloseOptions {
  force?: boolean;
  reason?: string;
}

/** The 409 of a period whose bias flags are not all decided yet, saying how many are open. */
function openFlags(period: string, count: number): VisibleError {
  const flags = count === 1 ? "1 bias flag is" : `${count} bias flags are`;
  return new VisibleError(
    "conflict",
    "open_flags",
    `Period ${period} cannot close: ${flags} still open. Clear each (POST /v1/flags/{id}/clear) or void its response (POST /v1/flags/{id}/void); GET /v1/flags?period=${period}&status=open lists them.`,
  );
}

/**
 * Closes a period: first freezes it (from that instant new responses count toward the next open period),
 * then writes the snapshot of its rows with their SHA-256 and plan version. Audited. A period that has not
 * ended is refused (409 `period_not_ended`) unless `force` comes with a reason, which the audit entry keeps.
 * A period with open bias flags is refused, forced or not (409 `open_flags`): the freeze's own condition
 * reads the period's open-flag count, so no flag raised a moment earlier slips past it.
 */
export async function close(period: string, actor: Actor, options: CloseOptions = {}): Promise<Snapshot> {
  const at = now().toISOString();
  const { start, end } = bounds(period);
  if (start.toISOString() > at) throw new VisibleError("input", "future_period", `Period ${period} has not started yet.`, { period: "has not started yet" });
  const early = end.toISOString() > at;
  if (early && !(options.force && options.reason)) {
    throw new VisibleError(
      "conflict",
      "period_not_ended",
      `Period ${period} has not ended yet (it ends at ${end.toISOString()}); its numbers still move. To close it anyway, send {"force": true, "reason": "..."}.`,
    );
  }
  const earlyCloseReason = early ? options.reason : undefined;
  // The period stays on the due index for a while: if this close stops before its snapshot, the job finishes it.
  const due = dueKeys.entry(new Date(Date.parse(at) + CLOSE_GRACE_MS).toISOString(), `period_${period}`);
  const frozen = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: periodKeys.period(period),
      UpdateExpression: `SET closedAt = :at, closedBy = :by, period = :period, #type = :type, gsi2pk = :gpk, gsi2sk = :gsk${earlyCloseReason ? ", earlyCloseReason = :reason" : ""} REMOVE sha256, snapshotAt${earlyCloseReason ? "" : ", earlyCloseReason"} ADD version :one`,
      ConditionExpression: "attribute_not_exists(closedAt) AND (attribute_not_exists(openFlags) OR openFlags <= :none)",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
        ":none": 0,
        ":at": at,
        ":by": actor,
        ":one": 1,
        ":period": period,
        ":type": "period",
        ":gpk": due.gsi2pk,
        ":gsk": due.gsi2sk,
        ...(earlyCloseReason ? { ":reason": earlyCloseReason } : {}),
      },
      ReturnValues: "ALL_NEW",
    }),
    async (): Promise<Snapshot> => {
      const state = await stateOf(period);
      if (!state.closedAt) {
        // Open, with flags still open; or the last of them was decided since the write, and the close goes again.
        if ((state.openFlags ?? 0) > 0) throw openFlags(period, state.openFlags!);
        return close(period, actor, options);
      }
      // Already frozen: closed, or a close that was interrupted before its snapshot, which this close finishes.
      if (state.sha256 && state.version) throw new VisibleError("conflict", "already_closed", `Period ${period} is already closed (snapshot version ${state.version}).`);
      return freeze(period, state.version!, state.closedAt!, actor, state.earlyCloseReason);
    },
  );
  if ("sha256" in frozen) return frozen;
  return freeze(period, frozen.Attributes!.version as number, at, actor, earlyCloseReason);
}

/**
 * Finishes a close that froze its period but was interrupted before writing the snapshot (the scheduled
 * job, once the close's grace has passed); the audit entry names who closed it. False when there was
 * nothing to finish (closed since, or reopened).
 */
export async function finishInterrupted(period: string): Promise<boolean> {
  const state = await stateOf(period);
  if (state.closedAt && state.version && !state.sha256) {
    await freeze(period, state.version, state.closedAt, state.closedBy ?? JOB, state.earlyCloseReason);
    return true;
  }
  // Nothing left to do: take the period off the due index unless a close froze it again meanwhile.
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: periodKeys.period(period),
      UpdateExpression: "REMOVE gsi2pk, gsi2sk",
      ConditionExpression: "attribute_not_exists(closedAt) OR attribute_exists(sha256)",
    }),
    () => undefined,
  );
  return false;
}

/**
 * Writes the snapshot of a frozen period: its rows, then in one transaction its meta record, the period's
 * SHA-256 and the audit entry, so the log holds exactly the numbers finance is served.
 */
async function freeze(period: string, version: number, closedAt: string, actor: Actor, earlyCloseReason?: string): Promise<Snapshot> {
  const plan = await Plan.ensureDefault();
  const rows = await BonusInputs.computeRows(period, plan);
  const sha256 = BonusInputs.hashRows(rows);
  const items = snapshotItems(period, version, rows, { sha256, planVersion: plan.version, closedAt });
  items.push({
    Update: {
      TableName: tableName(),
      Key: periodKeys.period(period),
      UpdateExpression: "SET sha256 = :sha, planVersion = :plan, snapshotAt = :at REMOVE gsi2pk, gsi2sk",
      ConditionExpression: "version = :version AND attribute_exists(closedAt) AND attribute_not_exists(sha256)",
      ExpressionAttributeValues: { ":sha": sha256, ":plan": plan.version, ":at": now().toISOString(), ":version": version },
    },
  });
  const early = earlyCloseReason ? { forced: true, reason: earlyCloseReason } : {};
  items.push(Audit.record(actor, "period.close", `period_${period}`, { version, sha256, planVersion: plan.version, rows: rows.length, ...early }));
  // Large organisations: the row chunks first (idempotent puts), then the meta record, the period's SHA-256
  // and the audit entry in one transaction, which is what makes the snapshot the period's.
  const last = items.length - 3;
  for (let i = 0; i < last; i += 25) await transact(items.slice(i, Math.min(i + 25, last)));
  const changed = () => {
    throw new VisibleError("conflict", "period_changed", `Period ${period} was reopened while it was being closed; close it again.`);
  };
  const other = await transact([...items.slice(last), Outbox.periodClosed(period, { version, sha256, closedAt, rows: rows.length })], changed).then(
    () => undefined,
    async (error: unknown) => {
      // A retried close and the job may finish the same close at once: the second answers the first one's snapshot.
      const state = error instanceof VisibleError && error.code === "period_changed" ? await stateOf(period) : {};
      if (state.version !== version || !state.sha256) throw error;
      return state;
    },
  );
  return { version, sha256: other ? other.sha256! : sha256, closedAt };
}
