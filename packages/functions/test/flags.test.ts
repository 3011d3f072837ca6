import { beforeAll, describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, answerForm, aRep, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
let admin: string;
let finance: string;

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
});

const NONE = { proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" };
const get = (path: string, headers: Record<string, string>) => app.request(path, { headers });
const post = (path: string, body: unknown, authorization: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify(body) });

/** A report card of a new customer of `repId` (at `address` when given), answered at `at`. Answers its invitation id. */
async function card(at: Date, repId: string, listening: number, followUp: number, extra: { address?: string; name?: string; improve?: string; shareName?: boolean } = {}) {
  return Clock.at(at, async () => {
    const customer = await aCustomer(repId, { ...(extra.address ? { email: extra.address } : {}), ...(extra.name ? { name: extra.name } : {}) });
    const body = { ratings: { listening, follow_up: followUp, ...NONE }, ...(extra.improve ? { improve: extra.improve } : {}), ...(extra.shareName ? { shareName: true } : {}) };
    return (await answerForm((path, init) => app.request(path, init), customer.id, "report-card", body)).id;
  });
}

interface FlagBody {
  id: string;
  responseId: string;
  repId: string;
  rule: string;
  reason: string;
  status: string;
  customerName?: string;
}
/** A period's flags as `headers` may see them. */
const flagsOf = async (period: string, headers: Record<string, string>, query = "") => {
  const res = await get(`/v1/flags?period=${period}${query}`, headers);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { items: FlagBody[] }).items;
};
const later = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);

describe("GET /v1/flags", () => {
  const period = "2022-Q2";
  const at = new Date("2022-05-10T10:00:00Z");
  const managerA = email("manager");
  const managerB = email("manager");
  let repA: { id: string; email: string };
  let repB: { id: string; email: string };
  let shared: string;
  let quiet: string;

  beforeAll(async () => {
    repA = await aRep({ name: "Dana Ortiz", managerEmail: managerA, team: "A" });
    repB = await aRep({ name: "Jordan Reyes", managerEmail: managerB, team: "B" });
    // repA: a colleague who shares their name and was asked for a 5 (two flags); a clean card. repB: asked, anonymous.
    shared = await card(at, repA.id, 5, 5, { address: email("colleague"), name: "Sam Lee", improve: "She asked me to give 5 on everything.", shareName: true });
    await card(later(at, 1), repA.id, 4, 4, { improve: "Paid on time, thanks." });
    quiet = await card(later(at, 2), repB.id, 5, 5, { improve: "He said his bonus depends on this survey." });
  }, 60_000);

  it("lists every flag of the period for finance and admin keys, the customer named only where they shared their name", async () => {
    for (const key of [finance, admin]) {
      const items = await flagsOf(period, { authorization: key });
      expect(items.map((f) => [f.responseId, f.repId, f.rule, f.status])).toEqual([
        [shared, repA.id, "self_domain", "open"],
        [shared, repA.id, "solicited", "open"],
        [quiet, repB.id, "solicited", "open"],
      ]);
      expect(items.slice(0, 2).map((f) => f.customerName)).toEqual(["Sam Lee", "Sam Lee"]);
      expect(items[2]).not.toHaveProperty("customerName");
      expect(items[2]!.reason).toBe("A comment mentions the rep's bonus or commission (in what the rep could do better).");
      expect(JSON.stringify(items)).not.toContain("colleague.");
    }
    expect((await flagsOf(period, { authorization: finance }, "&status=cleared")).length).toBe(0);
    expect((await flagsOf("2022-Q3", { authorization: finance })).length).toBe(0);
  });

  it("shows a manager only their own team's flags, and refuses a rep", async () => {
    expect((await flagsOf(period, { cookie: await sessionCookie(managerA) })).map((f) => [f.repId, f.rule])).toEqual([
      [repA.id, "self_domain"],
      [repA.id, "solicited"],
    ]);
    expect((await flagsOf(period, { cookie: await sessionCookie(managerB) })).map((f) => [f.repId, f.rule])).toEqual([[repB.id, "solicited"]]);
    const rep = await get(`/v1/flags?period=${period}`, { cookie: await sessionCookie(repA.email) });
    expect(rep.status).toBe(403);
    expect((await rep.json()).error.code).toBe("not_a_manager");
  });

  it("needs a period and knows its statuses (400 naming the field)", async () => {
    const missing = await get("/v1/flags", { authorization: finance });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields).toHaveProperty("period");
    const bad = await get(`/v1/flags?period=${period}&status=pending`, { authorization: finance });
    expect((await bad.json()).error.fields).toEqual({ status: "must be open, cleared or voided" });
  });
});

