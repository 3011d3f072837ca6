import { beforeAll, describe, expect, it } from "vitest";
import { Admin } from "@rapport/core/admin/index";
import { Dashboard } from "@rapport/core/dashboard/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const poor = { ratings: { listening: 1, follow_up: 2, proactive: 4, reachability: 1, advocacy: "na", customer_first: 3 }, contactOk: true };

let adminKey: string;
let adminSession: string;
let otherManagerSession: string;
let repId: string;
let team: string;

beforeAll(async () => {
  adminKey = await bearer("admin");
  const person = email("console-admin");
  await Admin.add({ email: person, name: "Console Admin" }, { kind: "cli", id: "test" });
  adminSession = await sessionCookie(person);
  const otherManager = email("other-manager");
  await aRep({ name: "Someone Else", managerEmail: otherManager, team: `Other ${email("t")}` });
  otherManagerSession = await sessionCookie(otherManager);
  team = `Mixed ${email("t")}`;
  const rep = await aRep({ name: "Mixed Rep", managerEmail: email("mixed-boss"), team });
  repId = rep.id;
  const customer = await aCustomer(rep.id, { name: "Mina Okafor" });
  await answerForm((path, init) => app.request(path, init), customer.id, "report-card", poor);
}, 60_000);

const get = async (path: string, headers: Record<string, string>) => {
  const res = await app.request(path, { headers });
  return { status: res.status, body: await res.json() };
};

describe("a signed-in admin on routes that take a key or a session", () => {
  it("lists every rep's follow-ups, as an admin key does, where a manager of another team sees none of them", async () => {
    const byKey = await get(`/v1/follow-ups?repId=${repId}`, { authorization: adminKey });
    expect(byKey.body.items.length).toBeGreaterThan(0);
    const bySession = await get(`/v1/follow-ups?repId=${repId}`, { cookie: adminSession });
    expect(bySession).toEqual(byKey);
    const all = await get("/v1/follow-ups?kind=recovery", { cookie: adminSession });
    expect(all.body.items.map((f: { repId: string }) => f.repId)).toContain(repId);
    expect((await get(`/v1/follow-ups?repId=${repId}`, { cookie: otherManagerSession })).status).toBe(403);
    expect((await get("/v1/follow-ups?kind=recovery", { cookie: otherManagerSession })).body.items.map((f: { repId: string }) => f.repId)).not.toContain(repId);
  });

  it("reads every team's insights, the period's flags and any rep's score card, as an admin key does", async () => {
    const period = Dashboard.currentPeriod();
    const insights = await get(`/v1/insights?period=${period}`, { cookie: adminSession });
    expect(insights.status).toBe(200);
    expect(insights.body.rows.map((r: { team: string }) => r.team)).toContain(team);
    expect(insights.body).toEqual((await get(`/v1/insights?period=${period}`, { authorization: adminKey })).body);
    expect((await get(`/v1/flags?period=${period}`, { cookie: adminSession })).status).toBe(200);
    const card = await get(`/v1/reps/${repId}/scorecard`, { cookie: adminSession });
    expect(card.status).toBe(200);
    expect(card.body).toEqual((await get(`/v1/reps/${repId}/scorecard`, { authorization: adminKey })).body);
  });
});
