/**
 * A customer raises a concern, at any time, from the link in any email or thank-you page: it opens a
 * recovery case (./case.ts) at once, whatever report cards they were or were not sent. At most
 * CONCERNS_PER_DAY per customer per calendar day in UTC.
 */
import { now } from "../clock/index.ts";
import { formatDate } from "../clock/format-date.ts";
import { transact } from "../db/index.ts";
import { VisibleError } from "../error.ts";
import { Audit } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { Rep } from "../rep/index.ts";
import { RateLimit } from "../ratelimit/index.ts";
import { createItems, type FollowUp } from "../followup/index.ts";
import { FollowUpEmails } from "../followup/notify.ts";
import { log } from "../log/index.ts";
import { count } from "../metrics/index.ts";
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

/**
 * Raises a concern for the customer: 404 for an unknown customer, 429 `too_many_concerns` once they
 * raised CONCERNS_PER_DAY today (nothing is opened then). Otherwise one transaction takes one from the
 * day's allowance ("a day" is a calendar day in UTC) and writes the case and its audit entry (ids only;
 * an anonymous case's entry names no customer): a transaction that fails for any reason uses no
 * allowance. Rep and manager are told at once (the scheduled job retries whatever this could not send).
 */
export async function raise(customerId: string, input: ConcernInput): Promise<{ followUp: FollowUp; result: ConcernResult }> {
  const customer = await Customer.get(customerId);
  if (!customer) throw new VisibleError("not-found", "customer_not_found", "We could not find who this link is for.");
  const at = now();
  const allowance = RateLimit.takeItem(concernKeys.allowance(customerId), { limit: CONCERNS_PER_DAY, windowMs: DAY }, at);
  const followUp = await concernCase({ customer, rep: await Rep.get(customer.repId), concern: input, at });
  const named = followUp.anonymous === false;
  await transact(
    [
      allowance.item,
      ...createItems(followUp),
      Audit.record({ kind: "customer", id: named ? customerId : "anonymous" }, "concern.raise", followUp.id, { urgency: input.urgency, reply: input.reply, repId: followUp.repId }),
    ],
    (reasons) => {
      if (reasons[0] === "ConditionalCheckFailed") throw new TooManyConcerns(allowance.retryAfterSeconds, formatDate(allowance.opensAt.toISOString(), Customer.zoneOf(customer)));
      throw new VisibleError("conflict", "transaction_conflict", "Another change to the same records was in progress; try again.");
    },
  );
  count("RecoveryCasesOpened");
  // An anonymous case's log line names no customer either: nothing may tie it back to them.
  const ids = { followUpId: followUp.id, repId: followUp.repId, ...(named ? { customerId } : {}) };
  log.info("concern raised", ids);
  await FollowUpEmails.announce(followUp).catch((error: unknown) => log.warn("recovery notification failed; the scheduled job retries it", { ...ids, error }));
  return { followUp, result: { reply: input.reply, urgency: input.urgency, ...(named ? { contactBy: followUp.dueAt } : {}) } };
}
