/**
 * Sending one batch of up to 50: claim it (creating its invitations and stamping each customer's last
 * report card in the same transaction), send one SendBulkEmail at the account's pace, then record what was
 * sent. A worker that dies anywhere in between leaves the batch claimed; once the claim's lease runs out the
 * next worker sends the same invitations again, so a crash can send one batch twice but never skips one.
 */
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { batchPut, db, sendIf, tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { config } from "../config.ts";
import { Audit } from "../audit/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Email } from "../email/index.ts";
import { takeSendAllowance } from "../email/rate.ts";
import { Suppression } from "../suppression/index.ts";
import { Rep } from "../rep/index.ts";
import { bulkMessage, inLanguages, messageItem } from "../invitation/deliver.ts";
import { invitationItem, newInvitation } from "../invitation/send.ts";
import { REPORT_CARD_GAP_DAYS, type Invitation } from "../invitation/record.ts";
import { log } from "../log/index.ts";
import { WorkBusy } from "./busy.ts";
import { campaignKeys } from "./keys.ts";
import { getRecord, noSkips, type BatchCustomer, type BatchRecord, type SkipCounts } from "./record.ts";
import { counted, recordBatch } from "./progress.ts";
import { invitedPut } from "./invited.ts";
import { backToQueue, giveUp, queuedAmong } from "./requeue.ts";

const DAY = 86_400_000;
/** After this many attempts a batch gives up: its invitations wait for the scheduled job's retries. */
export const MAX_ATTEMPTS = 5;
/** Throttled SendBulkEmail calls are tried this many times in one attempt. */
const SEND_TRIES = 5;

/** What an attempt sends: the invitations, the batch's skips, how many earlier attempts certainly sent, and its number. */
interface Work {
  invitations: Invitation[];
  /** Every invitation of the batch but those an earlier attempt put back in the queue (including those it certainly sent). */
  all: Invitation[];
  /** When the batch was claimed: its invitations' send time. */
  claimedAt: Date;
  skips: SkipCounts;
  alreadySent: number;
  /** How many an earlier attempt put back in the job's queue (SES refused them). */
  alreadyFailed: number;
  attempt: number;
}

class Refused extends Error {
  constructor(
    readonly codes: (string | undefined)[],
    readonly found: boolean[],
  ) {
    super("refused");
  }
}

const actor = (campaignId: string) => ({ kind: "system" as const, id: `campaign-worker:${campaignId}` });

/** Claims a fresh batch: its invitations, the customers' 60-day stamps and the claim in one transaction. */
async function claimFresh(batch: BatchRecord): Promise<{ invitations: Invitation[]; skips: SkipCounts; at: Date } | "taken" | "cancelled"> {
  const at = now();
  const skips = noSkips();
  const [reasons, reps] = await Promise.all([Suppression.reasonsAmong(batch.customers.map((c) => c.email)), Rep.getMany(batch.customers.map((c) => c.repId))]);
  const inactiveReps = new Set(reps.filter((rep) => !rep.active).map((rep) => rep.id));
  let members: BatchCustomer[] = [];
  for (const customer of batch.customers) {
    const reason = reasons.get(customer.email.toLowerCase());
    // A deactivated customer (their address held for `deactivated`) or a deactivated rep's customer.
    if (reason === "deactivated" || inactiveReps.has(customer.repId)) skips.inactive += 1;
    else if (reason === "unsubscribe") skips.unsubscribed += 1;
    else if (reason) skips.suppressed += 1;
    else members.push(customer);
  }
  const cutoff = new Date(at.getTime() - REPORT_CARD_GAP_DAYS * DAY).toISOString();
  // Each round drops the customers whose stamp was refused (surveyed in the last 60 days, or deleted).
  for (;;) {
    const invitations = members.map((customer) => invitationFor(batch, customer, at));
    const items: TransactItem[] = [
      {
        Update: {
          TableName: tableName(),
          Key: campaignKeys.batch(batch.campaignId, batch.batch),
          UpdateExpression: "SET #status = :sending, leaseUntil = :lease, attempts = :one, invitations = :invitations, preparedAt = :at, skips = :skips",
          ConditionExpression: "#status = :pending",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":sending": "sending",
            ":pending": "pending",
            ":lease": lease(at),
            ":one": 1,
            ":invitations": invitations.map((inv) => ({ id: inv.id, customerId: inv.customerId })),
            ":at": at.toISOString(),
            ":skips": skips,
          },
        },
      },
      {
        ConditionCheck: {
          TableName: tableName(),
          Key: campaignKeys.campaign(batch.campaignId),
          ConditionExpression: "#status IN (:queued, :sending)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":queued": "queued", ":sending": "sending" },
        },
      },
      Audit.record(actor(batch.campaignId), "campaign.batch", batch.campaignId, { batch: batch.batch, invitations: invitations.length }),
      ...members.map(
        (customer): TransactItem => ({
          Update: {
            TableName: tableName(),
            Key: customerKeys.customer(customer.id),
            UpdateExpression: "SET lastReportCardAt = :at",
            ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(lastReportCardAt) OR lastReportCardAt <= :cutoff)",
            ExpressionAttributeValues: { ":at": at.toISOString(), ":cutoff": cutoff },
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        }),
      ),
      // Last, so a refused stamp's index stays 3 + its member's: the batch's count toward its reps' response rates.
      invitedPut(batch.campaignId, batch.batch, at, invitations),
    ];
    try {
      await transact(items, (codes, details) => {
        throw new Refused(codes, details.map((d) => Boolean(d.Item)));
      });
      return { invitations, skips, at };
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      if (error.codes[0] === "ConditionalCheckFailed") return "taken";
      if (error.codes[1] === "ConditionalCheckFailed") return "cancelled";
      const refused = new Set<string>();
      members.forEach((customer, i) => {
        if (error.codes[3 + i] !== "ConditionalCheckFailed") return;
        refused.add(customer.id);
        if (error.found[3 + i]) skips.capped += 1;
        else skips.unknown += 1;
      });
      members = members.filter((customer) => !refused.has(customer.id));
    }
  }
}

