import * as v from "valibot";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, queryAll, sendIf, strip, tableName, transact, type TransactItem } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { Audit, type Actor } from "../audit/index.ts";
import type { Customer } from "../customer/index.ts";
import type { Rep } from "../rep/index.ts";
import type { OnboardingInput } from "../survey/onboarding.ts";
import { followUpKeys } from "./keys.ts";
import { nextLocalHour, nextTouch } from "./schedule.ts";
import { reachOf } from "./reach.ts";
import { checkInAfter, escalatesAt } from "./recovery-rules.ts";
import { checkResolution, GestureSchema, InspiredBySchema } from "./resolution.ts";
import { count } from "../metrics/index.ts";
import type { dueActions, FollowUpRecordSchema } from "./record.ts";
import { Outbox } from "../webhook/outbox.ts";
import { mayResolve, readableBy, resolverActor, type Resolver } from "./access.ts";

export type FollowUp = v.InferOutput<typeof FollowUpRecordSchema>;
export type FollowUpKind = FollowUp["kind"];
export type FollowUpStatus = FollowUp["status"];
export type DueAction = (typeof dueActions)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A recovery case is due this soon at the latest. */
export const RECOVERY_HOURS = 24;
/** How long a job step holds its claim on a follow-up. */
export const LEASE_MS = 120_000;

export const ResolveSchema = v.strictObject({
  note: v.pipe(
    v.string("is required"),
    v.trim(),
    v.nonEmpty("is required: say what was done"),
    v.maxLength(2000, "must be at most 2000 characters"),
    v.description("What was done; for a recovery case, what was fixed."),
  ),
  gesture: v.optional(v.pipe(GestureSchema, v.description("Recovery: the personal gesture made, if any."))),
  inspiredBy: v.optional(InspiredBySchema),
});
export type ResolveInput = v.InferOutput<typeof ResolveSchema>;

export type Preferences = Partial<OnboardingInput>;
export const preferencesOf = (customer: Customer | undefined) => ((customer as (Customer & { preferences?: Preferences }) | undefined)?.preferences ?? {}) as Preferences;

export function item(f: FollowUp): Record<string, unknown> {
  // The next action is derived from the state; a copy read back from the table must not carry the old one.
  const { dueAction: _stale, ...state } = f;
  const next = nextAction(f);
  return {
    ...followUpKeys.followUp(f.id),
    ...followUpKeys.byRep(f.repId, f.status, f.dueAt, f.id),
    ...(next ? followUpKeys.due(next.at, f.id) : {}),
    type: "follow-up",
    ...state,
    ...(next ? { dueAction: next.action } : {}),
  };
}

/** A customer has this long to answer "Did we make it right?" before the case's verdict is no-answer. */
export const ANSWER_DAYS = 7;

/** What the scheduled job must do next for a follow-up, and when. */
export function nextAction(f: FollowUp): { action: DueAction; at: string } | undefined {
  // Only a follow-up that names its customer asks them anything; "ask" once, unless they could not be asked.
  const asks = f.kind === "check-in" ? !f.anonymous : f.anonymous === false;
  const ask = asks && f.askAt && !f.askedAt && !f.notAsked ? { action: "ask" as const, at: f.askAt } : undefined;
  if (f.status !== "open") {
    if (f.kind !== "recovery") return undefined;
    if (ask) return ask;
    // A verdict asked and not given expires to no-answer.
    return asks && f.askedAt && f.verdict === "awaiting" ? { action: "expire-ask", at: new Date(new Date(f.askedAt).getTime() + ANSWER_DAYS * DAY).toISOString() } : undefined;
  }
  if (f.kind === "check-in") return ask;
  if (f.kind === "recovery") {
    // Cases from before consent was asked (anonymous unset) told the manager only.
    if (!f.managerNotifiedAt || (f.anonymous === false && !f.repNotifiedAt)) return { action: "notify", at: f.notifyAfter ?? f.createdAt };
    const escalation = escalatesAt(f);
    return escalation === undefined ? undefined : { action: "escalate", at: escalation };
  }
  if (f.kind === "touch" && f.cadence) {
    const after = nextTouch(new Date(f.dueAt), f.cadence, f.timezone ?? "UTC", f.bestHours);
    return after ? { action: "roll", at: after.toISOString() } : undefined;
  }
  return undefined;
}