describe("clearing a flag, voiding its response, and closing the period", () => {
  const period = "2021-Q3";
  const at = new Date("2021-08-16T10:00:00Z");

  it("moves the rep's numbers exactly with a void, audits both decisions, and closes once no flag is open", async () => {
    const rep = await aRep();
    await card(at, rep.id, 5, 4);
    const asked = await card(later(at, 1), rep.id, 4, 4, { improve: "She asked us to give her a good rating." });
    const colleague = await card(later(at, 2), rep.id, 1, 2, { address: email("colleague"), improve: "She told me to give her top marks." });
    const scorecard = async () => (await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, { authorization: admin })).json();
    const openFlags = async () => (await (await get(`/v1/bonus-inputs?period=${period}`, { authorization: finance })).json()).openFlags;
    // The only rep with cards in 2021-Q3, so the prior is the rep's own raw score and adjusted = raw.
    // Before: listening (5 + 4 + 1)/3 = 10/3, follow_up (4 + 4 + 2)/3 = 10/3 → raw 10/3 over 3 responses.
    expect(await scorecard()).toMatchObject({ responses: 3, rawScore: expect.closeTo(10 / 3, 12), adjustedScore: expect.closeTo(10 / 3, 12) });
    const flags = await flagsOf(period, { authorization: finance });
    expect(flags.map((f) => [f.responseId, f.rule])).toEqual([
      [asked, "solicited"],
      [colleague, "self_domain"],
      [colleague, "solicited"],
    ]);
    expect(await openFlags()).toBe(3);

    // Closing: 409 open_flags, whether forced or not; the message says how many.
    for (const body of [undefined, { force: true, reason: "Payroll cut-off" }]) {
      const res = await app.request(`/v1/periods/${period}/close`, {
        method: "POST",
        headers: { authorization: finance, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      expect(res.status).toBe(409);
      expect((await res.json()).error).toMatchObject({ code: "open_flags", message: expect.stringContaining("3 bias flags are still open") });
    }

    const [askedFlag, selfDomain, colleagueSolicited] = flags as [FlagBody, FlagBody, FlagBody];
    expect((await post(`/v1/flags/${askedFlag.id}/clear`, {}, finance)).status).toBe(400);
    expect((await (await post(`/v1/flags/${askedFlag.id}/clear`, { note: "ok" }, finance)).json()).error.fields).toEqual({ note: "must say why the response may count (at least 5 characters)" });
    const cleared = await post(`/v1/flags/${askedFlag.id}/clear`, { note: "Asked the customer: only asked to answer." }, finance);
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ id: askedFlag.id, status: "cleared", note: "Asked the customer: only asked to answer.", decidedBy: { kind: "api-key" }, decidedAt: expect.any(String) });
    expect((await post(`/v1/flags/${askedFlag.id}/clear`, { note: "again, by mistake" }, admin)).status).toBe(409);
    expect((await post(`/v1/flags/${askedFlag.id}/void`, { reason: "changed my mind" }, admin)).status).toBe(409);
    // A cleared flag changes no number.
    expect(await scorecard()).toMatchObject({ responses: 3, rawScore: expect.closeTo(10 / 3, 12) });
    expect(await openFlags()).toBe(2);

    const unknown = await post("/v1/flags/flg_01JD0000000000000000000000/void", { reason: "Not a customer" }, finance);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("flag_not_found");
    expect((await (await post("/v1/flags/nope/void", { reason: "Not a customer" }, finance)).json()).error.fields).toHaveProperty("id");

    const voided = await post(`/v1/flags/${selfDomain.id}/void`, { reason: "A colleague answered; not a customer." }, finance);
    expect(voided.status, await voided.clone().text()).toBe(200);
    expect(await voided.json()).toMatchObject({ id: selfDomain.id, status: "voided", note: "A colleague answered; not a customer." });
    // After: listening (5 + 4)/2 = 4.5, follow_up (4 + 4)/2 = 4 → raw (4.5 + 4)/2 = 4.25 over 2 responses; adjusted = raw (prior 4.25).
    const after = await scorecard();
    expect(after).toMatchObject({ responses: 2, rawScore: 4.25, adjustedScore: 4.25 });
    expect(after.behaviours.slice(0, 2)).toEqual([
      { id: "listening", n: 2, mean: 4.5 },
      { id: "follow_up", n: 2, mean: 4 },
    ]);
    // The response's other flag went with it.
    expect((await flagsOf(period, { authorization: finance }, "&status=voided")).map((f) => f.id)).toEqual([selfDomain.id, colleagueSolicited.id]);
    expect(await openFlags()).toBe(0);
    expect((await (await get(`/v1/invitations/${colleague}`, { authorization: admin })).json()).voidedAt).toEqual(expect.any(String));

    const history = async (entityId: string) => (await (await get(`/v1/audit?entityId=${entityId}`, { authorization: admin })).json()).items.map((e: { action: string }) => e.action);
    expect(await history(askedFlag.id)).toEqual(["flag.clear"]);
    expect(await history(selfDomain.id)).toEqual(["flag.void"]);
    expect(await history(colleagueSolicited.id)).toEqual(["flag.void"]);
    expect(await history(colleague)).toEqual(["invitation.create", "response.void"]);

    const closed = await app.request(`/v1/periods/${period}/close`, { method: "POST", headers: { authorization: finance } });
    expect(closed.status, await closed.clone().text()).toBe(200);
  });

  it("lets the invitation's own void decide the response's open flags too", async () => {
    const rep = await aRep();
    const colleague = await card(new Date("2021-05-04T10:00:00Z"), rep.id, 2, 2, { address: email("colleague") });
    expect((await post(`/v1/invitations/${colleague}/void`, { reason: "A colleague answered" }, admin)).status).toBe(200);
    expect((await flagsOf("2021-Q2", { authorization: finance })).map((f) => [f.rule, f.status])).toEqual([["self_domain", "voided"]]);
  });
});
