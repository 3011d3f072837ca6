/** Who hears about a follow-up, and when: the recovery emails to rep and manager, the escalation, the morning digest. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { renderDigestEmail, renderRecoveryEmail, type CaseSummary } from "../email/templates/follow-up.tsx";
import { db, sendIf, tableName } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { Rep as Reps } from "../rep/index.ts";
import { Email } from "../email/index.ts";
import { followUpKeys } from "./keys.ts";
import { endOfLocalDay, nextLocalHour } from "./schedule.ts";
import { reachOf } from "./reach.ts";
import { claim, LEASE_MS, list, settle, type FollowUp } from "./index.ts";

function summary(f: FollowUp): CaseSummary {
  return {
    ...(f.anonymous ? { anonymous: true } : { customerName: f.customerName ?? "" }),
    ...(f.company ? { company: f.company } : {}),
    repName: f.repName,
    dueAt: f.dueAt,
    lowBehaviours: (f.lowBehaviours ?? []).map((b) => ({ label: b.label, rating: b.rating })),
    ...(f.source ? { source: f.source } : {}),
    ...(f.source === "concern" && f.urgency ? { urgency: f.urgency } : {}),
    ...(f.comment ? { comment: f.comment } : {}),
    ...reachOf(f),
    ...(f.interests?.length ? { interests: f.interests } : {}),
    ...(f.sharedAboutThem ? { sharedAboutThem: f.sharedAboutThem } : {}),
    actions: f.suggestedActions ?? [],
    ...(f.reopenedAt && f.answer ? { answer: f.answer } : {}),
  };
}

/**
 * Records that the rep was emailed while keeping the claim. Answers false when the case changed in the
 * meantime (resolved, or revised by the customer): its newer state decides who is told next.
 */
async function recordRepNotified(f: FollowUp, lease: string, at: string): Promise<boolean> {
  const recorded = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: followUpKeys.followUp(f.id),
      UpdateExpression: "SET repNotifiedAt = :at",
      ConditionExpression: "#status = :open AND leaseUntil = :lease",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":at": at, ":open": "open", ":lease": lease },
    }),
    () => false,
  );
  return recorded !== false;
}

/**
 * Tells people about a new recovery case, once each: the rep (only when the case names the customer)
 * and the manager. Claimed first; each email is recorded right after it goes out, so a retry never sends
 * it again. Answers whether anyone was emailed (a rep without a manager has no manager to tell).
 */
export async function announce(seen: FollowUp): Promise<boolean> {
  const pending = (f: FollowUp) => f.kind === "recovery" && (!f.managerNotifiedAt || (f.anonymous === false && !f.repNotifiedAt)) && !(f.notifyAfter && f.notifyAfter > now().toISOString());
  if (!pending(seen)) return false;
  const claimed = await claim(seen, "notify");
  if (!claimed) return false;
  const { lease, current: f } = claimed;
  if (!pending(f)) return false;
  const { orgName, brandColor, appUrl } = config();
  const dashboardUrl = `${appUrl}/dashboard`;
  let emailed = false;
  let state = f;
  if (f.anonymous === false && !f.repNotifiedAt) {
    const rep = await Reps.get(f.repId);
    // A deactivated rep is told nothing: the case is their manager's.
    if (rep?.active) {
      await Email.send({ purpose: "recovery", to: rep.email, ...renderRecoveryEmail({ orgName, brandColor, reason: "opened", reader: "rep", caseSummary: summary(f), dashboardUrl, timezone: Reps.zoneOf(rep) }) });
      emailed = true;
    }
    state = { ...state, repNotifiedAt: now().toISOString() };
    if (!(await recordRepNotified(f, lease, state.repNotifiedAt!))) return emailed;
  }
  if (!f.managerNotifiedAt) {
    if (f.managerEmail) {
      const timezone = Reps.zoneOf(await Reps.fromEmail(f.managerEmail));
      // A case the customer's verdict reopened goes to the manager, who now owns it.
      const reason = f.reopenedAt ? "reopened" : "opened";
      await Email.send({ purpose: "recovery", to: f.managerEmail, ...renderRecoveryEmail({ orgName, brandColor, reason, reader: "manager", caseSummary: summary(f), dashboardUrl, timezone }) });
      emailed = true;
    }
    state = { ...state, managerNotifiedAt: now().toISOString() };
  }
  await settle(state, lease);
  return emailed;
}

/** Emails the manager that a recovery case is overdue (RecoveryCase.escalate claims and records it). Answers whether anyone was emailed. */
export async function tellOverdue(f: FollowUp): Promise<boolean> {
  if (!f.managerEmail) return false;
  const { orgName, brandColor, appUrl } = config();
  const timezone = Reps.zoneOf(await Reps.fromEmail(f.managerEmail));
  await Email.send({ purpose: "recovery", to: f.managerEmail, ...renderRecoveryEmail({ orgName, brandColor, reason: "overdue", reader: "manager", caseSummary: summary(f), dashboardUrl: `${appUrl}/dashboard`, timezone }) });
  return true;
}

/**
 * Sends a rep's morning digest of what is due today (and overdue), once a day: the schedule item is
 * claimed before sending and moved to the next morning after.
 */
export async function sendDigest(schedule: { repId: string; nextDigestAt: string }): Promise<"sent" | "empty" | "skipped"> {
  const at = now();
  const key = followUpKeys.digest(schedule.repId);
  const claimed = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: "SET leaseUntil = :lease",
      ConditionExpression: "nextDigestAt = :seen AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
      ExpressionAttributeValues: { ":lease": new Date(at.getTime() + LEASE_MS).toISOString(), ":seen": schedule.nextDigestAt, ":now": at.toISOString() },
    }),
    () => "skipped" as const,
  );
  if (claimed === "skipped") return "skipped";
  const rep = await Reps.get(schedule.repId);
  const zone = Reps.zoneOf(rep);
  const until = endOfLocalDay(at, zone).toISOString();
  // An anonymous case is the manager's: the rep's digest never lists it.
  // A deactivated rep gets no digest (their touches and check-ins wait; their cases are their manager's).
  const due = rep?.active ? (await list({ repIds: [rep.id], status: "open", dueBefore: until })).filter((f) => !f.anonymous) : [];
  if (rep && due.length) {
    const email = renderDigestEmail({
      orgName: config().orgName,
      brandColor: config().brandColor,
      repName: rep.name,
      dashboardUrl: `${config().appUrl}/dashboard`,
      timezone: zone,
      items: due.map((f) => ({
        kind: f.kind,
        ...(f.source ? { source: f.source } : {}),
        customerName: f.customerName ?? "",
        dueAt: f.dueAt,
        overdue: f.dueAt < at.toISOString(),
        ...reachOf(f),
      })),
    });
    await Email.send({ purpose: "digest", to: rep.email, ...email });
  }
  const nextAt = nextLocalHour(at, zone, 8).toISOString();
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: "SET nextDigestAt = :next, gsi2sk = :gsk, lastDigestAt = :at REMOVE leaseUntil",
      ConditionExpression: "nextDigestAt = :seen",
      ExpressionAttributeValues: { ":next": nextAt, ":gsk": followUpKeys.digestDue(nextAt, schedule.repId).gsi2sk, ":at": at.toISOString(), ":seen": schedule.nextDigestAt },
    }),
  );
  return due.length ? "sent" : "empty";
}

export const FollowUpEmails = { announce, tellOverdue, sendDigest };