/** How to reach a customer: their stated preferences, with their email when they named no contact. */
export function contactOf(prefs: Preferences, customer: Customer | undefined) {
  return reachOf({ ...prefs, contact: prefs.contact || customer?.email });
}

/** The writes that put a new follow-up on the schedule (its item and the rep's digest schedule). */
export function createItems(f: FollowUp, options: { replace?: boolean } = {}): TransactItem[] {
  return [
    { Put: { TableName: tableName(), Item: item(f), ...(options.replace ? {} : { ConditionExpression: "attribute_not_exists(pk)" }) } },
    digestScheduleItem(f.repId),
    ...(options.replace ? [] : Outbox.caseOpened(f)),
  ];
}

/** Makes sure the rep has a daily digest schedule (the first one goes out at the next 08:00 in the organization's zone, the rest in the rep's). */
function digestScheduleItem(repId: string): TransactItem {
  const first = nextLocalHour(now(), config().timezone, 8).toISOString();
  const due = followUpKeys.digestDue(first, repId);
  return {
    Update: {
      TableName: tableName(),
      Key: followUpKeys.digest(repId),
      UpdateExpression: "SET repId = :rep, #type = :type, nextDigestAt = if_not_exists(nextDigestAt, :first), gsi2pk = :due, gsi2sk = if_not_exists(gsi2sk, :gsk), dueAction = :digest",
      ExpressionAttributeNames: { "#type": "type" },
      ExpressionAttributeValues: { ":rep": repId, ":type": "digest-schedule", ":first": first, ":due": due.gsi2pk, ":gsk": due.gsi2sk, ":digest": "digest" },
    },
  };
}

/** The one recurring touch of a customer (its id is derived from the customer's, so a new answer replaces it). */
export function touchId(customerId: string): string {
  return `fup_${customerId.slice(4)}`;
}

/**
 * The writes that make a customer's onboarding answers their rep's schedule: a recurring touch at their
 * cadence, channel and best hours (replacing any earlier one), or none for "only when something needs me".
 */
export function touchItems(customer: Customer, rep: Rep | undefined, prefs: OnboardingInput, at: Date): TransactItem[] {
  const id = touchId(customer.id);
  const due = nextTouch(at, prefs.cadence, prefs.timezone, prefs.bestHours);
  if (!due) return [{ Delete: { TableName: tableName(), Key: followUpKeys.followUp(id) } }];
  const touch: FollowUp = {
    id,
    kind: "touch",
    status: "open",
    customerId: customer.id,
    customerName: customer.name,
    ...(customer.company ? { company: customer.company } : {}),
    repId: customer.repId,
    repName: rep?.name ?? "",
    ...(rep?.managerEmail ? { managerEmail: rep.managerEmail } : {}),
    dueAt: due.toISOString(),
    createdAt: at.toISOString(),
    ...contactOf(prefs, customer),
    cadence: prefs.cadence,
    missed: 0,
  };
  return createItems(touch, { replace: true });
}

function toFollowUp(raw: Record<string, unknown>): FollowUp {
  return strip(raw, "leaseUntil") as unknown as FollowUp;
}

/** A follow-up by id, or undefined. */
export async function get(id: string): Promise<FollowUp | undefined> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: followUpKeys.followUp(id), ConsistentRead: true }));
  return result.Item ? toFollowUp(result.Item) : undefined;
}

export interface ListFilter {
  repIds: string[];
  status?: FollowUpStatus;
  kind?: FollowUpKind;
  /** Due at or after this instant (ISO). */
  dueFrom?: string;
  /** Due at or before this instant (ISO). */
  dueBefore?: string;
}

