import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mockClient } from "aws-sdk-client-mock";
import { DateTime } from "luxon";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { Clock } from "@rapport/core/clock/index";
import { config } from "@rapport/core/config";
import { FollowUp } from "@rapport/core/followup/index";
import { RecoveryCase } from "@rapport/core/followup/recovery-case";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email, sessionCookie, answerForm } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let admin: string;
let restore: (() => void) | undefined;

// Each test runs the job from today on: the job's last `now` is forgotten between them.
beforeEach(forgetTimeTravel);
beforeAll(async () => {
  admin = await bearer("admin");
});
afterEach(() => {
  restore?.();
  restore = undefined;
});

const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method, headers: { "content-type": "application/json", ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });

const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);

const poor = { ratings: { listening: 2, follow_up: 3, proactive: 4, reachability: 1, advocacy: "na", customer_first: 3 }, improve: "Nobody called back about the broken delivery", contactOk: true };
const good = { ratings: { listening: 5, follow_up: 4, proactive: 4, reachability: 5, advocacy: 4, customer_first: 5 } };

async function followUps(repId: string, query = "") {
  const res = await app.request(`/v1/follow-ups?repId=${repId}${query}`, { headers: { authorization: admin } });
  expect(res.status).toBe(200);
  return (await res.json()).items as Record<string, unknown>[];
}

const runJob = async (at: Date) => (await app.request(`/v1/jobs/run?now=${at.toISOString()}`, { method: "POST", headers: { authorization: admin } })).json();

