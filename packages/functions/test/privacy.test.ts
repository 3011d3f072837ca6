import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email, sessionCookie, answerForm } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const HOUR = 3_600_000;
let admin: string;
let finance: string;

// Each test runs the job from today on: the job's last `now` is forgotten between them.
beforeEach(forgetTimeTravel);
beforeAll(async () => {
  [admin, finance] = await Promise.all([bearer("admin"), bearer("finance")]);
});

const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method, headers: { "content-type": "application/json", ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });

const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);

const runJob = async (at: Date) => {
  const res = await app.request(`/v1/jobs/run?now=${at.toISOString()}`, { method: "POST", headers: { authorization: admin } });
  expect(res.status).toBe(200);
};

/** Everything a rep or a manager can read, as text: pages, API answers, and every email they were sent. */
async function whatTheyCanRead(rep: { id: string; email: string }, manager: string): Promise<Record<string, string>> {
  const [repCookie, managerCookie] = await Promise.all([sessionCookie(rep.email), sessionCookie(manager)]);
  const period = periodOf(new Date());
  const get = async (path: string, headers: Record<string, string>) => {
    const res = await app.request(path, { headers });
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const surfaces: Record<string, string> = {
    "rep dashboard": await get("/dashboard", { cookie: repCookie }),
    "rep follow-ups API": await get("/v1/follow-ups", { cookie: repCookie }),
    "rep score card API": await get(`/v1/me/scorecard?period=${period}`, { cookie: repCookie }),
    "team dashboard": await get("/dashboard", { cookie: managerCookie }),
    "manager's view of the rep": await get(`/dashboard/reps/${rep.id}`, { cookie: managerCookie }),
    "manager follow-ups API": await get("/v1/follow-ups?kind=recovery", { cookie: managerCookie }),
    "manager insights API": await get(`/v1/insights?period=${period}`, { cookie: managerCookie }),
    "manager's score card of the rep": await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, { cookie: managerCookie }),
    "bonus inputs JSON": await get(`/v1/bonus-inputs?period=${period}`, { authorization: finance }),
    "bonus inputs CSV": await get(`/v1/bonus-inputs?period=${period}`, { authorization: finance, accept: "text/csv" }),
  };
  for (const [who, address] of [["rep", rep.email], ["manager", manager]] as const) {
    // Sign-in emails carry no customer data; everything else sent to them is read.
    for (const [i, mail] of (await inbox(address)).filter((m) => !/sign-in link/i.test(m.subject)).entries()) {
      surfaces[`${who} email ${i + 1}: ${mail.subject}`] = `${mail.subject}\n${mail.body.text ?? ""}\n${mail.body.html ?? ""}`;
    }
  }
  return surfaces;
}

describe("a poor report card from a customer who did not agree to be contacted", () => {
  it("opens an anonymous case for the manager, and no page, API answer, CSV, digest or email a rep or manager reaches names the customer", async () => {
    const manager = email("manager");
    const rep = await aRep({ name: "Raymond Holt", managerEmail: manager, team: "Privacy" });
    const customer = await aCustomer(rep.id, { name: "Zelda Quartermaine", company: "Quartermaine Haulage", valueTier: "A" });
    // Their preferences name a phone number; "only when something needs me" puts no touch on the rep's schedule.
    await answer(customer.id, "onboarding", { channel: "phone", contact: "+1 212 555 0147", timezone: "America/New_York", cadence: "as-needed", responseTime: "1h", personalInterests: "Falconry" });
    const inv = await answer(customer.id, "report-card", {
      ratings: { listening: 1, follow_up: 2, proactive: 3, reachability: 2, advocacy: "na", customer_first: 2 },
      improve: "It took three weeks to hear back",
    });

    const cases = await (await app.request(`/v1/follow-ups?repId=${rep.id}&kind=recovery`, { headers: { authorization: admin } })).json();
    expect(cases.items).toHaveLength(1);
    const recovery = cases.items[0];
    expect(recovery).toMatchObject({ kind: "recovery", anonymous: true, status: "open", comment: "It took three weeks to hear back" });
    for (const field of ["customerId", "customerName", "company", "contact", "channel", "bestHours", "timezone", "interests", "sharedAboutThem", "valueTier", "invitationId"]) {
      expect(recovery, field).not.toHaveProperty(field);
    }
    // It never escalates: run the job past its due time and on the next two mornings.
    for (const hours of [2, 26, 50]) await runJob(new Date(Date.now() + hours * HOUR));

    const surfaces = await whatTheyCanRead(rep, manager);
    const needles: [string, RegExp][] = [
      ["first name", /Zelda/i],
      ["last name", /Quartermaine/i],
      ["email address", new RegExp(customer.email.replace(/[.+]/g, "\\$&"), "i")],
      ["phone number", /555\D{0,2}0147/],
      ["customer id", new RegExp(customer.id)],
      ["personal interests", /Falconry/i],
    ];
    for (const [surface, text] of Object.entries(surfaces)) {
      for (const [what, needle] of needles) expect(needle.test(text), `${what} in ${surface}`).toBe(false);
    }
    // The manager hears about it once, without a name; the rep is not sent the case and does not see it.
    const managerMail = Object.keys(surfaces).filter((k) => k.startsWith("manager email"));
    expect(managerMail).toEqual(["manager email 1: Service recovery: a customer rated Raymond Holt poorly"]);
    expect(Object.keys(surfaces).some((k) => k.startsWith("rep email") && k.includes("recovery"))).toBe(false);
    expect(surfaces["rep follow-ups API"]).not.toContain(recovery.id);
    expect(surfaces["rep dashboard"]).not.toContain(recovery.id);
    expect(surfaces["rep dashboard"]).not.toContain("Anonymous customer");
    // Nor does the rep's morning digest list it: the rep has nothing else due, so no digest at all.
    expect(Object.keys(surfaces).filter((k) => k.startsWith("rep email") && k.includes("Today:"))).toEqual([]);
    expect(surfaces["manager follow-ups API"]).toContain(recovery.id);
    expect(surfaces["manager's view of the rep"]).toContain("It took three weeks to hear back");
    expect(surfaces["manager's view of the rep"]).toContain("did not agree to be contacted");
    // The comment still reaches the rep's dashboard, without a name.
    expect(surfaces["rep dashboard"]).toContain("It took three weeks to hear back");

    // The thank-you page tells the customer nobody will contact them.
    const thanks = await (await app.request(`/s/${Invitation.tokenOf(inv.id)}/thanks`)).text();
    expect(thanks).toContain("Nobody will contact you about these answers, as you asked");
    // It counts in insights as a case nobody could contact.
    const managerCookie = await sessionCookie(manager);
    const insights = await (await app.request(`/v1/insights?period=${periodOf(new Date())}`, { headers: { cookie: managerCookie } })).json();
    const rows = insights.rows.filter((r: { recoveryCases: number }) => r.recoveryCases > 0);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatchObject({ recoveryCases: 1, couldNotContact: 1, late: 0, open: 0 });
  });
});

