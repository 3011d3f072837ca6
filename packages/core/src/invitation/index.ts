import * as v from "valibot";
import { createHash, createHmac } from "node:crypto";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { renderInvitationEmail, type InvitationEmailProps } from "../email/templates/invitation.tsx";
import { db, sendIf, strip, tableName, transact } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { createId } from "../id.ts";
import { VisibleError } from "../error.ts";
import { IdSchema } from "../fields.ts";
import { Audit, type Actor } from "../audit/index.ts";
import { Customer } from "../customer/index.ts";
import { customerKeys } from "../customer/keys.ts";
import { Rep } from "../rep/index.ts";
import { Survey, type Behaviour, type Survey as SurveyRecord } from "../survey/index.ts";
import { Email, BULK_LIMIT } from "../email/index.ts";
import { Suppression } from "../suppression/index.ts";
import { invitationKeys } from "./keys.ts";

export const kinds = ["onboarding", "report-card"] as const;
export type InvitationKind = (typeof kinds)[number];
export const statuses = ["queued", "sent", "opened", "answered", "bounced", "expired", "suppressed"] as const;
export type InvitationStatus = (typeof statuses)[number];

export const InvitationSchema = v.strictObject({
  customerId: IdSchema("cus"),
  kind: v.picklist(kinds, "must be onboarding or report-card"),
});
export type InvitationInput = v.InferOutput<typeof InvitationSchema>;

const DAY = 86_400_000;
/** An invitation expires this long after it is created. */
export const EXPIRY_DAYS = 30;
/** The one reminder goes out this long after the invitation was sent, if it is still unanswered. */
export const REMINDER_DAYS = 3;
/** A customer gets at most one report card in this many days. */
export const REPORT_CARD_GAP_DAYS = 60;
/** A send attempt holds its invitation this long, so two job runs never send the same email. */
const LEASE_MS = 120_000;

export interface Invitation {
  id: string;
  kind: InvitationKind;
  status: InvitationStatus;
  customerId: string;
  customerName: string;
  email: string;
  /** Frozen at send time: this rep gets the credit even if the account moves later. */
  repId: string;
  repName: string;
  surveyVersion: string;
  /** The behaviours asked about, frozen at send time (report cards). */
  behaviours?: Behaviour[];
  campaignId?: string;
  createdAt: string;
  expiresAt: string;
  sendAttempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  messageId?: string;
  sentAt?: string;
  reminderSentAt?: string;
  openedAt?: string;
  answeredAt?: string;
  revisedAt?: string;
  revision?: number;
  /** The period the answers were counted in (report cards). */
  period?: string;
  answers?: Record<string, unknown>;
  dueAction?: "send" | "remind" | "expire";
  /** The recovery case this report card opened, if it was poor. */
  recoveryId?: string;
  /** Set when an admin took an abusive report card out of the scores. */
  voidedAt?: string;
  voidReason?: string;
}

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** The survey token of an invitation: an HMAC of its id, so reminders and retries can rebuild it; only its hash is stored. */
export function tokenOf(id: string): string {
  return createHmac("sha256", config().tokenSecret).update(`survey:${id}`).digest("base64url");
}

/** The storage key of an invitation, from its id (through its token's hash). */
export function keyOf(id: string) {
  return invitationKeys.invitation(sha256(tokenOf(id)));
}

function toInvitation(item: Record<string, unknown>): Invitation {
  return strip(item, "tokenHash", "leaseUntil") as unknown as Invitation;
}

/** What the API shows of an invitation: where its email stands, never the answers or internals. */
export const InvitationViewSchema = v.object({
  id: v.string(),
  kind: v.picklist(kinds),
  status: v.picklist(statuses),
  customerId: v.string(),
  repId: v.pipe(v.string(), v.description("The rep credited, frozen when the invitation was sent.")),
  surveyVersion: v.string(),
  createdAt: v.string(),
  expiresAt: v.string(),
  sentAt: v.optional(v.string()),
  messageId: v.optional(v.string()),
  reminderSentAt: v.optional(v.string()),
  openedAt: v.optional(v.string()),
  answeredAt: v.optional(v.string()),
  campaignId: v.optional(v.string()),
  voidedAt: v.optional(v.string()),
  voidReason: v.optional(v.string()),
  sendAttempts: v.optional(v.pipe(v.number(), v.description("While queued: how many sends were tried."))),
  lastError: v.optional(v.pipe(v.string(), v.description("While queued: why the last send failed."))),
});
export type InvitationView = v.InferOutput<typeof InvitationViewSchema>;

