import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { GetAccountCommand, SendBulkEmailCommand, TooManyRequestsException } from "@aws-sdk/client-sesv2";
import { Campaign } from "@rapport/core/campaign/index";
import { Clock } from "@rapport/core/clock/index";
import { Customer } from "@rapport/core/customer/index";
import { Email } from "@rapport/core/email/index";
import { Invitation, toInvitation } from "@rapport/core/invitation/index";
import { queryAll } from "@rapport/core/db/index";
import { Job } from "@rapport/core/job/index";
import { Suppression } from "@rapport/core/suppression/index";
import { Score } from "@rapport/core/score/index";
import { periodOf } from "@rapport/core/period/quarter";
import type { StreamWorker } from "@rapport/local/stream";
import { aCustomer, aRep } from "../../../test/support/fixtures.ts";
import { countsByRecipient, inbox } from "../../../test/support/inbox.ts";
import { campaignWorker, finished } from "../../../test/support/campaigns.ts";

const admin = { kind: "cli", id: "test" } as const;

/** A rep's response-rate counters in the current period. */
async function rateOf(repId: string) {
  const totals = (await Score.totalsForPeriod(periodOf(new Date()))).get(repId);
  return { invited: totals?.invited ?? 0, answered: totals?.answered ?? 0 };
}
let worker: StreamWorker | undefined;

beforeAll(async () => {
  worker = await campaignWorker();
});
afterAll(async () => {
  await worker?.stop();
});

/** The customer's latest invitation, read through the by-customer index. */
async function latestInvitation(customerId: string) {
  const items = await queryAll<Record<string, unknown>>({ IndexName: "gsi1", KeyConditionExpression: "gsi1pk = :pk", ExpressionAttributeValues: { ":pk": `CUS#${customerId}#INV` } });
  return items.length ? toInvitation(items.at(-1)!) : undefined;
}

