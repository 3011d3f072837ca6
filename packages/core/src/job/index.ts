import * as v from "valibot";
import { queryPage } from "../db/index.ts";
import { dueKeys } from "./keys.ts";
import { now } from "../clock/index.ts";
import { Invitation, toInvitation } from "../invitation/index.ts";
import { FollowUp, toFollowUp } from "../followup/index.ts";
import { FollowUpEmails } from "../followup/notify.ts";
import { RecoveryCase } from "../followup/recovery-case.ts";
import { Verdict } from "../followup/verdict.ts";
import { Period } from "../period/index.ts";
import { Plan } from "../plan/index.ts";
import { Campaign } from "../campaign/index.ts";
import { eraseOldText } from "../privacy/retention.ts";
import { Webhook } from "../webhook/index.ts";
import { log, type LogFields } from "../log/index.ts";
import { Metric } from "../metrics/index.ts";

const count = (what: string) => v.pipe(v.number(), v.integer(), v.description(what));

/** What one run of the scheduled job did, as counts. */
export const JobReportSchema = v.object({
  now: v.pipe(v.string(), v.description("The instant the run acted as of.")),
  due: count("Items found due: invitations, follow-ups, digests and interrupted closes."),
  sent: count("Invitations sent."),
  failed: count("Invitations or reminders whose email failed; they stay due for the next run."),
  reminded: count("Reminders sent."),
  expired: count("Invitations expired unanswered."),
  suppressed: count("Invitations or reminders not sent: the address is suppressed."),
  managersNotified: count("Recovery cases announced to the rep and the manager."),
  escalated: count("Overdue recovery cases escalated."),
  touchesRolled: count("Missed touches moved to their next occurrence."),
  customersAsked: count('Customers emailed "Did we make it right?" (2 days after a recovery case naming them was resolved) or "How are things now?" (at a check-in).'),
  customersNotAsked: count("Questions not sent: the customer's address is suppressed, their record is gone, or they withdrew their consent."),
  verdictsUnanswered: count('Recovery cases whose "Did we make it right?" went 7 days without an answer: verdict no-answer.'),
  digests: count("Morning digests sent."),
  closesFinished: count("Period closes that were interrupted before their snapshot, finished by this run."),
  campaignBatches: count("Campaign batches a stopped worker left behind, sent by this run."),
  textsErased: count("Items whose free text passed the retention period (RAPPORT_RETENTION_MONTHS) and was erased, ratings kept."),
  webhookDeliveries: count("Webhook deliveries and Slack messages retried (or left by a stopped worker) that the receiver took this run."),
  errors: count("Work that threw; it stays due and the next run tries again."),
});
export type JobReport = v.InferOutput<typeof JobReportSchema>;

/** At most this many due items per run; a backlog drains over the following runs, a minute apart. */
export const MAX_ITEMS_PER_RUN = 5_000;

/** What is due, soonest first, through the sparse due index (never a scan). */
async function dueItems(at: Date): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage<Record<string, unknown>>(
      {
        IndexName: "gsi2",
        KeyConditionExpression: "gsi2pk = :due AND gsi2sk <= :now",
        ExpressionAttributeValues: { ":due": dueKeys.partition, ":now": dueKeys.upTo(at.toISOString()) },
        Limit: Math.min(1_000, MAX_ITEMS_PER_RUN - items.length),
      },
      cursor,
    );
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor && items.length < MAX_ITEMS_PER_RUN);
  return items;
}

/**
 * The scheduled job: sends queued emails (first sends and retries), the one reminder 3 days after an
 * unanswered invitation, and expires invitations after 30 days; tells managers about new recovery cases,
 * escalates overdue ones once, asks customers whether a recovery put it right (and how things are at the
 * check-in), closes unanswered verdicts after 7 days, rolls missed touches forward and sends each rep's morning digest; finishes
 * period closes that were interrupted, sends campaign batches a stopped worker left behind, and stores the default plan on a fresh install so its start date
 * holds. Every step is claimed or conditional, so running it twice for the same `now`, or concurrently,
 * does nothing twice. A step that throws is logged with its ids and counted in `errors`; the other steps
 * still run.
 */
