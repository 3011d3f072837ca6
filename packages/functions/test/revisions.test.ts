import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const system = { kind: "cli", id: "test" } as const;
const ORIGIN = "http://rapport.test";
let admin: string;

// Each test runs the job from today on: the job's last `now` is forgotten between them.
beforeEach(forgetTimeTravel);
beforeAll(async () => {
  admin = await bearer("admin");
});

const postJson = (path: string, body: unknown) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const postForm = (path: string, fields: [string, string][]) =>
  app.request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN }, body: new URLSearchParams(fields).toString() });

async function invite(repId: string) {
  const customer = await aCustomer(repId);
  const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, system);
  if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
  return { customer, invitation: created.invitation, path: `/s/${Invitation.tokenOf(created.invitation.id)}` };
}

const aggregate = async (repId: string) => (await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(periodOf(new Date()), repId) }))).Item;

async function cases(repId: string) {
  const res = await app.request(`/v1/follow-ups?repId=${repId}&kind=recovery`, { headers: { authorization: admin } });
  expect(res.status).toBe(200);
  return (await res.json()).items as { id: string; status: string; note?: string; comment?: string; anonymous?: boolean; customerName?: string }[];
}

/** The hidden inputs of the page's one form, as posted. */
function formFields(html: string): [string, string][] {
  return [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replaceAll("&amp;", "&")]);
}

describe("the rating tapped in the email", () => {
  it("is recorded by one POST of the confirm page (never by its GET), and the rest of the card follows as a revision of the same response", async () => {
    const rep = await aRep({ name: "Amy Santiago" });
    const { invitation, path } = await invite(rep.id);
    const page = await app.request(`${path}?score=4`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("You rated Amy Santiago 4 out of 5");
    expect(html).toContain("Amy Santiago listens and understands what matters to me");
    // A scanner opening the link, three times, records nothing.
    await app.request(`${path}?score=4`);
    await app.request(`${path}?score=1`);
    expect(await aggregate(rep.id)).toBeUndefined();

    const sent = await postForm(path, formFields(html));
    expect(sent.status).toBe(303);
    expect(sent.headers.get("location")).toBe(`${path}?saved=tap`);
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_listening: 1, s_listening: 4 });
    expect((await aggregate(rep.id))?.n_follow_up).toBeUndefined();

    // The next page says so and offers the rest, the tapped rating kept.
    const next = await (await app.request(sent.headers.get("location")!)).text();
    expect(next).toContain("your rating of 4 out of 5");
    expect(next).toMatch(/<input[^>]*name="ratings\.listening"[^>]*value="4"[^>]*checked/);
    const csrf = formFields(next).find(([name]) => name === "csrf")!;
    const rest = await postForm(path, [csrf, ["ratings.listening", "4"], ["ratings.follow_up", "2"], ["ratings.proactive", "na"], ["improve", "Slow quotes"]]);
    expect(rest.headers.get("location")).toBe(`${path}/thanks?outcome=revised`);
    // One response: the card is counted once, each behaviour where it was rated.
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_listening: 1, s_listening: 4, n_follow_up: 1, s_follow_up: 2 });
    expect((await aggregate(rep.id))?.n_proactive).toBeUndefined();

    // The rep's score counts only rated behaviours: (4 + 2) / 2 = 3.00 raw.
    const card = await (await app.request(`/v1/reps/${rep.id}/scorecard?period=${periodOf(new Date())}`, { headers: { authorization: admin } })).json();
    expect(card.responses).toBe(1);
    expect(card.rawScore).toBeCloseTo(3, 10);
    expect(card.behaviours.find((b: { id: string }) => b.id === "proactive")).toMatchObject({ n: 0, mean: null });
    expect((await app.request(`/v1/invitations/${invitation.id}`, { headers: { authorization: admin } })).status).toBe(200);
  });

  it("keeps the earlier answers when a tap arrives after the card was answered", async () => {
    const rep = await aRep();
    const { path } = await invite(rep.id);
    expect((await postJson(path, { ratings: { listening: 5, follow_up: 5 }, improve: "Great" })).status).toBe(200);
    const html = await (await app.request(`${path}?score=3`)).text();
    expect((await postForm(path, formFields(html))).status).toBe(303);
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_listening: 1, s_listening: 3, n_follow_up: 1, s_follow_up: 5 });
  });
});

describe("a poor rating tapped in the email", () => {
  it("tells nobody until the rest of the card has had its minutes, then tells each person once, with the consent the customer gave", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const { customer, path } = await invite(rep.id);
    const html = await (await app.request(`${path}?score=1`)).text();
    expect((await postForm(path, formFields(html))).status).toBe(303);
    const recovery = (await inbox(manager)).filter((m) => m.subject.startsWith("Service recovery"));
    expect(recovery, "no email at the tap").toHaveLength(0);
    // The rest of the card arrives with the consent to be contacted: rep and manager hear once, named.
    expect((await postJson(path, { ratings: { listening: 1, follow_up: 2 }, improve: "Missed the install", contactOk: true })).status).toBe(200);
    await app.request(`/v1/jobs/run?now=${new Date(Date.now() + 15 * 60_000).toISOString()}`, { method: "POST", headers: { authorization: admin } });
    for (const to of [manager, rep.email]) {
      const told = (await inbox(to)).filter((m) => m.subject.startsWith("Service recovery"));
      expect(told, to).toHaveLength(1);
      expect(told[0]!.subject).toContain(customer.name);
    }
  });

  it("tells the manager after a few minutes when nothing else follows", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const { path } = await invite(rep.id);
    const html = await (await app.request(`${path}?score=2`)).text();
    expect((await postForm(path, formFields(html))).status).toBe(303);
    const run = (minutes: number) => app.request(`/v1/jobs/run?now=${new Date(Date.now() + minutes * 60_000).toISOString()}`, { method: "POST", headers: { authorization: admin } });
    await run(1);
    expect((await inbox(manager)).filter((m) => m.subject.startsWith("Service recovery"))).toHaveLength(0);
    await run(11);
    expect((await inbox(manager)).filter((m) => m.subject.startsWith("Service recovery: a customer rated"))).toHaveLength(1);
    expect((await inbox(rep.email)).filter((m) => m.subject.startsWith("Service recovery"))).toHaveLength(0);
  });
});

