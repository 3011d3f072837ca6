/**
 * The customer's one-tap answer to "Did we make it right?" or "How are things now?" (see verdict.ts), as
 * the confirm page posts it: recorded once per round, by a conditional write. A recovery is `recovered` at
 * 4–5; at 1–3 it is `not-recovered` and reopens to the manager (due 24 hours later, the manager emailed at
 * once, escalating like any open case). A check-in is resolved by the answer; at 1–2 (the report card's
 * rule for a poor rating) it opens a new recovery case.
 */
import * as v from "valibot";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { OTHER_CONTROL_CHARACTERS } from "../fields.ts";
import { Audit } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { linkedCustomer } from "../customer/retired-link.ts";
import { Rep } from "../rep/index.ts";
import { log } from "../log/index.ts";
import { followUpKeys } from "./keys.ts";
import { RecoveryPlan } from "./recovery-plan.ts";
import { recoveryDueAt } from "./recovery-case.ts";
import { FollowUpEmails } from "./notify.ts";
import { Outbox } from "../webhook/outbox.ts";
import { answerBy, isCurrentRound, questionOf } from "./verdict.ts";
import { contactOf, createItems, item, preferencesOf, RECOVERY_HOURS, toFollowUp, type FollowUp } from "./index.ts";

const HOUR = 3_600_000;
/** A recovery is put right at this rating or above. */
const RECOVERED_FROM = 4;
/** A check-in answered at this rating or below opens a new recovery case (as a report card's 1–2 does). */
const POOR_CHECK_IN_UP_TO = 2;

/** The confirm page's post: the rating (pre-selected from the tap in the email) and an optional comment. */
export const AnswerSchema = v.object({
  rating: v.pipe(v.picklist(["1", "2", "3", "4", "5"], "choose a rating from 1 to 5"), v.transform(Number)),
  comment: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(1000, "must be at most 1000 characters"),
      v.check((text) => !OTHER_CONTROL_CHARACTERS.test(text), "must not contain control characters"),
    ),
  ),
});
export type AnswerInput = v.InferOutput<typeof AnswerSchema>;

/** Where a question stands: open to an answer, answered, closed (no answer taken any more) or replaced by a newer round's email. */
export type QuestionState = "open" | "answered" | "closed" | "replaced";

/** The follow-up a question link opens (404 unknown or tampered, 410 expired) and where its question stands. */
async function openQuestion(token: string): Promise<{ followUp: FollowUp; state: QuestionState }> {
  const { id, round } = questionOf(token);
  const found = await db().send(new GetCommand({ TableName: tableName(), Key: followUpKeys.followUp(id), ConsistentRead: true }));
  if (!found.Item) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  const f = toFollowUp(found.Item);
  return { followUp: f, state: stateOf(f, round) };
}

/**
 * A question link as its page opens it: the follow-up, where its question stands and its customer as they
 * are now (none for one that names nobody); 410 link_retired once the customer was erased on request.
 */
async function openLink(token: string): Promise<{ followUp: FollowUp; state: QuestionState; customer?: Customer | undefined }> {
  const opened = await openQuestion(token);
  return { ...opened, customer: opened.followUp.customerId ? await linkedCustomer(opened.followUp.customerId) : undefined };
}

function stateOf(f: FollowUp, round: number): QuestionState {
  // The customer withdrew their consent since: nothing more is taken from them.
  if (f.anonymous || !f.customerId) return "closed";
  if (!isCurrentRound(f, round)) return "replaced";
  if (f.answer) return "answered";
  if (f.kind === "recovery" ? f.verdict !== "awaiting" : f.status !== "open") return "closed";
  return now().toISOString() < answerBy(f)! ? "open" : "closed";
}

/** What an answer did, for the page that thanks the customer. */
export interface Answered {
  followUp: FollowUp;
  /** recovered / not-recovered (reopened), or a check-in answered well / poorly (a new case). */
  outcome: "recovered" | "reopened" | "fine" | "new-case";
  /** The case that now needs the team: the reopened one or the new one. */
  openCase?: FollowUp;
}