/** A report card taken out of the scores: which, the period whose numbers it left, and when. */
export const VoidedReportCardSchema = v.object({ invitationId: v.string(), period: v.string(), voidedAt: v.string() });
export type VoidedReportCard = v.InferOutput<typeof VoidedReportCardSchema>;

/** What the API shows of an invitation (no answers, no internals). */
export function publicView(inv: Invitation): InvitationView {
  return {
    id: inv.id,
    kind: inv.kind,
    status: inv.status,
    customerId: inv.customerId,
    repId: inv.repId,
    surveyVersion: inv.surveyVersion,
    createdAt: inv.createdAt,
    expiresAt: inv.expiresAt,
    ...(inv.sentAt ? { sentAt: inv.sentAt } : {}),
    ...(inv.messageId ? { messageId: inv.messageId } : {}),
    ...(inv.reminderSentAt ? { reminderSentAt: inv.reminderSentAt } : {}),
    ...(inv.openedAt ? { openedAt: inv.openedAt } : {}),
    ...(inv.answeredAt ? { answeredAt: inv.answeredAt } : {}),
    ...(inv.campaignId ? { campaignId: inv.campaignId } : {}),
    ...(inv.voidedAt ? { voidedAt: inv.voidedAt, voidReason: inv.voidReason } : {}),
    ...(inv.status === "queued" ? { sendAttempts: inv.sendAttempts, ...(inv.lastError ? { lastError: inv.lastError } : {}) } : {}),
  };
}

/** The invitation a survey token opens, or undefined for an unknown or tampered token. */
export async function fromToken(token: string): Promise<Invitation | undefined> {
  if (!/^[A-Za-z0-9_-]{40,60}$/.test(token)) return undefined;
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKeys.invitation(sha256(token)), ConsistentRead: true }));
  return result.Item ? toInvitation(result.Item) : undefined;
}

/** The invitation with this id, or a 404. */
export async function mustGet(id: string): Promise<Invitation> {
  const result = await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(id), ConsistentRead: true }));
  if (!result.Item) throw new VisibleError("not-found", "invitation_not_found", `No invitation has the id ${id}.`);
  return toInvitation(result.Item);
}

export const skipReasons = ["recently-surveyed", "suppressed", "no-email", "unknown-customer", "already-invited"] as const;
export type SkipReason = (typeof skipReasons)[number];

/**
 * Creates a queued invitation for a customer, freezing the rep and the survey version. A report card
 * also stamps the customer's last report card in the same transaction, so at most one goes out per 60 days
 * even under concurrency. Answers the invitation, or why it was skipped.
 */
export async function create(
  input: InvitationInput & { campaignId?: string },
  actor: Actor,
  known?: { customer?: Customer; repName?: string; suppressed?: boolean; survey?: SurveyRecord },
): Promise<{ invitation: Invitation } | { skipped: SkipReason }> {
  const customer = known?.customer ?? (await Customer.get(input.customerId));
  if (!customer) return { skipped: "unknown-customer" };
  if (!customer.email) return { skipped: "no-email" };
  const suppressed = known?.suppressed ?? (await Suppression.isSuppressed(customer.email));
  if (suppressed) return { skipped: "suppressed" };
  const repName = known?.repName ?? (await Rep.get(customer.repId))?.name ?? "your account manager";
  const survey = input.kind === "report-card" ? (known?.survey ?? (await Survey.load())) : undefined;
  const at = now();
  const createdAt = at.toISOString();
  const id = createId("invitation", at.getTime());
  const invitation: Invitation = {
    id,
    kind: input.kind,
    status: "queued",
    customerId: customer.id,
    customerName: customer.name,
    email: customer.email,
    repId: customer.repId,
    repName,
    surveyVersion: input.kind === "report-card" ? survey!.version : "onboarding-1",
    ...(input.kind === "report-card" ? { behaviours: survey!.behaviours } : {}),
    ...(input.campaignId ? { campaignId: input.campaignId } : {}),
    createdAt,
    expiresAt: new Date(at.getTime() + EXPIRY_DAYS * DAY).toISOString(),
    sendAttempts: 0,
    nextAttemptAt: createdAt,
    dueAction: "send",
  };
  const tokenHash = sha256(tokenOf(id));
  const cutoff = new Date(at.getTime() - REPORT_CARD_GAP_DAYS * DAY).toISOString();
  try {
    await transact(
      [
        {
          Put: {
            TableName: tableName(),
            Item: {
              ...invitationKeys.invitation(tokenHash),
              ...invitationKeys.byCustomer(customer.id, createdAt),
              ...invitationKeys.due(createdAt, id),
              type: "invitation",
              tokenHash,
              ...invitation,
            },
            ConditionExpression: "attribute_not_exists(pk)",
          },
        },
        input.kind === "report-card"
          ? {
              Update: {
                TableName: tableName(),
                Key: customerKeys.customer(customer.id),
                UpdateExpression: "SET lastReportCardAt = :at",
                ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(lastReportCardAt) OR lastReportCardAt <= :cutoff)",
                ExpressionAttributeValues: { ":at": createdAt, ":cutoff": cutoff },
              },
            }
          : {
              ConditionCheck: {
                TableName: tableName(),
                Key: customerKeys.customer(customer.id),
                ConditionExpression: "attribute_exists(pk)",
              },
            },
        Audit.record(actor, "invitation.create", id, { customerId: customer.id, kind: input.kind, repId: customer.repId }),
      ],
      (reasons) => {
        throw new Skip(reasons[1] === "ConditionalCheckFailed" ? "recently-surveyed" : "already-invited");
      },
    );
  } catch (error) {
    if (error instanceof Skip) return { skipped: error.reason };
    throw error;
  }
  return { invitation };
}