export async function runDueJobs(at: Date = now()): Promise<JobReport> {
  const started = performance.now();
  await Plan.ensureDefault();
  const items = await dueItems(at);
  const report: JobReport = {
    now: at.toISOString(),
    due: items.length,
    sent: 0,
    failed: 0,
    reminded: 0,
    expired: 0,
    suppressed: 0,
    managersNotified: 0,
    escalated: 0,
    touchesRolled: 0,
    customersAsked: 0,
    customersNotAsked: 0,
    verdictsUnanswered: 0,
    digests: 0,
    closesFinished: 0,
    campaignBatches: 0,
    textsErased: 0,
    webhookDeliveries: 0,
    errors: 0,
  };
  // Each step is claimed first; a failure leaves its item due for the next run.
  const attempt = async (step: keyof JobReport, ids: LogFields, work: () => Promise<unknown>) => {
    try {
      const did = await work();
      if (did === true || did === "sent") (report[step] as number) += 1;
    } catch (error) {
      report.errors += 1;
      Metric.count("JobStepFailures");
      log.error("scheduled job step failed; it stays due", { step, ...ids, error });
    }
  };
  const invitations = items.filter((item) => item.type === "invitation").map(toInvitation);
  const toSend = invitations.filter((inv) => inv.dueAction === "send");
  const toRemind = invitations.filter((inv) => inv.dueAction === "remind");
  const toExpire = invitations.filter((inv) => inv.dueAction === "expire" || (inv.dueAction === "remind" && new Date(inv.expiresAt) <= at));
  const remindable = toRemind.filter((inv) => !toExpire.includes(inv));
  const emailed = (step: "sent" | "reminded", done: (inv: Invitation) => boolean) => async (batch: Invitation[]) => {
    for (const inv of batch) {
      if (done(inv)) report[step] += 1;
      else if (inv.status === "suppressed") report.suppressed += 1;
      else if (inv.lastError) {
        report.failed += 1;
        log.warn("invitation email failed; it stays due and is retried", { invitationId: inv.id, repId: inv.repId, error: inv.lastError });
      }
    }
  };
  await attempt("sent", { invitations: toSend.length }, async () => emailed("sent", (inv) => inv.status === "sent")(await Invitation.deliver(toSend)));
  await attempt("reminded", { invitations: remindable.length }, async () => emailed("reminded", (inv) => Boolean(inv.reminderSentAt))(await Invitation.remind(remindable)));
  for (const inv of toExpire) await attempt("expired", { invitationId: inv.id }, () => Invitation.expire(inv));

  const steps = items.flatMap((raw): (() => Promise<void>)[] => {
    if (raw.type === "follow-up") {
      const f = toFollowUp(raw);
      const ids = { followUpId: f.id, repId: f.repId };
      if (f.dueAction === "notify") return [() => attempt("managersNotified", ids, () => FollowUpEmails.announce(f))];
      if (f.dueAction === "escalate") return [() => attempt("escalated", ids, () => RecoveryCase.escalate(f))];
      if (f.dueAction === "roll") return [() => attempt("touchesRolled", ids, () => FollowUp.roll(f))];
      if (f.dueAction === "ask") {
        return [
          () =>
            attempt("customersAsked", ids, async () => {
              const asked = await Verdict.ask(f);
              if (asked === "not-asked") report.customersNotAsked += 1;
              return asked;
            }),
        ];
      }
      if (f.dueAction === "expire-ask") return [() => attempt("verdictsUnanswered", ids, () => Verdict.expireAsk(f))];
    } else if (raw.type === "digest-schedule") {
      const repId = raw.repId as string;
      return [() => attempt("digests", { repId }, () => FollowUpEmails.sendDigest({ repId, nextDigestAt: raw.nextDigestAt as string }))];
    } else if (raw.type === "campaign") {
      const campaignId = raw.id as string;
      return [
        () =>
          attempt("campaignBatches", { campaignId }, async () => {
            report.campaignBatches += await Campaign.resume(campaignId);
          }),
      ];
    } else if (raw.type === "outbound-delivery") {
      const seen = raw as unknown as Parameters<typeof Webhook.retry>[0];
      return [() => attempt("webhookDeliveries", { eventId: seen.eventId }, () => Webhook.retry(seen))];
    } else if (raw.type === "period") {
      return [() => attempt("closesFinished", { period: raw.period as string }, () => Period.finishInterrupted(raw.period as string))];
    }
    return [];
  });
  // A few at a time: each step is independent and claimed, so order does not matter.
  let next = 0;
  const worker = async () => {
    while (next < steps.length) await steps[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(8, steps.length) }, worker));
  await attempt("textsErased", {}, async () => void (report.textsErased += await eraseOldText(at)));
  Metric.jobDuration(performance.now() - started);
  return report;
}

export const Job = { runDueJobs };