function invitationFor(batch: BatchRecord, customer: BatchCustomer, at: Date, id?: string): Invitation {
  return newInvitation({
    kind: "report-card",
    customer,
    repName: batch.repNames[customer.repId] ?? "your account manager",
    repEmail: batch.repEmails?.[customer.repId],
    survey: batch.survey,
    campaignId: batch.campaignId,
    at,
    sentAt: at.toISOString(),
    ...(id ? { id } : {}),
  });
}

const lease = (at: Date) => new Date(at.getTime() + config().campaignLeaseMs).toISOString();

/**
 * Takes over a batch a worker claimed and did not finish, once its lease has run out (waiting for that
 * if it is near). Answers the invitations to send again (those whose customer has not opened theirs yet)
 * and its skips; undefined when there is nothing left to do.
 */
async function reclaim(batch: BatchRecord): Promise<Work | undefined> {
  const [stored, campaign] = await Promise.all([
    db().send(new GetCommand({ TableName: tableName(), Key: campaignKeys.batch(batch.campaignId, batch.batch), ConsistentRead: true })),
    getRecord(batch.campaignId),
  ]);
  const current = stored.Item as (BatchRecord & { leaseUntil?: string }) | undefined;
  if (!current || !campaign || counted(campaign, batch.batch) || current.status === "cancelled") return undefined;
  if (current.status === "pending") throw new WorkBusy(`batch ${batch.batch} is not claimed yet`);
  if (campaign.status === "cancelled") return undefined;
  const wait = new Date(current.leaseUntil ?? 0).getTime() - now().getTime();
  if (wait > config().campaignLeaseMs) throw new WorkBusy(`batch ${batch.batch} is leased`);
  if (wait > 0) await new Promise((ok) => setTimeout(ok, wait + 10));
  const at = now();
  const taken = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: campaignKeys.batch(batch.campaignId, batch.batch),
      UpdateExpression: "SET leaseUntil = :lease, attempts = attempts + :one",
      ConditionExpression: "#status = :sending AND attempts = :seen AND leaseUntil < :now",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":lease": lease(at), ":one": 1, ":sending": "sending", ":seen": current.attempts, ":now": at.toISOString() },
    }),
    () => undefined,
  );
  if (!taken) throw new WorkBusy(`batch ${batch.batch} was taken by another worker`);
  const attempt = current.attempts + 1;
  const byId = new Map(current.customers.map((c) => [c.id, c]));
  const invitations = (current.invitations ?? []).map((ref) => invitationFor(current, byId.get(ref.customerId)!, new Date(current.preparedAt!), ref.id));
  const skips = current.skips ?? noSkips();
  if (attempt > MAX_ATTEMPTS) {
    await giveUp(current, invitations, skips, "the batch failed too many times", new Date(current.preparedAt!));
    return undefined;
  }
  // Put each invitation back as sent, unless its customer already opened it (that email did arrive).
  const again: Invitation[] = [];
  const notPut: Invitation[] = [];
  await Promise.all(
    invitations.map(async (inv) => {
      const put = await sendIf(
        new PutCommand({
          TableName: tableName(),
          Item: invitationItem(inv),
          ConditionExpression: "attribute_not_exists(pk) OR (#status = :sent AND attribute_not_exists(openedAt))",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: { ":sent": "sent" },
        }),
        () => undefined,
      );
      if (put) again.push(inv);
      else notPut.push(inv);
    }),
  );
  // Not put back: opened (that email arrived) or queued by an earlier attempt that SES refused (the job
  // sends it): the batch no longer counts those toward invited, and counts them as failed.
  const queued = await queuedAmong(notPut);
  const arrived = notPut.length - queued.size;
  const all = invitations.filter((inv) => !queued.has(inv.id));
  if (queued.size) await batchPut([invitedPut(batch.campaignId, batch.batch, new Date(current.preparedAt!), all).Put.Item]);
  log.warn("campaign batch taken over from a worker that stopped", { campaignId: batch.campaignId, batch: batch.batch, attempt, resent: again.length, arrived, requeued: queued.size });
  return { invitations: again, all, claimedAt: new Date(current.preparedAt!), skips, alreadySent: arrived, alreadyFailed: queued.size, attempt };
}

