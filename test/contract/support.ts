import { mockClient } from "aws-sdk-client-mock";
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { db } from "@rapport/core/db/index";
import { inbox, type StoredEmail } from "../support/inbox.ts";
import type { Answer } from "./contract.ts";

/** Polls the SES emulator until `to` has an email whose subject matches (sending is quick, not instant). */
export async function emailTo(to: string, subject: RegExp = /./): Promise<StoredEmail> {
  for (let i = 0; i < 50; i++) {
    const found = (await inbox(to)).filter((e) => subject.test(e.subject)).at(-1);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email matching ${subject} to ${to}`);
}

/** The survey token in an invitation email's plain-text link. */
export function surveyToken(mail: StoredEmail): string {
  const token = mail.body.text?.match(/\/s\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no survey link in: ${mail.body.text}`);
  return token;
}

/** The unsubscribe token in an email's List-Unsubscribe header (RFC 8058). */
export function unsubscribeToken(mail: StoredEmail): string {
  const value = mail.headers?.find((h) => h.name.toLowerCase() === "list-unsubscribe")?.value ?? mail.body.text ?? "";
  const token = value.match(/\/u\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error("no unsubscribe link in the email");
  return token;
}

/** The error code of an error answer, failing when the answer is not the status expected. */
export function errorOf(answer: Answer, status: number): string {
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer.body.error.code as string;
}

/** Runs `fn` while DynamoDB does not answer the health check's read (every other command goes through). */
export async function withHealthReadFailing<T>(fn: () => Promise<T>): Promise<T> {
  const mock = mockClient(db());
  mock.send.callThrough();
  mock.on(GetCommand, { Key: { pk: "HEALTH", sk: "HEALTH" } }).rejects(Object.assign(new Error("connect ECONNREFUSED"), { name: "TimeoutError" }));
  try {
    return await fn();
  } finally {
    mock.restore();
  }
}

/**
 * Runs `fn` so that, just before the first transaction whose items `matches`, `interloper` runs on its
 * own: two writers racing for the same record, with DynamoDB Local's real condition check deciding.
 */
export async function withInterloper<T>(matches: (input: TransactWriteCommandInput) => boolean, interloper: () => Promise<unknown>, fn: () => Promise<T>): Promise<T> {
  const client = db();
  const send = client.send.bind(client);
  const mock = mockClient(client);
  mock.send.callThrough();
  mock.on(TransactWriteCommand).callsFake(async (input: TransactWriteCommandInput) => {
    if (matches(input)) {
      mock.restore();
      await interloper();
    }
    return send(new TransactWriteCommand(input));
  });
  try {
    return await fn();
  } finally {
    mock.restore();
  }
}