describe("service recovery", () => {
  it("opens a case due within 24 hours when a report card is poor, and tells the manager at once", async () => {
    const manager = email("manager");
    const rep = await aRep({ name: "Rosa Diaz", managerEmail: manager });
    const customer = await aCustomer(rep.id, { name: "Gina Linetti", valueTier: "A" });
    const before = Date.now();
    const inv = await answer(customer.id, "report-card", poor);
    const [recovery] = await followUps(rep.id, "&kind=recovery");
    expect(recovery).toMatchObject({ kind: "recovery", status: "open", customerId: customer.id, repId: rep.id, invitationId: inv.id, comment: poor.improve });
    const due = new Date(recovery!.dueAt as string).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 24 * HOUR - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    expect(recovery!.lowBehaviours).toEqual([
      { id: "listening", label: "Listens and understands what matters to me", rating: 2 },
      { id: "reachability", label: "Is reachable the way I prefer", rating: 1 },
    ]);
    expect((recovery!.suggestedActions as string[])[0]).toMatch(/manager/);
    const mails = await inbox(manager);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Service recovery: Gina Linetti rated Rosa Diaz poorly");
    expect(mails[0]!.body.text).toContain("Nobody called back");
  });

  it("opens nothing for a good report card", async () => {
    const rep = await aRep({ managerEmail: email("manager") });
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "report-card", good);
    expect(await followUps(rep.id)).toEqual([]);
  });

  it("is due sooner for a customer who expects answers within the hour, with their channel and hours", async () => {
    const rep = await aRep({ managerEmail: email("manager") });
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "onboarding", { channel: "phone", contact: "+1 312 555 0100", timezone: "America/Chicago", bestHours: "8:00-10:00", cadence: "monthly", responseTime: "1h", personalInterests: "Marathon runner" });
    const before = Date.now();
    await answer(customer.id, "report-card", poor);
    const [recovery] = await followUps(rep.id, "&kind=recovery");
    const due = new Date(recovery!.dueAt as string).getTime();
    expect(due - before).toBeLessThanOrEqual(HOUR + 5_000);
    expect(due - before).toBeGreaterThan(HOUR - 60_000);
    expect(recovery).toMatchObject({ channel: "phone", contact: "+13125550100", bestHours: "8:00-10:00", timezone: "America/Chicago", sharedAboutThem: "Marathon runner" });
  });

  it("escalates an overdue case to the manager once, even when the job runs twice for the same now", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "report-card", poor);
    const later = new Date(Date.now() + 25 * HOUR);
    const first = await runJob(later);
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const second = await runJob(later);
    expect(second.escalated).toBe(0);
    const mails = await inbox(manager);
    expect(mails.map((m) => m.subject.split(":")[0])).toEqual(["Service recovery", "Overdue"]);
    const [recovery] = await followUps(rep.id, "&kind=recovery");
    expect(recovery!.escalatedAt).toEqual(expect.any(String));
  });

  it("reports no email for a rep without a manager, and still marks the case notified and escalated", async () => {
    const rep = await aRep();
    await answer((await aCustomer(rep.id)).id, "report-card", poor);
    const [listed] = await followUps(rep.id, "&kind=recovery");
    const stored = (await FollowUp.get(listed!.id as string))!;
    expect(stored.managerNotifiedAt).toEqual(expect.any(String));
    const later = new Date(Date.now() + 25 * HOUR);
    expect(await Clock.at(later, () => RecoveryCase.escalate(stored))).toBe(false);
    expect((await FollowUp.get(stored.id))!.escalatedAt).toEqual(expect.any(String));
    expect(await Clock.at(later, () => RecoveryCase.escalate(stored))).toBe(false);
  });

  it("loses nothing when the job fails halfway: the escalation goes out on the next run, once", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "report-card", poor);
    const later = new Date(Date.now() + 25 * HOUR);
    const mock = mockClient(SESv2Client);
    mock.on(SendEmailCommand).rejects(Object.assign(new Error("Service unavailable"), { name: "ServiceUnavailable", $metadata: { httpStatusCode: 503 } }));
    restore = () => mock.restore();
    const failed = await runJob(later);
    expect(failed.escalated).toBe(0);
    expect(failed.errors).toBeGreaterThanOrEqual(1);
    restore();
    restore = undefined;
    // The failed attempt holds a two-minute claim; the next run after it sends the escalation once.
    const retry = new Date(later.getTime() + 3 * 60_000);
    expect((await runJob(retry)).escalated).toBeGreaterThanOrEqual(1);
    expect((await runJob(retry)).escalated).toBe(0);
    expect((await inbox(manager)).filter((m) => m.subject.startsWith("Overdue"))).toHaveLength(1);
  });

  it("needs a note to resolve, and schedules a check-in 21 days later", async () => {
    const rep = await aRep({ managerEmail: email("manager") });
    const other = await aRep();
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "report-card", poor);
    const [recovery] = await followUps(rep.id, "&kind=recovery");
    const cookie = await sessionCookie(rep.email);
    const path = `/v1/follow-ups/${recovery!.id}/resolve`;
    const missing = await json("POST", path, {}, { cookie });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.fields).toEqual({ note: "is required" });
    expect((await json("POST", path, { note: "Called her" }, { cookie: await sessionCookie(other.email) })).status).toBe(403);
    expect((await json("POST", path, { note: "Called her" })).status).toBe(401);
    const before = Date.now();
    const res = await json("POST", path, { note: "Called Gina, replaced the delivery, sent running socks" }, { cookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.followUp).toMatchObject({ status: "resolved", note: "Called Gina, replaced the delivery, sent running socks" });
    expect(body.checkIn).toMatchObject({ kind: "check-in", status: "open", customerId: customer.id });
    const due = new Date(body.checkIn.dueAt).getTime();
    expect(due).toBeGreaterThanOrEqual(before + 21 * DAY - 1000);
    expect(due).toBeLessThanOrEqual(Date.now() + 21 * DAY);
    expect((await json("POST", path, { note: "again" }, { cookie })).status).toBe(409);
    const audit = await (await app.request(`/v1/audit?entityId=${recovery!.id}`, { headers: { authorization: admin } })).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(["follow-up.resolve"]);
  });
});

