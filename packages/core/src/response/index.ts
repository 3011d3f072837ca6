import { db, queryPage, tableName, transact, type TransactItem } from "../db/index.ts";
import { now } from "../clock/index.ts";
import { VisibleError } from "../error.ts";
import { customerKeys } from "../customer/keys.ts";
import { Period, periodOf } from "../period/index.ts";
import { Survey, type ReportCardInput } from "../survey/index.ts";
import type { OnboardingInput } from "../survey/onboarding.ts";
import { Invitation, keyOf, tokenOf, fromToken, type Invitation as InvitationRecord } from "../invitation/index.ts";
import { aggregateAttributes, aggregateKeys } from "../aggregate/keys.ts";
import { responseKeys } from "./keys.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { Rep } from "../rep/index.ts";
import { FollowUp, type FollowUp as FollowUpRecord } from "../followup/index.ts";
import { CONSENT_WITHDRAWN, RecoveryCase, TAP_SETTLE_MINUTES } from "../followup/recovery-case.ts";
import { FollowUpEmails } from "../followup/notify.ts";

const DAY = 86_400_000;
/** The customer may revise their answers for this long after the first submission. */
export const REVISION_DAYS = 7;

export type Outcome = "recorded" | "revised" | "unchanged";

export interface StoredResponse {
  invitationId: string;
  repId: string;
  customerId: string;
  /** Present only when the customer ticked "share my name with my rep". */
  customerName?: string;
  period: string;
  answeredAt: string;
  revisedAt?: string;
  surveyVersion: string;
  ratings: Record<string, number | "na">;
  improve?: string;
  shareName: boolean;
  /** The customer agreed to be contacted about these answers. */
  contactOk?: boolean;
  /** Mean of this response's numeric ratings; null when every behaviour was "not applicable". */
  repScore: number | null;
  /** Set when the response was voided for abuse: it no longer counts anywhere. */
  voidedAt?: string;
}

/** Where an invitation stands for its customer: open for answers, revisable, or final. */
export function stateOf(inv: InvitationRecord, at = now()): "open" | "revisable" | "final" | "expired" {
  if (inv.voidedAt) return "final";
  if (inv.answeredAt) {
    return at.getTime() - new Date(inv.answeredAt).getTime() <= REVISION_DAYS * DAY ? "revisable" : "final";
  }
  return at.getTime() >= new Date(inv.expiresAt).getTime() ? "expired" : "open";
}

/** The invitation behind a form link, or the visible 404/410 a customer should see. */
export async function open(token: string): Promise<InvitationRecord> {
  const inv = await fromToken(token);
  if (!inv) throw new VisibleError("not-found", "unknown_link", "This link is not valid. Please use the most recent email we sent you.");
  if (stateOf(inv) === "expired") throw new VisibleError("gone", "expired_link", "This link has expired.");
  return inv;
}

function repScoreOf(ratings: Record<string, number | "na">): number | null {
  const values = Object.values(ratings).filter((r): r is number => typeof r === "number");
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

const num = (r: unknown): number | undefined => (typeof r === "number" ? r : undefined);

/** The aggregate Update moving one rep's period from `before` to `after` answers (either may be absent). */
function aggregateUpdate(
  repId: string,
  period: string,
  behaviours: string[],
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
  cardDelta: -1 | 0 | 1,
): TransactItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":at": now().toISOString(), ":rep": repId, ":period": period };
  const adds: string[] = [];
  if (cardDelta) {
    adds.push("cards :card");
    values[":card"] = cardDelta;
  }
  behaviours.forEach((b, i) => {
    const o = num(before?.[b]);
    const r = num(after[b]);
    const dn = (r === undefined ? 0 : 1) - (o === undefined ? 0 : 1);
    const ds = (r ?? 0) - (o ?? 0);
    const dq = (r ?? 0) ** 2 - (o ?? 0) ** 2;
    const dl = (r !== undefined && r <= 2 ? 1 : 0) - (o !== undefined && o <= 2 ? 1 : 0);
    if (dn === 0 && ds === 0 && dq === 0) return;
    const attrs = aggregateAttributes(b);
    names[`#n${i}`] = attrs.n;
    names[`#s${i}`] = attrs.sum;
    names[`#q${i}`] = attrs.sumsq;
    names[`#l${i}`] = attrs.low;
    values[`:n${i}`] = dn;
    values[`:s${i}`] = ds;
    values[`:q${i}`] = dq;
    values[`:l${i}`] = dl;
    adds.push(`#n${i} :n${i}`, `#s${i} :s${i}`, `#q${i} :q${i}`, `#l${i} :l${i}`);
  });
  return {
    Update: {
      TableName: tableName(),
      Key: aggregateKeys.rep(period, repId),
      UpdateExpression: `SET updatedAt = :at, repId = :rep, period = :period, #type = :type${adds.length ? ` ADD ${adds.join(", ")}` : ""}`,
      ExpressionAttributeNames: { ...names, "#type": "type" },
      ExpressionAttributeValues: { ...values, ":type": "aggregate" },
    },
  };
}