describe("a campaign", () => {
  it("answers at once as queued, then the worker sends one report card per eligible customer and counts whom it skipped and why", async () => {
    const rep = await aRep();
    const fresh = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);
    const [surveyed, unsubscribed, bounced] = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);
    await Invitation.send({ customerId: surveyed.id, kind: "report-card" }, admin);
    await Suppression.suppress(unsubscribed.email, "unsubscribe", admin);
    await Suppression.suppress(bounced.email, "bounce", admin);

    const started = await Campaign.start({ kind: "report-card", repId: rep.id }, admin);
    expect(started).toMatchObject({ status: "queued", total: 6, sent: 0, failed: 0, startedAt: null, finishedAt: null, scope: { repId: rep.id } });

    const done = await finished(started.id);
    expect(done).toMatchObject({ status: "done", total: 6, sent: 3, failed: 0, skipped: { suppressed: 1, capped: 1, unsubscribed: 1, unknown: 0 } });
    expect(done.startedAt! >= done.createdAt && done.finishedAt! >= done.startedAt!).toBe(true);
    for (const customer of fresh) {
      expect(await inbox(customer.email)).toHaveLength(1);
      expect((await Customer.get(customer.id))?.lastReportCardAt).toBeDefined();
    }
    for (const customer of [unsubscribed, bounced]) expect(await inbox(customer.email)).toHaveLength(0);
    expect(await inbox(surveyed.email)).toHaveLength(1);

    // A second campaign right after finds everyone surveyed, unsubscribed or bounced.
    const again = await finished((await Campaign.start({ kind: "report-card", repId: rep.id }, admin)).id);
    expect(again).toMatchObject({ status: "done", sent: 0, skipped: { suppressed: 1, capped: 4, unsubscribed: 1 } });
  });

  it("sends at most one report card per 60 days even when two campaigns race for the same customer", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const [a, b] = await Promise.all([
      Campaign.start({ kind: "report-card", customerIds: [customer.id] }, admin),
      Campaign.start({ kind: "report-card", customerIds: [customer.id] }, admin),
    ]);
    const [doneA, doneB] = await Promise.all([finished(a.id), finished(b.id)]);
    expect(doneA.sent + doneB.sent).toBe(1);
    expect(doneA.skipped.capped + doneB.skipped.capped).toBe(1);
    expect(await inbox(customer.email)).toHaveLength(1);
  });

  it("narrows a list by value tier and segment, and counts ids that name nobody as unknown", async () => {
    const rep = await aRep();
    const tierA = await aCustomer(rep.id, { valueTier: "A", segment: "Retail" });
    const tierAWholesale = await aCustomer(rep.id, { valueTier: "A", segment: "Wholesale" });
    const tierB = await aCustomer(rep.id, { valueTier: "B", segment: "Retail" });
    const nobody = "cus_01JH5Z4A7B9C1D3E5F7G9H1J3K";
    const started = await Campaign.start({ kind: "report-card", customerIds: [tierA.id, tierAWholesale.id, tierB.id, nobody, tierA.id], valueTier: "A", segment: "Retail" }, admin);
    // The answer counts the distinct ids given; the worker fixes the total to the customers in scope plus the unknown ids.
    expect(started).toMatchObject({ total: 4, scope: { customers: 4, valueTier: "A", segment: "Retail" } });
    const done = await finished(started.id);
    expect(done).toMatchObject({ status: "done", total: 2, sent: 1, skipped: { unknown: 1, capped: 0 } });
    expect(await inbox(tierA.email)).toHaveLength(1);
    for (const other of [tierAWholesale, tierB]) expect(await inbox(other.email)).toHaveLength(0);
  });

  it("narrows a rep's customers by segment (a word DynamoDB reserves) and value tier, counting and sending only those", async () => {
    const rep = await aRep();
    const retailA = await aCustomer(rep.id, { valueTier: "A", segment: "Retail" });
    const retailB = await aCustomer(rep.id, { valueTier: "B", segment: "Retail" });
    const wholesale = await aCustomer(rep.id, { valueTier: "A", segment: "Wholesale" });
    const bySegment = await Campaign.start({ kind: "report-card", repId: rep.id, segment: "Retail" }, admin);
    expect(bySegment).toMatchObject({ total: 2, scope: { repId: rep.id, segment: "Retail" } });
    expect(await finished(bySegment.id)).toMatchObject({ status: "done", total: 2, sent: 2 });
    for (const sent of [retailA, retailB]) expect(await inbox(sent.email)).toHaveLength(1);
    expect(await inbox(wholesale.email)).toHaveLength(0);
    // Both filters at once: only the wholesale tier-A customer is in scope, and has not been asked yet.
    const both = await Campaign.start({ kind: "report-card", repId: rep.id, segment: "Wholesale", valueTier: "A" }, admin);
    expect(both.total).toBe(1);
    expect(await finished(both.id)).toMatchObject({ status: "done", total: 1, sent: 1 });
    expect(await inbox(wholesale.email)).toHaveLength(1);
  });

  it("sends 120 customers as three SendBulkEmail batches of at most 50, each customer once", { timeout: 90_000 }, async () => {
    const rep = await aRep();
    const customers = await Promise.all(Array.from({ length: 120 }, () => aCustomer(rep.id)));
    const ses = await Email.ses();
    const sizes: number[] = [];
    const counting = (next: (args: unknown) => Promise<unknown>) => async (args: { input: { BulkEmailEntries?: unknown[] } }) => {
      if (args.input.BulkEmailEntries) sizes.push(args.input.BulkEmailEntries.length);
      return next(args);
    };
    ses.middlewareStack.add(counting as never, { step: "initialize", name: "countBulkEntries" });
    try {
      const done = await finished((await Campaign.start({ kind: "report-card", repId: rep.id }, admin)).id);
      expect(done).toMatchObject({ status: "done", total: 120, sent: 120 });
    } finally {
      ses.middlewareStack.remove("countBulkEntries");
    }
    expect(sizes.sort((a, b) => a - b)).toEqual([20, 50, 50]);
    expect([...(await countsByRecipient(customers.map((c) => c.email))).values()]).toEqual(customers.map(() => 1));
    // Each report card sent counts toward the rep's response rate this period: 120 invited, none answered yet.
    expect(await rateOf(rep.id)).toEqual({ invited: 120, answered: 0 });
  });
});

describe("cancelling", () => {
  it("stops every batch not yet claimed, answers a cancelled campaign again, and refuses a finished one with 409", async () => {
    await worker!.stop();
    worker = undefined;
    const rep = await aRep();
    const customers = await Promise.all(Array.from({ length: 60 }, () => aCustomer(rep.id)));
    const started = await Campaign.start({ kind: "report-card", repId: rep.id }, admin);
    const cancelled = await Campaign.cancel(started.id, admin);
    expect(cancelled).toMatchObject({ status: "cancelled", sent: 0, finishedAt: expect.any(String) });
    worker = await campaignWorker();
    await worker.drained();
    expect(await Campaign.get(started.id)).toMatchObject({ status: "cancelled", sent: 0 });
    expect([...(await countsByRecipient(customers.map((c) => c.email))).values()]).toEqual(customers.map(() => 0));
    expect(await Campaign.cancel(started.id, admin)).toMatchObject({ status: "cancelled" });

    const other = await aRep();
    await aCustomer(other.id);
    const done = await finished((await Campaign.start({ kind: "report-card", repId: other.id }, admin)).id);
    await expect(Campaign.cancel(done.id, admin)).rejects.toMatchObject({ kind: "conflict", code: "campaign_finished" });
    await expect(Campaign.cancel("cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0", admin)).rejects.toMatchObject({ kind: "not-found" });
  });
});