/**
 * Records the customer's answer once. 409 when this round was already answered, 410 when the question
 * closed or a newer round replaced it. Whoever must act is emailed right after (the job retries a failure).
 */
export async function answer(token: string, input: AnswerInput): Promise<Answered> {
  const { followUp: f, state } = await openQuestion(token);
  refuse(state);
  const at = now();
  const given = { rating: input.rating, ...(input.comment ? { comment: input.comment } : {}), at: at.toISOString() };
  const result = f.kind === "recovery" ? await verdictWrites(f, given, at) : await checkInWrites(f, given, at);
  const unchanged = {
    ConditionExpression: `#status = :status AND askedAt = :asked AND attribute_not_exists(answer)${f.kind === "recovery" ? " AND verdict = :awaiting" : ""}`,
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":status": f.status, ":asked": f.askedAt, ...(f.kind === "recovery" ? { ":awaiting": "awaiting" } : {}) },
  };
  const detail = { rating: input.rating, ...(result.openCase ? { openCaseId: result.openCase.id } : {}), ...(f.reopened ? { round: f.reopened + 1 } : {}) };
  const writes: TransactItem[] = [
    { Put: { TableName: tableName(), Item: item(result.followUp), ...unchanged } },
    ...result.items,
    Audit.record({ kind: "customer", id: f.customerId! }, f.kind === "recovery" ? "follow-up.verdict" : "follow-up.check-in-answer", f.id, detail),
  ];
  try {
    await transact(writes, () => {
      throw new Crossed();
    });
  } catch (error) {
    if (!(error instanceof Crossed)) throw error;
    // Another answer (a second tab, a double click) or the job got there first.
    refuse((await openQuestion(token)).state);
    throw new VisibleError("conflict", "follow_up_changed", "Your answer crossed another change; please send it again.");
  }
  if (result.openCase) {
    const told = result.openCase;
    await FollowUpEmails.announce(told).catch((error: unknown) => log.warn("recovery notification failed; the scheduled job retries it", { followUpId: told.id, repId: told.repId, error }));
  }
  return { followUp: result.followUp, outcome: result.outcome, ...(result.openCase ? { openCase: result.openCase } : {}) };
}

class Crossed extends Error {}

/** The answer to a question that is not open: 409 already answered, 410 closed or replaced. */
function refuse(state: QuestionState): void {
  if (state === "answered") throw new VisibleError("conflict", "already_answered", "We already have your answer to this question. Thank you.");
  if (state === "replaced") throw new VisibleError("gone", "question_replaced", "We asked this again in a newer email: please answer there.");
  if (state === "closed") throw new VisibleError("gone", "question_closed", "This question has closed.");
}

type Writes = { followUp: FollowUp; items: TransactItem[]; outcome: Answered["outcome"]; openCase?: FollowUp };

/** The note a scheduled check-in gets when the case it follows reopens: a new one follows the next resolution. */
const CHECK_IN_REPLACED = "cancelled: the customer said the recovery did not put it right, so the case reopened";

