import { queryAll } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { Invitation, toInvitation } from "../invitation/index.ts";

export interface JobReport {
  now: string;
  due: number;
  sent: number;
  failed: number;
  reminded: number;
  expired: number;
  suppressed: number;
}

/** Everything whose due time has come, through the sparse due index (never a scan). */
async function dueItems(at: Date): Promise<Record<string, unknown>[]> {
  return queryAll({
    IndexName: "gsi2",
    KeyConditionExpression: "gsi2pk = :due AND gsi2sk <= :now",
    ExpressionAttributeValues: { ":due": "DUE", ":now": `${at.toISOString()}#~` },
  });
}

/**
 * The scheduled job: sends queued emails (first sends and retries), the one reminder 3 days after an
 * unanswered invitation, and expires invitations after 30 days. Every step is claimed or conditional,
 * so running it twice for the same `now`, or concurrently, does nothing twice.
 */
export async function runDueJobs(at: Date = now()): Promise<JobReport> {
  const items = await dueItems(at);
  const report: JobReport = { now: at.toISOString(), due: items.length, sent: 0, failed: 0, reminded: 0, expired: 0, suppressed: 0 };
  const invitations = items.filter((item) => item.type === "invitation").map(toInvitation);
  const toSend = invitations.filter((inv) => inv.dueAction === "send");
  const toRemind = invitations.filter((inv) => inv.dueAction === "remind");
  const toExpire = invitations.filter((inv) => inv.dueAction === "expire" || (inv.dueAction === "remind" && new Date(inv.expiresAt) <= at));
  for (const inv of await Invitation.deliver(toSend)) {
    if (inv.status === "sent") report.sent += 1;
    else if (inv.status === "suppressed") report.suppressed += 1;
    else if (inv.lastError) report.failed += 1;
  }
  const remindable = toRemind.filter((inv) => !toExpire.includes(inv));
  for (const inv of await Invitation.deliver(remindable, { reminder: true })) {
    if (inv.reminderSentAt) report.reminded += 1;
    else if (inv.status === "suppressed") report.suppressed += 1;
    else if (inv.lastError) report.failed += 1;
  }
  for (const inv of toExpire) if (await Invitation.expire(inv)) report.expired += 1;
  return report;
}

export const Job = { runDueJobs };