describe("a revised report card settles what it changes", () => {
  it("closes the open case when the revision no longer calls for one, opens a new one when it does again, and never leaves two open", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const { path } = await invite(rep.id);
    const poor = { ratings: { listening: 1, follow_up: 3 }, improve: "Never called back", contactOk: true };
    expect((await postJson(path, poor)).status).toBe(200);
    const [first] = await cases(rep.id);
    expect(first).toMatchObject({ status: "open", comment: "Never called back" });

    // Better answers: the customer's revision resolves the case, with the note, audited.
    expect((await postJson(path, { ratings: { listening: 4, follow_up: 4 }, contactOk: true })).status).toBe(200);
    expect(await cases(rep.id)).toEqual([expect.objectContaining({ id: first!.id, status: "resolved", note: "resolved by the customer's revised answers" })]);
    const audit = await (await app.request(`/v1/audit?entityId=${first!.id}`, { headers: { authorization: admin } })).json();
    expect(JSON.stringify(audit)).toContain("resolved by the customer's revised answers");

    // Poor again after the resolution: a new case opens.
    expect((await postJson(path, { ...poor, improve: "Worse again" })).status).toBe(200);
    const afterRelapse = await cases(rep.id);
    const open = afterRelapse.filter((c) => c.status === "open");
    expect(open).toHaveLength(1);
    expect(open[0]!.id).not.toBe(first!.id);
    expect(open[0]!.comment).toBe("Worse again");

    // Poor once more, differently: the same open case changes, no second one opens.
    expect((await postJson(path, { ...poor, ratings: { listening: 2, follow_up: 1 }, improve: "Still waiting" })).status).toBe(200);
    const latest = await cases(rep.id);
    expect(latest.filter((c) => c.status === "open")).toEqual([expect.objectContaining({ id: open[0]!.id, comment: "Still waiting" })]);
    expect(latest).toHaveLength(2);
  });

  it("takes the customer's name off an open case when they withdraw their consent, and puts it on when they give it", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const { customer, path } = await invite(rep.id);
    expect((await postJson(path, { ratings: { listening: 1 }, improve: "Rude" })).status).toBe(200);
    const [anonymous] = await cases(rep.id);
    expect(anonymous).toMatchObject({ anonymous: true });
    expect(anonymous!.customerName).toBeUndefined();
    expect((await inbox(rep.email)).filter((m) => m.subject.startsWith("Service recovery"))).toHaveLength(0);

    expect((await postJson(path, { ratings: { listening: 1 }, improve: "Rude", contactOk: true })).status).toBe(200);
    const [named] = await cases(rep.id);
    expect(named).toMatchObject({ id: anonymous!.id, status: "open", customerName: customer.name });
    expect(named!.anonymous).toBe(false);
    // Now the rep hears about it, with the name.
    const told = (await inbox(rep.email)).filter((m) => m.subject.startsWith("Service recovery"));
    expect(told).toHaveLength(1);
    expect(told[0]!.subject).toContain(customer.name);

    expect((await postJson(path, { ratings: { listening: 1 }, improve: "Rude" })).status).toBe(200);
    expect((await inbox(manager)).filter((m) => m.subject.startsWith("Service recovery"))).toHaveLength(2);
    const [withdrawn] = await cases(rep.id);
    expect(withdrawn).toMatchObject({ id: anonymous!.id, status: "open", anonymous: true });
    expect(withdrawn!.customerName).toBeUndefined();
  });

  it("cancels the named check-in of a resolved case when the customer withdraws their consent", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const { path } = await invite(rep.id);
    expect((await postJson(path, { ratings: { listening: 1 }, contactOk: true })).status).toBe(200);
    const [recovery] = await cases(rep.id);
    const resolved = await app.request(`/v1/follow-ups/${recovery!.id}/resolve`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await sessionCookie(rep.email) },
      body: JSON.stringify({ note: "Called and fixed the install" }),
    });
    expect(resolved.status).toBe(200);
    const checkInId = (await resolved.json()).checkIn.id as string;
    expect((await postJson(path, { ratings: { listening: 4 }, contactOk: false })).status).toBe(200);
    const checkIns = (await (await app.request(`/v1/follow-ups?repId=${rep.id}&kind=check-in`, { headers: { authorization: admin } })).json()).items;
    expect(checkIns).toEqual([expect.objectContaining({ id: checkInId, status: "resolved", note: "cancelled: the customer withdrew their consent to be contacted" })]);
  });
});
