import type { BulkEmailEntry, SESv2Client } from "@aws-sdk/client-sesv2";
import { config } from "../config.ts";
import { count, type Counter } from "../metrics/index.ts";
import { headerName, headerValue, mailbox, subjectLine } from "./headers.ts";

type Sdk = typeof import("@aws-sdk/client-sesv2");

let sdk: Promise<Sdk> | undefined;
let client: SESv2Client | undefined;

/**
 * The SES SDK, loaded on first use: most requests send no email, so the API Lambda's cold start does
 * not pay for it.
 */
function loadSdk(): Promise<Sdk> {
  sdk ??= import("@aws-sdk/client-sesv2");
  return sdk;
}

/** The one SES v2 client. The SDK retries throttling and transient errors with backoff. */
export async function ses(): Promise<SESv2Client> {
  const { SESv2Client } = await loadSdk();
  if (!client) {
    const { region, sesEndpoint } = config();
    client = new SESv2Client({
      region,
      maxAttempts: 4,
      ...(sesEndpoint ? { endpoint: sesEndpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    });
  }
  return client;
}

/** Drops the client so the next call picks up a changed configuration. */
export function resetSes(): void {
  client?.destroy();
  client = undefined;
}

/** What an email is for; each is counted apart (`InvitationsSent`, ...) besides `EmailsSent`. */
export type EmailPurpose = "invitation" | "reminder" | "digest" | "recovery" | "sign-in" | "question";

const sentCounter: Record<EmailPurpose, Counter> = {
  invitation: "InvitationsSent",
  reminder: "RemindersSent",
  digest: "DigestsSent",
  recovery: "RecoveryEmailsSent",
  "sign-in": "SignInLinksSent",
  question: "CustomerQuestionsSent",
};

function counted(purpose: EmailPurpose | undefined, sent: number, failed: number): void {
  count("EmailsSent", sent);
  if (purpose) count(sentCounter[purpose], sent);
  count("EmailsFailed", failed);
}

export interface Message {
  purpose?: EmailPurpose;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
}

const headerList = (headers: Record<string, string> = {}) => Object.entries(headers).map(([Name, Value]) => ({ Name, Value: headerValue(Name, Value) }));

/** C0 controls other than tab and line breaks, DEL and C1: never valid in a body, and SES's template renderer refuses a NUL. */
const BODY_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
const bodyText = (value: string) => value.replace(BODY_CONTROLS, "");

/** The From header: the organisation's name as an RFC 5322 display name (encoded when it is not ASCII). */
const from = () => mailbox(config().orgName, config().fromAddress);

/** Sends one message; answers the SES message id. */
export async function send(message: Message): Promise<string> {
  const { SendEmailCommand } = await loadSdk();
  const sending = (await ses()).send(
    new SendEmailCommand({
      ...(config().configurationSet ? { ConfigurationSetName: config().configurationSet } : {}),
      FromEmailAddress: from(),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: subjectLine(message.subject), Charset: "UTF-8" },
          Body: { Html: { Data: bodyText(message.html), Charset: "UTF-8" }, Text: { Data: bodyText(message.text), Charset: "UTF-8" } },
          Headers: headerList(message.headers),
        },
      },
    }),
  );
  const result = await sending.catch((error: unknown) => {
    counted(message.purpose, 0, 1);
    throw error;
  });
  if (!result.MessageId) {
    counted(message.purpose, 0, 1);
    throw new Error("SES answered without a message id");
  }
  counted(message.purpose, 1, 0);
  return result.MessageId;
}

/**
 * A template whose `{{name}}` placeholders SES fills per recipient (SES renders raw: pre-escape HTML values).
 * Values that fill the subject are made header-safe here (one line, no control characters, names cut at 60).
 */
export interface BulkTemplate {
  purpose?: EmailPurpose;
  subject: string;
  html: string;
  text: string;
}

export interface BulkRecipient {
  to: string;
  data: Record<string, string>;
  headers?: Record<string, string>;
}

/** A recipient's data without body control characters, the values its subject shows made header-safe. */
function subjectSafe(data: Record<string, string>, inSubject: string[]): Record<string, string> {
  const safe = Object.fromEntries(Object.entries(data).map(([name, value]) => [name, bodyText(value)]));
  for (const name of inSubject) if (typeof safe[name] === "string") safe[name] = headerName(safe[name]);
  return safe;
}

/** The most destinations SES accepts in one SendBulkEmail call. */
export const BULK_LIMIT = 50;

/**
 * Sends one template to up to 50 recipients in a single SendBulkEmail call, each with its own
 * data and headers. Answers, per recipient in order, the message id or the error SES reported.
 */
export async function sendBulk(template: BulkTemplate, recipients: BulkRecipient[]): Promise<({ messageId: string } | { error: string })[]> {
  if (recipients.length > BULK_LIMIT) throw new Error(`sendBulk takes at most ${BULK_LIMIT} recipients`);
  const inSubject = [...template.subject.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!);
  const entries: BulkEmailEntry[] = recipients.map((r) => ({
    Destination: { ToAddresses: [r.to] },
    ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(subjectSafe(r.data, inSubject)) } },
    ReplacementHeaders: headerList(r.headers),
  }));
  const { SendBulkEmailCommand } = await loadSdk();
  const sending = (await ses()).send(
    new SendBulkEmailCommand({
      ...(config().configurationSet ? { ConfigurationSetName: config().configurationSet } : {}),
      FromEmailAddress: from(),
      DefaultContent: {
        Template: {
          TemplateContent: { Subject: subjectLine(template.subject), Html: bodyText(template.html), Text: bodyText(template.text) },
          TemplateData: "{}",
        },
      },
      BulkEmailEntries: entries,
    }),
  );
  const result = await sending.catch((error: unknown) => {
    counted(template.purpose, 0, recipients.length);
    throw error;
  });
  const outcomes = recipients.map((_, i) => {
    const status = result.BulkEmailEntryResults?.[i];
    if (status?.Status === "SUCCESS" && status.MessageId) return { messageId: status.MessageId };
    return { error: `${status?.Status ?? "UNKNOWN"}: ${status?.Error ?? "no result"}` };
  });
  const sent = outcomes.filter((o) => "messageId" in o).length;
  counted(template.purpose, sent, outcomes.length - sent);
  return outcomes;
}

export const Email = { send, sendBulk, ses, resetSes, BULK_LIMIT };
