/**
 * The manager's monthly recognition of their team: the "secret agent", whose customers shared the most
 * new things about themselves in a month, and the rep whose adjusted score improved most on the quarter
 * before. Small prizes that make gathering what customers care about worth a rep's while.
 */
import { DateTime } from "luxon";
import { queryAll } from "../db/index.ts";
import { Plan } from "../plan/index.ts";
import { now } from "../clock/index.ts";
import { coverage, COVERAGE_DAYS } from "../profile/coverage.ts";
import { previous } from "../period/quarter.ts";
import { Score } from "../score/index.ts";
import { profileKeys } from "../profile/keys.ts";

interface TeamRep {
  id: string;
  name: string;
}

/** Reps level with the best value share the prize; nobody wins with nothing to show (a best of 0 or less). */
function winnersOf<T extends { repId: string }>(rows: T[], value: (row: T) => number): T[] {
  if (!rows.length) return [];
  const best = Math.max(...rows.map(value));
  return best > 0 ? rows.filter((row) => Math.abs(value(row) - best) < 1e-9) : [];
}

export interface SecretAgent {
  /** The calendar month (UTC), such as 2026-11. */
  month: string;
  /** Each rep's count, most first. */
  counts: { repId: string; name: string; entries: number }[];
  /** The rep (or the reps level) with the most; none when nobody's customers shared anything that month. */
  winners: { repId: string; name: string; entries: number }[];
}

/**
 * The months' secret agents: counts the things customers chose to share (onboarding interests, personal
 * interests, a report card's "about me") first shared in each month, credited to the rep on the form that
 * carried them. Reps' own notes do not count (a rep could write any number), nor does the same thing sent
 * again, nor anything the customer has since deleted. One Query per rep for all the months (consecutive,
 * oldest first), split by month.
 */
export async function secretAgents(reps: TeamRep[], months: string[]): Promise<SecretAgent[]> {
  const start = (month: string) => DateTime.fromISO(`${month}-01T00:00:00Z`, { zone: "utc" });
  const [from, to] = [start(months[0]!).toISO(), start(months.at(-1)!).plus({ months: 1 }).toISO()];
  const shared = await Promise.all(
    reps.map(async (rep) => {
      const items = await queryAll<{ gsi1sk: string }>({
        IndexName: "gsi1",
        KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
        ExpressionAttributeValues: { ":pk": profileKeys.sharedByRepPartition(rep.id), ":from": from, ":to": to },
        ProjectionExpression: "gsi1sk",
      });
      // The sort key starts with the instant shared: its first 7 characters are the month.
      return { rep, months: items.map((item) => item.gsi1sk.slice(0, 7)) };
    }),
  );
  return months.map((month) => {
    const counts = shared.map(({ rep, months: of }) => ({ repId: rep.id, name: rep.name, entries: of.filter((m) => m === month).length }));
    counts.sort((a, b) => b.entries - a.entries || a.name.localeCompare(b.name));
    return { month, counts, winners: winnersOf(counts, (row) => row.entries) };
  });
}

/** One month's secret agent (secretAgents for that month alone). */
export async function secretAgent(reps: TeamRep[], month: string): Promise<SecretAgent> {
  return (await secretAgents(reps, [month]))[0]!;
}

export interface MostImproved {
  period: string;
  previous: string;
  /** Reps rated in both quarters, with their adjusted scores and the change, biggest rise first. */
  changes: { repId: string; name: string; from: number; to: number; change: number }[];
  /** The rep (or the reps level) with the biggest rise; none when nobody rose. */
  winners: { repId: string; name: string; from: number; to: number; change: number }[];
}

/**
 * The rep whose adjusted score (Score.forPeriod, the score the bonus pays on) rose most from the quarter
 * before `period`. A rep without responses in either quarter has no score of their own there (only the
 * organisation's) and is left out.
 */
export async function mostImproved(reps: TeamRep[], period: string, plan: Pick<Plan, "behaviourWeights" | "k" | "minResponses">): Promise<MostImproved> {
  const before = previous(period);
  const [now, then] = await Promise.all([Score.forPeriod(period, plan), Score.forPeriod(before, plan)]);
  const changes = reps.flatMap((rep) => {
    const [a, b] = [then.rep(rep.id), now.rep(rep.id)];
    if (!a.responses || !b.responses || a.adjustedScore === null || b.adjustedScore === null) return [];
    return [{ repId: rep.id, name: rep.name, from: a.adjustedScore, to: b.adjustedScore, change: b.adjustedScore - a.adjustedScore }];
  });
  changes.sort((x, y) => y.change - x.change || x.name.localeCompare(y.name));
  return { period, previous: before, changes, winners: winnersOf(changes, (row) => row.change) };
}

/** The calendar month (UTC) of an instant, and the one before it. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}
export function monthBefore(month: string): string {
  return DateTime.fromISO(`${month}-01T00:00:00Z`, { zone: "utc" }).minus({ months: 1 }).toFormat("yyyy-MM");
}

/** What the manager's dashboard shows of the team's secrets manuals: coverage per rep, last month's and this month's secret agent, the most improved rep. */
export async function forTeam(reps: TeamRep[], period: string, at: Date = now()) {
  const month = monthOf(at);
  const [covered, agents, improved] = await Promise.all([
    coverage(reps.map((r) => r.id), at),
    secretAgents(reps, [monthBefore(month), month]),
    Plan.inForce().then((plan) => mostImproved(reps, period, plan)),
  ]);
  const names = new Map(reps.map((r) => [r.id, r.name]));
  return {
    coverageDays: COVERAGE_DAYS,
    coverage: covered.map((row) => ({ ...row, name: names.get(row.repId) ?? row.repId })),
    secretAgent: { lastMonth: agents[0]!, thisMonth: agents[1]! },
    mostImproved: improved,
  };
}
export type TeamRecognition = Awaited<ReturnType<typeof forTeam>>;

export const Recognition = { secretAgent, mostImproved, forTeam, monthOf, monthBefore };
