/**
 * The two rules of a recovery case that every follow-up write reads (so they sit below the store, which
 * recovery-case.ts builds on): when an open case escalates, and the check-in that resolving it schedules.
 */
import type * as v from "valibot";
import { createId } from "../id.ts";
import { reachOf } from "./reach.ts";
import type { FollowUpRecordSchema } from "./record.ts";

type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;

const DAY = 24 * 3_600_000;
/** A check-in follows a resolved recovery case after this many days. */
const CHECK_IN_DAYS = 21;

/**
 * When an open recovery case escalates to the manager: at its due time, once. Never for an anonymous
 * case: nobody can reach its customer, so it is never overdue for anyone.
 */
export function escalatesAt(f: Pick<FollowUp, "anonymous" | "escalatedAt" | "dueAt">): string | undefined {
  return f.anonymous || f.escalatedAt ? undefined : f.dueAt;
}

/**
 * The check-in that resolving a recovery case at `at` schedules 21 days later; none for an anonymous case
 * (nobody to check in with). At its due time the job asks a customer who agreed to be contacted "How are things now?" (askAt).
 */
export function checkInAfter(f: FollowUp, at: Date): FollowUp | undefined {
  if (f.anonymous) return undefined;
  const dueAt = new Date(at.getTime() + CHECK_IN_DAYS * DAY).toISOString();
  return {
    id: createId("followUp", at.getTime()),
    kind: "check-in",
    status: "open",
    customerId: f.customerId,
    customerName: f.customerName,
    ...(f.company ? { company: f.company } : {}),
    repId: f.repId,
    repName: f.repName,
    ...(f.managerEmail ? { managerEmail: f.managerEmail } : {}),
    dueAt,
    createdAt: at.toISOString(),
    ...reachOf(f),
    followsId: f.id,
    // Only a customer who agreed to be contacted is asked (cases from before consent was asked are not).
    ...(f.anonymous === false ? { askAt: dueAt } : {}),
  };
}
