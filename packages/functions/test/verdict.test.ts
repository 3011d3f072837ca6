import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FollowUp, nextAction } from "@rapport/core/followup/index";
import { Clock } from "@rapport/core/clock/index";
import { Suppression } from "@rapport/core/suppression/index";
import { Verdict } from "@rapport/core/followup/verdict";
import { formatDate } from "@rapport/core/clock/format-date";
import { Invitation } from "@rapport/core/invitation/index";
import { RecoveryLoop } from "@rapport/core/followup/loop";
import { Insights } from "@rapport/core/followup/insights";
import { periodOf } from "@rapport/core/period/index";
import { storedEntries } from "@rapport/core/profile/record";
import { createApp } from "../src/api/app.ts";
import { csrfFor } from "../src/api/customer-pages.ts";
import { aCustomer, aRep, answerForm, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";
import { header, inbox, type StoredEmail } from "../../../test/support/inbox.ts";

const app = createApp();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let admin: string;

beforeEach(forgetTimeTravel);
beforeAll(async () => {
  admin = await bearer("admin");
});

const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method, headers: { "content-type": "application/json", ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);
const runJob = async (at: Date) => (await app.request(`/v1/jobs/run?now=${at.toISOString()}`, { method: "POST", headers: { authorization: admin } })).json();
const later = (ms: number) => new Date(Date.now() + ms);

/**
 * The scheduled job's steps for these follow-ups only, as of `at`, with the job's counts. The whole job as
 * of a future `now` would also work through every other test file's due items in the shared table (the
 * first test below runs the whole job, twice at once, for the once-only rule).
 */
async function dueFor(at: Date, ...ids: string[]) {
  const report = { customersAsked: 0, customersNotAsked: 0, verdictsUnanswered: 0 };
  await Clock.at(at, async () => {
    for (const id of ids) {
      const f = (await FollowUp.get(id))!;
      const next = nextAction(f);
      if (!next || next.at > at.toISOString()) continue;
      if (next.action === "ask") {
        const asked = await Verdict.ask(f);
        if (asked === "sent") report.customersAsked += 1;
        if (asked === "not-asked") report.customersNotAsked += 1;
      } else if (next.action === "expire-ask" && (await Verdict.expireAsk(f))) report.verdictsUnanswered += 1;
    }
  });
  return report;
}

const poor = { ratings: { listening: 2, follow_up: 3, proactive: 4, reachability: 1, advocacy: "na", customer_first: 3 }, improve: "Nobody called back", contactOk: true };

/** A rep with a manager, a tier-A customer and the recovery case the customer's poor card opened (named unless `anonymous`). */
async function openCase(options: { anonymous?: boolean } = {}) {
  const manager = email("manager");
  const rep = await aRep({ managerEmail: manager });
  const customer = await aCustomer(rep.id, { valueTier: "A" });
  await answer(customer.id, "onboarding", { channel: "email", timezone: "Europe/London", cadence: "as-needed", responseTime: "24h", personalInterests: "Sails on weekends" });
  await answer(customer.id, "report-card", options.anonymous ? { ...poor, contactOk: false } : poor);
  const [recovery] = (await FollowUp.list({ repIds: [rep.id], kind: "recovery" })).filter((f) => f.status === "open");
  return { manager, rep, customer, recovery: recovery!, repCookie: await sessionCookie(rep.email), managerCookie: await sessionCookie(manager) };
}

/** Resolves the case through the API as `cookie`; answers the response. */
const resolve = (id: string, body: unknown, cookie: string) => json("POST", `/v1/follow-ups/${id}/resolve`, body, { cookie });

/** A resolved named case, with a suggested gesture. */
async function resolvedCase() {
  const open = await openCase();
  const res = await resolve(open.recovery.id, { note: "Re-routed the delivery", gesture: { description: open.recovery.suggestedActions![2]!, cost: 180, suggested: true } }, open.repCookie);
  expect(res.status).toBe(200);
  return open;
}

const questions = async (to: string, subject: RegExp) => (await inbox(to)).filter((m) => subject.test(m.subject));
const VERDICT = /^Did we make it right/;
const CHECK_IN = /^How are things now/;

/** The confirm page's path for the `score` tap in a question email. */
function tapLink(mail: StoredEmail, score: number): string {
  const found = (mail.body.text ?? "").match(new RegExp(`https?://[^\\s]+(/r/[A-Za-z0-9._-]+)\\?score=${score}`));
  if (!found) throw new Error(`no /r/ link with score ${score} in: ${mail.body.text}`);
  return `${found[1]}?score=${score}`;
}

/** Posts `rating` from the confirm page of `link` as the customer's browser (with the page's CSRF value). */
async function confirm(link: string, rating: number) {
  const path = link.split("?")[0]!;
  const csrf = csrfFor(`r:${path.slice("/r/".length)}`);
  return app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrf, rating: String(rating) }).toString() });
}