/** The batch's emails: one SendBulkEmail per language in it. */
const sendThrottled = (invitations: Invitation[]) => inLanguages(invitations, sendOneTemplate);

/** One SendBulkEmail, tried again while SES throttles (backoff with jitter). */
async function sendOneTemplate(invitations: Invitation[]) {
  const { template, recipients } = bulkMessage(invitations, false);
  for (let attempt = 1; ; attempt++) {
    try {
      return await Email.sendBulk(template, recipients);
    } catch (error) {
      const name = (error as Error).name;
      if (!["TooManyRequestsException", "ThrottlingException", "LimitExceededException"].includes(name) || attempt >= SEND_TRIES) throw error;
      await new Promise((ok) => setTimeout(ok, Math.random() * Math.min(5_000, 200 * 2 ** attempt)));
    }
  }
}

async function markCancelled(batch: BatchRecord): Promise<void> {
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: campaignKeys.batch(batch.campaignId, batch.batch),
      UpdateExpression: "SET #status = :cancelled",
      ConditionExpression: "#status = :pending",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":cancelled": "cancelled", ":pending": "pending" },
    }),
    () => undefined,
  );
}

/**
 * The stretch from handing a batch to SES to counting it, one batch at a time per worker: a worker killed
 * there leaves at most that one batch sent but not counted, the only batch a crash can send twice. The
 * preparing and the bookkeeping after it overlap freely.
 */
let sendingTurn: Promise<unknown> = Promise.resolve();
function inSendingTurn<T>(step: () => Promise<T>): Promise<T> {
  const turn = sendingTurn.then(step);
  sendingTurn = turn.catch(() => undefined);
  return turn;
}

/**
 * Sends one batch of a campaign (as the stream delivered it). Throws when the batch should be delivered
 * again later: SES failed (the lease is released first) or another worker holds it.
 */
export async function sendBatch(batch: BatchRecord): Promise<void> {
  let work: Work;
  const fresh = await claimFresh(batch);
  if (fresh === "cancelled") return markCancelled(batch);
  if (fresh === "taken") {
    const again = await reclaim(batch);
    if (!again) return;
    work = again;
  } else {
    work = { ...fresh, all: fresh.invitations, claimedAt: fresh.at, alreadySent: 0, alreadyFailed: 0, attempt: 1 };
  }
  const { invitations, skips } = work;
  // The invitations (their links must work once the email lands) and each address's unsubscribe link.
  await batchPut(unique([...(fresh === "taken" ? [] : invitations.map(invitationItem)), ...invitations.map((inv) => Suppression.tokenItem(inv.email).Put.Item)]));
  const outcome = await inSendingTurn(async () => {
    let results: Awaited<ReturnType<typeof sendThrottled>> = [];
    if (invitations.length) {
      await takeSendAllowance(invitations.length);
      try {
        results = await sendThrottled(invitations);
      } catch (error) {
        // Let the next delivery of this batch take it over at once instead of waiting out the lease.
        await releaseLease(batch, work.attempt);
        throw error;
      }
    }
    const accepted: [Invitation, string][] = [];
    const refused: Promise<unknown>[] = [];
    const refusedIds = new Set<string>();
    invitations.forEach((inv, i) => {
      const result = results[i]!;
      if ("messageId" in result) accepted.push([inv, result.messageId]);
      else {
        refusedIds.add(inv.id);
        refused.push(backToQueue(inv, result.error));
      }
    });
    await Promise.all(refused);
    // Those SES refused wait for the job's retry, which counts them when it sends them: the batch counts the rest.
    if (refused.length) await batchPut([invitedPut(batch.campaignId, batch.batch, work.claimedAt, work.all.filter((inv) => !refusedIds.has(inv.id))).Put.Item]);
    const counts = { sent: accepted.length + work.alreadySent, failed: refused.length + work.alreadyFailed, skips };
    await recordBatch(batch.campaignId, batch.batch, counts);
    return { accepted, counts };
  });
  await batchPut(outcome.accepted.map(([inv, messageId]) => messageItem(inv, messageId).Put.Item));
  log.info("campaign batch sent", { campaignId: batch.campaignId, batch: batch.batch, sent: outcome.counts.sent, failed: outcome.counts.failed });
}

async function releaseLease(batch: BatchRecord, attempt: number): Promise<void> {
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: campaignKeys.batch(batch.campaignId, batch.batch),
      UpdateExpression: "SET leaseUntil = :past",
      ConditionExpression: "attempts = :mine",
      ExpressionAttributeValues: { ":past": new Date(0).toISOString(), ":mine": attempt },
    }),
    () => undefined,
  ).catch((error: unknown) => log.warn("could not release a campaign batch's lease; it runs out on its own", { campaignId: batch.campaignId, batch: batch.batch, error }));
}

/** The items with distinct keys (one unsubscribe token per address), last one kept. */
function unique(items: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...new Map(items.map((item) => [`${String(item.pk)}|${String(item.sk)}`, item])).values()];
}
