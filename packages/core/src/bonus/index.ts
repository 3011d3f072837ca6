import { createHash } from "node:crypto";
import { VisibleError } from "../error.ts";
import { stateOf } from "../period/state.ts";
import { metaOf, rowsOf } from "../period/snapshot.ts";
import { Plan } from "../plan/index.ts";
import { DEFAULT_COMPONENT } from "../plan/components.ts";
import { Rep } from "../rep/index.ts";
import { Score, type PeriodScores } from "../score/index.ts";
import { componentPayout, rateAllows, responseRateOf, rowPayout } from "./payout.ts";
import type { InferOutput } from "valibot";
import { bonusComponentKeys, bonusRowKeys, type BonusComponent, type BonusInputsSchema, type BonusRow } from "./row.ts";
import { toCsv } from "./csv.ts";

/** The row and the answer are typed by their schemas in row.ts. */
export type { BonusRow };
export type BonusInputs = InferOutput<typeof BonusInputsSchema>;


/**
 * One rep's bonus inputs from a period's scores: the figures over all the plan's behaviours, the response
 * rate, and each component's score and pay. Below the plan's response-rate floor nothing is eligible.
 */
export function rowOf(rep: { id: string; email: string; name: string; team?: string | null }, scores: PeriodScores, plan: Plan): BonusRow {
  const period = scores.period;
  const score = scores.rep(rep.id);
  const { invited = 0, answered = 0 } = scores.totals(rep.id);
  const responseRate = responseRateOf(invited, answered);
  const rateOk = rateAllows(plan, responseRate);
  const components = Plan.componentsOf(plan).map((component): BonusComponent => {
    const s = scores.component(rep.id, component);
    const eligible = s.eligible && rateOk;
    return { id: component.id, responses: s.responses, rawScore: s.rawScore, adjustedScore: s.adjustedScore, ciLow: s.ciLow, ciHigh: s.ciHigh, eligible, ...componentPayout({ ...s, eligible }, component, plan, period) };
  });
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
    eligible: score.eligible && rateOk,
    ...rowPayout(components),
    invited,
    answered,
    responseRate,
    components,
  };
}

/** Live rows: the reps (one Query), the period's aggregates (one Query) and the plan; never the responses. */
export async function computeRows(period: string, plan: Plan): Promise<BonusRow[]> {
  const [everyone, scores] = await Promise.all([Rep.all(), Score.forPeriod(period, plan)]);
  return everyone
    // A deactivated rep keeps the row of a period they were surveyed in: the work was done.
    .filter((rep) => rep.active !== false || (scores.totals(rep.id).invited ?? 0) > 0 || scores.totals(rep.id).cards > 0)
    .map((rep) => rowOf(rep, scores, plan))
    .sort((a, b) => a.repId.localeCompare(b.repId));
}

/**
 * The SHA-256 of the canonical rows: sorted by rep id, keys in the documented order (each component's
 * too), JSON numbers as JavaScript prints them.
 */
export function hashRows(rows: BonusRow[]): string {
  const canonical = [...rows]
    .sort((a, b) => a.repId.localeCompare(b.repId))
    .map((row) => bonusRowKeys.map((k) => (k === "components" ? row.components.map((c) => bonusComponentKeys.map((ck) => c[ck])) : row[k])));
  return createHash("sha256").update(JSON.stringify([bonusRowKeys, bonusComponentKeys, canonical])).digest("hex");
}

/**
 * A period's frozen rows. A snapshot taken before components and response rates has rows without them:
 * such a row reads as one `relationship` component with the row's own figures, and 0 invited.
 */
async function frozenRows(period: string, version: number): Promise<BonusRow[]> {
  const rows = await rowsOf<BonusRow & Partial<Pick<BonusRow, "components" | "invited" | "answered" | "responseRate">>>(period, version);
  return rows.map((row) => {
    if (row.components) return row;
    const { repId: _r, repEmail: _e, repName: _n, team: _t, ...figures } = row;
    return { ...row, invited: 0, answered: 0, responseRate: null, components: [{ id: DEFAULT_COMPONENT, ...figures }] };
  });
}

/** The frozen row of one rep when the period is closed (what finance was served), else undefined. */
export async function lockedRow(period: string, repId: string): Promise<{ planVersion: number; row: BonusRow | undefined } | undefined> {
  const state = await stateOf(period);
  if (!state.closedAt || !state.version || !state.sha256) return undefined;
  return { planVersion: state.planVersion!, row: (await frozenRows(period, state.version)).find((row) => row.repId === repId) };
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
    return { period, planVersion: snapshot.planVersion, locked: Boolean(state.closedAt) && state.version === version, snapshot: { version, sha256: snapshot.sha256, closedAt: snapshot.closedAt }, rows: await frozenRows(period, version) };
  }
  if (state.closedAt && state.version && state.sha256) {
    return {
      period,
      planVersion: state.planVersion!,
      locked: true,
      snapshot: { version: state.version, sha256: state.sha256, closedAt: state.closedAt },
      rows: await frozenRows(period, state.version),
    };
  }
  // Open, or frozen by a close that has not written its snapshot yet (the close or the job finishes it): live rows.
  const plan = await Plan.inForce();
  return { period, planVersion: plan.version, locked: false, openFlags: state.openFlags ?? 0, rows: await computeRows(period, plan) };
}

export const BonusInputs = { forPeriod, computeRows, rowOf, lockedRow, hashRows, toCsv };
