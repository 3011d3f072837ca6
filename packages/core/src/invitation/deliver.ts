/** Delivering invitation emails: the suppression list first, then a claim, then SES (one, or in batches of 50), then the record of the send and what is due next. */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { renderInvitationEmail, type InvitationEmailProps } from "../email/templates/invitation.tsx";
import { escapeHtml } from "../email/templates/layout.tsx";
import { db, sendIf, tableName, transact } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { formatDay } from "../clock/format-date.ts";
import { emailLocale } from "../i18n/choose.ts";
import { Survey } from "../survey/index.ts";
import { Email, BULK_LIMIT, type BulkRecipient, type BulkTemplate } from "../email/index.ts";
import { Suppression } from "../suppression/index.ts";
import { periodOf } from "../period/quarter.ts";
import { countersUpdate } from "../response/counting.ts";
import { linkUrl } from "../profile/link.ts";
import { concernUrl } from "../concern/link.ts";
import { invitationKeys } from "./keys.ts";
import { keyOf, REMINDER_DAYS, tokenOf, type Invitation } from "./record.ts";

const DAY = 86_400_000;
/** A send attempt holds its invitation this long, so two job runs never send the same email. */
const LEASE_MS = 120_000;

function urls(inv: Invitation) {
  const base = config().appUrl;
  return {
    surveyUrl: `${base}/s/${tokenOf(inv.id)}`,
    unsubscribeUrl: `${base}/u/${Suppression.unsubscribeToken(inv.email)}`,
    profileUrl: linkUrl(inv.customerId),
    concernUrl: concernUrl(inv.customerId),
  };
}

/** RFC 8058 one-click unsubscribe over HTTPS only: no mailto address is offered, since nothing receives mail sent to one. */
function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