class Skip extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason);
  }
}

/** Creates one invitation and sends it at once; a failed send stays queued for the scheduled job. */
export async function send(input: InvitationInput, actor: Actor): Promise<Invitation> {
  const customer = await Customer.mustGet(input.customerId).catch((error: unknown) => {
    if (error instanceof VisibleError) throw new VisibleError("input", "unknown_customer", error.message, { customerId: "no customer has this id" });
    throw error;
  });
  const created = await create(input, actor, { customer });
  if ("skipped" in created) {
    const messages: Record<SkipReason, string> = {
      "recently-surveyed": `The customer was sent a report card in the last ${REPORT_CARD_GAP_DAYS} days.`,
      suppressed: "The customer's address is on the suppression list (unsubscribed, bounced or complained).",
      "no-email": "The customer has no email address.",
      "unknown-customer": "No customer has this id.",
      "already-invited": "The invitation already exists.",
    };
    throw new VisibleError("conflict", created.skipped.replaceAll("-", "_"), messages[created.skipped], { customerId: messages[created.skipped] });
  }
  const [delivered] = await deliver([created.invitation]);
  return delivered ?? created.invitation;
}

function urls(inv: Invitation) {
  const base = config().appUrl;
  return {
    surveyUrl: `${base}/s/${tokenOf(inv.id)}`,
    unsubscribeUrl: `${base}/u/${Suppression.unsubscribeToken(inv.email)}`,
  };
}

function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>, <mailto:${config().unsubscribeMailbox}?subject=unsubscribe>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

function emailProps(inv: Invitation, reminder: boolean): InvitationEmailProps {
  const { surveyUrl, unsubscribeUrl } = urls(inv);
  return {
    kind: inv.kind,
    reminder,
    orgName: config().orgName,
    brandColor: config().brandColor,
    customerName: inv.customerName.split(/\s+/)[0] ?? inv.customerName,
    repName: inv.repName,
    surveyUrl,
    firstBehaviour: Survey.behavioursOf(inv)[0]?.label ?? "",
    unsubscribeUrl,
    expiresOn: new Date(inv.expiresAt).toUTCString().slice(0, 16),
  };
}

/** Claims an invitation for one send attempt; false when another run holds it or it no longer needs sending. */
async function claim(inv: Invitation, action: "send" | "remind"): Promise<boolean> {
  const at = now();
  const claimed = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET leaseUntil = :lease ADD sendAttempts :one",
      ConditionExpression:
        "dueAction = :action AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)" +
        (action === "send" ? " AND #status = :queued" : " AND #status IN (:sent, :opened)"),
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: {
        ":lease": new Date(at.getTime() + LEASE_MS).toISOString(),
        ":now": at.toISOString(),
        ":one": 1,
        ":action": action,
        ...(action === "send" ? { ":queued": "queued" } : { ":sent": "sent", ":opened": "opened" }),
      },
    }),
    () => false,
  );
  return claimed !== false;
}

