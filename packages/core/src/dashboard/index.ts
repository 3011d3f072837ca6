import { DateTime } from "luxon";
import { Plan } from "../plan/index.ts";
import { periodOf, previous } from "../period/quarter.ts";
import { now } from "../clock/index.ts";
import { Rep } from "../rep/index.ts";
import { Response } from "../response/index.ts";
import { Survey } from "../survey/index.ts";
import { BonusInputs } from "../bonus/index.ts";
import { Score } from "../score/index.ts";
import { rateAllows, responseRateOf } from "../bonus/payout.ts";

/** The last `count` quarters up to and including `period`, oldest first. */
export function lastPeriods(period: string, count: number): string[] {
  const out = [period];
  while (out.length < count) out.unshift(previous(out[0]!));
  return out;
}

const figure = (s: Score) => ({ adjustedScore: s.adjustedScore, rawScore: s.rawScore, ciLow: s.ciLow, ciHigh: s.ciHigh, responses: s.responses });

/** Everything a rep's dashboard shows for one period, computed from aggregates (never by reading every response). */
export async function forRep(repId: string, period: string) {
  const rep = await Rep.mustGet(repId);
  const plan = await Plan.inForce();
  const trendPeriods = lastPeriods(period, 8);
  const survey = await Survey.load();
  const byPeriod = await Promise.all(trendPeriods.map((p) => Score.forPeriod(p, plan, survey)));
  const scores = byPeriod[byPeriod.length - 1]!;
  const score = scores.rep(repId);
  const teamReps = rep.managerEmail ? await Rep.team(rep.managerEmail) : [];
  const team = teamReps.length ? scores.pooled(teamReps.map((r) => r.id)) : null;
  const organization = scores.organization();
  const prior = scores.basis.prior;
  const trend = byPeriod.map((p) => {
    const s = p.rep(repId);
    return { period: p.period, adjustedScore: s.responses ? s.adjustedScore : null, responses: s.responses };
  });
  const labels = new Map((await Survey.catalog()).map((b) => [b.id, b.label]));
  const comments = (await Response.listForRep(repId, period, { limit: 50 })).items
    .filter((r) => r.improve && !r.voidedAt)
    .map((r) => ({ period: r.period, answeredAt: r.answeredAt, customerName: r.shareName && r.customerName ? r.customerName : null, improve: r.improve!, repScore: r.repScore }));
  // A closed period shows what finance was served; an open one, the live estimate.
  const frozen = await BonusInputs.lockedRow(period, repId);
  const row = frozen?.row ?? BonusInputs.rowOf(rep, scores, plan);
  // A closed period is explained with the plan it was closed with.
  const explained = frozen ? ((await Plan.get(frozen.planVersion)) ?? plan) : plan;
  const settings = new Map(Plan.componentsOf(explained).map((c) => [c.id, c]));
  // A plan of one component is explained step by step with that component's figures and settings (its own
  // minimum, k, map and behaviours may differ from the plan's); several are shown one line each.
  const only = row.components.length === 1 ? row.components[0] : undefined;
  const own = only ? settings.get(only.id) : undefined;
  const minResponses = own?.minResponses ?? explained.minResponses;
  const responses = only?.responses ?? row.responses;
  return {
    rep: { id: rep.id, name: rep.name, team: rep.team ?? null },
    period,
    periods: [...trendPeriods].reverse(),
    score: figure(score),
    team: team ? figure(team) : null,
    organization: figure(organization),
    behaviours: score.behaviours.map((b) => ({ ...b, label: labels.get(b.id) ?? b.id })),
    trend,
    eligible: only?.eligible ?? row.eligible,
    needsMore: Math.max(0, minResponses - responses),
    comments,
    responseRate: { invited: row.invited, answered: row.answered, rate: row.responseRate, floor: explained.minResponseRate ?? 0 },
    bonus: {
      period,
      planVersion: frozen ? frozen.planVersion : plan.version,
      planYear: Plan.planYear(explained, period),
      weight: row.weight,
      eligible: only?.eligible ?? row.eligible,
      minResponses,
      responses,
      k: own?.k ?? explained.k,
      prior: own ? scores.componentPrior(own) : prior,
      adjustedScore: only?.adjustedScore ?? row.adjustedScore,
      rawScore: only ? only.rawScore : row.rawScore,
      factorMap: own?.factorMap ?? explained.factorMap,
      payoutFactor: row.payoutFactor,
      fallbackFactor: own?.fallbackFactor ?? explained.fallbackFactor,
      capFactor: own?.capFactor ?? explained.capFactor,
      bonusShare: row.bonusShare,
      locked: Boolean(frozen),
      components: row.components.map((c) => ({
        ...c,
        behaviours: (settings.get(c.id)?.behaviours ?? null)?.map((b) => labels.get(b) ?? b) ?? null,
        minResponses: settings.get(c.id)?.minResponses ?? explained.minResponses,
      })),
    },
  };
}

/** The columns a manager may sort the team table by. */
export const teamSortColumns = ["name", "responses", "adjustedScore", "eligible"] as const;
export type TeamSort = { column: (typeof teamSortColumns)[number]; direction: "asc" | "desc" };

/** A manager's team for one period: the team's and organisation's scores and one row per rep, sorted. */
export async function forTeam(managerEmail: string, period: string, sort: TeamSort) {
  const plan = await Plan.inForce();
  const [reps, scores] = await Promise.all([Rep.team(managerEmail), Score.forPeriod(period, plan)]);
  const rows = reps.map((rep) => {
    const s = scores.rep(rep.id);
    const { invited = 0, answered = 0 } = scores.totals(rep.id);
    const responseRate = responseRateOf(invited, answered);
    return {
      repId: rep.id,
      name: rep.name,
      responses: s.responses,
      invited,
      responseRate,
      // With no responses the formula answers the organisation's score; the table shows "—" instead.
      adjustedScore: s.responses ? s.adjustedScore : null,
      ciLow: s.responses ? s.ciLow : null,
      ciHigh: s.responses ? s.ciHigh : null,
      eligible: s.eligible && rateAllows(plan, responseRate),
      needsMore: Math.max(0, plan.minResponses - s.responses),
    };
  });
  const sign = sort.direction === "asc" ? 1 : -1;
  rows.sort((a, b) => {
    const x = a[sort.column];
    const y = b[sort.column];
    if (x === y) return a.name.localeCompare(b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    return (typeof x === "string" ? x.localeCompare(y as string) : Number(x) - Number(y)) * sign;
  });
  const team = scores.pooled(reps.map((r) => r.id));
  const organization = scores.organization();
  const names = reps.map((r) => r.team).filter((t): t is string => Boolean(t));
  const teamName = names.length && names.every((t) => t === names[0]) ? names[0] : undefined;
  return { period, periods: [...lastPeriods(period, 8)].reverse(), team: figure(team), organization: figure(organization), rows, ...(teamName ? { teamName } : {}) };
}

/** How far the rep's follow-up list looks ahead ("Coming up"): the next 14 days after today. */
export const COMING_UP_DAYS = 14;

/** The end (exclusive) of the local day `days` days after the day of `at` in `zone`: the horizon of "Coming up". */
export function comingUpUntil(at: Date, zone: string, days = COMING_UP_DAYS): Date {
  return DateTime.fromJSDate(at, { zone }).startOf("day").plus({ days: days + 1 }).toJSDate();
}

/** The current period (calendar quarter). */
export function currentPeriod(): string {
  return periodOf(now());
}

export const Dashboard = { forRep, forTeam, lastPeriods, currentPeriod, comingUpUntil };
