import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Clock } from "@rapport/core/clock/index";
import { db, tableName } from "@rapport/core/db/index";
import { FollowUp } from "@rapport/core/followup/index";
import { FollowUpEmails } from "@rapport/core/followup/notify";
import { Invitation } from "@rapport/core/invitation/index";
import { Suppression } from "@rapport/core/suppression/index";
import type { StreamWorker } from "@rapport/local/stream";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { invite, submit } from "../../../test/support/cards.ts";
import { campaignWorker, finished } from "../../../test/support/campaigns.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
let admin: string;
let worker: StreamWorker;
const cli = { kind: "cli", id: "test" } as const;

beforeAll(async () => {
  admin = await bearer("admin");
  worker = await campaignWorker();
});

afterAll(async () => {
  await worker?.stop();
});

const call = (method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: { authorization: admin, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });

async function campaign(body: Record<string, unknown>) {
  const res = await call("POST", "/v1/campaigns", { kind: "report-card", ...body });
  expect(res.status).toBe(202);
  return finished(((await res.json()) as { id: string }).id);
}

describe("a deactivated rep", () => {
  it("stops the next campaign for their customers: each counted as skipped (inactive), none sent", async () => {
    const rep = await aRep();
    const customers = [await aCustomer(rep.id), await aCustomer(rep.id)];
    expect((await call("DELETE", `/v1/reps/${rep.id}`)).status).toBe(200);
    const done = await campaign({ repId: rep.id });
    expect(done).toMatchObject({ status: "done", total: 2, sent: 0, skipped: { inactive: 2, suppressed: 0, capped: 0 } });
    for (const customer of customers) expect(await inbox(customer.email)).toEqual([]);
  });

  it("gets no single invitation for their customers (409 inactive); reactivated, they do again", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    await call("DELETE", `/v1/reps/${rep.id}`);
    const refused = await call("POST", "/v1/invitations", { customerId: customer.id, kind: "onboarding" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("inactive");
    await call("PATCH", `/v1/reps/${rep.id}`, { active: true });
    expect((await call("POST", "/v1/invitations", { customerId: customer.id, kind: "onboarding" })).status).toBe(201);
  });
});

describe("a card answered after its rep was deactivated", () => {
  it("opens a case the manager owns, and only the manager is told", async () => {
    const boss = email("boss");
    const rep = await aRep({ managerEmail: boss });
    const card = await invite(new Date(), rep.id);
    await call("DELETE", `/v1/reps/${rep.id}`);
    await submit(new Date(), card, { listening: 1, follow_up: 1 }, { contactOk: true });
    const [opened] = await FollowUp.list({ repIds: [rep.id], status: "open", kind: "recovery" });
    expect(opened).toMatchObject({ owner: "manager", anonymous: false, managerEmail: boss });
    await FollowUpEmails.announce((await FollowUp.get(opened!.id))!);
    expect(await inbox(rep.email)).toEqual([]);
    expect((await inbox(boss)).length).toBeGreaterThan(0);
  });
});

describe("a deactivated rep's follow-ups", () => {
  it("send them no morning digest, though their named case is still in their list", async () => {
    const rep = await aRep({ managerEmail: email("boss") });
    const card = await invite(new Date(), rep.id);
    await submit(new Date(), card, { listening: 1, follow_up: 1 }, { contactOk: true });
    expect((await call("DELETE", `/v1/reps/${rep.id}`)).status).toBe(200);
    const schedule = (await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `REP#${rep.id}`, sk: "DIGEST" } }))).Item!;
    const before = (await inbox(rep.email)).length;
    // Three days on, the case is overdue: an active rep's digest would list it.
    const later = new Date(Date.now() + 3 * 86_400_000);
    expect(await Clock.at(later, () => FollowUpEmails.sendDigest({ repId: rep.id, nextDigestAt: schedule.nextDigestAt as string }))).toBe("empty");
    expect(await inbox(rep.email)).toHaveLength(before);
  });

  it("leave deal events for them refused: 422 unknown_rep, nothing sent", async () => {
    const rep = await aRep();
    await call("DELETE", `/v1/reps/${rep.id}`);
    const crm = await bearer("events:write");
    const contact = email("lost", "customers.example");
    const res = await app.request("/v1/events/deal-lost", {
      method: "POST",
      headers: { authorization: crm, "content-type": "application/json" },
      body: JSON.stringify({ customer: { email: contact, name: "Robin Buyer" }, repEmail: rep.email, dealId: `gone-${Date.now()}`, lostAt: new Date().toISOString() }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("unknown_rep");
    expect(await inbox(contact)).toEqual([]);
  });
});

describe("a deactivated customer", () => {
  it("is skipped by a campaign (inactive) while the other customers of the list are sent theirs", async () => {
    const rep = await aRep();
    const [kept, gone] = [await aCustomer(rep.id), await aCustomer(rep.id)];
    await call("DELETE", `/v1/customers/${gone.id}`);
    const done = await campaign({ customerIds: [kept.id, gone.id] });
    expect(done).toMatchObject({ status: "done", total: 2, sent: 1, skipped: { inactive: 1 } });
    expect(await inbox(gone.email)).toEqual([]);
    expect(await inbox(kept.email)).toHaveLength(1);
  });

  it("gets no single invitation and no reminder of one sent before; reactivated, they can be invited again", async () => {
    const customer = await aCustomer((await aRep()).id);
    const sent = await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);
    expect(sent.status).toBe("sent");
    expect((await call("DELETE", `/v1/customers/${customer.id}`)).status).toBe(200);
    const [reminder] = await Invitation.deliver([sent], { reminder: true });
    expect(reminder?.status).toBe("suppressed");
    const refused = await call("POST", "/v1/invitations", { customerId: customer.id, kind: "onboarding" });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("inactive");
    expect(await inbox(customer.email)).toHaveLength(1);

    expect((await call("PATCH", `/v1/customers/${customer.id}`, { active: true })).status).toBe(200);
    expect(await Suppression.isSuppressed(customer.email)).toBe(false);
    expect((await call("POST", "/v1/invitations", { customerId: customer.id, kind: "onboarding" })).status).toBe(201);
  });

  it("stays suppressed after reactivation when they unsubscribed or bounced meanwhile, or before", async () => {
    const rep = await aRep();
    const [unsubscribed, bounced] = [await aCustomer(rep.id), await aCustomer(rep.id)];
    await Suppression.suppress(bounced.email, "bounce", cli);
    for (const c of [unsubscribed, bounced]) await call("DELETE", `/v1/customers/${c.id}`);
    expect(await Suppression.suppress(unsubscribed.email, "unsubscribe", cli)).toBe(true);
    for (const c of [unsubscribed, bounced]) expect((await call("PATCH", `/v1/customers/${c.id}`, { active: true })).status).toBe(200);
    expect(await Suppression.reasonsAmong([unsubscribed.email, bounced.email])).toEqual(
      new Map([
        [unsubscribed.email, "unsubscribe"],
        [bounced.email, "bounce"],
      ]),
    );
  });

  it("moves the hold with a new address while deactivated", async () => {
    const customer = await aCustomer((await aRep()).id);
    await call("DELETE", `/v1/customers/${customer.id}`);
    const address = `moved.${Date.now().toString(36)}@customers.example`;
    expect((await call("PATCH", `/v1/customers/${customer.id}`, { email: address })).status).toBe(200);
    expect(await Suppression.isSuppressed(customer.email)).toBe(false);
    expect(await Suppression.isSuppressed(address)).toBe(true);
  });
});