describe("the contact schedule", () => {
  it("turns 'weekly, text, 16:00–18:00 Europe/Berlin' into touches on weekdays at 16:00 Berlin time, and a new answer replaces them", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "onboarding", { channel: "text", contact: "+49 170 1234567", timezone: "Europe/Berlin", bestHours: "16:00–18:00", cadence: "weekly", responseTime: "4h" });
    const touches = await followUps(rep.id, "&kind=touch");
    expect(touches).toHaveLength(1);
    const due = new Date(touches[0]!.dueAt as string);
    const berlin = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(due);
    expect(berlin).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 16:00$/);
    expect(due.getTime() - Date.now()).toBeGreaterThan(6 * DAY);
    expect(due.getTime() - Date.now()).toBeLessThan(10 * DAY);
    expect(touches[0]).toMatchObject({ channel: "text", contact: "+491701234567", bestHours: "16:00–18:00", timezone: "Europe/Berlin" });

    await answer(customer.id, "onboarding", { channel: "email", timezone: "America/New_York", bestHours: "9-11", cadence: "monthly", responseTime: "24h" });
    const replaced = await followUps(rep.id, "&kind=touch");
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ channel: "email", cadence: "monthly", timezone: "America/New_York" });
    const ny = new Intl.DateTimeFormat("en-GB", { timeZone: "America/New_York", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(replaced[0]!.dueAt as string));
    expect(ny).toBe("09:00");

    await answer(customer.id, "onboarding", { channel: "email", timezone: "UTC", cadence: "as-needed", responseTime: "24h" });
    expect(await followUps(rep.id, "&kind=touch")).toEqual([]);
  });

  it("rolls a missed touch forward to its next occurrence", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    await answer(customer.id, "onboarding", { channel: "email", timezone: "UTC", bestHours: "10:00-12:00", cadence: "weekly", responseTime: "24h" });
    const [touch] = await followUps(rep.id, "&kind=touch");
    const missedBy = new Date(new Date(touch!.dueAt as string).getTime() + 8 * DAY);
    const run = await runJob(missedBy);
    expect(run.touchesRolled).toBeGreaterThanOrEqual(1);
    const [rolled] = await followUps(rep.id, "&kind=touch");
    expect(new Date(rolled!.dueAt as string).getTime()).toBeGreaterThan(new Date(touch!.dueAt as string).getTime());
    expect(rolled!.missed).toBe(1);
    expect((await runJob(missedBy)).touchesRolled).toBe(0);
  });

  it("emails each rep one morning digest of what is due today", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id, { name: "Terry Jeffords" });
    await answer(customer.id, "report-card", poor);
    // The digest goes out at 08:00 in the rep's zone (else the organization's). The case is due within 24
    // hours, so the digest of the morning of the day it is due lists it (as overdue if it was due before 08:00).
    const [recovery] = await followUps(rep.id, "&kind=recovery");
    const zone = rep.timezone ?? config().timezone;
    const morning = DateTime.fromISO(recovery!.dueAt as string, { zone }).set({ hour: 8, minute: 0, second: 30, millisecond: 0 }).toJSDate();
    const run = await runJob(morning);
    expect(run.digests).toBeGreaterThanOrEqual(1);
    await runJob(morning);
    const digests = (await inbox(rep.email)).filter((m) => m.subject.startsWith("Today:"));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.body.text).toContain("Terry Jeffords");
  });
});

describe("times in the reader's zone", () => {
  it("writes the recovery email in the manager's zone and the digest in the rep's, naming each", async () => {
    const manager = email("manager");
    await aRep({ name: "Captain Holt", email: manager, timezone: "Asia/Tokyo" });
    const rep = await aRep({ name: "Jake Peralta", managerEmail: manager, timezone: "Europe/Berlin" });
    const customer = await aCustomer(rep.id, { name: "Doug Judy" });
    // Answered on Monday 23 Nov 2026 at 10:00 UTC: the case is due 24 hours later, Tuesday 10:00 UTC,
    // which is 19:00 in Tokyo and 11:00 in Berlin.
    await Clock.at(new Date("2026-11-23T10:00:00Z"), () => answer(customer.id, "report-card", poor));
    const [told] = await inbox(manager);
    expect(told!.body.text).toContain("A recovery case is open and due by Tue 24 Nov 2026, 19:00 (Asia/Tokyo).");
    expect(told!.body.text).toContain("Due: Tue 24 Nov 2026, 19:00 (Asia/Tokyo)");
    expect(told!.body.text).not.toContain("(UTC)");
    // The first digest is scheduled for 08:00 UTC on Tuesday (09:00 in Berlin); "today" is Berlin's Tuesday.
    expect((await runJob(new Date("2026-11-24T08:00:30Z"))).digests).toBeGreaterThanOrEqual(1);
    const [digest] = (await inbox(rep.email)).filter((m) => m.subject.startsWith("Today:"));
    expect(digest!.body.text).toContain("Service recovery: Doug Judy, due Tue 24 Nov 2026, 11:00 (Europe/Berlin)");
    expect(digest!.body.html).toContain("due Tue 24 Nov 2026, 11:00 (Europe/Berlin)");
  });
});