/** `atIso` is the submission's one timestamp: the response and preference keys are built from the same value. */
function invitationUpdate(inv: InvitationRecord, answers: Record<string, unknown>, period: string | undefined, first: boolean, atIso: string, recoveryId?: string): TransactItem {
  const at = new Date(atIso);
  const recovery = recoveryId ? ", recoveryId = :rid" : "";
  const rid = recoveryId ? { ":rid": recoveryId } : {};
  const Key = keyOf(inv.id);
  if (first) {
    return {
      Update: {
        TableName: tableName(),
        Key,
        UpdateExpression: `SET #status = :answered, answeredAt = :at, answers = :answers, revision = :one${period ? ", period = :period" : ""}${recovery} REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil`,
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(answeredAt) AND expiresAt > :at",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":answered": "answered", ":at": at.toISOString(), ":answers": answers, ":one": 1, ...(period ? { ":period": period } : {}), ...rid },
      },
    };
  }
  return {
    Update: {
      TableName: tableName(),
      Key,
      UpdateExpression: `SET answers = :answers, revisedAt = :at${recovery} ADD revision :one`,
      ConditionExpression: "revision = :seen AND answeredAt > :cutoff",
      ExpressionAttributeValues: {
        ":answers": answers,
        ":at": at.toISOString(),
        ":one": 1,
        ":seen": inv.revision ?? 1,
        ":cutoff": new Date(at.getTime() - REVISION_DAYS * DAY).toISOString(),
        ...rid,
      },
    },
  };
}

class PeriodClosed extends Error {}
class LostRace extends Error {}

/**
 * Writes a submission. A closed period (its ConditionCheck at `periodCheckIndex`) and a lost race for the
 * invitation (its condition, item 0, or a conflicting transaction) each get their own error, for the
 * caller to move to the next period or to re-read and decide again.
 */
async function write(items: TransactItem[], periodCheckIndex?: number): Promise<void> {
  const lostRace = (): never => {
    throw new LostRace();
  };
  await transact(
    items,
    (reasons) => {
      if (periodCheckIndex !== undefined && reasons[periodCheckIndex] === "ConditionalCheckFailed") throw new PeriodClosed();
      return lostRace();
    },
    { onConflict: lostRace },
  );
}

function sameAnswers(a: Record<string, unknown> | undefined, b: Record<string, unknown>): boolean {
  return JSON.stringify(canonical(a ?? {})) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * Records a report card: the answers, the response and the rep's per-period aggregates (count, sum,
 * sum of squares per behaviour) in one transaction that counts each invitation at most once. Within
 * 7 days a second submission revises: the same transaction moves the aggregates from the old answers
 * to the new, and settles the response's recovery case (one open case per response at most). Concurrent
 * submissions of one token resolve to one counted response.
 */