function emailProps(inv: Invitation, reminder: boolean): InvitationEmailProps {
  const { surveyUrl, unsubscribeUrl, profileUrl, concernUrl } = urls(inv);
  const locale = emailLocale(inv.language);
  const first = Survey.behavioursOf(inv)[0];
  return {
    locale,
    kind: inv.kind,
    reminder,
    orgName: config().orgName,
    brandColor: config().brandColor,
    customerName: inv.customerName.split(/\s+/)[0] ?? inv.customerName,
    repName: inv.repName,
    surveyUrl,
    firstBehaviour: first ? Survey.labelFor(first, locale.language) : "",
    unsubscribeUrl,
    profileUrl,
    concernUrl,
    expiresOn: formatDay(inv.expiresAt, "UTC", locale.tag),
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

/** Backoff for a failed send: 1, 2, 4 ... minutes, at most 6 hours (the scheduled job retries). */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

async function recordSent(inv: Invitation, messageId: string, reminder: boolean): Promise<Invitation> {
  const at = now();
  const sentAt = at.toISOString();
  const next = reminder
    ? { action: "expire" as const, dueAt: inv.expiresAt }
    : { action: "remind" as const, dueAt: new Date(Math.min(at.getTime() + REMINDER_DAYS * DAY, new Date(inv.expiresAt).getTime())).toISOString() };
  const due = invitationKeys.due(next.dueAt, inv.id);
  // A report card (and a lost-deal card the plan counts) counts toward its rep's `invited` in the period it is sent in (product.md, "Response rate").
  const invitedIn = !reminder && (inv.kind === "report-card" || inv.invitedCounts) ? periodOf(at) : undefined;
  await transact([
    {
      Update: {
        TableName: tableName(),
        Key: keyOf(inv.id),
        UpdateExpression: reminder
          ? "SET reminderSentAt = :at, reminderMessageId = :mid, dueAction = :next, gsi2pk = :gpk, gsi2sk = :gsk REMOVE leaseUntil, lastError"
          : `SET #status = :sent, sentAt = :at, messageId = :mid, dueAction = :next, gsi2pk = :gpk, gsi2sk = :gsk${invitedIn ? ", invitedIn = :in" : ""} REMOVE leaseUntil, lastError, nextAttemptAt`,
        ...(reminder ? {} : { ExpressionAttributeNames: { "#status": "status" } }),
        ExpressionAttributeValues: {
          ":at": sentAt,
          ":mid": messageId,
          ":next": next.action,
          ":gpk": due.gsi2pk,
          ":gsk": due.gsi2sk,
          ...(reminder ? {} : { ":sent": "sent" }),
          ...(invitedIn ? { ":in": invitedIn } : {}),
        },
      },
    },
    messageItem(inv, messageId),
    Suppression.tokenItem(inv.email),
    ...(invitedIn ? [countersUpdate(inv.repId, invitedIn, { invited: 1 })] : []),
  ]);
  return reminder
    ? { ...inv, reminderSentAt: sentAt, dueAction: next.action }
    : { ...inv, status: "sent", sentAt, messageId, dueAction: next.action, sendAttempts: inv.sendAttempts + 1, ...(invitedIn ? { invitedIn } : {}) };
}

/** The Put that maps an email's SES message id to its invitation, for bounce and complaint notifications. */
export function messageItem(inv: Pick<Invitation, "id" | "email">, messageId: string) {
  return { Put: { TableName: tableName(), Item: { ...invitationKeys.message(messageId), type: "message", invitationId: inv.id, email: inv.email } } };
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
      const messageId = await Email.send({ to: inv.email, ...email, headers: unsubscribeHeaders(unsubscribeUrl), purpose: reminder ? "reminder" : "invitation" });
      out.push(await recordSent(inv, messageId, reminder));
    } catch (error) {
      out.push(await recordFailure(inv, describeError(error), reminder));
    }
    return out;
  }
  // Batches of 50 (one SendBulkEmail each) flow through a small pipeline: each batch is claimed just
  // before it is sent, and a few batches are in flight at once.
  const batches = groupBy(ready, (inv) => `${inv.kind} ${emailLocale(inv.language).tag}`).flatMap((group) => {
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

const PLACEHOLDERS = ["customerName", "repName", "surveyUrl", "unsubscribeUrl", "profileUrl", "concernUrl", "expiresOn"] as const;

type SendResult = { messageId: string } | { error: string };

/**
 * Sends a batch with one SendBulkEmail per language in it (each its own template), answering in the batch's
 * order. When a language's send fails after another's went out, its invitations are refused (the job sends
 * them) rather than the whole batch sent again.
 */
export async function inLanguages(batch: Invitation[], send: (group: Invitation[]) => Promise<SendResult[]>): Promise<SendResult[]> {
  const results = new Map<string, SendResult>();
  for (const group of groupBy(batch, (inv) => emailLocale(inv.language).tag)) {
    let sent: SendResult[];
    try {
      sent = await send(group);
    } catch (error) {
      if (results.size === 0) throw error;
      sent = group.map(() => ({ error: describeError(error) }));
    }
    group.forEach((inv, i) => results.set(inv.id, sent[i]!));
  }
  return batch.map((inv) => results.get(inv.id)!);
}

/** One SendBulkEmail's worth of invitation emails of one kind and language: the template with placeholders, and each recipient's values and headers. */
export function bulkMessage(batch: Invitation[], reminder: boolean): { template: BulkTemplate; recipients: BulkRecipient[] } {
  const placeholders = (suffix: string) =>
    Object.fromEntries(PLACEHOLDERS.map((name) => [name, `{{${name}${suffix}}}`])) as Record<(typeof PLACEHOLDERS)[number], string>;
  const base = emailProps(batch[0]!, reminder);
  const html = renderInvitationEmail({ ...base, ...placeholders("_html") }).html;
  const { text } = renderInvitationEmail({ ...base, ...placeholders("") });
  // The subject has placeholders of its own: Email.sendBulk makes their values header-safe (a name cut
  // at 60 characters there stays whole in the body).
  const { subject } = renderInvitationEmail({ ...base, ...placeholders("_subject") });
  const recipients = batch.map((inv) => {
    const props = emailProps(inv, reminder);
    const data: Record<string, string> = {};
    for (const name of PLACEHOLDERS) {
      data[name] = props[name];
      data[`${name}_html`] = escapeHtml(props[name]);
      data[`${name}_subject`] = props[name];
    }
    return { to: inv.email, data, headers: unsubscribeHeaders(props.unsubscribeUrl) };
  });
  return { template: { subject, html, text, purpose: reminder ? "reminder" : "invitation" }, recipients };
}

async function deliverBulk(batch: Invitation[], reminder: boolean): Promise<Invitation[]> {
  const { template, recipients } = bulkMessage(batch, reminder);
  let results: ({ messageId: string } | { error: string })[];
  try {
    results = await Email.sendBulk(template, recipients);
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