/** Backoff for a failed send: 1, 2, 4 ... minutes, at most 6 hours. */
function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

async function recordSent(inv: Invitation, messageId: string, reminder: boolean): Promise<Invitation> {
  const at = now();
  const sentAt = at.toISOString();
  const next = reminder
    ? { action: "expire" as const, dueAt: inv.expiresAt }
    : { action: "remind" as const, dueAt: new Date(Math.min(at.getTime() + REMINDER_DAYS * DAY, new Date(inv.expiresAt).getTime())).toISOString() };
  const due = invitationKeys.due(next.dueAt, inv.id);
  await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keyOf(inv.id),
        UpdateExpression: reminder
          ? "SET reminderSentAt = :at, reminderMessageId = :mid, dueAction = :next, gsi2pk = :gpk, gsi2sk = :gsk REMOVE leaseUntil, lastError"
          : "SET #status = :sent, sentAt = :at, messageId = :mid, dueAction = :next, gsi2pk = :gpk, gsi2sk = :gsk REMOVE leaseUntil, lastError, nextAttemptAt",
        ...(reminder ? {} : { ExpressionAttributeNames: { "#status": "status" } }),
        ExpressionAttributeValues: {
          ":at": sentAt,
          ":mid": messageId,
          ":next": next.action,
          ":gpk": due.gsi2pk,
          ":gsk": due.gsi2sk,
          ...(reminder ? {} : { ":sent": "sent" }),
        },
      },
    },
    { Put: { TableName: tableName(), Item: { ...invitationKeys.message(messageId), type: "message", invitationId: inv.id, email: inv.email } } },
    Suppression.tokenItem(inv.email),
  ]);
  return reminder
    ? { ...inv, reminderSentAt: sentAt, dueAction: next.action }
    : { ...inv, status: "sent", sentAt, messageId, dueAction: next.action, sendAttempts: inv.sendAttempts + 1 };
}

async function recordFailure(inv: Invitation, error: string, reminder: boolean): Promise<Invitation> {
  const attempts = inv.sendAttempts + 1;
  const nextAttemptAt = new Date(now().getTime() + retryDelayMs(attempts)).toISOString();
  const due = invitationKeys.due(nextAttemptAt, inv.id);
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET lastError = :error, nextAttemptAt = :next, gsi2pk = :gpk, gsi2sk = :gsk REMOVE leaseUntil",
      ExpressionAttributeValues: { ":error": error.slice(0, 500), ":next": nextAttemptAt, ":gpk": due.gsi2pk, ":gsk": due.gsi2sk },
    }),
  );
  return { ...inv, lastError: error, nextAttemptAt, sendAttempts: attempts, ...(reminder ? {} : { status: "queued" as const }) };
}

async function markSuppressed(inv: Invitation): Promise<Invitation> {
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET #status = :suppressed REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
      ConditionExpression: "#status IN (:queued, :sent, :opened)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":suppressed": "suppressed", ":queued": "queued", ":sent": "sent", ":opened": "opened" },
    }),
    () => undefined,
  );
  return { ...inv, status: "suppressed" };
}

/**
 * Sends the emails of these invitations (first sends, or reminders when `reminder`): each is claimed first,
 * so concurrent runs never send one twice; one invitation goes through SendEmail, several through
 * SendBulkEmail in batches of 50. A failure leaves the invitation queued with a retry time.
 */
export async function deliver(invitations: Invitation[], options: { reminder?: boolean } = {}): Promise<Invitation[]> {
  const reminder = options.reminder ?? false;
  const suppressed = await Suppression.suppressedAmong(invitations.map((i) => i.email));
  const out: Invitation[] = [];
  const ready: Invitation[] = [];
  for (const inv of invitations) {
    if (suppressed.has(inv.email.toLowerCase())) out.push(await markSuppressed(inv));
    else ready.push(inv);
  }
  if (ready.length === 1) {
    const inv = ready[0]!;
    if (!(await claim(inv, reminder ? "remind" : "send"))) return out;
    const { unsubscribeUrl } = urls(inv);
    const email = renderInvitationEmail(emailProps(inv, reminder));
    try {
      const messageId = await Email.send({ to: inv.email, ...email, headers: unsubscribeHeaders(unsubscribeUrl) });
      out.push(await recordSent(inv, messageId, reminder));
    } catch (error) {
      out.push(await recordFailure(inv, describeError(error), reminder));
    }
    return out;
  }
  // Batches of 50 (one SendBulkEmail each) flow through a small pipeline: each batch is claimed just
  // before it is sent, and a few batches are in flight at once.
  const batches = groupBy(ready, (inv) => inv.kind).flatMap((group) => {
    const chunks: Invitation[][] = [];
    for (let i = 0; i < group.length; i += BULK_LIMIT) chunks.push(group.slice(i, i + BULK_LIMIT));
    return chunks;
  });
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const claimed: Invitation[] = [];
      await Promise.all(
        batch.map(async (inv) => {
          if (await claim(inv, reminder ? "remind" : "send")) claimed.push(inv);
        }),
      );
      if (claimed.length) out.push(...(await deliverBulk(claimed, reminder)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, batches.length) }, worker));
  return out;
}