/** Follow-ups of some reps, soonest due first: one Query per rep and status on the status-and-due index, bounded by the due range. */
export async function list(filter: ListFilter): Promise<FollowUp[]> {
  const statuses: FollowUpStatus[] = filter.status ? [filter.status] : ["open", "resolved"];
  const lists = await Promise.all(
    filter.repIds.flatMap((repId) =>
      statuses.map((status) =>
        queryAll<Record<string, unknown>>({
          IndexName: "gsi1",
          KeyConditionExpression: "gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to",
          ExpressionAttributeValues: {
            ":pk": followUpKeys.repPartition(repId),
            ":from": `${status}#${filter.dueFrom ?? ""}`,
            ":to": `${status}#${filter.dueBefore ?? "~"}`,
          },
        }),
      ),
    ),
  );
  const items = lists.flat().map(toFollowUp);
  return (filter.kind ? items.filter((f) => f.kind === filter.kind) : items).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** The customer is asked "Did we make it right?" this long after a recovery case that names them is resolved. */
export const ASK_AFTER_DAYS = 2;

/**
 * Resolves a follow-up with a note (required; audited). A recovery case also records the gesture and the
 * profile entries that inspired it (checked: resolution.ts), schedules its check-in (see recovery-rules.ts)
 * in the same transaction and, when it names its customer, asks them 2 days later whether it was put right
 * (a new round each time it is resolved: the earlier round's answer and link no longer count). A touch
 * records the contact and moves to its next occurrence. Asked by a person or a key (`Resolver`), checks
 * that they may (access.ts); given an actor, acts as them.
 */
export async function resolve(id: string, input: ResolveInput, by: Actor | Resolver): Promise<{ followUp: FollowUp; checkIn?: FollowUp; next?: FollowUp }> {
  const current = await get(id);
  if (!current) throw new VisibleError("not-found", "follow_up_not_found", `No follow-up has the id ${id}.`);
  const actor = "kind" in by ? by : await resolverActor(current, by);
  if (current.status !== "open") throw new VisibleError("conflict", "already_resolved", "This follow-up was already resolved.");
  if (actor.kind === "user" && !mayResolve(current, { email: actor.id })) {
    throw new VisibleError("forbidden", "reopened_to_manager", "The customer said this was not put right, so it is with the manager now; only they can resolve it.");
  }
  await checkResolution(current, input);
  const at = now();
  const conflict = () => {
    throw new VisibleError("conflict", "follow_up_changed", "This follow-up changed while it was being resolved; reload and try again.");
  };
  const guard = { ConditionExpression: "#status = :open AND dueAt = :due", ExpressionAttributeNames: { "#status": "status" }, ExpressionAttributeValues: { ":open": "open", ":due": current.dueAt } };
  if (current.kind === "touch") {
    const due = nextTouch(at, current.cadence ?? "weekly", current.timezone ?? "UTC", current.bestHours) ?? new Date(at.getTime() + 7 * DAY);
    const next: FollowUp = { ...current, dueAt: due.toISOString(), lastDoneAt: at.toISOString(), note: input.note, missed: 0 };
    await transact(
      [
        { Put: { TableName: tableName(), Item: item(next), ...guard } },
        Audit.record(actor, "follow-up.touch-done", id, { note: input.note, customerId: current.customerId, nextDueAt: next.dueAt }),
      ],
      conflict,
    );
    return { followUp: next, next };
  }
  const recovery = current.kind === "recovery";
  const checkIn = recovery ? checkInAfter(current, at) : undefined;
  const askAt = recovery && current.anonymous === false ? new Date(at.getTime() + ASK_AFTER_DAYS * DAY).toISOString() : undefined;
  // A new round: what the customer said about an earlier resolution stays in the audit log, not on the case.
  const { verdict: _v, answer: _a, askedAt: _asked, askAt: _ask, notAsked: _n, gesture: _g, inspiredBy: _i, ...fresh } = current;
  const resolved: FollowUp = {
    ...(recovery ? fresh : current),
    status: "resolved",
    resolvedAt: at.toISOString(),
    resolvedBy: actor.id,
    note: input.note,
    ...(input.gesture ? { gesture: input.gesture } : {}),
    ...(input.inspiredBy?.length ? { inspiredBy: input.inspiredBy } : {}),
    ...(askAt ? { askAt } : {}),
    ...(checkIn ? { checkInId: checkIn.id } : {}),
  };
  const writes: TransactItem[] = checkIn ? createItems(checkIn) : [];
  writes.unshift({ Put: { TableName: tableName(), Item: item(resolved), ...guard } });
  // The audit keeps ids and amounts, not the words of the gesture (they may describe the customer).
  const recorded = {
    kind: current.kind,
    note: input.note,
    ...(current.customerId ? { customerId: current.customerId } : {}),
    ...(checkIn ? { checkInId: checkIn.id } : {}),
    ...(input.gesture ? { gesture: { ...(input.gesture.cost !== undefined ? { cost: input.gesture.cost } : {}), suggested: input.gesture.suggested ?? false } } : {}),
    ...(input.inspiredBy?.length ? { inspiredBy: input.inspiredBy } : {}),
    ...(askAt ? { askAt } : {}),
    ...(current.reopened ? { round: current.reopened + 1 } : {}),
  };
  writes.push(Audit.record(actor, `follow-up.resolve`, id, recorded), ...Outbox.caseResolved(resolved));
  await transact(writes, conflict);
  if (recovery && current.dueAt < at.toISOString()) count("RecoveryCasesResolvedLate");
  return { followUp: resolved, ...(checkIn ? { checkIn } : {}) };
}

/**
 * Claims a follow-up for one job action, so concurrent or repeated runs never act twice. Answers the
 * claim and the follow-up as it is now (a customer's revision may have changed it since the due index
 * was read), or undefined.
 */
export async function claim(f: FollowUp, action: DueAction): Promise<{ lease: string; current: FollowUp } | undefined> {
  const at = now();
  const lease = new Date(at.getTime() + LEASE_MS).toISOString();
  const claimed = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: followUpKeys.followUp(f.id),
      UpdateExpression: "SET leaseUntil = :lease",
      ConditionExpression: "#status = :status AND dueAction = :action AND dueAt = :due AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":lease": lease, ":status": f.status, ":action": action, ":due": f.dueAt, ":now": at.toISOString() },
      ReturnValues: "ALL_NEW",
    }),
    () => undefined,
  );
  return claimed?.Attributes ? { lease, current: toFollowUp(claimed.Attributes) } : undefined;
}

