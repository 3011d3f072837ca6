import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Auth } from "@rapport/core/auth/index";
import { Campaign } from "@rapport/core/campaign/index";
import { Clock } from "@rapport/core/clock/index";
import type { Customer } from "@rapport/core/customer/index";
import { config, configure } from "@rapport/core/config";
import { db, tableName } from "@rapport/core/db/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Job } from "@rapport/core/job/index";
import type { StreamWorker } from "@rapport/local/stream";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, bearer, email } from "../../../test/support/fixtures.ts";
import { inbox, type StoredEmail } from "../../../test/support/inbox.ts";
import { campaignWorker, finished } from "../../../test/support/campaigns.ts";

const app = createApp();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const cli = { kind: "cli", id: "test" } as const;
const original = config().orgName;
let admin: string;
let worker: StreamWorker | undefined;

beforeAll(async () => {
  [admin, worker] = await Promise.all([bearer("admin"), campaignWorker()]);
});
afterAll(async () => {
  await worker?.stop();
});
afterEach(() => {
  configure({ orgName: original });
});

/** What the test calls a control character: C0, DEL, C1, the line separators and the bidi controls. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** The headers our emails add; anything else in the header list was injected. */
const OURS = ["List-Unsubscribe", "List-Unsubscribe-Post"];
/** The header fields a message built from what SES stored may have: anything else was injected. */
const STANDARD = ["from", "to", "subject", "message-id", "date", "mime-version", "content-type", "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post"];

const hostile = {
  "CR/LF and a forged Bcc": "Rosa\r\nBcc: spy@evil.example\r\nX-Injected: yes",
  "a NUL": "Gina\u0000Linetti",
  "a right-to-left override": "Amy \u202Egnp.exe Santiago",
  "500 characters": `Ana María ${"de la Vega y ".repeat(40)}`.slice(0, 500),
};

/** Writes `name` (and `company`) on a stored item, as data from before names were checked would be. */
async function overwrite(key: Record<string, string>, name: string, company?: string) {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key,
      UpdateExpression: `SET #name = :name${company ? ", company = :company" : ""}`,
      ExpressionAttributeNames: { "#name": "name" },
      ExpressionAttributeValues: { ":name": name, ...(company ? { ":company": company } : {}) },
    }),
  );
}

/** The header section of the message the SES emulator would deliver for this email, unfolded, one field a line. */
async function deliveredHeaders(mail: StoredEmail): Promise<string[]> {
  const { sesEndpoint } = inject("engines");
  const eml = (await (await fetch(`${sesEndpoint}/get-emlContent?messageId=${encodeURIComponent(mail.messageId)}`)).json()) as { body: string | { data: number[] } };
  const raw = typeof eml.body === "string" ? eml.body : Buffer.from(eml.body.data).toString("utf8");
  return raw.split(/\r\n\r\n/)[0]!.replace(/\r\n[ \t]+/g, " ").split("\r\n");
}

/** RFC 2047 encoded-words decoded (UTF-8, B or Q). */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeURIComponent(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, "%$1")),
    );
}

/** The display name of a From value: unquoted, unescaped, decoded. */
function displayNameOf(from: string): string {
  const name = from.replace(/\s*<[^>]*>$/, "");
  const unquoted = name.startsWith('"') ? name.slice(1, -1).replace(/\\(.)/g, "$1") : name;
  return decodeWords(unquoted);
}

/**
 * The organisation's name as the From display name must read, worked out apart from the code: line breaks
 * and tabs made spaces, controls dropped, spaces collapsed, and past 60 characters cut to 59 and an ellipsis.
 */
function shownAs(name: string): string {
  const visible = name.replace(/[\r\n\t]+/g, " ").replace(new RegExp(CONTROL.source, "gu"), "").replace(/ {2,}/g, " ").trim();
  const chars = Array.from(visible);
  return chars.length <= 60 ? visible : `${chars.slice(0, 59).join("").trimEnd()}…`;
}

