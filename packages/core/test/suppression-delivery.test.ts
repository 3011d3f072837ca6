import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { mockClient } from "aws-sdk-client-mock";
import { SESv2Client, SendBulkEmailCommand, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { config } from "@rapport/core/config";
import { db, tableName, transact } from "@rapport/core/db/index";
import { Clock } from "@rapport/core/clock/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Job } from "@rapport/core/job/index";
import { Suppression } from "@rapport/core/suppression/index";
import { Audit } from "@rapport/core/audit/index";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { header, inbox, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";

const cli = { kind: "cli", id: "test" } as const;
const ses = { kind: "system", id: "ses-events" } as const;

const DAY = 86_400_000;

/** A queued invitation for a new customer of a new rep (or of `repId`), created at `at` (now by default). */
async function queued(kind: "report-card" | "onboarding" = "report-card", options: { at?: Date; repId?: string; customerName?: string } = {}) {
  return Clock.at(options.at ?? new Date(), async () => {
    const repId = options.repId ?? (await aRep()).id;
    const customer = await aCustomer(repId, options.customerName ? { name: options.customerName } : {});
    const created = await Invitation.create({ customerId: customer.id, kind }, cli);
    if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
    return { customer, invitation: created.invitation };
  });
}

/** Makes SES refuse every email with `error` until the answer is called. */
function sesRefuses(error: { name: string; message: string }): () => void {
  const mock = mockClient(SESv2Client);
  const refusal = Object.assign(new Error(error.message), { name: error.name, $metadata: { httpStatusCode: 400 } });
  mock.on(SendEmailCommand).rejects(refusal);
  mock.on(SendBulkEmailCommand).rejects(refusal);
  return () => mock.restore();
}

const deliverAt = (at: Date, invitations: InvitationRecord[], options: { reminder?: boolean } = {}) => Clock.at(at, () => Invitation.deliver(invitations, options));
const jobAt = (at: Date) => Clock.at(at, () => Job.runDueJobs(at));

const stored = async (id: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: Invitation.keyOf(id), ConsistentRead: true }))).Item!;

describe("a suppressed address gets no email", () => {
  it("is not invited at all: the invitation is skipped and nothing is stored", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    await Suppression.suppress(customer.email.toUpperCase(), "complaint", ses);
    expect(await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli)).toEqual({ skipped: "suppressed" });
    await expect(Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli)).rejects.toMatchObject({ status: 409, code: "suppressed" });
    expect(await inbox(customer.email)).toHaveLength(0);
  });

  it("is not sent an invitation queued before the address was suppressed, and the invitation leaves the queue", async () => {
    const { customer, invitation } = await queued();
    await Suppression.suppress(customer.email, "unsubscribe", cli);
    const [delivered] = await Invitation.deliver([invitation]);
    expect(delivered).toMatchObject({ id: invitation.id, status: "suppressed" });
    const item = await stored(invitation.id);
    expect(item.status).toBe("suppressed");
    expect(item.gsi2pk).toBeUndefined();
    expect(item.dueAction).toBeUndefined();
    expect(await inbox(customer.email)).toHaveLength(0);
  });

  it("is left out of a batch while the other addresses are sent theirs", async () => {
    const a = await queued();
    const b = await queued();
    const c = await queued();
    // Suppressed in a different case from the address on the invitation: still the same mailbox.
    await Suppression.suppress(b.customer.email.toUpperCase(), "bounce", ses);
    const delivered = await Invitation.deliver([a.invitation, b.invitation, c.invitation]);
    expect(new Map(delivered.map((inv) => [inv.id, inv.status]))).toEqual(
      new Map([
        [a.invitation.id, "sent"],
        [b.invitation.id, "suppressed"],
        [c.invitation.id, "sent"],
      ]),
    );
    expect(await inbox(a.customer.email)).toHaveLength(1);
    expect(await inbox(b.customer.email)).toHaveLength(0);
    expect(await inbox(c.customer.email)).toHaveLength(1);
  });

  it("gets no reminder once suppressed after the first email, whether or not the email was opened", async () => {
    const unopened = await queued();
    const opened = await queued();
    const sent = await Invitation.deliver([unopened.invitation, opened.invitation]);
    expect(sent.map((inv) => inv.status)).toEqual(["sent", "sent"]);
    await Invitation.markOpened(sent.find((inv) => inv.id === opened.invitation.id)!);
    expect((await stored(opened.invitation.id)).status).toBe("opened");
    await Suppression.suppress(unopened.customer.email, "unsubscribe", cli);
    await Suppression.suppress(opened.customer.email, "complaint", ses);
    const reminded = await Invitation.deliver(sent, { reminder: true });
    expect(reminded.map((inv) => inv.status)).toEqual(["suppressed", "suppressed"]);
    for (const { customer, invitation } of [unopened, opened]) {
      expect(await inbox(customer.email)).toHaveLength(1);
      const item = await stored(invitation.id);
      expect(item.status).toBe("suppressed");
      expect(item.reminderSentAt).toBeUndefined();
      expect(item.gsi2pk).toBeUndefined();
    }
  });

  it("does not undo an answer: an answered invitation stays answered when its address is suppressed later", async () => {
    const { customer, invitation } = await queued();
    await Invitation.deliver([invitation]);
    await Suppression.suppress(customer.email, "unsubscribe", cli);
    const { Submission } = await import("@rapport/core/submission/index");
    await Submission.submitReportCard(await Submission.open(Invitation.tokenOf(invitation.id)), {
      ratings: { listening: 4, follow_up: 4, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
    });
    await Invitation.deliver([invitation], { reminder: true });
    expect((await stored(invitation.id)).status).toBe("answered");
  });
});