describe("when SES pushes back", () => {
  it("retries a throttled SendBulkEmail, counts a message SES rejected as failed and leaves it queued for the scheduled job; the campaign still finishes", async () => {
    const rep = await aRep();
    const customers = await Promise.all(Array.from({ length: 4 }, () => aCustomer(rep.id)));
    const ses = mockClient(await Email.ses());
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 1_000, Max24HourSend: 50_000, SentLast24Hours: 0 } });
    let calls = 0;
    ses.on(SendBulkEmailCommand).callsFake(async (input: { BulkEmailEntries: unknown[] }) => {
      calls += 1;
      if (calls === 1) throw new TooManyRequestsException({ message: "Maximum sending rate exceeded.", $metadata: {} });
      return {
        BulkEmailEntryResults: input.BulkEmailEntries.map((_, i) =>
          i === 2 ? { Status: "MESSAGE_REJECTED", Error: "Email address is not verified." } : { Status: "SUCCESS", MessageId: `mocked-${i}` },
        ),
      };
    });
    try {
      const done = await finished((await Campaign.start({ kind: "report-card", repId: rep.id }, admin)).id);
      expect(done).toMatchObject({ status: "done", total: 4, sent: 3, failed: 1 });
      expect(calls).toBe(2);
    } finally {
      ses.restore();
    }
    const invitations = await Promise.all(customers.map((c) => latestInvitation(c.id)));
    const states = invitations.map((inv) => inv?.status).sort();
    expect(states).toEqual(["queued", "sent", "sent", "sent"]);
    const rejected = invitations.find((inv) => inv?.status === "queued")!;
    expect(rejected.lastError).toMatch(/MESSAGE_REJECTED/);
    // The batch counted the three SES took toward the rep's invited, not the one it refused...
    expect(await rateOf(rep.id)).toEqual({ invited: 3, answered: 0 });
    // ...which the scheduled job sends once its retry is due (a minute later), through the emulator this time, and counts.
    const report = await Clock.at(new Date(Date.now() + 2 * 60_000), () => Job.runDueJobs());
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(await inbox(rejected.email)).toHaveLength(1);
    expect(await rateOf(rep.id)).toEqual({ invited: 4, answered: 0 });
  });
  it("gives a batch up after 5 attempts when SES keeps refusing the call: the campaign finishes with them failed, and each invitation waits queued for the job", { timeout: 90_000 }, async () => {
    const rep = await aRep();
    const customers = await Promise.all(Array.from({ length: 3 }, () => aCustomer(rep.id)));
    const ses = mockClient(await Email.ses());
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 1_000, Max24HourSend: 50_000, SentLast24Hours: 0 } });
    ses.on(SendBulkEmailCommand).rejects(Object.assign(new Error("Sending paused for this account."), { name: "SendingPausedException" }));
    try {
      const done = await finished((await Campaign.start({ kind: "report-card", repId: rep.id }, admin)).id, 60_000);
      expect(done).toMatchObject({ status: "done", total: 3, sent: 0, failed: 3 });
      // Attempts 1 to 5 each called SES once; the sixth delivery gave up without calling it.
      expect(ses.commandCalls(SendBulkEmailCommand)).toHaveLength(5);
    } finally {
      ses.restore();
    }
    for (const customer of customers) {
      expect(await latestInvitation(customer.id)).toMatchObject({ status: "queued", dueAction: "send", lastError: "the batch failed too many times" });
    }
    // Nothing went out, so nothing counts as invited (the job counts each one when it sends it).
    expect(await rateOf(rep.id)).toEqual({ invited: 0, answered: 0 });
  });
});

describe("the scheduled job's look at open campaigns", () => {
  it("does the work a lost stream record left: fans the campaign out and sends its batches", async () => {
    await worker!.stop();
    worker = undefined;
    const rep = await aRep();
    const customers = await Promise.all(Array.from({ length: 3 }, () => aCustomer(rep.id)));
    const started = await Campaign.start({ kind: "report-card", repId: rep.id }, admin);
    // Before the check is due, the job leaves the campaign to its worker.
    await Job.runDueJobs();
    expect(await Campaign.get(started.id)).toMatchObject({ status: "queued" });
    const report = await Clock.at(new Date(Date.now() + 6 * 60_000), () => Job.runDueJobs());
    expect(report.campaignBatches).toBe(1);
    expect(await Campaign.get(started.id)).toMatchObject({ status: "done", sent: 3 });
    for (const customer of customers) expect(await inbox(customer.email)).toHaveLength(1);
    worker = await campaignWorker();
    await worker.drained();
    // The worker, reading the same records late, sends nothing twice.
    for (const customer of customers) expect(await inbox(customer.email)).toHaveLength(1);
  });
});
