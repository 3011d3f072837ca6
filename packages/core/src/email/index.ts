import type { BulkEmailEntry, SESv2Client } from "@aws-sdk/client-sesv2";
import { config } from "../config.ts";
import { count, type Counter } from "../metrics/index.ts";

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
export type EmailPurpose = "invitation" | "reminder" | "digest" | "recovery" | "sign-in";

const sentCounter: Record<EmailPurpose, Counter> = {
  invitation: "InvitationsSent",
  reminder: "RemindersSent",
  digest: "DigestsSent",
  recovery: "RecoveryEmailsSent",
  "sign-in": "SignInLinksSent",
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

const headerList = (headers: Record<string, string> = {}) => Object.entries(headers).map(([Name, Value]) => ({ Name, Value }));

/** Sends one message; answers the SES message id. */
export async function send(message: Message): Promise<string> {
  const { SendEmailCommand } = await loadSdk();
  const sending = (await ses()).send(
    new SendEmailCommand({
      ...(config().configurationSet ? { ConfigurationSetName: config().configurationSet } : {}),
      FromEmailAddress: `${config().orgName} <${config().fromAddress}>`,
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: "UTF-8" },
          Body: { Html: { Data: message.html, Charset: "UTF-8" }, Text: { Data: message.text, Charset: "UTF-8" } },
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

/** A template whose `{{name}}` placeholders SES fills per recipient (SES renders raw: pre-escape HTML values). */
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

/** The most destinations SES accepts in one SendBulkEmail call. */
export const BULK_LIMIT = 50;

/**
 * Sends one template to up to 50 recipients in a single SendBulkEmail call, each with its own
 * data and headers. Answers, per recipient in order, the message id or the error SES reported.
 */
export async function sendBulk(template: BulkTemplate, recipients: BulkRecipient[]): Promise<({ messageId: string } | { error: string })[]> {
  if (recipients.length > BULK_LIMIT) throw new Error(`sendBulk takes at most ${BULK_LIMIT} recipients`);
  const entries: BulkEmailEntry[] = recipients.map((r) => ({
    Destination: { ToAddresses: [r.to] },
    ReplacementEmailContent: { ReplacementTemplate: { ReplacementTemplateData: JSON.stringify(r.data) } },
    ReplacementHeaders: headerList(r.headers),
  }));
  const { SendBulkEmailCommand } = await loadSdk();
  const sending = (await ses()).send(
    new SendBulkEmailCommand({
      ...(config().configurationSet ? { ConfigurationSetName: config().configurationSet } : {}),
      FromEmailAddress: `${config().orgName} <${config().fromAddress}>`,
      DefaultContent: {
        Template: {
          TemplateContent: { Subject: template.subject, Html: template.html, Text: template.text },
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