export async function submitReportCard(
  inv: InvitationRecord,
  input: ReportCardInput,
  options: { /** The one rating tapped in the email: the rest of the card (and the consents) may follow within minutes. */ tapped?: boolean } = {},
): Promise<{ outcome: Outcome; invitation: InvitationRecord }> {
  if (inv.kind !== "report-card") throw new VisibleError("input", "wrong_form", "This link is for the onboarding form.");
  const answers: Record<string, unknown> = {
    ratings: input.ratings,
    ...(input.improve ? { improve: input.improve } : {}),
    ...(input.aboutMe ? { aboutMe: input.aboutMe } : {}),
    shareName: input.shareName ?? false,
    contactOk: input.contactOk ?? false,
  };
  return submitOnce(inv, answers, async (current, first, at) => {
    let period = first ? periodOf(now()) : current.period!;
    const recovery = await recoveryChange(current, input, period, new Date(at), options.tapped ?? false);
    let items = recovery.items;
    for (let hop = 0; ; hop++) {
      try {
        await write(reportCardItems(current, input, answers, period, first, at, recovery.id, items), 2);
        break;
      } catch (error) {
        if (!(error instanceof PeriodClosed)) throw error;
        if (!first) throw new VisibleError("conflict", "period_closed", "Your answers were already counted in a closed period and can no longer be changed.");
        if (hop >= 8) throw error;
        period = Period.next(period);
        if (recovery.followUp) {
          recovery.followUp = { ...recovery.followUp, period };
          items = FollowUp.createItems(recovery.followUp);
        }
      }
    }
    const told = recovery.followUp;
    if (told?.status === "open") {
      await FollowUpEmails.announce(told).catch((error: unknown) =>
        console.error(JSON.stringify({ level: "warn", msg: "recovery notification failed; the scheduled job retries it", followUpId: told.id, error: String(error) })),
      );
    }
    return { period, ...(recovery.id ? { recoveryId: recovery.id } : {}) };
  });
}

/**
 * What a submission does to the response's recovery case. A poor card opens one; a revision changes the
 * open one in place, resolves it when the new answers no longer call for it, or opens a new one when the
 * earlier case was already resolved. Consent withdrawn cancels the check-in a resolved case scheduled.
 * A case opened by a tapped rating tells nobody for a few minutes, while the rest of the card may follow.
 */
async function recoveryChange(inv: InvitationRecord, input: ReportCardInput, period: string, at: Date, tapped: boolean): Promise<{ items: TransactItem[]; followUp?: FollowUpRecord; id?: string }> {
  const earlier = inv.recoveryId ? await FollowUp.get(inv.recoveryId) : undefined;
  const open = earlier?.status === "open" ? earlier : undefined;
  const notifyAfter = tapped ? new Date(at.getTime() + TAP_SETTLE_MINUTES * 60_000) : undefined;
  const next = RecoveryCase.trips(input.ratings) ? await recoveryFor(inv, input, period, open?.id, notifyAfter) : undefined;
  const checkIn = !input.contactOk && earlier?.status === "resolved" && earlier.checkInId ? await FollowUp.get(earlier.checkInId) : undefined;
  const cancel = checkIn?.status === "open" ? RecoveryCase.settledByCustomer(checkIn, CONSENT_WITHDRAWN, at, inv.id).items : [];
  if (open) {
    const revised = RecoveryCase.reviseItems(open, next, at, inv.id);
    return { followUp: revised.followUp, items: [...revised.items, ...cancel], id: open.id };
  }
  if (!next) return { items: cancel };
  return { items: [...FollowUp.createItems(next), ...cancel], followUp: next, id: next.id };
}

/**
 * The shared shape of a submission: refuse expired and final invitations, answer "unchanged" for a
 * repeat of the same answers, otherwise write (first or revision) and, when another submission of the
 * same link won the race, read the invitation again and decide anew.
 */
