import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "@rapport/core/clock/index";
import { config, configure } from "@rapport/core/config";
import { db, tableName } from "@rapport/core/db/index";
import { Job } from "@rapport/core/job/index";
import { FollowUp } from "@rapport/core/followup/index";
import { Answer } from "@rapport/core/followup/answer";
import { Verdict } from "@rapport/core/followup/verdict";
import { repKeys } from "@rapport/core/rep/keys";
import { webhookKeys } from "@rapport/core/webhook/keys";
import { Campaign } from "@rapport/core/campaign/index";
import { Concern } from "@rapport/core/concern/index";
import { Period } from "@rapport/core/period/index";
import { periodOf } from "@rapport/core/period/quarter";
import { startCampaignWorker } from "../src/worker.ts";
import { createApp } from "@rapport/functions/api/app";
import { startOutboundWorker } from "../src/outbound-worker.ts";
import type { StreamWorker } from "../src/stream.ts";
import { aCustomer, answerForm, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { inbox } from "../../../test/support/inbox.ts";
import { closeReceivers, receiver, until, verifiedBody } from "./webhook-receiver.ts";

const app = createApp();
let admin: string;
let worker: StreamWorker;

beforeAll(async () => {
  admin = await bearer("admin");
  worker = await startOutboundWorker({ pollMs: 50 });
});
afterAll(async () => {
  await worker.stop();
  closeReceivers();
});

const json = (body: unknown) => ({ method: "POST", headers: { authorization: admin, "content-type": "application/json" }, body: JSON.stringify(body) });

async function subscribe(url: string, events: string[]) {
  const res = await app.request("/v1/webhooks", json({ url, events }));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

/** A poor report card (listening 1) from a customer who neither shares their name nor asks to be contacted: an anonymous case. */
async function anAnonymousPoorCard(repId: string) {
  const customer = await aCustomer(repId, { name: "Zelda Quigley" });
  await answerForm(app.request, customer.id, "report-card", {
    ratings: { listening: 1, follow_up: 2, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
    improve: "Nobody called me back about the broken invoice",
  });
  return customer;
}

const deliveryLog = async (id: string) =>
  ((await (await app.request(`/v1/webhooks/${id}`, { headers: { authorization: admin } })).json()) as { status: string; deliveries: { eventId: string; status: string; attempt: number; responseCode?: number; nextAt?: string }[] });

/** Runs the scheduled job as of `at`, as the cron would then. */
const runJobAt = (at: Date) => Clock.at(at, () => Job.runDueJobs(at));

describe("outbound webhooks", () => {
  it("delivers a signed case.opened and response.submitted that name no anonymous customer and carry no comment; the secret is shown once", async () => {
    const hook = await receiver();
    const { id, secret } = await subscribe(hook.url, ["case.opened", "response.submitted"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    const listed = await (await app.request("/v1/webhooks", { headers: { authorization: admin } })).text();
    expect(listed).toContain(id);
    expect(listed).not.toContain(secret.slice(6));

    const rep = await aRep();
    const customer = await anAnonymousPoorCard(rep.id);
    await until(() => hook.got.length, (n) => n >= 2, "two deliveries");
    const bodies = hook.got.map((r) => verifiedBody(secret, r));
    expect(bodies.map((b) => b.type).sort()).toEqual(["case.opened", "response.submitted"]);
    const opened = bodies.find((b) => b.type === "case.opened")!;
    expect(opened.data).toMatchObject({ repId: rep.id, anonymous: true, lowBehaviours: [{ id: "listening", rating: 1 }, { id: "follow_up", rating: 2 }] });
    for (const r of hook.got) {
      expect(r.body).not.toContain(customer.id);
      expect(r.body).not.toContain("Zelda");
      expect(r.body).not.toContain(customer.email);
      expect(r.body).not.toContain("invoice");
      expect(r.headers["webhook-id"]).toMatch(/^evt_/);
    }
    const log = await until(() => deliveryLog(id), (d) => d.deliveries.filter((x) => x.status === "delivered").length === 2, "the delivery log");
    expect(log.deliveries[0]).toMatchObject({ status: "delivered", attempt: 1, responseCode: 200 });
    expect(JSON.stringify(log)).not.toContain("lowBehaviours");
  });

  it("retries a delivery the receiver answered 500 with the same webhook-id, when the job finds it due, and logs both tries", async () => {
    let answer = 500;
    const hook = await receiver(() => answer);
    const { id, secret } = await subscribe(hook.url, ["case.opened"]);
    const test = await app.request(`/v1/webhooks/${id}/test`, { method: "POST", headers: { authorization: admin } });
    expect(test.status).toBe(202);
    const { eventId } = (await test.json()) as { eventId: string };
    await until(() => hook.got.length, (n) => n === 1, "the first try");
    const failed = await until(() => deliveryLog(id), (d) => d.deliveries[0]?.status === "retrying", "the retry to be scheduled");
    expect(failed.deliveries[0]).toMatchObject({ eventId, attempt: 1, responseCode: 500 });
    const nextAt = new Date(failed.deliveries[0]!.nextAt!);
    // 30 s doubled once per failure, with jitter: between 15 and 30 s after the first try.
    expect(nextAt.getTime() - Date.now()).toBeLessThanOrEqual(30_000);

    answer = 200;
    await runJobAt(new Date(nextAt.getTime() - 1_000));
    expect(hook.got).toHaveLength(1);
    expect((await runJobAt(nextAt)).webhookDeliveries).toBe(1);
    expect(hook.got).toHaveLength(2);
    expect(hook.got[1]!.headers["webhook-id"]).toBe(eventId);
    expect(hook.got[0]!.headers["webhook-id"]).toBe(eventId);
    expect(verifiedBody(secret, hook.got[1]!)).toMatchObject({ type: "webhook.test", data: { subscriptionId: id } });
    expect((await deliveryLog(id)).deliveries[0]).toMatchObject({ eventId, status: "delivered", attempt: 2, responseCode: 200 });
  });

  it("signs so that a delivery replayed outside the 5-minute tolerance, or altered, is rejected by verify", async () => {
    const hook = await receiver();
    const { id, secret } = await subscribe(hook.url, ["case.opened"]);
    await app.request(`/v1/webhooks/${id}/test`, { method: "POST", headers: { authorization: admin } });
    const [delivery] = await until(() => hook.got, (got) => got.length === 1, "the test event");
    expect(() => verifiedBody(secret, delivery!)).not.toThrow();
    expect(() => verifiedBody(secret, { ...delivery!, body: delivery!.body.replace("webhook.test", "case.opened") })).toThrow(/signature/i);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 6 * 60_000);
      expect(() => verifiedBody(secret, delivery!)).toThrow(/too old/i);
    } finally {
      vi.useRealTimers();
    }
  });

  it("does not follow a redirect: a 302 is a failed try, and the address it points to gets nothing", async () => {
    const elsewhere = await receiver();
    const hook = await receiver(() => 302, { location: elsewhere.url });
    const { id } = await subscribe(hook.url, ["case.opened"]);
    await app.request(`/v1/webhooks/${id}/test`, { method: "POST", headers: { authorization: admin } });
    const log = await until(() => deliveryLog(id), (d) => d.deliveries[0]?.status === "retrying", "the failed try");
    expect(log.deliveries[0]).toMatchObject({ attempt: 1, responseCode: 302 });
    expect(hook.got).toHaveLength(1);
    expect(elsewhere.got).toHaveLength(0);
  });

  it("disables a subscription whose deliveries failed for 24 hours and emails the admin", async () => {
    const alert = email("webhook-admin");
    configure({ webhookAlertEmails: [alert] });
    const hook = await receiver(() => 500);
    const { id } = await subscribe(hook.url, ["case.opened"]);
    const { eventId } = (await (await app.request(`/v1/webhooks/${id}/test`, { method: "POST", headers: { authorization: admin } })).json()) as { eventId: string };
    const firstAt = Date.now();
    const key = webhookKeys.delivery({ kind: "webhook", id }, eventId);
    const read = async () => (await db().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item as { status: string; attempt: number; nextAt?: string } | undefined;
    let delivery = await until(read, (d) => d?.status === "retrying", "the first failure");
    const waits: number[] = [];
    while (delivery?.status === "retrying") {
      const at = new Date(delivery.nextAt!);
      waits.push(at.getTime());
      await runJobAt(at);
      delivery = await read();
    }
    expect(delivery).toMatchObject({ status: "failed" });
    // Exponential: the later waits are longer than the first; the last try is 24 hours after the first.
    expect(waits.at(-1)! - firstAt).toBeGreaterThanOrEqual(24 * 3_600_000 - 60_000);
    expect(waits.length).toBeGreaterThan(8);
    expect(waits.length).toBeLessThan(30);
    expect((await deliveryLog(id)).status).toBe("disabled");
    expect(hook.got.length).toBe(waits.length + 1);
    // The job also works through the deliveries other tests left due, so other subscriptions may be disabled too: find this one's email.
    const mine = (m: Awaited<ReturnType<typeof inbox>>) => m.filter((message) => (message.body.text ?? "").includes(id));
    const told = mine(await until(() => inbox(alert), (m) => mine(m).length > 0, "the admin's email"));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain("Webhook disabled");
    configure({ webhookAlertEmails: [config().fromAddress] });
  });

  it("tells a subscriber an anonymous concern was raised, without its words or who raised it", async () => {
    const hook = await receiver();
    const { secret } = await subscribe(hook.url, ["concern.raised"]);
    const rep = await aRep();
    const customer = await aCustomer(rep.id, { name: "Quentin Blake" });
    const { followUp } = await Concern.raise(customer.id, { what: "The delivery came broken and nobody answered", urgency: "today", reply: "anonymous" });
    const [delivery] = await until(() => hook.got, (got) => got.length === 1, "concern.raised");
    expect(verifiedBody(secret, delivery!)).toMatchObject({ type: "concern.raised", data: { caseId: followUp.id, repId: rep.id, urgency: "today", anonymous: true } });
    for (const hidden of ["broken", "Quentin", customer.id, customer.email]) expect(delivery!.body).not.toContain(hidden);
  });

  it("tells a subscriber a period closed (with its snapshot's hash) and a campaign finished (with its counts)", async () => {
    const hook = await receiver();
    const { secret } = await subscribe(hook.url, ["period.closed", "campaign.finished"]);
    const previous = periodOf(new Date(Date.now() - 100 * 86_400_000));
    const snapshot = await Period.close(previous, { kind: "cli", id: "test" });
    const campaigns = await startCampaignWorker();
    try {
      const started = await Campaign.start({ kind: "report-card", customerIds: ["cus_01JH5Z00000000000000000000"] }, { kind: "cli", id: "test" });
      const bodies = await until(() => hook.got.map((r) => verifiedBody(secret, r)), (b) => b.length === 2, "both events", 30_000);
      expect(bodies.find((b) => b.type === "period.closed")!.data).toMatchObject({ period: previous, version: snapshot.version, sha256: snapshot.sha256 });
      expect(bodies.find((b) => b.type === "campaign.finished")!.data).toMatchObject({ campaignId: started.id, sent: 0 });
    } finally {
      await campaigns.stop();
    }
  });

  it("refuses a subscription to the cloud metadata address outside the local stage, naming the url", async () => {
    configure({ stage: "prod" });
    try {
      for (const url of ["http://169.254.169.254/", "https://169.254.169.254/latest/meta-data/", "https://[::ffff:169.254.169.254]/", "https://127.0.0.1:8443/"]) {
        const res = await app.request("/v1/webhooks", json({ url, events: ["case.opened"] }));
        expect(res.status, url).toBe(400);
        expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty("url");
      }
    } finally {
      configure({ stage: "test" });
    }
  });
});

describe("Slack", () => {
  it("posts a Block Kit message for a case opened on a rep's team, with no customer name on an anonymous case", async () => {
    const slack = await receiver();
    const rep = await aRep();
    const teamId = `team_${Date.now().toString(36)}`;
    await db().send(new PutCommand({ TableName: tableName(), Item: { pk: `TEAM#${teamId}`, sk: "TEAM", type: "team", id: teamId, slackWebhookUrl: slack.url } }));
    await db().send(new UpdateCommand({ TableName: tableName(), Key: repKeys.rep(rep.id), UpdateExpression: "SET teamId = :t", ExpressionAttributeValues: { ":t": teamId } }));
    await anAnonymousPoorCard(rep.id);
    const [message] = await until(() => slack.got, (got) => got.length === 1, "the Slack message");
    const body = JSON.parse(message!.body) as { blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { url?: string }[] }[] };
    expect(body.blocks[0]).toMatchObject({ type: "header", text: { text: "Recovery case opened" } });
    const fields = body.blocks.find((b) => b.type === "section")!.fields!.map((f) => f.text).join("\n");
    expect(fields).toContain(rep.name);
    expect(fields).toContain("Anonymous");
    expect(message!.body).not.toContain("Zelda");
    expect(message!.body).not.toContain("invoice");
    expect(body.blocks.find((b) => b.type === "actions")!.elements![0]!.url).toBe(`${config().appUrl}/dashboard`);
  });

  it("names the customer who asked to be contacted, and follows the case: opened, escalated, resolved (webhook) and recovered (Slack)", async () => {
    const slack = await receiver();
    const hook = await receiver();
    const { secret } = await subscribe(hook.url, ["case.opened", "case.escalated", "case.resolved"]);
    const rep = await aRep({ managerEmail: email("manager") });
    const teamId = `team_${Date.now().toString(36)}n`;
    await db().send(new PutCommand({ TableName: tableName(), Item: { pk: `TEAM#${teamId}`, sk: "TEAM", type: "team", id: teamId, slackWebhookUrl: slack.url } }));
    await db().send(new UpdateCommand({ TableName: tableName(), Key: repKeys.rep(rep.id), UpdateExpression: "SET teamId = :t", ExpressionAttributeValues: { ":t": teamId } }));
    const customer = await aCustomer(rep.id, { name: "Ada Lovelace" });
    await answerForm(app.request, customer.id, "report-card", {
      ratings: { listening: 1, follow_up: 3, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
      improve: "The invoice was wrong twice",
      contactOk: true,
      shareName: true,
    });
    const events = () => hook.got.map((r) => verifiedBody(secret, r)).filter((b) => b.data.repId === rep.id);
    const [opened] = await until(events, (e) => e.length === 1, "case.opened");
    expect(opened).toMatchObject({ type: "case.opened", data: { anonymous: false, customer: { id: customer.id, name: "Ada Lovelace" } } });
    expect(JSON.stringify(opened)).not.toContain("invoice");
    await until(() => slack.got, (got) => got.length === 1, "the Slack message");
    expect(slack.got[0]!.body).toContain("Ada Lovelace");

    const [open] = (await FollowUp.list({ repIds: [rep.id], kind: "recovery" })).filter((f) => f.status === "open");
    await runJobAt(new Date(Date.parse(open!.dueAt) + 60_000));
    await until(() => slack.got, (got) => got.length === 2, "the escalation on Slack");
    expect(JSON.parse(slack.got[1]!.body).blocks[0].text.text).toBe("Recovery case overdue: escalated");
    await until(events, (e) => e.some((b) => b.type === "case.escalated"), "case.escalated");

    await FollowUp.resolve(open!.id, { note: "Called her and fixed the invoice" }, { kind: "api-key", id: "key_test" });
    const resolved = (await until(events, (e) => e.some((b) => b.type === "case.resolved"), "case.resolved")).find((b) => b.type === "case.resolved")!;
    expect(resolved.data).toMatchObject({ caseId: open!.id, status: "resolved" });
    expect(JSON.stringify(resolved)).not.toContain("invoice");

    const askAt = new Date(Date.now() + 2 * 86_400_000 + 120_000);
    await runJobAt(askAt);
    const asked = (await FollowUp.get(open!.id))!;
    expect(asked.verdict).toBe("awaiting");
    await Clock.at(new Date(askAt.getTime() + 60_000), () => Answer.answer(Verdict.verdictToken(asked, new Date(asked.askedAt!)), { rating: 5 }));
    await until(() => slack.got, (got) => got.length === 3, "the recovery on Slack");
    expect(JSON.parse(slack.got[2]!.body).blocks[0].text.text).toBe("Customer says it was put right");
  });
});
