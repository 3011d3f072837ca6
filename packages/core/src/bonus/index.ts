import { createHash } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, sendIf, tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { dueKeys } from "../job/keys.ts";
import { bounds, periodKeys } from "../period/index.ts";
import { Plan } from "../plan/index.ts";
import { Rep } from "../rep/index.ts";
import { factorAt, scoreOf, type Score } from "../scorecard/math.ts";
import { behavioursFor, inputsFor, priorOf, totalsForPeriod } from "../scorecard/index.ts";
import { snapshotKeys } from "./keys.ts";
import type { InferOutput } from "valibot";
import { bonusRowKeys, type BonusInputsSchema, type BonusRow } from "./row.ts";
import { toCsv } from "./csv.ts";

/** The row and the answer are typed by their schemas in row.ts. */
export type { BonusRow };
export type BonusInputs = InferOutput<typeof BonusInputsSchema>;

const CHUNK = 200;
/** A close still writing its snapshot this long after it froze the period was interrupted: the scheduled job finishes it. */
const CLOSE_GRACE_MS = 5 * 60_000;
const JOB: Actor = { kind: "system", id: "scheduled-job" };

/**
 * What a score pays in a period under a plan: the report card's share of the bonus for the plan year,
 * the factor from the map at the adjusted score (the fallback when not eligible), and their product.
 */
export function payoutOf(score: Pick<Score, "eligible" | "adjustedScore">, plan: Plan, period: string): Pick<BonusRow, "weight" | "payoutFactor" | "bonusShare"> {
  const weight = Plan.weightFor(plan, period);
  const payoutFactor = score.eligible && score.adjustedScore !== null ? factorAt(plan.factorMap, score.adjustedScore, plan.capFactor) : plan.fallbackFactor;
  return { weight, payoutFactor, bonusShare: weight * payoutFactor };
}

/** Live rows: the reps (one Query), the period's aggregates (one Query) and the plan; never the responses. */
export async function computeRows(period: string, plan: Plan): Promise<BonusRow[]> {
  const [everyone, totals] = await Promise.all([Rep.all(), totalsForPeriod(period)]);
  const reps = everyone.filter((rep) => rep.active !== false);
  const behaviours = await behavioursFor(totals);
  const prior = priorOf(totals, plan, behaviours);
  const inputs = inputsFor(plan, behaviours);
  return reps
    .map((rep) => {
      const score = scoreOf(totals.get(rep.id) ?? { cards: 0, behaviours: {} }, prior, inputs);
      return {
        repId: rep.id,
        repEmail: rep.email,
        repName: rep.name,
        team: rep.team ?? null,
        responses: score.responses,
        rawScore: score.rawScore,
        adjustedScore: score.adjustedScore,
        ciLow: score.ciLow,
        ciHigh: score.ciHigh,
        eligible: score.eligible,
        ...payoutOf(score, plan, period),
      };
    })
    .sort((a, b) => a.repId.localeCompare(b.repId));
}

/** The SHA-256 of the canonical rows: sorted by rep id, keys in the documented order, JSON numbers as JavaScript prints them. */
export function hashRows(rows: BonusRow[]): string {
  const canonical = [...rows].sort((a, b) => a.repId.localeCompare(b.repId)).map((row) => bonusRowKeys.map((k) => row[k]));
  return createHash("sha256").update(JSON.stringify([bonusRowKeys, canonical])).digest("hex");
}

interface PeriodState {
  closedAt?: string;
  version?: number;
  sha256?: string;
  planVersion?: number;
  snapshotAt?: string;
  /** Set when finance closed the period before it ended: why. */
  earlyCloseReason?: string;
  /** Who froze the period; the close's audit entry names them even when the job finishes it. */
  closedBy?: Actor;
}

async function periodState(period: string): Promise<PeriodState> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: periodKeys.period(period), ConsistentRead: true }));
  return (result.Item ?? {}) as PeriodState;
}

async function readSnapshot(period: string, version: number): Promise<BonusRow[]> {
  const key = snapshotKeys.chunks(period, version);
  const chunks = await queryAll<{ rows: BonusRow[] }>({
    KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
    ExpressionAttributeValues: { ":pk": key.pk, ":prefix": key.prefix },
    ConsistentRead: true,
  });
  return chunks.flatMap((c) => c.rows);
}

/** The frozen row of one rep when the period is closed (what finance was served), else undefined. */
export async function lockedRow(period: string, repId: string): Promise<{ planVersion: number; row: BonusRow | undefined } | undefined> {
  const state = await periodState(period);
  if (!state.closedAt || !state.version || !state.sha256) return undefined;
  return { planVersion: state.planVersion!, row: (await readSnapshot(period, state.version)).find((row) => row.repId === repId) };
}

/**
 * Bonus inputs for a period: live while it is open; once closed, the frozen snapshot (or an earlier
 * snapshot `version`, which stays readable after a reopen).
 */
export async function forPeriod(period: string, version?: number): Promise<BonusInputs> {
  const state = await periodState(period);
  if (version !== undefined) {
    const snapshot = await snapshotMeta(period, version);
    if (!snapshot) throw new VisibleError("not-found", "no_snapshot", `Period ${period} has no snapshot version ${version}.`);
    return { period, planVersion: snapshot.planVersion, locked: Boolean(state.closedAt) && state.version === version, snapshot: { version, sha256: snapshot.sha256, closedAt: snapshot.closedAt }, rows: await readSnapshot(period, version) };
  }
  if (state.closedAt && state.version && state.sha256) {
    return {
      period,
      planVersion: state.planVersion!,
      locked: true,
      snapshot: { version: state.version, sha256: state.sha256, closedAt: state.closedAt },
      rows: await readSnapshot(period, state.version),
    };
  }
  // Open, or frozen by a close that has not written its snapshot yet (the close or the job finishes it): live rows.
  const plan = await Plan.inForce();
  return { period, planVersion: plan.version, locked: false, rows: await computeRows(period, plan) };
}