async function submitOnce(
  inv: InvitationRecord,
  answers: Record<string, unknown>,
  writeAnswers: (current: InvitationRecord, first: boolean, at: string) => Promise<Partial<InvitationRecord>>,
): Promise<{ outcome: Outcome; invitation: InvitationRecord }> {
  let current = inv;
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = stateOf(current);
    if (state === "expired") throw new VisibleError("gone", "expired_link", "This link has expired.");
    if (state === "final") throw new VisibleError("conflict", "already_final", "Your answers were received and can no longer be changed.");
    const first = state === "open";
    if (!first && sameAnswers(current.answers, answers)) return { outcome: "unchanged", invitation: current };
    const at = now().toISOString();
    try {
      const written = await writeAnswers(current, first, at);
      return {
        outcome: first ? "recorded" : "revised",
        invitation: {
          ...current,
          ...written,
          status: "answered",
          answeredAt: first ? at : current.answeredAt!,
          answers,
          revision: (current.revision ?? 0) + 1,
          ...(first ? {} : { revisedAt: at }),
        },
      };
    } catch (error) {
      if (!(error instanceof LostRace)) throw error;
      const fresh = await fromToken(tokenOf(current.id));
      if (!fresh) throw error;
      current = fresh;
    }
  }
  throw new VisibleError("conflict", "busy", "Your answers are being saved from another window; reload the page to see them.");
}

async function recoveryFor(inv: InvitationRecord, input: ReportCardInput, period: string, id?: string, notifyAfter?: Date): Promise<FollowUpRecord> {
  const [customer, rep] = await Promise.all([Customer.get(inv.customerId), Rep.get(inv.repId)]);
  return RecoveryCase.build({
    invitationId: inv.id,
    behaviours: Survey.behavioursOf(inv),
    period,
    ratings: input.ratings,
    ...(input.improve ? { improve: input.improve } : {}),
    ...(input.aboutMe ? { aboutMe: input.aboutMe } : {}),
    repScore: repScoreOf(input.ratings),
    contactOk: input.contactOk ?? false,
    customer,
    customerId: inv.customerId,
    customerName: inv.customerName,
    rep,
    repId: inv.repId,
    repName: inv.repName,
    at: now(),
    ...(id ? { id } : {}),
    ...(notifyAfter ? { notifyAfter } : {}),
  });
}

function reportCardItems(
  inv: InvitationRecord,
  input: ReportCardInput,
  answers: Record<string, unknown>,
  period: string,
  first: boolean,
  at: string,
  recoveryId: string | undefined,
  recoveryItems: TransactItem[],
): TransactItem[] {
  const behaviours = Survey.behavioursOf(inv).map((b) => b.id);
  const answeredAt = first ? at : inv.answeredAt!;
  const response: StoredResponse = {
    invitationId: inv.id,
    repId: inv.repId,
    customerId: inv.customerId,
    ...(input.shareName ? { customerName: inv.customerName } : {}),
    period,
    answeredAt,
    ...(first ? {} : { revisedAt: at }),
    surveyVersion: inv.surveyVersion,
    ratings: input.ratings,
    ...(input.improve ? { improve: input.improve } : {}),
    shareName: input.shareName ?? false,
    contactOk: input.contactOk ?? false,
    repScore: repScoreOf(input.ratings),
  };
  const previousRatings = first ? undefined : ((inv.answers?.ratings ?? {}) as Record<string, unknown>);
  const items: TransactItem[] = [
    invitationUpdate(inv, answers, period, first, at, recoveryId),
    { Put: { TableName: tableName(), Item: { ...responseKeys.response(inv.repId, period, answeredAt, inv.id), type: "response", ...response } } },
    Period.mustBeOpen(period),
    aggregateUpdate(inv.repId, period, behaviours, previousRatings, input.ratings, first ? 1 : 0),
  ];
  items.push(...recoveryItems);
  if (input.aboutMe) {
    items.push({
      Update: {
        TableName: tableName(),
        Key: customerKeys.customer(inv.customerId),
        UpdateExpression: "SET aboutMe = :text, aboutMeAt = :at, aboutMeInvitationId = :inv",
        ExpressionAttributeValues: { ":text": input.aboutMe, ":at": at, ":inv": inv.id },
      },
    });
  }
  return items;
}

/**
 * Records onboarding answers: they become the customer's current preferences, every earlier version kept,
 * in one transaction with the invitation. A second submission within 7 days revises them.
 */
