import { createHash } from "node:crypto";
import { VisibleError } from "../error.ts";
import { stateOf } from "../period/state.ts";
import { metaOf, rowsOf } from "../period/snapshot.ts";
import { Plan } from "../plan/index.ts";
import { Rep } from "../rep/index.ts";
import { Score } from "../score/index.ts";
import { payoutOf } from "./payout.ts";
import type { InferOutput } from "valibot";
import { bonusRowKeys, type BonusInputsSchema, type BonusRow } from "./row.ts";
import { toCsv } from "./csv.ts";

/** The row and the answer are typed by their schemas in row.ts. */
export type { BonusRow };
export type BonusInputs = InferOutput<typeof BonusInputsSchema>;


/** Live rows: the reps (one Query), the period's aggregates (one Query) and the plan; never the responses. */
export async function computeRows(period: string, plan: Plan): Promise<BonusRow[]> {
  const [everyone, scores] = await Promise.all([Rep.all(), Score.forPeriod(period, plan)]);
  const reps = everyone.filter((rep) => rep.active !== false);
  return reps
    .map((rep) => {
      const score = scores.rep(rep.id);
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

/** The frozen row of one rep when the period is closed (what finance was served), else undefined. */
export async function lockedRow(period: string, repId: string): Promise<{ planVersion: number; row: BonusRow | undefined } | undefined> {
  const state = await stateOf(period);
  if (!state.closedAt || !state.version || !state.sha256) return undefined;
  return { planVersion: state.planVersion!, row: (await rowsOf<BonusRow>(period, state.version)).find((row) => row.repId === repId) };
}

/**
 * Bonus inputs for a period: live while it is open; once closed, the frozen snapshot (or an earlier
 * snapshot `version`, which stays readable after a reopen).
 */
export async function forPeriod(period: string, version?: number): Promise<BonusInputs> {
  const state = await stateOf(period);
  if (version !== undefined) {
    const snapshot = await metaOf(period, version);
    if (!snapshot) throw new VisibleError("not-found", "no_snapshot", `Period ${period} has no snapshot version ${version}.`);
    return { period, planVersion: snapshot.planVersion, locked: Boolean(state.closedAt) && state.version === version, snapshot: { version, sha256: snapshot.sha256, closedAt: snapshot.closedAt }, rows: await rowsOf<BonusRow>(period, version) };
  }
  if (state.closedAt && state.version && state.sha256) {
    return {
      period,
      planVersion: state.planVersion!,
      locked: true,
      snapshot: { version: state.version, sha256: state.sha256, closedAt: state.closedAt },
      rows: await rowsOf<BonusRow>(period, state.version),
    };
  }
  // Open, or frozen by a close that has not written its snapshot yet (the close or the job finishes it): live rows.
  const plan = await Plan.inForce();
  return { period, planVersion: plan.version, locked: false, openFlags: state.openFlags ?? 0, rows: await computeRows(period, plan) };
}

export const BonusInputs = { forPeriod, computeRows, payoutOf, lockedRow, hashRows, toCsv };