async function snapshotMeta(period: string, version: number): Promise<{ sha256: string; planVersion: number; closedAt: string } | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: snapshotKeys.meta(period, version), ConsistentRead: true }));
  return result.Item as { sha256: string; planVersion: number; closedAt: string } | undefined;
}

/**
 * Writes the snapshot of a frozen period: its rows, then in one transaction its meta record, the period's
 * SHA-256 and the audit entry, so the log holds exactly the numbers finance is served.
 */
async function finishClose(period: string, version: number, closedAt: string, actor: Actor, earlyCloseReason?: string): Promise<BonusInputs> {
  const plan = await Plan.ensureDefault();
  const rows = await computeRows(period, plan);
  const sha256 = hashRows(rows);
  const items: TransactItem[] = [];
  for (let i = 0; i * CHUNK < Math.max(rows.length, 1); i++) {
    items.push({ Put: { TableName: tableName(), Item: { ...snapshotKeys.chunk(period, version, i), type: "snapshot-rows", rows: rows.slice(i * CHUNK, (i + 1) * CHUNK) } } });
  }
  items.push({ Put: { TableName: tableName(), Item: { ...snapshotKeys.meta(period, version), type: "snapshot", period, version, sha256, planVersion: plan.version, closedAt, rowCount: rows.length } } });
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
  // Large organisations: snapshot chunks first (idempotent puts), then the records that make it the period's.
  const last = items.length - 3;
  for (let i = 0; i < last; i += 25) await transact(items.slice(i, Math.min(i + 25, last)));
  const changed = () => {
    throw new VisibleError("conflict", "period_changed", `Period ${period} was reopened while it was being closed; close it again.`);
  };
  const other = await transact(items.slice(last), changed).then(
    () => undefined,
    async (error: unknown) => {
      // A retried close and the job may finish the same close at once: the second answers the first one's snapshot.
      const state = error instanceof VisibleError && error.code === "period_changed" ? await periodState(period) : {};
      if (state.version !== version || !state.sha256) throw error;
      return state;
    },
  );
  if (other) return { period, planVersion: other.planVersion!, locked: true, snapshot: { version, sha256: other.sha256!, closedAt }, rows: await readSnapshot(period, version) };
  return { period, planVersion: plan.version, locked: true, snapshot: { version, sha256, closedAt }, rows };
}

/** How a close is asked for: `force` with a `reason` closes a period that has not ended yet. */
export interface CloseOptions {
  force?: boolean;
  reason?: string;
}

/**
 * Closes a period: first freezes it (from that instant new responses count toward the next open period),
 * then writes the snapshot of its rows with their SHA-256 and plan version. Audited. A period that has not
 * ended is refused (409 `period_not_ended`) unless `force` comes with a reason, which the audit entry keeps.
 */
export async function close(period: string, actor: Actor, options: CloseOptions = {}): Promise<{ version: number; sha256: string; closedAt: string }> {
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
  const due = dueKeys.entry(new Date(Date.parse(at) + CLOSE_GRACE_MS).toISOString(), `period_${period}`);
  const frozen = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: periodKeys.period(period),
      UpdateExpression: `SET closedAt = :at, closedBy = :by, period = :period, #type = :type, gsi2pk = :gpk, gsi2sk = :gsk${earlyCloseReason ? ", earlyCloseReason = :reason" : ""} REMOVE sha256, snapshotAt${earlyCloseReason ? "" : ", earlyCloseReason"} ADD version :one`,
      ConditionExpression: "attribute_not_exists(closedAt)",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: {
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
    async () => {
      // Already frozen: closed, or a close that was interrupted before its snapshot, which this close finishes.
      const state = await periodState(period);
      if (state.sha256 && state.version) throw new VisibleError("conflict", "already_closed", `Period ${period} is already closed (snapshot version ${state.version}).`);
      const finished = await finishClose(period, state.version!, state.closedAt!, actor, state.earlyCloseReason);
      return { version: finished.snapshot!.version, sha256: finished.snapshot!.sha256, closedAt: finished.snapshot!.closedAt };
    },
  );
  if ("sha256" in frozen) return frozen;
  const version = frozen.Attributes!.version as number;
  const done = await finishClose(period, version, at, actor, earlyCloseReason);
  return { version, sha256: done.snapshot!.sha256, closedAt: done.snapshot!.closedAt };
}

/**
 * Finishes a close that froze its period but was interrupted before writing the snapshot (the scheduled
 * job, once the close's grace has passed); the audit entry names who closed it. False when there was
 * nothing to finish (closed since, or reopened).
 */
export async function finishInterrupted(period: string): Promise<boolean> {
  const state = await periodState(period);
  if (state.closedAt && state.version && !state.sha256) {
    await finishClose(period, state.version, state.closedAt, state.closedBy ?? JOB, state.earlyCloseReason);
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

/** Reopens a closed period (audited, with a reason); the next close writes a new snapshot version. */
export async function reopen(period: string, reason: string, actor: Actor): Promise<{ period: string; reopenedAt: string; previousVersion: number }> {
  const at = now().toISOString();
  const state = await periodState(period);
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

export const BonusInputs = { forPeriod, computeRows, payoutOf, lockedRow, hashRows, close, finishInterrupted, reopen, toCsv };
