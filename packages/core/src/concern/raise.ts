/**
 * A customer raises a concern, at any time, from the link in any email or thank-you page: it opens a
 * recovery case (./case.ts) at once, whatever report cards they were or were not sent. At most
 * CONCERNS_PER_DAY per customer per calendar day in UTC.
 */
import { now } from "../clock/index.ts";
import { formatDate } from "../clock/format-date.ts";
import { tableName, transact, type TransactItem } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Audit } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { Rep } from "../rep/index.ts";
import { RateLimit } from "../ratelimit/index.ts";
import { createItems, FollowUp } from "../followup/index.ts";
import { FollowUpEmails } from "../followup/notify.ts";
import { log } from "../log/index.ts";
import { count } from "../metrics/index.ts";
import { Outbox } from "../webhook/outbox.ts";
import { concernCase } from "./case.ts";
import { concernKeys } from "./keys.ts";
import type { ConcernInput, ConcernResult } from "./schema.ts";

/** How many concerns one customer may raise in a day. */
export const CONCERNS_PER_DAY = 5;
const DAY = 86_400_000;

/** The sixth concern of a day: a 429 that says when the allowance opens again (`Retry-After`). */
export class TooManyConcerns extends VisibleError {
  constructor(
    readonly retryAfterSeconds: number,
    opensAt: string,
  ) {
    super(
      "too-many",
      "too_many_concerns",
      `You've sent ${CONCERNS_PER_DAY} concerns today, the most we take in one day. You can send another from ${opensAt}. We have every one you sent, and they are being looked at.`,
    );
  }
}

/** The form was sent before: the case its first sending opened. */
class AlreadyRaised extends Error {
  constructor(readonly followUpId: string) {
    super("this submission already raised a concern");
  }
}

/**
 * The marker of one form sent, in the case's transaction: it holds the case for a day, and its condition
 * fails (handing back the case) when the same form was sent before.
 */
function submissionItem(customerId: string, submission: string, followUpId: string, at: Date): TransactItem {
  const seconds = Math.floor(at.getTime() / 1000);
  return {
    Put: {
      TableName: tableName(),
      Item: { ...concernKeys.submission(customerId, submission), type: "concern-submission", followUpId, ttl: seconds + DAY / 1000 },
      ConditionExpression: "attribute_not_exists(pk) OR #ttl < :now",
      ExpressionAttributeNames: { "#ttl": "ttl" },
      ExpressionAttributeValues: { ":now": seconds },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    },
  };
}

/** What raising a concern answers the customer, read from its case. */
function resultOf(f: FollowUp): ConcernResult {
  const named = f.anonymous === false;
  return { reply: named ? "contact" : "anonymous", urgency: f.urgency ?? "no-rush", ...(named ? { contactBy: f.dueAt } : {}) };
}

/**
 * Raises a concern for the customer: 404 for an unknown customer, 429 `too_many_concerns` once they
 * raised CONCERNS_PER_DAY today (nothing is opened then). Otherwise one transaction takes one from the
 * day's allowance ("a day" is a calendar day in UTC), marks the form's `submission` and writes the case
 * and its audit entry (ids only; an anonymous case's entry names no customer): a transaction that fails
 * for any reason uses no allowance. The same submission sent again (a reload, a double click, a retry)
 * opens nothing and uses nothing: it answers the case the first opened (`replayed`). Rep and manager are
 * told at once (the scheduled job retries whatever this could not send).
 */
export async function raise(customerId: string, input: ConcernInput): Promise<{ followUp: FollowUp; result: ConcernResult; replayed: boolean }> {
  const customer = await Customer.get(customerId);
  if (!customer) throw new VisibleError("not-found", "customer_not_found", "We could not find who this link is for.");
  const at = now();
  const allowance = RateLimit.takeItem(concernKeys.allowance(customerId), { limit: CONCERNS_PER_DAY, windowMs: DAY }, at);
  const followUp = await concernCase({ customer, rep: await Rep.get(customer.repId), concern: input, at });
  const named = followUp.anonymous === false;
  try {
    await transact(
      [
        allowance.item,
        ...(input.submission ? [submissionItem(customerId, input.submission, followUp.id, at)] : []),
        ...createItems(followUp),
        Audit.record({ kind: "customer", id: named ? customerId : "anonymous" }, "concern.raise", followUp.id, { urgency: input.urgency, reply: input.reply, repId: followUp.repId }),
        Outbox.concernRaised(followUp),
      ],
      (reasons, details) => {
        const earlier = (details[1]?.Item?.followUpId as { S?: string } | undefined)?.S;
        if (input.submission && reasons[1] === "ConditionalCheckFailed" && earlier) throw new AlreadyRaised(earlier);
        if (reasons[0] === "ConditionalCheckFailed") throw new TooManyConcerns(allowance.retryAfterSeconds, formatDate(allowance.opensAt.toISOString(), Customer.zoneOf(customer)));
        throw new VisibleError("conflict", "transaction_conflict", "Another change to the same records was in progress; try again.");
      },
    );
  } catch (error) {
    if (!(error instanceof AlreadyRaised)) throw error;
    const earlier = await FollowUp.get(error.followUpId);
    if (!earlier) throw new VisibleError("conflict", "transaction_conflict", "Another change to the same records was in progress; try again.");
    return { followUp: earlier, result: resultOf(earlier), replayed: true };
  }
  count("RecoveryCasesOpened");
  // An anonymous case's log line names no customer either: nothing may tie it back to them.
  const ids = { followUpId: followUp.id, repId: followUp.repId, ...(named ? { customerId } : {}) };
  log.info("concern raised", ids);
  await FollowUpEmails.announce(followUp).catch((error: unknown) => log.warn("recovery notification failed; the scheduled job retries it", { ...ids, error }));
  return { followUp, result: resultOf(followUp), replayed: false };
}