/** A recovery's verdict: recovered, or reopened to the manager (its pending check-in cancelled: the next resolution schedules a new one). */
async function verdictWrites(f: FollowUp, answer: NonNullable<FollowUp["answer"]>, at: Date): Promise<Writes> {
  if (answer.rating >= RECOVERED_FROM) {
    const recovered: FollowUp = { ...f, verdict: "recovered", judged: "recovered", answer };
    return { followUp: recovered, items: Outbox.caseRecovered(recovered), outcome: "recovered" };
  }
  const { resolvedAt: _r, resolvedBy: _b, managerNotifiedAt: _m, escalatedAt: _e, checkInId, ...rest } = f;
  const reopened: FollowUp = {
    ...rest,
    status: "open",
    owner: "manager",
    reopenedAt: at.toISOString(),
    reopened: (f.reopened ?? 0) + 1,
    dueAt: new Date(at.getTime() + RECOVERY_HOURS * HOUR).toISOString(),
    verdict: "not-recovered",
    judged: "not-recovered",
    answer,
  };
  const checkIn = checkInId ? (await db().send(new GetCommand({ TableName: tableName(), Key: followUpKeys.followUp(checkInId), ConsistentRead: true }))).Item : undefined;
  const pending = checkIn && toFollowUp(checkIn).status === "open" && !checkIn.askedAt ? toFollowUp(checkIn) : undefined;
  const cancel: TransactItem[] = pending
    ? [
        {
          Put: {
            TableName: tableName(),
            Item: item({ ...pending, status: "resolved", resolvedAt: at.toISOString(), resolvedBy: "customer", note: CHECK_IN_REPLACED }),
            ConditionExpression: "#status = :open AND attribute_not_exists(askedAt)",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":open": "open" },
          },
        },
      ]
    : [];
  return { followUp: pending || !checkInId ? reopened : { ...reopened, checkInId }, items: [...cancel, ...Outbox.caseOpened(reopened)], outcome: "reopened", openCase: reopened };
}

/** A check-in answered: resolved by the customer, and at 1–2 a new recovery case that names them. */
async function checkInWrites(f: FollowUp, answer: NonNullable<FollowUp["answer"]>, at: Date): Promise<Writes> {
  const poor = answer.rating <= POOR_CHECK_IN_UP_TO;
  const opened = poor ? await caseFromCheckIn(f, answer, at) : undefined;
  const note = `The customer answered "How are things now?" with ${answer.rating} out of 5${opened ? "; a new recovery case is open" : ""}.`;
  const resolved: FollowUp = { ...f, status: "resolved", resolvedAt: at.toISOString(), resolvedBy: "customer", note, answer, ...(opened ? { openedCaseId: opened.id } : {}) };
  return { followUp: resolved, items: opened ? createItems(opened) : [], outcome: opened ? "new-case" : "fine", ...(opened ? { openCase: opened } : {}) };
}

/**
 * The recovery case a poor check-in answer opens: named (the customer answered an email they agreed to),
 * due by the usual rule (their expected response time, never later than 24 hours), with how to reach them,
 * what they shared and the suggested actions for their tier, like a poor report card's.
 */
async function caseFromCheckIn(f: FollowUp, answer: NonNullable<FollowUp["answer"]>, at: Date): Promise<FollowUp> {
  const [customer, rep, plan] = await Promise.all([Customer.get(f.customerId!), Rep.get(f.repId), RecoveryPlan.current()]);
  const prefs = preferencesOf(customer);
  const aboutMe = (customer as (Customer & { aboutMe?: string }) | undefined)?.aboutMe;
  const shared = [prefs.personalInterests, aboutMe].filter(Boolean).join(" · ");
  const managerEmail = rep?.managerEmail ?? f.managerEmail;
  const company = customer?.company ?? f.company;
  return {
    id: createId("followUp", at.getTime()),
    kind: "recovery",
    status: "open",
    source: "check-in",
    anonymous: false,
    customerId: f.customerId!,
    customerName: customer?.name ?? f.customerName ?? "",
    ...(company ? { company } : {}),
    repId: f.repId,
    repName: rep?.name ?? f.repName,
    ...(managerEmail ? { managerEmail } : {}),
    dueAt: recoveryDueAt(at, prefs.responseTime).toISOString(),
    createdAt: at.toISOString(),
    lowBehaviours: [{ id: "overall", label: "How things are now, three weeks after a recovery", rating: answer.rating }],
    ...(answer.comment ? { comment: answer.comment } : {}),
    ...contactOf(prefs, customer),
    ...(customer?.valueTier ? { valueTier: customer.valueTier } : {}),
    ...(prefs.interests?.length ? { interests: prefs.interests } : {}),
    ...(shared ? { sharedAboutThem: shared } : {}),
    suggestedActions: RecoveryPlan.actionsFor(plan, customer?.valueTier),
  };
}

export const Answer = { open: openLink, answer, AnswerSchema };
