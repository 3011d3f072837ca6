import { afterEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { Invitation } from "@rapport/core/invitation/index";
import { dueKeys } from "@rapport/core/job/keys";
import { Submission } from "@rapport/core/submission/index";
import { Job } from "@rapport/core/job/index";
import { Clock } from "@rapport/core/clock/index";
import { Suppression } from "@rapport/core/suppression/index";
import { Score } from "@rapport/core/score/index";
import { applySesEvent, parseNotification } from "@rapport/core/email/events";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { inbox, onlyEmail } from "../../../test/support/inbox.ts";

const admin = { kind: "cli", id: "test" } as const;
const DAY = 86_400_000;
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** Makes SES throttle every SendEmail until restored (the SDK's own retries included). */
function throttleSes() {
  const mock = mockClient(SESv2Client);
  const error = Object.assign(new Error("Maximum sending rate exceeded."), { name: "ThrottlingException", $metadata: { httpStatusCode: 429 }, $retryable: { throttling: true } });
  mock.on(SendEmailCommand).rejects(error);
  restore = () => mock.restore();
  return mock;
}

describe("sending", () => {
  it("keeps a throttled email queued and the job later sends it exactly once", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const mock = throttleSes();
    const queued = await Invitation.send({ customerId: customer.id, kind: "onboarding" }, admin);
    expect(queued.status).toBe("queued");
    expect(queued.lastError).toMatch(/Throttling/);
    expect(mock.commandCalls(SendEmailCommand).length).toBeGreaterThanOrEqual(1);
    expect(await inbox(customer.email)).toHaveLength(0);
    expect((await Invitation.mustGet(queued.id)).status).toBe("queued");

    restore?.();
    restore = undefined;
    const retryAt = new Date(Date.now() + 2 * 60_000);
    const first = await Clock.at(retryAt, () => Job.runDueJobs(retryAt));
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const again = await Clock.at(retryAt, () => Job.runDueJobs(retryAt));
    expect(again.sent).toBe(0);
    const email = await onlyEmail(customer.email);
    const sent = await Invitation.mustGet(queued.id);
    expect(sent.status).toBe("sent");
    expect(sent.messageId).toBe(email.messageId);
  });

  it("sends one reminder 3 days after an unanswered invitation, and expires it after 30 days", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const inv = await Invitation.send({ customerId: customer.id, kind: "report-card" }, admin);
    const start = new Date(inv.sentAt!);
    const day2 = new Date(start.getTime() + 2 * DAY);
    await Clock.at(day2, () => Job.runDueJobs(day2));
    expect(await inbox(customer.email)).toHaveLength(1);
    const day3 = new Date(start.getTime() + 3 * DAY + 60_000);
    const run = await Clock.at(day3, () => Job.runDueJobs(day3));
    expect(run.reminded).toBeGreaterThanOrEqual(1);
    await Clock.at(day3, () => Job.runDueJobs(day3));
    const emails = await inbox(customer.email);
    expect(emails).toHaveLength(2);
    expect(emails.map((e) => e.subject)).toContain(`Reminder: How is ${rep.name} doing for you?`);
    const day31 = new Date(start.getTime() + 31 * DAY);
    const expiry = await Clock.at(day31, () => Job.runDueJobs(day31));
    expect(expiry.expired).toBeGreaterThanOrEqual(1);
    expect((await Invitation.mustGet(inv.id)).status).toBe("expired");
    expect(await inbox(customer.email)).toHaveLength(2);
  });

  it("takes an invitation answered while its reminder was being recorded off the due index", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const inv = await Invitation.send({ customerId: customer.id, kind: "report-card" }, admin);
    await Submission.submitReportCard(await Submission.open(Invitation.tokenOf(inv.id)), {
      ratings: { listening: 4, follow_up: 4, proactive: 4, reachability: 4, advocacy: 4, customer_first: 4 },
    });
    // The race: the reminder's record lands after the answer and puts the invitation back on the due index.
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: Invitation.keyOf(inv.id),
        UpdateExpression: "SET dueAction = :expire, gsi2pk = :due, gsi2sk = :sk",
        ExpressionAttributeValues: { ":expire": "expire", ":due": dueKeys.partition, ":sk": dueKeys.entry(inv.expiresAt, inv.id).gsi2sk },
      }),
    );
    const afterExpiry = new Date(new Date(inv.expiresAt).getTime() + 60_000);
    const first = await Clock.at(afterExpiry, () => Job.runDueJobs(afterExpiry));
    expect(first.expired).toBe(0);
    const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: Invitation.keyOf(inv.id) }))).Item!;
    expect(stored.gsi2pk).toBeUndefined();
    expect(stored.status).toBe("answered");
  });

  it("never emails a suppressed address", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    await Suppression.suppress(customer.email, "unsubscribe", admin);
    await expect(Invitation.send({ customerId: customer.id, kind: "report-card" }, admin)).rejects.toMatchObject({ status: 409, code: "suppressed" });
    expect(await inbox(customer.email)).toHaveLength(0);
  });

  it("sends nothing to an address suppressed after its invitation was queued, and records that invitation as suppressed", async () => {
    const rep = await aRep();
    const [kept, other, unsubscribed] = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);
    const queued = [];
    for (const customer of [kept, other, unsubscribed]) {
      const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, admin);
      if (!("invitation" in created)) throw new Error(`not queued: ${created.skipped}`);
      queued.push(created.invitation);
    }
    // The customer unsubscribes between the queueing and the send (a campaign's queue drains over minutes).
    await Suppression.suppress(unsubscribed.email, "unsubscribe", admin);
    const delivered = await Invitation.deliver(queued);
    expect(delivered.find((inv) => inv.customerId === unsubscribed.id)?.status).toBe("suppressed");
    expect(await inbox(unsubscribed.email)).toHaveLength(0);
    const stored = (await db().send(new GetCommand({ TableName: tableName(), Key: Invitation.keyOf(queued[2]!.id) }))).Item!;
    expect(stored.status).toBe("suppressed");
    // Off the due index: no later run tries to send it again.
    expect(stored.gsi2pk).toBeUndefined();
    expect(stored.dueAction).toBeUndefined();
    // The others still go out (SendBulkEmail, one batch).
    expect(await inbox(kept.email)).toHaveLength(1);
    expect(await inbox(other.email)).toHaveLength(1);
  });

  it("sends no reminder to an address that unsubscribed after the first email", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const inv = await Invitation.send({ customerId: customer.id, kind: "report-card" }, admin);
    expect(inv.status).toBe("sent");
    await Suppression.suppress(customer.email, "unsubscribe", admin);
    const day3 = new Date(new Date(inv.sentAt!).getTime() + 3 * DAY + 60_000);
    const run = await Clock.at(day3, () => Job.runDueJobs(day3));
    expect(run.suppressed).toBeGreaterThanOrEqual(1);
    expect(await inbox(customer.email)).toHaveLength(1);
    expect((await Invitation.mustGet(inv.id)).status).toBe("suppressed");
  });

  it("suppresses hard bounces and complaints from SES notifications, not soft bounces", async () => {
    const rep = await aRep();
    const [hard, soft, angry] = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);
    const inv = await Invitation.send({ customerId: hard.id, kind: "report-card" }, admin);
    const sns = (message: unknown) => ({ Type: "Notification", Message: JSON.stringify(message) });
    const bounce = parseNotification(sns({ notificationType: "Bounce", mail: { messageId: inv.messageId }, bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: hard.email }] } }));
    const invited = async () => (await Score.totalsForPeriod(inv.invitedIn!)).get(rep.id)?.invited;
    expect(await invited()).toBe(1);
    expect(await applySesEvent(bounce!)).toEqual([hard.email]);
    expect((await Invitation.mustGet(inv.id)).status).toBe("bounced");
    // The bounced report card no longer counts as invited, and a repeated notification changes nothing more.
    expect(await invited()).toBe(0);
    await applySesEvent(bounce!);
    expect(await invited()).toBe(0);
    const transient = parseNotification({ notificationType: "Bounce", mail: { messageId: "m-1" }, bounce: { bounceType: "Transient", bouncedRecipients: [{ emailAddress: soft.email }] } });
    expect(await applySesEvent(transient!)).toEqual([]);
    const complaint = parseNotification({ eventType: "Complaint", mail: { messageId: "m-2" }, complaint: { complainedRecipients: [{ emailAddress: angry.email.toUpperCase() }] } });
    expect(await applySesEvent(complaint!)).toEqual([angry.email]);
    expect(await Suppression.suppressedAmong([hard.email, soft.email, angry.email])).toEqual(new Set([hard.email, angry.email]));
  });
});