export async function submitOnboarding(inv: InvitationRecord, input: OnboardingInput): Promise<{ outcome: Outcome; invitation: InvitationRecord }> {
  if (inv.kind !== "onboarding") throw new VisibleError("input", "wrong_form", "This link is for the report card.");
  const answers = canonical(input) as Record<string, unknown>;
  return submitOnce(inv, answers, async (current, first, at) => {
    const answeredAt = first ? at : current.answeredAt!;
    const preferences = { ...answers, updatedAt: at, invitationId: current.id };
    // The touch schedule goes to the rep who owns the customer now.
    const customer = await Customer.get(current.customerId);
    const owner = customer ? await Rep.get(customer.repId) : undefined;
    const schedule = customer ? FollowUp.touchItems(customer, owner, input, now()) : [];
    await write([
      invitationUpdate(current, answers, undefined, first, at),
      { Put: { TableName: tableName(), Item: { ...responseKeys.preference(current.customerId, answeredAt, current.id), type: "preferences", customerId: current.customerId, ...preferences } } },
      {
        Update: {
          TableName: tableName(),
          Key: customerKeys.customer(current.customerId),
          UpdateExpression: "SET preferences = :p, preferencesAt = :at",
          ExpressionAttributeValues: { ":p": preferences, ":at": at },
        },
      },
      ...schedule,
    ]);
    return {};
  });
}

/**
 * Takes an abusive report card out of the scores: the rep's aggregates lose its ratings and its card
 * in one transaction with the invitation and the response, which stay stored and marked voided.
 * Refused once its period is closed (reopen it first). Audited, as every change that can move money.
 */
export async function voidReportCard(invitationId: string, reason: string, actor: Actor): Promise<{ invitationId: string; period: string; voidedAt: string }> {
  const inv = await Invitation.mustGet(invitationId);
  if (inv.kind !== "report-card" || !inv.answeredAt || !inv.period) {
    throw new VisibleError("conflict", "not_answered", "Only an answered report card can be voided.");
  }
  if (inv.voidedAt) throw new VisibleError("conflict", "already_voided", `This report card was voided on ${inv.voidedAt}.`);
  const at = now().toISOString();
  const ratings = ((inv.answers?.ratings ?? {}) as Record<string, unknown>);
  const behaviours = Survey.behavioursOf(inv).map((b) => b.id);
  const cancelled = (reasons: (string | undefined)[]): never => {
    if (reasons[2] === "ConditionalCheckFailed") throw new VisibleError("conflict", "period_closed", `Period ${inv.period} is closed; reopen it before voiding one of its report cards.`);
    throw new VisibleError("conflict", "changed", "The report card changed while it was being voided; try again.");
  };
  await transact(
    [
      {
        Update: {
          TableName: tableName(),
          Key: keyOf(inv.id),
          UpdateExpression: "SET voidedAt = :at, voidReason = :reason",
          ConditionExpression: "attribute_not_exists(voidedAt) AND revision = :seen",
          ExpressionAttributeValues: { ":at": at, ":reason": reason, ":seen": inv.revision ?? 1 },
        },
      },
      {
        Update: {
          TableName: tableName(),
          Key: responseKeys.response(inv.repId, inv.period, inv.answeredAt, inv.id),
          UpdateExpression: "SET voidedAt = :at",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":at": at },
        },
      },
      Period.mustBeOpen(inv.period),
      aggregateUpdate(inv.repId, inv.period, behaviours, ratings, {}, -1),
      Audit.record(actor, "response.void", inv.id, { reason, repId: inv.repId, period: inv.period, ratings }),
    ],
    cancelled,
  );
  return { invitationId: inv.id, period: inv.period, voidedAt: at };
}

/** A rep's responses in a period, newest first (comments for the dashboard). */
export async function listForRep(repId: string, period: string, options: { limit?: number; cursor?: string } = {}) {
  return queryPage<StoredResponse>(
    {
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :period)",
      ExpressionAttributeValues: { ":pk": responseKeys.repPartition(repId), ":period": `${period}#` },
      ScanIndexForward: false,
      Limit: options.limit ?? 50,
    },
    options.cursor,
  );
}

export const Response = { open, stateOf, submitReportCard, submitOnboarding, voidReportCard, listForRep };