/**
 * Stores the follow-up's new state (in the status it was claimed in), which also releases the claim, only
 * while the claim still holds: a case resolved, a touch replaced by a new onboarding answer or a question
 * the customer answered in the meantime keeps that newer state. Answers whether it was stored.
 */
export async function settle(f: FollowUp, lease: string, also: TransactItem[] = []): Promise<boolean> {
  const put = {
    TableName: tableName(),
    Item: item(f),
    ConditionExpression: "#status = :status AND leaseUntil = :lease",
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":status": f.status, ":lease": lease },
  };
  if (!also.length) return (await sendIf(new PutCommand(put), () => false as const)) !== false;
  // What the new state causes (an outbound event) is written with it, or not at all.
  return transact([{ Put: put }, ...also], () => { throw new NotSettled(); }).then(() => true, (error: unknown) => (error instanceof NotSettled ? false : Promise.reject(error)));
}

class NotSettled extends Error {}

/** Moves a missed touch to its next occurrence (the latest one already due, if several were missed). */
export async function roll(f: FollowUp): Promise<boolean> {
  if (f.kind !== "touch" || !f.cadence) return false;
  const claimed = await claim(f, "roll");
  if (!claimed) return false;
  const { lease } = claimed;
  const after = (from: Date) => nextTouch(from, f.cadence!, f.timezone ?? "UTC", f.bestHours);
  let due = after(new Date(f.dueAt))!;
  for (let next = after(due); next && next <= now(); next = after(due)) due = next;
  await settle({ ...f, dueAt: due.toISOString(), missed: (f.missed ?? 0) + 1 }, lease);
  return true;
}

export { mayResolve, reachOf, readableBy, toFollowUp, type Resolver };

export const FollowUp = { get, list, readableBy, mayResolve, resolve, roll, createItems, touchItems, touchId };
