import { describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { SESv2Client, SendBulkEmailCommand, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { config } from "@rapport/core/config";
import { Clock } from "@rapport/core/clock/index";
import { Invitation, type Invitation as InvitationRecord } from "@rapport/core/invitation/index";
import { Job } from "@rapport/core/job/index";
import { Suppression } from "@rapport/core/suppression/index";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { header, inbox, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";

// What delivery sends and when (the suppression list it honours first: suppression-delivery.test.ts).
// Tests that run the scheduled job set the clock years before every other invitation here, so the job finds only theirs.
const cli = { kind: "cli", id: "test" } as const;
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

const deliverAt = (at: Date, invitations: InvitationRecord[]) => Clock.at(at, () => Invitation.deliver(invitations));
const jobAt = (at: Date) => Clock.at(at, () => Job.runDueJobs(at));

describe("what an invitation email says", () => {
  // A name that HTML would read as markup: the HTML part shows it escaped, the subject and the text as typed.
  const repName = `Sam "The Closer" <Sales> O'Neil & Co`;
  const escaped = "Sam &quot;The Closer&quot; &lt;Sales&gt; O&#39;Neil &amp; Co";
  const at = new Date("2019-03-02T10:00:00Z");
  // Created 2 March 2019, a link works for 30 days: until Monday 1 April 2019.
  const until = "This link is personal to you and works until Mon, 01 Apr 2019.";
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
    expect(header(email, "List-Unsubscribe")).toBe(`<${unsubscribeUrl(customer.email)}>`);
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
      expect(header(email, "List-Unsubscribe")).toBe(`<${unsubscribeUrl(customer.email)}>`);
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
  it("reminds an unanswered invitation 3 days after its email, once, alone or in a batch, and expires it at the end of its 30 days", async () => {
    const at = new Date("2015-06-01T10:00:00Z");
    const a = await queued("report-card", { at });
    const b = await queued("report-card", { at });
    const c = await queued("report-card", { at });
    // a and b go out together at 10:00, c alone an hour later: their reminders go out the same way 3 days on.
    await deliverAt(at, [a.invitation, b.invitation]);
    const hour = 3_600_000;
    await deliverAt(new Date(at.getTime() + hour), [c.invitation]);
    const due = new Date(at.getTime() + 3 * DAY);
    expect((await jobAt(new Date(due.getTime() - 1))).reminded).toBe(0);
    expect((await jobAt(due)).reminded).toBe(2);
    expect((await jobAt(new Date(due.getTime() + hour))).reminded).toBe(1);
    expect((await jobAt(new Date(due.getTime() + 2 * hour))).reminded).toBe(0);
    for (const [{ customer, invitation }, remindedAt] of [
      [a, due],
      [b, due],
      [c, new Date(due.getTime() + hour)],
    ] as const) {
      const emails = await inbox(customer.email);
      expect(emails.map((e) => e.subject)).toEqual([`How is ${invitation.repName} doing for you?`, `Reminder: How is ${invitation.repName} doing for you?`]);
      expect(emails[1]!.body.text).toContain(`A quick reminder: ${invitation.repName} looks after your account.`);
      expect(await Invitation.mustGet(invitation.id)).toMatchObject({ status: "sent", reminderSentAt: remindedAt.toISOString(), dueAction: "expire" });
    }

    // Created 1 June 10:00, they expire 30 days later, on 1 July 10:00, with no third email.
    const expiresAt = new Date("2015-07-01T10:00:00Z");
    expect((await jobAt(new Date(expiresAt.getTime() - 1))).expired).toBe(0);
    expect((await jobAt(expiresAt)).expired).toBe(3);
    for (const { customer, invitation } of [a, b, c]) {
      expect((await Invitation.mustGet(invitation.id)).status).toBe("expired");
      expect(await inbox(customer.email)).toHaveLength(2);
    }
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
