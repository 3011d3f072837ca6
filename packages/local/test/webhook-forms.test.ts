import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "@rapport/core/clock/index";
import { db, tableName } from "@rapport/core/db/index";
import { Job } from "@rapport/core/job/index";
import { webhookKeys } from "@rapport/core/webhook/keys";
import { createApp } from "@rapport/functions/api/app";
import { startOutboundWorker } from "../src/outbound-worker.ts";
import type { StreamWorker } from "../src/stream.ts";
import { aCustomer, answerForm, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { onlyEmail, surveyLink } from "../../../test/support/inbox.ts";
import { closeReceivers, receiver, until, verifiedBody } from "./webhook-receiver.ts";

const app = createApp();
let admin: string;
let events: string;
let worker: StreamWorker;

beforeAll(async () => {
  [admin, events] = await Promise.all([bearer("admin"), bearer("events:write")]);
  worker = await startOutboundWorker({ pollMs: 50 });
});
afterAll(async () => {
  await worker.stop();
  closeReceivers();
});

const post = (path: string, body: unknown, authorization?: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: JSON.stringify(body) });

async function subscribe(url: string, events: string[]) {
  const res = await post("/v1/webhooks", { url, events }, admin);
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; secret: string };
}

let deals = 0;
/** A lost deal of `repEmail`'s with a new contact named `name`, its card answered with `answers`. */
async function aLostDealCard(repEmail: string, name: string, answers: Record<string, unknown>) {
  const contact = email("lost", "customers.example");
  const res = await post("/v1/events/deal-lost", { customer: { email: contact, name }, repEmail, dealId: `hook-${Date.now()}-${++deals}`, lostAt: new Date().toISOString() }, events);
  expect(res.status).toBe(202);
  const answered = await post(surveyLink(await onlyEmail(contact)), answers);
  expect(answered.status).toBe(200);
  return contact;
}

describe("response.submitted for every form", () => {
  it("is sent for a lost-deal card (named only when shared, never 'what would have made you choose us') and an onboarding form (no answers, nobody named)", async () => {
    const hook = await receiver();
    const { secret } = await subscribe(hook.url, ["response.submitted"]);
    const rep = await aRep();
    const mine = () => hook.got.map((r) => verifiedBody(secret, r)).filter((b) => b.data.repId === rep.id);

    const named = await aLostDealCard(rep.email, "Hedda Gabler", { ratings: { listening: 2, follow_up: "na" }, chooseUs: "A cheaper pilot", shareName: true });
    const shy = await aLostDealCard(rep.email, "Nora Helmer", { ratings: { listening: 4 }, chooseUs: "Faster quotes" });
    const customer = await aCustomer(rep.id, { name: "Peer Gynt" });
    const onboarding = await answerForm(app.request, customer.id, "onboarding", { channel: "phone", contact: "+4722334455", timezone: "Europe/Oslo", cadence: "as-needed", responseTime: "24h", personalInterests: "Trolls" });

    const bodies = await until(mine, (b) => b.length === 3, "three response.submitted");
    expect(bodies.every((b) => b.type === "response.submitted")).toBe(true);
    const lost = bodies.filter((b) => b.data.form === "lost-deal");
    const sharing = lost.find((b) => b.data.customer)!;
    expect(sharing.data).toMatchObject({ form: "lost-deal", repId: rep.id, revision: 1, ratings: { listening: 2, follow_up: "na" }, repScore: expect.any(Number), countedAs: "coaching", customer: { name: "Hedda Gabler" } });
    const anonymous = lost.find((b) => !b.data.customer)!;
    expect(anonymous.data).toMatchObject({ form: "lost-deal", ratings: { listening: 4 } });
    const filled = bodies.find((b) => b.data.form === "onboarding")!;
    expect(filled.data).toEqual({ form: "onboarding", invitationId: onboarding.id, repId: rep.id, answeredAt: expect.any(String), revision: 1 });

    const all = hook.got.map((r) => r.body).join("\n");
    for (const word of ["A cheaper pilot", "Faster quotes", "Nora", shy, named, "Peer Gynt", customer.id, customer.email, "+4722334455", "Trolls"]) expect(all, word).not.toContain(word);
  });
});

describe("erasing a customer named by an event", () => {
  it("rewrites the event still in the outbox: its retry names 'Erased customer', and neither it nor the delivery log keeps the name", async () => {
    let status = 500;
    const hook = await receiver(() => status);
    const { id, secret } = await subscribe(hook.url, ["case.opened"]);
    const rep = await aRep();
    const customer = await aCustomer(rep.id, { name: "Ada Byron" });
    await answerForm(app.request, customer.id, "report-card", {
      ratings: { listening: 1, follow_up: 2, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" },
      contactOk: true,
      shareName: true,
    });
    const [first] = await until(() => hook.got.filter((r) => verifiedBody(secret, r).data.repId === rep.id), (got) => got.length === 1, "the first try");
    expect(verifiedBody(secret, first!).data.customer).toEqual({ id: customer.id, name: "Ada Byron" });
    const eventId = first!.headers["webhook-id"] as string;
    const log = async () => (await (await app.request(`/v1/webhooks/${id}`, { headers: { authorization: admin } })).json()) as { deliveries: { eventId: string; status: string; nextAt?: string }[] };
    const retrying = await until(log, (l) => l.deliveries.some((d) => d.eventId === eventId && d.status === "retrying"), "the retry to be scheduled");

    expect((await post(`/v1/customers/${customer.id}/erase`, {}, admin)).status).toBe(200);

    const { Item } = await db().send(new GetCommand({ TableName: tableName(), Key: webhookKeys.outbox(eventId) }));
    expect(Item!.data.customer).toEqual({ id: customer.id, name: "Erased customer" });
    expect(JSON.stringify(Item)).not.toContain("Ada");
    status = 200;
    const nextAt = new Date(retrying.deliveries.find((d) => d.eventId === eventId)!.nextAt!);
    await Clock.at(nextAt, () => Job.runDueJobs(nextAt));
    const again = await until(() => hook.got.filter((r) => r.headers["webhook-id"] === eventId), (got) => got.length === 2, "the retry");
    expect(verifiedBody(secret, again[1]!).data.customer).toEqual({ id: customer.id, name: "Erased customer" });
    expect(again[1]!.body).not.toContain("Ada");
    expect(JSON.stringify(await log())).not.toContain("Ada");
  });
});