describe('"Did we make it right?"', () => {
  it("emails the customer once, two days after the resolve: nothing at one day, one email under two concurrent runs and a repeat", async () => {
    const { customer, recovery } = await resolvedCase();
    expect((await FollowUp.get(recovery.id))!.gesture).toEqual({ description: recovery.suggestedActions![2], cost: 180, suggested: true });
    await runJob(later(DAY));
    expect(await questions(customer.email, VERDICT)).toHaveLength(0);
    const at = later(2 * DAY + 60_000);
    const runs = await Promise.all([runJob(at), runJob(at)]);
    expect(runs.reduce((sum, r) => sum + r.customersAsked, 0)).toBe(1);
    expect((await runJob(at)).customersAsked).toBe(0);
    const mails = await questions(customer.email, VERDICT);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(header(mail, "List-Unsubscribe")).toMatch(/^<https?:\/\/.+\/u\/[A-Za-z0-9_-]+>$/);
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    for (const score of [1, 2, 3, 4, 5]) expect(tapLink(mail, score)).toMatch(/^\/r\//);
    expect(mail.body.text).toMatch(/Something not right\? Tell us: https?:\/\/\S+\/c\//);
    expect(mail.body.text).toMatch(/What we know about you: https?:\/\/\S+\/p\//);
    expect((await FollowUp.get(recovery.id))!).toMatchObject({ status: "resolved", verdict: "awaiting", askedAt: at.toISOString() });
    // Seven days to answer, shown in the customer's own zone (their onboarding answer: Europe/London), named.
    expect(mail.body.text).toContain(`Please answer by ${formatDate(new Date(at.getTime() + 7 * DAY).toISOString(), "Europe/London")}.`);
    expect(mail.body.text).toContain("(Europe/London).");
  });

  it("records nothing when the tapped link is opened, and reopens the case to the manager on a 2", async () => {
    const { customer, recovery, manager } = await resolvedCase();
    await dueFor(later(2 * DAY + 60_000), recovery.id);
    const link = tapLink((await questions(customer.email, VERDICT))[0]!, 2);
    const page = await app.request(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<input type="radio" id="rating-2" name="rating" value="2" checked=""/);
    expect((await FollowUp.get(recovery.id))!).toMatchObject({ status: "resolved", verdict: "awaiting" });
    expect((await FollowUp.get(recovery.id))!.answer).toBeUndefined();

    const before = Date.now();
    const posted = await confirm(link, 2);
    expect(posted.status).toBe(303);
    const reopened = (await FollowUp.get(recovery.id))!;
    expect(reopened).toMatchObject({ status: "open", owner: "manager", reopened: 1, verdict: "not-recovered", answer: { rating: 2 } });
    expect(Date.parse(reopened.dueAt) - before).toBeGreaterThanOrEqual(24 * HOUR - 1000);
    expect(Date.parse(reopened.dueAt) - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    const told = (await inbox(manager)).filter((m) => m.subject.startsWith("Reopened:"));
    expect(told).toHaveLength(1);
    expect(told[0]!.body.text).toContain("The customer says we did not make it right");
    expect(told[0]!.body.text).toContain("Did we make it right? 2/5");
    const thanks = await app.request(posted.headers.get("location")!);
    expect(await thanks.text()).toContain("manager now has your case");

    // A second post is refused with a clear page, and the case stays as the first answer left it.
    const again = await confirm(link, 5);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("We already have your answer");
    expect((await FollowUp.get(recovery.id))!).toMatchObject({ status: "open", verdict: "not-recovered", answer: { rating: 2 } });
  });

  it("answers 404 to a tampered link and 410 to an expired one", async () => {
    const { recovery } = await resolvedCase();
    await dueFor(later(2 * DAY + 60_000), recovery.id);
    const asked = (await FollowUp.get(recovery.id))!;
    const token = Verdict.verdictToken(asked, new Date(asked.askedAt!));
    expect((await app.request(`/r/${token}`)).status).toBe(200);
    const tampered = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect((await app.request(`/r/${tampered}`)).status).toBe(404);
    expect((await app.request(`/r/${Verdict.verdictToken({ ...asked, id: "fup_01JD0000000000000000000000" }, new Date(asked.askedAt!))}`)).status).toBe(404);
    const expired = await app.request(`/r/${Verdict.verdictToken(asked, new Date(Date.now() - 40 * DAY))}`);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("This link has expired");
  });

  it("marks the case recovered on a 5, tells nobody, and asks again after a reopened case is resolved (the earlier link stops recording)", async () => {
    const first = await resolvedCase();
    await dueFor(later(2 * DAY + 60_000), first.recovery.id);
    const posted = await confirm(tapLink((await questions(first.customer.email, VERDICT))[0]!, 5), 5);
    expect(posted.status).toBe(303);
    expect((await FollowUp.get(first.recovery.id))!).toMatchObject({ status: "resolved", verdict: "recovered", answer: { rating: 5 } });
    expect((await inbox(first.manager)).filter((m) => m.subject.startsWith("Reopened:"))).toHaveLength(0);

    const second = await resolvedCase();
    await dueFor(later(2 * DAY + 2 * 60_000), second.recovery.id);
    const oldLink = tapLink((await questions(second.customer.email, VERDICT))[0]!, 1);
    expect((await confirm(oldLink, 1)).status).toBe(303);
    expect((await resolve(second.recovery.id, { note: "Replaced the whole order" }, second.managerCookie)).status).toBe(200);
    expect((await FollowUp.get(second.recovery.id))!).toMatchObject({ status: "resolved", askAt: expect.any(String) });
    expect((await FollowUp.get(second.recovery.id))!.verdict).toBeUndefined();
    await dueFor(later(2 * DAY + 3 * 60_000), second.recovery.id);
    const asked = await questions(second.customer.email, VERDICT);
    expect(asked).toHaveLength(2);
    const stale = await confirm(oldLink, 5);
    expect(stale.status).toBe(410);
    expect(await stale.text()).toContain("We asked this again");
    expect((await confirm(tapLink(asked[1]!, 4), 4)).status).toBe(303);
    expect((await FollowUp.get(second.recovery.id))!).toMatchObject({ status: "resolved", verdict: "recovered", reopened: 1 });
  });

  it("closes as no-answer after 7 days without one", async () => {
    const { customer, recovery } = await resolvedCase();
    await dueFor(later(2 * DAY + 60_000), recovery.id);
    expect((await dueFor(later(8 * DAY), recovery.id)).verdictsUnanswered).toBe(0);
    expect((await FollowUp.get(recovery.id))!.verdict).toBe("awaiting");
    await dueFor(later(9 * DAY + 2 * 60_000), recovery.id);
    expect((await FollowUp.get(recovery.id))!.verdict).toBe("no-answer");
    const late = await confirm(tapLink((await questions(customer.email, VERDICT))[0]!, 5), 5);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain("This question has closed");
    expect((await FollowUp.get(recovery.id))!.verdict).toBe("no-answer");
  });

  it("never asks a customer who did not agree to be contacted", async () => {
    const { customer, recovery, managerCookie } = await openCase({ anonymous: true });
    expect(recovery.anonymous).toBe(true);
    expect((await resolve(recovery.id, { note: "Retrained the team on call-backs" }, managerCookie)).status).toBe(200);
    await dueFor(later(2 * DAY + 60_000), recovery.id);
    await dueFor(later(9 * DAY + 2 * 60_000), recovery.id);
    expect(await questions(customer.email, /^(Did we|How are)/)).toHaveLength(0);
    const stored = (await FollowUp.get(recovery.id))!;
    expect(stored.askAt).toBeUndefined();
    expect(stored.verdict).toBeUndefined();
  });

  it("never emails an unsubscribed customer: the case records why and keeps no verdict", async () => {
    const { customer, recovery } = await resolvedCase();
    await Suppression.suppress(customer.email, "unsubscribe", { kind: "system", id: "test" });
    const run = await dueFor(later(2 * DAY + 60_000), recovery.id);
    expect(run.customersNotAsked).toBeGreaterThanOrEqual(1);
    expect(await questions(customer.email, VERDICT)).toHaveLength(0);
    const stored = (await FollowUp.get(recovery.id))!;
    expect(stored).toMatchObject({ notAsked: "suppressed" });
    expect(stored.verdict).toBeUndefined();
  });
});

describe("the customer's judgement, kept", () => {
  it("keeps a not-recovered judgement after the manager resolves the reopened case again; the rep may not resolve it", async () => {
    const { customer, recovery, rep, repCookie, managerCookie } = await resolvedCase();
    await dueFor(later(2 * DAY + 60_000), recovery.id);
    expect((await confirm(tapLink((await questions(customer.email, VERDICT))[0]!, 2), 2)).status).toBe(303);
    const loop = () => RecoveryLoop.forReps([rep.id], periodOf(new Date()), { managerOf: [rep.id] });
    expect(await loop()).toMatchObject({ recovered: 0, notRecovered: 1, recoveryRate: 0 });
    const byRep = await resolve(recovery.id, { note: "Called again" }, repCookie);
    expect(byRep.status).toBe(403);
    expect((await byRep.json()).error.code).toBe("reopened_to_manager");
    expect((await resolve(recovery.id, { note: "Replaced the whole order and called" }, managerCookie)).status).toBe(200);
    // A new round awaits the customer; their last word, not recovered, still counts: 0 ÷ (0 + 1) = 0.
    expect(await loop()).toMatchObject({ recovered: 0, notRecovered: 1, noAnswer: 0, recoveryRate: 0 });
  });

  it("asks nothing once the customer takes back their consent to be contacted on a revision of the card", async () => {
    const manager = email("manager");
    const rep = await aRep({ managerEmail: manager });
    const customer = await aCustomer(rep.id);
    const card = await answer(customer.id, "report-card", poor);
    const [recovery] = await FollowUp.list({ repIds: [rep.id], kind: "recovery", status: "open" });
    expect((await resolve(recovery!.id, { note: "Re-routed the delivery" }, await sessionCookie(rep.email))).status).toBe(200);
    const revised = await json("POST", `/s/${Invitation.tokenOf(card.id)}`, { ...poor, contactOk: false });
    expect(revised.status).toBe(200);
    expect((await FollowUp.get(recovery!.id))!).toMatchObject({ status: "resolved", notAsked: "consent-withdrawn" });
    await dueFor(later(2 * DAY + 60_000), recovery!.id);
    expect(await questions(customer.email, VERDICT)).toHaveLength(0);
  });
});

describe("asking too late", () => {
  it("asks nothing when the job first comes to the question more than 7 days after it was due: the case records why", async () => {
    const { customer, recovery } = await resolvedCase();
    // Due 2 days after the resolve; the first run is 10 days after it (8 days late, over the 7 days answers are taken).
    const run = await dueFor(later(10 * DAY), recovery.id);
    expect(run.customersNotAsked).toBeGreaterThanOrEqual(1);
    expect(await questions(customer.email, VERDICT)).toHaveLength(0);
    expect((await FollowUp.get(recovery.id))!).toMatchObject({ notAsked: "too-late" });
  });
});

describe("resolving records the recovery", () => {
  it("names the profile entries that inspired the gesture, and refuses one that is not in the customer's profile", async () => {
    const { customer, recovery, repCookie } = await openCase();
    const [shared] = await storedEntries(customer.id);
    const unknown = await resolve(recovery.id, { note: "Fixed", inspiredBy: [shared!.id, "ent_01JD0000000000000000000000"] }, repCookie);
    expect(unknown.status).toBe(400);
    expect(Object.keys((await unknown.json()).error.fields)).toEqual(["inspiredBy"]);
    const ok = await resolve(recovery.id, { note: "Fixed", gesture: { description: "Sailing gloves", cost: 45.5 }, inspiredBy: [shared!.id] }, repCookie);
    expect(ok.status).toBe(200);
    expect((await ok.json()).followUp).toMatchObject({ gesture: { description: "Sailing gloves", cost: 45.5 }, inspiredBy: [shared!.id] });
    const audit = await (await app.request(`/v1/audit?entityId=${recovery.id}`, { headers: { authorization: admin } })).json();
    expect(audit.items[0].detail).toMatchObject({ gesture: { cost: 45.5, suggested: false }, inspiredBy: [shared!.id] });
    expect(JSON.stringify(audit.items[0].detail)).not.toContain("Sailing gloves");
  });

  it("refuses a suggested gesture that is not one of the case's suggestions, a cost with three decimals, and inspiredBy on an anonymous case", async () => {
    const named = await openCase();
    const notSuggested = await resolve(named.recovery.id, { note: "Fixed", gesture: { description: "A bottle of wine", suggested: true } }, named.repCookie);
    expect(notSuggested.status).toBe(400);
    expect(Object.keys((await notSuggested.json()).error.fields)).toEqual(["gesture.description"]);
    const cents = await resolve(named.recovery.id, { note: "Fixed", gesture: { description: "Gloves", cost: 10.005 } }, named.repCookie);
    expect(Object.keys((await cents.json()).error.fields)).toEqual(["gesture.cost"]);
    const anonymous = await openCase({ anonymous: true });
    const res = await resolve(anonymous.recovery.id, { note: "Fixed", inspiredBy: ["legacy-aboutMe"] }, anonymous.managerCookie);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toEqual(["inspiredBy"]);
    expect((await FollowUp.get(named.recovery.id))!.status).toBe("open");
  });
  it("takes the gesture from the dashboard's form, and shows a refused cost beside its field with what was typed", async () => {
    const { recovery, repCookie } = await openCase();
    const csrf = csrfFor(`resolve:${recovery.id}:${repCookie.split("=")[1]}`);
    const form = (fields: Record<string, string>) =>
      app.request(`/dashboard/follow-ups/${recovery.id}/resolve`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie: repCookie },
        body: new URLSearchParams({ csrf, note: "Re-routed the delivery", ...fields }).toString(),
      });
    const refused = await form({ gesture: "own", gestureOwn: "Sailing gloves", gestureCost: "12.345" });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain("Cost must have at most 2 decimals.");
    expect(page).toMatch(/name="gestureCost" maxlength="12" value="12.345" aria-invalid="true"/);
    expect((await FollowUp.get(recovery.id))!.status).toBe("open");
    const done = await form({ gesture: "own", gestureOwn: "Sailing gloves", gestureCost: "45.50" });
    expect(done.status).toBe(303);
    expect((await FollowUp.get(recovery.id))!).toMatchObject({ status: "resolved", gesture: { description: "Sailing gloves", cost: 45.5 } });
  });
});

describe('the check-in: "How are things now?"', () => {
  it("emails the customer once at 21 days; an answer of 1 opens a new case told to rep and manager, a 4 opens none", async () => {
    const poorly = await resolvedCase();
    const well = await resolvedCase();
    const at = later(21 * DAY + 60_000);
    const checkIns = await Promise.all([poorly, well].map(async (c) => (await FollowUp.get(c.recovery.id))!.checkInId!));
    expect((await dueFor(at, ...checkIns)).customersAsked).toBe(2);
    expect((await dueFor(at, ...checkIns)).customersAsked).toBe(0);
    for (const c of [poorly, well]) expect(await questions(c.customer.email, CHECK_IN)).toHaveLength(1);
    const checkInOf = async (c: typeof poorly) => (await FollowUp.list({ repIds: [c.rep.id], kind: "check-in" }))[0]!;
    // Asked, the check-in stays open on the rep's list with nothing more for the job: unanswered, the rep follows it up as before.
    const asked = (await checkInOf(poorly))!;
    expect(asked).toMatchObject({ status: "open", askedAt: at.toISOString() });
    expect(asked.dueAction).toBeUndefined();

    const repMails = (await inbox(poorly.rep.email)).length;
    expect((await confirm(tapLink((await questions(poorly.customer.email, CHECK_IN))[0]!, 1), 1)).status).toBe(303);
    const answered = await checkInOf(poorly);
    expect(answered).toMatchObject({ status: "resolved", resolvedBy: "customer", answer: { rating: 1 }, openedCaseId: expect.any(String) });
    expect(answered.note).toContain("1 out of 5");
    const opened = (await FollowUp.get(answered.openedCaseId!))!;
    expect(opened).toMatchObject({ kind: "recovery", status: "open", source: "check-in", anonymous: false, customerId: poorly.customer.id });
    const rows = await Insights.forPeriod(periodOf(new Date(opened.createdAt)), [poorly.rep.id]);
    expect(rows.filter((r) => r.recoveryCases && r.behaviour === "check-in").map((r) => r.recoveryCases)).toEqual([1]);
    expect(Date.parse(opened.dueAt) - Date.now()).toBeLessThanOrEqual(24 * HOUR);
    expect((await inbox(poorly.rep.email)).length).toBe(repMails + 1);
    expect((await inbox(poorly.rep.email)).at(-1)!.subject).toBe(`Check-in: ${poorly.customer.name} says things are not right yet`);
    const managerMail = (await inbox(poorly.manager)).map((m) => m.subject);
    expect(managerMail.filter((s) => s.startsWith("Service recovery:"))).toHaveLength(1);
    expect(managerMail.filter((s) => s.startsWith("Check-in:"))).toEqual([`Check-in: ${poorly.customer.name}, a customer of ${poorly.rep.name}, says things are not right yet`]);

    expect((await confirm(tapLink((await questions(well.customer.email, CHECK_IN))[0]!, 4), 4)).status).toBe(303);
    const fine = await checkInOf(well);
    expect(fine).toMatchObject({ status: "resolved", resolvedBy: "customer", answer: { rating: 4 } });
    expect(fine.openedCaseId).toBeUndefined();
    expect((await FollowUp.list({ repIds: [well.rep.id], kind: "recovery", status: "open" })).length).toBe(0);
  });
});