const PLACEHOLDERS = ["customerName", "repName", "surveyUrl", "unsubscribeUrl", "expiresOn"] as const;

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

async function deliverBulk(batch: Invitation[], reminder: boolean): Promise<Invitation[]> {
  const first = batch[0]!;
  const placeholders = (suffix: string) =>
    Object.fromEntries(PLACEHOLDERS.map((name) => [name, `{{${name}${suffix}}}`])) as Record<(typeof PLACEHOLDERS)[number], string>;
  const base = emailProps(first, reminder);
  const html = renderInvitationEmail({ ...base, ...placeholders("_html") }).html;
  const { subject, text } = renderInvitationEmail({ ...base, ...placeholders("") });
  const recipients = batch.map((inv) => {
    const props = emailProps(inv, reminder);
    const data: Record<string, string> = {};
    for (const name of PLACEHOLDERS) {
      data[name] = props[name];
      data[`${name}_html`] = escapeHtml(props[name]);
    }
    return { to: inv.email, data, headers: unsubscribeHeaders(props.unsubscribeUrl) };
  });
  let results: ({ messageId: string } | { error: string })[];
  try {
    results = await Email.sendBulk({ subject, html, text }, recipients);
  } catch (error) {
    const message = describeError(error);
    results = batch.map(() => ({ error: message }));
  }
  return Promise.all(
    batch.map((inv, i) => {
      const result = results[i]!;
      return "messageId" in result ? recordSent(inv, result.messageId, reminder) : recordFailure(inv, result.error, reminder);
    }),
  );
}

function describeError(error: unknown): string {
  if (error && typeof error === "object" && "name" in error) return `${String((error as Error).name)}: ${String((error as Error).message)}`;
  return String(error);
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

/** Records that the form page was opened (never an answer, never uses up the link). */
export async function markOpened(inv: Invitation): Promise<void> {
  if (inv.openedAt) return;
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET openedAt = :at, #status = :opened",
      ConditionExpression: "attribute_not_exists(openedAt) AND #status IN (:sent, :queued)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":at": now().toISOString(), ":opened": "opened", ":sent": "sent", ":queued": "queued" },
    }),
    () => undefined,
  );
}

/** Marks an unanswered invitation expired (the scheduled job, at its expiry). */
export async function expire(inv: Invitation): Promise<boolean> {
  const expired = await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "SET #status = :expired REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
      ConditionExpression: "attribute_not_exists(answeredAt) AND expiresAt <= :now AND #status <> :expired",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":expired": "expired", ":now": now().toISOString() },
    }),
    () => false,
  );
  if (expired !== false) return true;
  // Answered after all (a reminder recorded while the customer was submitting puts it back on the due
  // index): take it off, or every later run would read it again.
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(inv.id),
      UpdateExpression: "REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
      ConditionExpression: "attribute_exists(answeredAt)",
    }),
    () => undefined,
  );
  return false;
}

/** Marks the invitation behind an SES message as bounced. */
export async function markBounced(messageId: string): Promise<void> {
  const pointer = await db().send(new GetCommand({ TableName: tableName(), Key: invitationKeys.message(messageId) }));
  const id = pointer.Item?.invitationId as string | undefined;
  if (!id) return;
  await sendIf(
    new UpdateCommand({
      TableName: tableName(),
      Key: keyOf(id),
      UpdateExpression: "SET #status = :bounced REMOVE gsi2pk, gsi2sk, dueAction, leaseUntil",
      ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(answeredAt)",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":bounced": "bounced" },
    }),
    () => undefined,
  );
}

export { toInvitation };

export const Invitation = { keyOf, create, send, deliver, fromToken, mustGet, markOpened, expire, markBounced, tokenOf, publicView };