describe("the suppression list", () => {
  it("does not report an address as already suppressed when storing it failed", async () => {
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException", $metadata: { httpStatusCode: 400 } });
    const mock = mockClient(DynamoDBDocumentClient);
    mock.on(TransactWriteCommand).rejects(throttled);
    try {
      await expect(Suppression.suppress("throttled@example.com", "unsubscribe", cli)).rejects.toMatchObject({ name: "ThrottlingException" });
    } finally {
      mock.restore();
    }
    expect(await Suppression.isSuppressed("throttled@example.com")).toBe(false);
  });

  it("keeps the first reason and answers whether an address was new to it, whatever its case", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const mixed = customer.email.replace(/^./, (c) => c.toUpperCase());
    expect(await Suppression.isSuppressed(customer.email)).toBe(false);
    expect(await Suppression.suppress(mixed, "bounce", ses, { bounceType: "Permanent" })).toBe(true);
    expect(await Suppression.suppress(customer.email, "unsubscribe", cli)).toBe(false);
    expect(await Suppression.isSuppressed(customer.email.toUpperCase())).toBe(true);
    const entries = (await Audit.forEntity(customer.email)).items;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "suppression.bounce", actor: ses, detail: { bounceType: "Permanent" } });
    expect(await Suppression.suppressedAmong([mixed, customer.email, "nobody@example.com"])).toEqual(new Set([customer.email]));
  });

  it("finds the address behind the unsubscribe link of an email it sent, and nothing for a tampered link", async () => {
    const { customer, invitation } = await queued("onboarding");
    await Invitation.deliver([invitation]);
    const token = Suppression.unsubscribeToken(customer.email);
    expect(Suppression.unsubscribeToken(customer.email.toUpperCase())).toBe(token);
    expect(await Suppression.addressOf(token)).toBe(customer.email);
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(await Suppression.addressOf(tampered)).toBeUndefined();
    expect(await Suppression.addressOf("short")).toBeUndefined();
    expect(await Suppression.addressOf(`${token}!`)).toBeUndefined();
    expect(await Suppression.addressOf(`!${token}`)).toBeUndefined();
  });
  it("gives every address a link of its own, the same whatever the case of the address, and keeps links already sent working", async () => {
    // Links in emails already sent must keep working: the token is the HMAC-SHA256 of "unsubscribe:<address in lower case>".
    const expected = createHmac("sha256", config().tokenSecret).update("unsubscribe:ana.lima@example.com").digest("base64url");
    expect(Suppression.unsubscribeToken("Ana.Lima@Example.com")).toBe(expected);
    // Whatever characters a token holds, its link finds its address: probe addresses until their tokens used each kind.
    const kinds = ["-", "_", "A", "Z", "a", "z", "0", "9"];
    const seen = new Set<string>();
    const probes: string[] = [];
    for (let i = 0; kinds.some((c) => !seen.has(c)); i++) {
      const probe = `probe${i}.${Date.now().toString(36)}@example.com`;
      const token = Suppression.unsubscribeToken(probe);
      if (!kinds.some((c) => !seen.has(c) && token.includes(c))) continue;
      probes.push(probe);
      for (const c of token) seen.add(c);
    }
    await transact(probes.map((probe) => Suppression.tokenItem(probe)));
    for (const probe of probes) expect(await Suppression.addressOf(Suppression.unsubscribeToken(probe))).toBe(probe);
    expect(new Set(probes.map((probe) => Suppression.unsubscribeToken(probe))).size).toBe(probes.length);
  });
});

