import * as v from "valibot";
import { Survey } from "../survey/index.ts";
import { Rep } from "../rep/index.ts";
import { bounds } from "../period/quarter.ts";
import { Score } from "../score/index.ts";
import { now } from "../clock/index.ts";
import { list, RECOVERY_HOURS, type FollowUp } from "./index.ts";
import { judgementOf, recoveryRate } from "./loop.ts";

const count = (description: string) => v.pipe(v.number(), v.integer(), v.description(description));

/** One team's complaints about one behaviour in a period, and how its recovery cases went. */
const InsightRowSchema = v.object({
  team: v.string(),
  behaviour: v.pipe(v.string(), v.description("A behaviour id (a card's case counts under each behaviour rated 1–2), `overall` (a card's case with none: a low mean), `concern` (a concern the customer raised) or `check-in` (a poor answer to a check-in).")),
  label: v.string(),
  ratings: count("Ratings of the behaviour in the period."),
  lowRatings: count("Ratings of 1 or 2."),
  recoveryCases: count("Every recovery case opened in the period, anonymous ones included."),
  resolvedWithinDue: count("Contactable cases resolved by their due time."),
  late: count("Contactable cases resolved after their due time, plus open ones already past it."),
  open: count("Contactable cases still open (past due or not)."),
  couldNotContact: count("Anonymous cases: the customer did not consent to contact, so nobody can reach them; left out of the on-time measure."),
  resolvedWithinDueShare: v.pipe(v.nullable(v.number()), v.description("resolvedWithinDue ÷ (resolved + open past due); null while no contactable case is resolved or overdue.")),
  medianHoursToResolve: v.pipe(v.nullable(v.number()), v.description("Median hours from opening to resolution of contactable cases; null when none is resolved yet.")),
  recovered: count('Cases whose customer answered "Did we make it right?" with 4 or 5.'),
  notRecovered: count("Cases whose customer answered 1 to 3: reopened to the manager (counted here until a new resolution asks again)."),
  noAnswer: count("Cases whose customer did not answer within 7 days."),
  awaitingVerdict: count("Resolved cases whose customer was asked and has not answered yet."),
  recoveryRate: v.pipe(
    v.nullable(v.number()),
    v.description("recovered ÷ (recovered + notRecovered): the share of the customers' verdicts that say we put it right. No-answer cases are left out (neither recovered nor not), as are cases still awaiting a verdict; null while no customer has judged a case."),
  ),
});
export type InsightRow = v.InferOutput<typeof InsightRowSchema>;

/** Complaints by team and behaviour for a period. */
export const InsightsSchema = v.object({ period: v.string(), rows: v.array(InsightRowSchema) });

/** How long after its period ends a reopened case is still found among the period's cases. */
const REOPENED_WITHIN_DAYS = 92;

const median = (values: number[]) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Where one case stands on the on-time measure as of `at`; anonymous cases stand outside it. */
function standing(f: FollowUp, at: string): "anonymous" | "on-time" | "late" | "open-late" | "open" {
  if (f.anonymous === true) return "anonymous";
  if (f.status === "resolved" && f.resolvedAt) return f.resolvedAt <= f.dueAt ? "on-time" : "late";
  return f.dueAt < at ? "open-late" : "open";
}

const causeLabels: Record<string, string> = { overall: "overall", concern: "Concerns customers raised", "check-in": "Poor answers at a check-in" };

/**
 * Complaints aggregated by behaviour and team for a period, so the organisation fixes causes: low
 * ratings (1–2) from the period's aggregates, and the recovery cases opened in the period: how many
 * were resolved within their due time, how many were late (an open case past its due time is already
 * late), how many are open, how many could not be contacted, the median time to resolve, and the customers'
 * verdicts ("Did we make it right?") with the recovery rate they give. Scoped to
 * `repIds` (a manager's team).
 */
export async function forPeriod(period: string, repIds?: string[]): Promise<InsightRow[]> {
  const reps = repIds ? await Rep.getMany(repIds) : await Rep.all();
  const teamOf = new Map(reps.map((r) => [r.id, r.team ?? "No team"]));
  const totals = await Score.totalsForPeriod(period);
  const behaviours = await Survey.catalog();
  const rows = new Map<string, InsightRow & { hours: number[]; measured: number }>();
  const row = (team: string, behaviour: string) => {
    const key = `${team}\u0000${behaviour}`;
    let r = rows.get(key);
    if (!r) {
      const label = behaviours.find((b) => b.id === behaviour)?.label ?? causeLabels[behaviour] ?? behaviour;
      r = {
        team,
        behaviour,
        label,
        ratings: 0,
        lowRatings: 0,
        recoveryCases: 0,
        resolvedWithinDue: 0,
        late: 0,
        open: 0,
        couldNotContact: 0,
        resolvedWithinDueShare: null,
        medianHoursToResolve: null,
        recovered: 0,
        notRecovered: 0,
        noAnswer: 0,
        awaitingVerdict: 0,
        recoveryRate: null,
        hours: [],
        measured: 0,
      };
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
  // A case is due at most 24 hours after it opens, so the period's cases are among those due from its start
  // to a day after its end; a case the customer's verdict reopened is due 24 hours after the reopening, so
  // the window reaches REOPENED_WITHIN_DAYS further (a case reopened later than that drops out of its period).
  const dueBefore = new Date(end.getTime() + RECOVERY_HOURS * 3_600_000 + REOPENED_WITHIN_DAYS * 86_400_000).toISOString();
  const cases = (await list({ repIds: reps.map((r) => r.id), kind: "recovery", dueFrom: start.toISOString(), dueBefore })).filter(
    (f) => f.createdAt >= start.toISOString() && f.createdAt < end.toISOString(),
  );
  const at = now().toISOString();
  for (const f of cases) {
    const team = teamOf.get(f.repId) ?? "No team";
    const where = standing(f, at);
    // A concern's or a check-in's case has its own row, whatever ratings it carries.
    const rowsOf = f.source === "concern" || f.source === "check-in" ? [f.source] : f.lowBehaviours?.length ? f.lowBehaviours.map((x) => x.id) : ["overall"];
    for (const b of rowsOf) {
      const r = row(team, b);
      r.recoveryCases += 1;
      if (where === "anonymous") {
        r.couldNotContact += 1;
        continue;
      }
      if (where === "on-time") r.resolvedWithinDue += 1;
      if (where === "late" || where === "open-late") r.late += 1;
      if (where === "open" || where === "open-late") r.open += 1;
      // The share's denominator: every case whose outcome is known (resolved) or already settled as late (open past due).
      if (where !== "open") r.measured += 1;
      if (where === "on-time" || where === "late") r.hours.push((new Date(f.resolvedAt!).getTime() - new Date(f.createdAt).getTime()) / 3_600_000);
      const judgement = judgementOf(f);
      if (judgement.judged) r[judgement.judged === "recovered" ? "recovered" : "notRecovered"] += 1;
      if (judgement.noAnswer) r.noAnswer += 1;
      if (judgement.awaiting) r.awaitingVerdict += 1;
    }
  }
  return [...rows.values()]
    .map(({ hours, measured, ...r }) => ({
      ...r,
      resolvedWithinDueShare: measured ? r.resolvedWithinDue / measured : null,
      medianHoursToResolve: median(hours),
      recoveryRate: recoveryRate(r.recovered, r.notRecovered),
    }))
    .sort((a, b) => a.team.localeCompare(b.team) || b.lowRatings - a.lowRatings || a.behaviour.localeCompare(b.behaviour));
}

export const Insights = { forPeriod };