async function expectSafe(mail: StoredEmail, orgName: string) {
  const where = `${mail.subject.slice(0, 40)} to ${mail.destination.to.join(",")}`;
  expect(mail.subject, where).not.toMatch(CONTROL);
  expect(Array.from(mail.subject).length, where).toBeLessThanOrEqual(180);
  expect(mail.from, where).toMatch(/^[\x20-\x7E]+$/);
  const shown = displayNameOf(mail.from);
  expect(shown, where).not.toMatch(CONTROL);
  expect(Array.from(shown).length, where).toBeLessThanOrEqual(60);
  expect(shown, where).toBe(shownAs(orgName));
  for (const h of mail.headers ?? []) {
    expect(OURS, where).toContain(h.name);
    expect(h.value, where).toMatch(/^[\x20-\x7E]{1,870}$/);
  }
  const fields = await deliveredHeaders(mail);
  for (const field of fields) {
    expect(STANDARD, `${where}: ${field.slice(0, 80)}`).toContain(field.slice(0, field.indexOf(":")).toLowerCase());
    expect(field, where).not.toMatch(CONTROL);
  }
}

const poor = { ratings: { listening: 1, follow_up: 2, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" }, improve: "Nobody called back", contactOk: true };

describe.each(Object.entries(hostile))("a name with %s", (_, name) => {
  it("reaches no email header: invitations, reminders, bulk sends, campaigns, recovery, escalation, digest and sign-in", async () => {
    configure({ orgName: name });
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    await overwrite({ pk: `REP#${rep.id}`, sk: "REP" }, name);
    const customers = await Promise.all(Array.from({ length: 7 }, () => aCustomer(rep.id)));
    await Promise.all(customers.map((c) => overwrite({ pk: `CUS#${c.id}`, sk: "CUS" }, name, name)));
    const [onboarding, card, queuedA, queuedB, unhappy, campaignA, campaignB] = customers as [Customer, Customer, Customer, Customer, Customer, Customer, Customer];

    // One email each through SendEmail, two queued ones the job sends through SendBulkEmail.
    await Invitation.send({ customerId: onboarding.id, kind: "onboarding" }, cli);
    await Invitation.send({ customerId: card.id, kind: "report-card" }, cli);
    await Invitation.create({ customerId: queuedA.id, kind: "report-card" }, cli);
    await Invitation.create({ customerId: queuedB.id, kind: "report-card" }, cli);
    await Job.runDueJobs(new Date());
    // A poor card with consent: the recovery emails to the rep and the manager at once; a day later the
    // escalation and the rep's digest; three days later the reminders (in bulk).
    await answerForm((path, init) => app.request(path, init), unhappy.id, "report-card", poor);
    await Clock.at(new Date(Date.now() + 30 * HOUR), () => Job.runDueJobs());
    await Clock.at(new Date(Date.now() + 3 * DAY + 31 * HOUR), () => Job.runDueJobs());
    await finished((await Campaign.start({ kind: "report-card", customerIds: [campaignA.id, campaignB.id] }, cli)).id);
    await Auth.requestLink({ email: rep.email });

    const received = {
      rep: await inbox(rep.email),
      manager: await inbox(manager),
      customers: await Promise.all(customers.map((c) => inbox(c.email))),
    };
    const subjects = (mails: StoredEmail[]) => mails.map((m) => m.subject.split(/[:?]/)[0]!.slice(0, 20));
    expect(subjects(received.rep)).toEqual(expect.arrayContaining(["Service recovery", "Today", "Your Rapport sign-in"]));
    expect(subjects(received.manager)).toEqual(expect.arrayContaining(["Service recovery", "Overdue"]));
    // Each invitation and its reminder; the unhappy customer answered a card that was never emailed.
    expect(received.customers.map((mails) => mails.length)).toEqual([2, 2, 2, 2, 0, 1, 1]);
    expect(received.customers[0]!.map((m) => m.headers?.map((h) => h.name))).toEqual([OURS, OURS]);
    for (const mail of [...received.rep, ...received.manager, ...received.customers.flat()]) await expectSafe(mail, name);
  });
});
