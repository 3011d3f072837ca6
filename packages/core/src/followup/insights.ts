import { Survey } from "../survey/index.ts";
import { Rep } from "../rep/index.ts";
import { bounds } from "../period/index.ts";
import { totalsForPeriod } from "../scorecard/index.ts";
import { list, RECOVERY_HOURS } from "./index.ts";

export interface InsightRow {
  team: string;
  behaviour: string;
  label: string;
  ratings: number;
  lowRatings: number;
  recoveryCases: number;
  resolvedWithinDue: number;
  /** Resolved within due ÷ resolved; null when none is resolved yet. */
  resolvedWithinDueShare: number | null;
  /** Median hours from opening to resolution; null when none is resolved yet. */
  medianHoursToResolve: number | null;
}

const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Complaints aggregated by behaviour and team for a period, so the organisation fixes causes: low
 * ratings (1–2) from the period's aggregates, and the recovery cases opened in the period with how many
 * were resolved within their due time and the median time to resolve. Scoped to `repIds` (a manager's team).
 */
export async function forPeriod(period: string, repIds?: string[]): Promise<InsightRow[]> {
  const reps = repIds ? await Rep.getMany(repIds) : await Rep.all();
  const teamOf = new Map(reps.map((r) => [r.id, r.team ?? "No team"]));
  const totals = await totalsForPeriod(period);
  const behaviours = await Survey.catalog();
  const rows = new Map<string, InsightRow & { hours: number[]; resolved: number }>();
  const row = (team: string, behaviour: string) => {
    const key = `${team}\u0000${behaviour}`;
    let r = rows.get(key);
    if (!r) {
      const label = behaviours.find((b) => b.id === behaviour)?.label ?? behaviour;
      r = { team, behaviour, label, ratings: 0, lowRatings: 0, recoveryCases: 0, resolvedWithinDue: 0, resolvedWithinDueShare: null, medianHoursToResolve: null, hours: [], resolved: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const [repId, rep] of totals) {
    const team = teamOf.get(repId);
    if (!team) continue;
    for (const [id, t] of Object.entries(rep.behaviours)) {
      if (t.n || t.low) {
        const r = row(team, id);
        r.ratings += t.n;
        r.lowRatings += t.low ?? 0;
      }
    }
  }
  const { start, end } = bounds(period);
  // A case is due at most 24 hours after it opens, so the period's cases are among those due from its start to a day after its end.
  const cases = (
    await list({ repIds: reps.map((r) => r.id), kind: "recovery", dueFrom: start.toISOString(), dueBefore: new Date(end.getTime() + RECOVERY_HOURS * 3_600_000).toISOString() })
  ).filter((f) => f.createdAt >= start.toISOString() && f.createdAt < end.toISOString());
  for (const f of cases) {
    const team = teamOf.get(f.repId) ?? "No team";
    for (const b of f.lowBehaviours?.length ? f.lowBehaviours.map((x) => x.id) : ["overall"]) {
      const r = row(team, b);
      r.recoveryCases += 1;
      if (f.status === "resolved" && f.resolvedAt) {
        r.resolved += 1;
        if (f.resolvedAt <= f.dueAt) r.resolvedWithinDue += 1;
        r.hours.push((new Date(f.resolvedAt).getTime() - new Date(f.createdAt).getTime()) / 3_600_000);
      }
    }
  }
  return [...rows.values()]
    .map(({ hours, resolved, ...r }) => ({ ...r, resolvedWithinDueShare: resolved ? r.resolvedWithinDue / resolved : null, medianHoursToResolve: median(hours) }))
    .sort((a, b) => a.team.localeCompare(b.team) || b.lowRatings - a.lowRatings || a.behaviour.localeCompare(b.behaviour));
}

export const Insights = { forPeriod };