describe("a poor report card from a customer who agreed to be contacted", () => {
  it("names the customer in the case and emails the rep and the manager at once with what they need to put it right", async () => {
    const manager = email("manager");
    const rep = await aRep({ name: "Jake Peralta", managerEmail: manager });
    const customer = await aCustomer(rep.id, { name: "Doug Judy", company: "Pontiac Bandits" });
    await answer(customer.id, "onboarding", {
      channel: "phone",
      contact: "+1 212 555 0199",
      timezone: "America/New_York",
      bestHours: "16:00-18:00",
      cadence: "as-needed",
      responseTime: "4h",
      interests: ["growth", "reliability"],
      personalInterests: "Karaoke",
    });
    const before = Date.now();
    const inv = await answer(customer.id, "report-card", { ratings: { listening: 2, follow_up: 4 }, improve: "Missed our call twice", contactOk: true });

    const [recovery] = (await (await app.request(`/v1/follow-ups?repId=${rep.id}&kind=recovery`, { headers: { authorization: admin } })).json()).items;
    expect(recovery).toMatchObject({ customerId: customer.id, customerName: "Doug Judy", channel: "phone" });
    expect(recovery.anonymous).toBe(false);
    // Due within the customer's expected response time (4 hours), not 24.
    expect(new Date(recovery.dueAt).getTime()).toBeLessThanOrEqual(Date.now() + 4 * HOUR);
    expect(new Date(recovery.dueAt).getTime()).toBeGreaterThanOrEqual(before + 4 * HOUR - 1000);

    const [toRep] = (await inbox(rep.email)).filter((m) => m.subject.startsWith("Service recovery"));
    expect(toRep, "the rep is emailed at once").toBeDefined();
    const text = toRep!.body.text ?? "";
    expect(toRep!.subject).toContain("Doug Judy");
    for (const expected of ["Listens and understands what matters to me", "Missed our call twice", "phone", "555", "16:00-18:00", "America/New_York", "growth, reliability", "Karaoke", "Suggested recovery:"]) {
      expect(text).toContain(expected);
    }
    const toManager = (await inbox(manager)).filter((m) => m.subject.startsWith("Service recovery"));
    expect(toManager).toHaveLength(1);
    expect(toManager[0]!.body.text).toContain("Doug Judy");
    // The job finds nothing left to announce: each of them was told once.
    await runJob(new Date(Date.now() + 60_000));
    expect((await inbox(rep.email)).filter((m) => m.subject.startsWith("Service recovery"))).toHaveLength(1);
    expect((await inbox(manager)).filter((m) => m.subject.startsWith("Service recovery"))).toHaveLength(1);

    const thanks = await (await app.request(`/s/${Invitation.tokenOf(inv.id)}/thanks`)).text();
    expect(thanks).toContain("Jake Peralta or their manager will contact you by");
  });
});
