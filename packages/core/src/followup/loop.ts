/**
 * The loop with the customer as a dashboard shows it: concerns still open, resolved cases waiting for the
 * customer's "Did we make it right?", and how the customers judged the recoveries of a period.
 */
import { now } from "../clock/index.ts";
import { bounds } from "../period/quarter.ts";
import { list, readableBy, type FollowUp } from "./index.ts";

const DAY = 86_400_000;
/** How far back an open concern or a case awaiting its verdict is looked for (a verdict is asked 2 days after resolution and waited for 7). */
const LOOK_BACK_DAYS = 120;

/** A case the customer has yet to judge: resolved and named, with the question asked or about to be. */
export function awaitsVerdict(f: FollowUp): boolean {
  return f.kind === "recovery" && f.status === "resolved" && !f.anonymous && (f.verdict === "awaiting" || (Boolean(f.askAt) && !f.askedAt && !f.verdict && !f.notAsked));
}

/**
 * Where a case stands with its customer: their latest judgement (kept across rounds, so resolving a
 * reopened case again does not wipe a "not recovered"), whether a question went unanswered with no
 * judgement before it, and whether an answer is awaited now.
 */
export function judgementOf(f: FollowUp): { judged?: "recovered" | "not-recovered"; noAnswer: boolean; awaiting: boolean } {
  const judged = f.judged ?? (f.verdict === "recovered" || f.verdict === "not-recovered" ? f.verdict : undefined);
  return { ...(judged ? { judged } : {}), noAnswer: !judged && f.verdict === "no-answer", awaiting: f.verdict === "awaiting" };
}

/** Recovered ÷ judged (recovered + not recovered); null while no customer has judged a recovery. "No answer" is left out: nobody judged it. */
export function recoveryRate(recovered: number, notRecovered: number): number | null {
  return recovered + notRecovered ? recovered / (recovered + notRecovered) : null;
}

export interface LoopItem {
  id: string;
  repId: string;
  customerName: string | null;
  at: string;
}

/**
 * The loop for some reps as one reader may see it: open concerns (anonymous ones only for the manager),
 * cases awaiting the customer's verdict, and the customers' verdicts on the recovery cases opened in
 * `period`. One Query per rep on the status-and-due index.
 */
export async function loopFor(repIds: string[], period: string, viewer: { repId?: string | undefined; managerOf: string[] }) {
  const { start, end } = bounds(period);
  const from = new Date(Math.min(start.getTime(), now().getTime() - LOOK_BACK_DAYS * DAY)).toISOString();
  const cases = (await list({ repIds, kind: "recovery", dueFrom: from })).filter((f) => readableBy(f, viewer));
  const named = (f: FollowUp) => (f.anonymous ? null : (f.customerName ?? null));
  const openConcerns: LoopItem[] = cases
    .filter((f) => f.status === "open" && f.source === "concern")
    .map((f) => ({ id: f.id, repId: f.repId, customerName: named(f), at: f.createdAt }));
  const awaiting: LoopItem[] = cases.filter(awaitsVerdict).map((f) => ({ id: f.id, repId: f.repId, customerName: named(f), at: f.askedAt ?? f.askAt! }));
  const inPeriod = cases.filter((f) => f.createdAt >= start.toISOString() && f.createdAt < end.toISOString());
  const judgements = inPeriod.map(judgementOf);
  const recovered = judgements.filter((j) => j.judged === "recovered").length;
  const notRecovered = judgements.filter((j) => j.judged === "not-recovered").length;
  const noAnswer = judgements.filter((j) => j.noAnswer).length;
  return { period, openConcerns, awaiting, recovered, notRecovered, noAnswer, recoveryRate: recoveryRate(recovered, notRecovered) };
}
export type Loop = Awaited<ReturnType<typeof loopFor>>;

export const RecoveryLoop = { forReps: loopFor };