describe("who sees which follow-ups", () => {
  it("shows a rep their own, a manager their team's, and refuses another team's", async () => {
    const manager = email("manager");
    const mine = await aRep({ managerEmail: manager });
    const theirs = await aRep({ managerEmail: email("other-manager") });
    for (const rep of [mine, theirs]) await answer((await aCustomer(rep.id)).id, "report-card", poor);
    const repCookie = await sessionCookie(mine.email);
    const own = await (await app.request("/v1/follow-ups", { headers: { cookie: repCookie } })).json();
    expect(own.items.every((f: { repId: string }) => f.repId === mine.id)).toBe(true);
    expect(own.items).toHaveLength(1);
    expect((await app.request(`/v1/follow-ups?repId=${theirs.id}`, { headers: { cookie: repCookie } })).status).toBe(403);
    const team = await (await app.request("/v1/follow-ups?status=open&kind=recovery", { headers: { cookie: await sessionCookie(manager) } })).json();
    expect(team.items.map((f: { repId: string }) => f.repId)).toEqual([mine.id]);
    expect((await app.request("/v1/follow-ups?status=closed", { headers: { authorization: admin } })).status).toBe(400);
  });
});

describe("the rep's dashboard", () => {
  it("shows the next 14 days under Coming up, and nothing further out", async () => {
    const rep = await aRep({ managerEmail: email("manager") });
    const weekly = await aCustomer(rep.id, { name: "Wendy Weekly" });
    const monthly = await aCustomer(rep.id, { name: "Morgan Monthly" });
    await answer(weekly.id, "onboarding", { channel: "email", timezone: "UTC", bestHours: "10:00-12:00", cadence: "weekly", responseTime: "24h" });
    await answer(monthly.id, "onboarding", { channel: "email", timezone: "UTC", bestHours: "10:00-12:00", cadence: "monthly", responseTime: "24h" });
    const touches = await followUps(rep.id, "&kind=touch");
    const dueIn = (name: string) => (new Date(touches.find((t) => t.customerName === name)!.dueAt as string).getTime() - Date.now()) / DAY;
    // A week on is after today and within 14 days; a month on is beyond them.
    expect(dueIn("Wendy Weekly")).toBeGreaterThan(1);
    expect(dueIn("Wendy Weekly")).toBeLessThan(14);
    expect(dueIn("Morgan Monthly")).toBeGreaterThan(15);
    const html = await (await app.request("/dashboard", { headers: { cookie: await sessionCookie(rep.email) } })).text();
    const soon = html.match(/<h3 id="fu-soon">[\s\S]*?<\/ul>/)?.[0] ?? "";
    expect(soon).toContain("Coming up");
    expect(soon).toContain("Wendy Weekly");
    expect(html).not.toContain("Morgan Monthly");
  });

  it("lists an open recovery case even when it is due tomorrow, with what the customer just told us about themselves", async () => {
    const rep = await aRep({ managerEmail: email("manager") });
    const customer = await aCustomer(rep.id, { name: "Amy Santiago" });
    await answer(customer.id, "report-card", { ...poor, aboutMe: "I collect vinyl records" });
    const [recovery] = await followUps(rep.id, "&kind=recovery");
    expect(recovery!.sharedAboutThem).toContain("I collect vinyl records");
    const html = await (await app.request("/dashboard", { headers: { cookie: await sessionCookie(rep.email) } })).text();
    expect(html).toContain("Amy Santiago");
    expect(html).toContain("I collect vinyl records");
    expect(html).toContain(`/dashboard/follow-ups/${recovery!.id}/resolve`);
  });
});