describe("what an invitation email says", () => {
  // A name that HTML would read as markup: the HTML part shows it escaped, the subject and the text as typed.
  const repName = `Sam "The Closer" <Sales> O'Neil & Co`;
  const escaped = "Sam &quot;The Closer&quot; &lt;Sales&gt; O&#39;Neil &amp; Co";
  const at = new Date("2015-03-02T10:00:00Z");
  // Created 2 March 2015, a link works for 30 days: until Wednesday 1 April 2015.
  const until = "This link is personal to you and works until Wed, 01 Apr 2015.";
  const unsubscribeUrl = (email: string) => `http://rapport.test/u/${Suppression.unsubscribeToken(email)}`;

  it("greets the customer by first name, asks about the first statement, says until when the link works, and carries both links", async () => {
    const rep = await aRep({ name: repName });
    const { customer, invitation } = await queued("report-card", { at, repId: rep.id, customerName: "Zoë Martin-Lefèvre" });
    const [sent] = await deliverAt(at, [invitation]);
    const email = await onlyEmail(customer.email);
    expect(sent).toMatchObject({ status: "sent", sentAt: at.toISOString(), messageId: email.messageId, sendAttempts: 1, dueAction: "remind" });
    expect(email.subject).toBe(`How is ${repName} doing for you?`);
    expect(email.body.text).toContain("Hi Zoë,\n");
    expect(email.body.text).toContain(`${repName} listens and understands what matters to me (1 = not at all, 5 = always):`);
    expect(email.body.text).toContain(until);
    expect(email.body.text).toContain(`Unsubscribe: ${unsubscribeUrl(customer.email)}`);
    expect(header(email, "List-Unsubscribe")).toBe(`<${unsubscribeUrl(customer.email)}>, <mailto:${config().unsubscribeMailbox}?subject=unsubscribe>`);
    expect(surveyLink(email)).toBe(`/s/${Invitation.tokenOf(invitation.id)}`);
    expect(email.body.html).toContain("Hi Zoë,");
    expect(email.body.html).toContain(`${escaped} looks after your account`);
    expect(email.body.html).not.toContain(repName);
  });

  it("says the same to each customer of a batch, each in the form they were invited to and with links of their own", async () => {
    const rep = await aRep({ name: repName });
    const a = await queued("report-card", { at, repId: rep.id, customerName: "Zoë Martin-Lefèvre" });
    const b = await queued("onboarding", { at, repId: rep.id, customerName: "Ade Okafor" });
    const c = await queued("report-card", { at, repId: rep.id, customerName: "D'Arcy&Co Smith" });
    const sent = await deliverAt(at, [a.invitation, b.invitation, c.invitation]);
    expect(new Map(sent.map((inv) => [inv.id, [inv.status, inv.sendAttempts, inv.dueAction]]))).toEqual(
      new Map([a, b, c].map(({ invitation }) => [invitation.id, ["sent", 1, "remind"]])),
    );
    for (const { customer, invitation } of [a, b, c]) {
      const email = await onlyEmail(customer.email);
      expect(surveyLink(email)).toBe(`/s/${Invitation.tokenOf(invitation.id)}`);
      expect(email.body.text).toContain(`Unsubscribe: ${unsubscribeUrl(customer.email)}`);
      expect(email.body.html).toContain(`href="${unsubscribeUrl(customer.email)}"`);
      expect(header(email, "List-Unsubscribe")).toBe(`<${unsubscribeUrl(customer.email)}>, <mailto:${config().unsubscribeMailbox}?subject=unsubscribe>`);
      expect(header(email, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(email.body.text).toContain(until);
      expect(email.body.html).toContain(until);
      expect(email.body.html).not.toContain(repName);
    }
    const zoe = await onlyEmail(a.customer.email);
    expect(zoe.subject).toBe(`How is ${repName} doing for you?`);
    expect(zoe.body.text).toContain("Hi Zoë,\n");
    expect(zoe.body.text).toContain(`${repName} listens and understands what matters to me (1 = not at all, 5 = always):`);
    expect(zoe.body.html).toContain("Hi Zoë,");
    expect(zoe.body.html).toContain(`${escaped} looks after your account`);
    const darcy = await onlyEmail(c.customer.email);
    expect(darcy.body.text).toContain("Hi D'Arcy&Co,\n");
    expect(darcy.body.html).toContain("Hi D&#39;Arcy&amp;Co,");
    const ade = await onlyEmail(b.customer.email);
    expect(ade.subject).toBe(`How would you like ${config().orgName} to work with you?`);
    expect(ade.body.text).toContain("Hi Ade,\n");
    expect(ade.body.text).toContain(`${repName} will be your contact.`);
  });
});

describe("the reminder and the expiry", () => {
  it("reminds an unanswered invitation 3 days after its email, once, and expires it at the end of its 30 days", async () => {
    const at = new Date("2015-06-01T10:00:00Z");
    const { customer, invitation } = await queued("report-card", { at });
    await deliverAt(at, [invitation]);
    const due = new Date(at.getTime() + 3 * DAY);
    expect((await jobAt(new Date(due.getTime() - 1))).reminded).toBe(0);
    expect((await jobAt(due)).reminded).toBe(1);
    expect((await jobAt(new Date(due.getTime() + 60_000))).reminded).toBe(0);
    const emails = await inbox(customer.email);
    expect(emails.map((e) => e.subject)).toEqual([`How is ${invitation.repName} doing for you?`, `Reminder: How is ${invitation.repName} doing for you?`]);
    expect(emails[1]!.body.text).toContain(`A quick reminder: ${invitation.repName} looks after your account.`);
    expect(await Invitation.mustGet(invitation.id)).toMatchObject({ status: "sent", reminderSentAt: due.toISOString(), dueAction: "expire" });

    // Created 1 June 10:00, it expires 30 days later, on 1 July 10:00.
    const expiresAt = new Date("2015-07-01T10:00:00Z");
    expect((await jobAt(new Date(expiresAt.getTime() - 1))).expired).toBe(0);
    expect((await jobAt(expiresAt)).expired).toBe(1);
    expect((await Invitation.mustGet(invitation.id)).status).toBe("expired");
    expect(await inbox(customer.email)).toHaveLength(2);
  });

  it("sends no reminder after the link expired: an invitation first sent on its 29th day just expires", async () => {
    const at = new Date("2014-01-06T10:00:00Z");
    const { customer, invitation } = await queued("report-card", { at });
    await deliverAt(new Date(at.getTime() + 29 * DAY), [invitation]);
    const expiresAt = new Date(at.getTime() + 30 * DAY);
    expect(await jobAt(new Date(expiresAt.getTime() - 1))).toMatchObject({ reminded: 0, expired: 0 });
    expect(await jobAt(expiresAt)).toMatchObject({ reminded: 0, expired: 1 });
    expect(await inbox(customer.email)).toHaveLength(1);
  });
});

describe("an email SES refuses", () => {
  it("stays queued and is tried again after 1, 2, 4 ... minutes, at most 6 hours apart, until SES takes it", async () => {
    const at = new Date("2017-02-01T10:00:00Z");
    const { customer, invitation } = await queued("onboarding", { at });
    const accept = sesRefuses({ name: "MessageRejected", message: "Email address is not verified." });
    const waits: number[] = [];
    let current = invitation;
    try {
      for (let attempt = 1; attempt <= 10; attempt++) {
        current = (await deliverAt(at, [current]))[0]!;
        waits.push((Date.parse(current.nextAttemptAt!) - at.getTime()) / 60_000);
      }
    } finally {
      accept();
    }
    // 2^(attempt − 1) minutes: 1, 2, 4 ... 256; the tenth would wait 512 minutes and is held at 6 hours (360).
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 360]);
    const refused = { status: "queued", sendAttempts: 10, lastError: "MessageRejected: Email address is not verified.", nextAttemptAt: current.nextAttemptAt };
    expect(current).toMatchObject(refused);
    expect(await Invitation.mustGet(invitation.id)).toMatchObject(refused);
    expect(await inbox(customer.email)).toHaveLength(0);

    const [sent] = await deliverAt(at, [current]);
    expect(sent).toMatchObject({ status: "sent", sendAttempts: 11 });
    const stored = await Invitation.mustGet(invitation.id);
    expect(stored.status).toBe("sent");
    expect(stored).not.toHaveProperty("lastError");
    expect(stored).not.toHaveProperty("nextAttemptAt");
    expect(await inbox(customer.email)).toHaveLength(1);
  });

  it("keeps every invitation of a refused batch queued with the reason, cut to 500 characters", async () => {
    const a = await queued();
    const b = await queued("onboarding");
    const reason = `Service unavailable: ${"retry later; ".repeat(50)}`;
    const accept = sesRefuses({ name: "InternalFailure", message: reason });
    let out: InvitationRecord[];
    try {
      out = await Invitation.deliver([a.invitation, b.invitation]);
    } finally {
      accept();
    }
    expect(out.map((inv) => inv.status)).toEqual(["queued", "queued"]);
    for (const { customer, invitation } of [a, b]) {
      expect(await Invitation.mustGet(invitation.id)).toMatchObject({ status: "queued", sendAttempts: 1, lastError: `InternalFailure: ${reason}`.slice(0, 500) });
      expect(await inbox(customer.email)).toHaveLength(0);
    }
  });
});

describe("two runs delivering at once", () => {
  it("send each email once, alone or in a batch", async () => {
    const single = await queued();
    const alone = await Promise.all([Invitation.deliver([single.invitation]), Invitation.deliver([single.invitation])]);
    expect(alone.flat().map((inv) => inv.status)).toEqual(["sent"]);
    expect(await inbox(single.customer.email)).toHaveLength(1);

    const a = await queued();
    const b = await queued();
    const batches = await Promise.all([Invitation.deliver([a.invitation, b.invitation]), Invitation.deliver([a.invitation, b.invitation])]);
    expect(batches.flat().map((inv) => inv.status)).toEqual(["sent", "sent"]);
    expect(await inbox(a.customer.email)).toHaveLength(1);
    expect(await inbox(b.customer.email)).toHaveLength(1);
  });
});
