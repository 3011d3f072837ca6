import { beforeAll, describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { FollowUp, type FollowUp as FollowUpRecord } from "@rapport/core/followup/index";
import { transact } from "@rapport/core/db/index";
import { Period, periodOf } from "@rapport/core/period/index";
import { Verdict } from "@rapport/core/followup/verdict";
import { Answer } from "@rapport/core/followup/answer";
import { Concern } from "@rapport/core/concern/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const system = { kind: "cli", id: "test" } as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
});

const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method, headers: { "content-type": "application/json", ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });

const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);

const poor = { ratings: { listening: 2, follow_up: 3, proactive: 4, reachability: 1, advocacy: "na", customer_first: 3 }, improve: "Nobody called back about the broken delivery", contactOk: true };

async function followUps(repId: string, query = "") {
  const res = await app.request(`/v1/follow-ups?repId=${repId}${query}`, { headers: { authorization: admin } });
  expect(res.status).toBe(200);
  return (await res.json()).items as Record<string, unknown>[];
}

describe("insights: complaints by behaviour and team", () => {
  it("gives managers insights by behaviour: low ratings, cases, resolved in time, median time to resolve", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager, team: "Insight team" });
    await answer((await aCustomer(rep.id)).id, "report-card", poor);
    await answer((await aCustomer(rep.id)).id, "report-card", poor);
    const cookie = await sessionCookie(manager);
    const [first] = await followUps(rep.id, "&kind=recovery");
    await json("POST", `/v1/follow-ups/${first!.id}/resolve`, { note: "Fixed and called" }, { cookie });
    const res = await app.request("/v1/insights", { headers: { cookie } });
    expect(res.status).toBe(200);
    const { rows } = await res.json();
    const reach = rows.find((r: { behaviour: string }) => r.behaviour === "reachability");
    // Two poor cards, each rating reachability 1 and listening 2: 2 low ratings and 2 cases per behaviour; one resolved in minutes.
    expect(reach).toMatchObject({ team: "Insight team", ratings: 2, lowRatings: 2, recoveryCases: 2, resolvedWithinDue: 1, resolvedWithinDueShare: 1 });
    expect(reach.medianHoursToResolve).toBeLessThan(0.1);
    expect((await app.request("/v1/insights", { headers: { cookie: await sessionCookie(rep.email) } })).status).toBe(403);
  });

  it("counts an open case past its due time as late, shows the open count, and keeps anonymous cases out as could not be contacted", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager, team: "Honest team" });
    const period = Period.previous(periodOf(new Date()));
    const base = new Date(Period.bounds(period).start.getTime() + 10 * DAY);
    const poorCardAt = (at: Date) => Clock.at(at, async () => answer((await aCustomer(rep.id)).id, "report-card", poor));
    // A, B, C open at `base`, each due 24 hours later. A stays open; B is resolved after 1 hour, C after 30.
    for (let i = 0; i < 3; i++) await poorCardAt(base);
    const [a, b, c] = await followUps(rep.id, "&kind=recovery");
    await Clock.at(new Date(base.getTime() + HOUR), () => FollowUp.resolve(b!.id as string, { note: "Called and fixed" }, system));
    await Clock.at(new Date(base.getTime() + 30 * HOUR), () => FollowUp.resolve(c!.id as string, { note: "Called, a day late" }, system));
    // D opens 47 hours on: still within its due time when the manager looks, 48 hours on.
    await poorCardAt(new Date(base.getTime() + 47 * HOUR));
    // E: a case for a customer who did not agree to be contacted (no identity), open and past due.
    const anonymous = {
      id: `fup_anonymous${Date.now()}`,
      kind: "recovery",
      status: "open",
      anonymous: true,
      repId: rep.id,
      repName: "",
      createdAt: base.toISOString(),
      dueAt: new Date(base.getTime() + 24 * HOUR).toISOString(),
      period,
      lowBehaviours: [{ id: "reachability", label: "reachability", rating: 1 }],
    } as unknown as FollowUpRecord;
    await Clock.at(base, () => transact(FollowUp.createItems(anonymous)));
    expect(a!.status).toBe("open");

    const res = await Clock.at(new Date(base.getTime() + 48 * HOUR), () => app.request(`/v1/insights?period=${period}`, { headers: { authorization: admin } }));
    expect(res.status).toBe(200);
    const reach = (await res.json()).rows.find((r: { team: string; behaviour: string }) => r.team === "Honest team" && r.behaviour === "reachability");
    // Five cases; of the four contactable: B on time; C resolved late and A open past due are late; A and D are open.
    // Share = on time ÷ (resolved + open past due) = 1 ÷ (2 + 1); E is outside it. Median of 1 h and 30 h = 15.5 h.
    expect(reach).toMatchObject({ recoveryCases: 5, resolvedWithinDue: 1, late: 2, open: 2, couldNotContact: 1, medianHoursToResolve: 15.5 });
    expect(reach.resolvedWithinDueShare).toBeCloseTo(1 / 3, 12);
  });

  it("counts a recovery case in the period it opened in, not the next", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager, team: "Boundary team" });
    const customer = await aCustomer(rep.id);
    // Opened an hour before the quarter ends: due the next morning, in the next quarter.
    const lastHour = new Date(Period.bounds(periodOf(new Date())).start.getTime() - HOUR);
    await Clock.at(lastHour, () => answer(customer.id, "report-card", poor));
    const cookie = await sessionCookie(manager);
    const insight = async (period: string) =>
      ((await (await app.request(`/v1/insights?period=${period}`, { headers: { cookie } })).json()).rows as { team: string; behaviour: string; recoveryCases: number }[]).find(
        (r) => r.team === "Boundary team" && r.behaviour === "reachability",
      );
    expect((await insight(periodOf(lastHour)))?.recoveryCases).toBe(1);
    expect((await insight(periodOf(new Date())))?.recoveryCases ?? 0).toBe(0);
  });

  it("shows the customers' verdicts and the recovery rate, leaving no-answer out of it", async () => {
    const rep = await aRep({ managerEmail: email("manager"), team: "Verdict team" });
    for (let i = 0; i < 6; i++) await answer((await aCustomer(rep.id)).id, "report-card", poor);
    const cases = (await FollowUp.list({ repIds: [rep.id], kind: "recovery" })).slice(0, 6);
    for (const f of cases) await FollowUp.resolve(f.id, { note: "Fixed the cause and called" }, system);
    const asked = new Date(Date.now() + 2 * DAY + 60_000);
    for (const f of cases) expect(await Clock.at(asked, async () => Verdict.ask((await FollowUp.get(f.id))!))).toBe("sent");
    const reply = async (f: FollowUpRecord, rating: number) => {
      const current = (await FollowUp.get(f.id))!;
      await Clock.at(new Date(asked.getTime() + DAY), () => Answer.answer(Verdict.verdictToken(current, new Date(current.askedAt!)), { rating }));
    };
    // Three answer 5, 4 and 5 (recovered), one answers 2 (not recovered: reopened), one never answers, one is still awaited.
    await reply(cases[0]!, 5);
    await reply(cases[1]!, 4);
    await reply(cases[2]!, 5);
    await reply(cases[3]!, 2);
    expect(await Clock.at(new Date(asked.getTime() + 7 * DAY + 60_000), async () => Verdict.expireAsk((await FollowUp.get(cases[4]!.id))!))).toBe(true);

    const res = await app.request(`/v1/insights?period=${periodOf(new Date())}`, { headers: { authorization: admin } });
    const reach = (await res.json()).rows.find((r: { team: string; behaviour: string }) => r.team === "Verdict team" && r.behaviour === "reachability");
    // Recovery rate = recovered ÷ (recovered + not recovered) = 3 ÷ (3 + 1) = 0.75; the no-answer and the awaited case are in neither.
    expect(reach).toMatchObject({ recoveryCases: 6, recovered: 3, notRecovered: 1, noAnswer: 1, awaitingVerdict: 1, recoveryRate: 0.75 });
  });
  it("puts a case a concern opened in its own row, not under a low overall score", async () => {
    const rep = await aRep({ managerEmail: email("manager"), team: "Concern team" });
    const customer = await aCustomer(rep.id);
    const raised = await json("POST", `/c/${Concern.token(customer.id)}`, { what: "The invoice was wrong twice.", urgency: "this-week", reply: "contact" });
    expect(raised.status).toBe(201);
    const rows = (await (await app.request(`/v1/insights?period=${periodOf(new Date())}`, { headers: { authorization: admin } })).json()).rows as { team: string; behaviour: string; label: string; recoveryCases: number }[];
    expect(rows.filter((r) => r.team === "Concern team")).toEqual([expect.objectContaining({ behaviour: "concern", label: "Concerns customers raised", recoveryCases: 1, lowRatings: 0 })]);
  });
});
