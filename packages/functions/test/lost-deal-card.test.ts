import { beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "@rapport/core/api-key/index";
import { Profile } from "@rapport/core/profile/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aRep, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { countsByRecipient, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";

const app = createApp();
const ORIGIN = "http://rapport.test";
const period = periodOf(new Date());
let events: string;
let admin: string;

beforeAll(async () => {
  const cli = { kind: "cli", id: "test" } as const;
  events = `Bearer ${(await ApiKey.create({ name: "CRM", scopes: ["events:write"] }, cli)).key}`;
  admin = `Bearer ${(await ApiKey.create({ name: "Admin", scopes: ["admin"] }, cli)).key}`;
});

const postEvent = (body: unknown, headers: Record<string, string> = {}) =>
  app.request("/v1/events/deal-lost", { method: "POST", headers: { "content-type": "application/json", authorization: events, ...headers }, body: JSON.stringify(body) });
const postForm = (path: string, fields: [string, string][]) =>
  app.request(`${ORIGIN}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN }, body: new URLSearchParams(fields).toString() });

function csrfOf(html: string): string {
  const match = html.match(/name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/);
  if (!match) throw new Error("no csrf field in the page");
  return (match[1] ?? match[2])!;
}

let n = 0;
/** A lost deal of `repEmail`'s with a new contact: answers the contact's address and the card's link. */
async function lostDeal(repEmail: string, name = "Robin Buyer") {
  const contact = email("lost", "customers.example");
  const res = await postEvent({ customer: { email: contact, name }, repEmail, dealId: `card-${Date.now()}-${++n}`, lostAt: new Date().toISOString() });
  expect(res.status).toBe(202);
  return { contact, path: surveyLink(await onlyEmail(contact)), answer: await res.json() };
}

describe("the lost-deal card's page (no JavaScript)", () => {
  it("records a form post once and thanks the customer; a second post of the same answers counts nothing more", async () => {
    const rep = await aRep({ name: "Dana Ortiz" });
    const { path } = await lostDeal(rep.email);
    const html = await (await app.request(path)).text();
    const fields: [string, string][] = [["csrf", csrfOf(html)], ["ratings.listening", "5"], ["ratings.follow_up", "na"], ["chooseUs", "Faster quotes."], ["shareName", "on"]];
    const res = await postForm(path, fields);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${path}/thanks?outcome=recorded`);
    const thanks = await (await app.request(res.headers.get("location")!)).text();
    expect(thanks).toContain("Thank you for telling us.");
    expect(thanks).toContain("Nobody will contact you about these answers; Dana Ortiz and their manager see them with your name.");
    expect((await postForm(path, fields)).headers.get("location")).toBe(`${path}/thanks?outcome=unchanged`);
  });

  it("does not ask to contact the customer (nothing would act on it): no such question, contactOk refused, no promise of contact", async () => {
    const rep = await aRep({ name: "Lee Park" });
    const { path } = await lostDeal(rep.email);
    const html = await (await app.request(path)).text();
    expect(html).toContain("Share my name with Lee Park");
    expect(html).not.toContain("contact me");
    expect(html).not.toContain('name="contactOk"');
    const json = (body: unknown) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const refused = await json({ chooseUs: "A shorter contract.", contactOk: true });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.fields).toHaveProperty("contactOk");
    expect((await json({ chooseUs: "A shorter contract.", shareName: true })).status).toBe(200);
    const received = await (await app.request(path)).text();
    expect(received).not.toContain("contact me");
    expect(received).not.toContain("may contact you");
  });

  it("asks for a rating or the question answered when the form arrives empty", async () => {
    const rep = await aRep();
    const { path } = await lostDeal(rep.email);
    const html = await (await app.request(path)).text();
    const res = await postForm(path, [["csrf", csrfOf(html)]]);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("must answer at least one statement, or say what would have made you choose us");
    expect(page).toContain('aria-invalid="true"');
  });
});

describe("what a rep and a manager see of a lost-deal card", () => {
  it("shows the text on the rep's and the manager's dashboards, named only with shareName, and unnamed once consent is withdrawn", async () => {
    const manager = email("manager");
    const rep = await aRep({ name: "Sky Rep", managerEmail: manager });
    const named = await lostDeal(rep.email, "Named Buyer");
    const unnamed = await lostDeal(rep.email, "Hidden Buyer");
    const third = await lostDeal(rep.email, "Third Buyer");
    const answer = (path: string, body: unknown) => app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await answer(named.path, { chooseUs: "A local partner.", shareName: true });
    await answer(unnamed.path, { ratings: { listening: 2 }, chooseUs: "Fewer meetings." });
    const lostSection = async (cookie: string) => {
      const html = await (await app.request(`/dashboard?period=${period}`, { headers: { cookie } })).text();
      return html.slice(html.indexOf('id="lost-h"'), html.indexOf("</section>", html.indexOf('id="lost-h"')));
    };
    const repCookie = await sessionCookie(rep.email);
    // Two cards: on the rep's own view a mean or a comment could point at one customer; nothing but the count shows.
    const early = await lostSection(repCookie);
    expect(early).toContain("2 cards answered");
    expect(early).toContain("1 more card to go");
    expect(early).not.toContain("A local partner.");
    expect(early).not.toContain("Fewer meetings.");
    expect(early).not.toContain("Listens and understands");
    // The manager's team view is not held back.
    const team = await lostSection(await sessionCookie(manager));
    expect(team).toContain("Fewer meetings.");
    expect(team).toContain("Listens and understands");
    expect(team).not.toContain("Hidden Buyer");

    await answer(third.path, { ratings: { listening: 4 } });
    const own = await lostSection(repCookie);
    expect(own).toContain("3 cards answered");
    expect(own).toContain("A local partner.");
    expect(own).toContain("Named Buyer");
    expect(own).toContain("Fewer meetings.");
    expect(own).toContain("Listens and understands");
    expect(own).not.toContain("Hidden Buyer");
    // The period, never the day and time a comment was written.
    expect(own).toContain(`A customer</span> · ${period}`);
    expect(own).not.toMatch(/\d{2}:\d{2} \(/);
    expect(team).toMatch(/\d{2}:\d{2} \(/);

    await Profile.withdrawConsent(named.answer.customerId);
    const insights = await (await app.request(`/v1/insights/lost-deals?period=${period}`, { headers: { authorization: admin } })).json();
    expect(insights.comments.find((c: { text: string }) => c.text === "A local partner.").customerName).toBeNull();
  });
});

describe("deal events under concurrency", () => {
  it("sends one card when five events of one deal race without a key: one answers sent, the others duplicate", async () => {
    const rep = await aRep();
    const contact = email("same-deal", "customers.example");
    const body = { customer: { email: contact, name: "Race Buyer" }, repEmail: rep.email, dealId: `same-deal-${Date.now()}`, lostAt: new Date().toISOString() };
    const answers = await Promise.all(Array.from({ length: 5 }, async () => (await postEvent(body)).json()));
    expect(answers.map((a) => a.status).sort()).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "sent"]);
    expect(new Set(answers.map((a) => a.customerId)).size).toBe(1);
    expect((await countsByRecipient([contact])).get(contact)).toBe(1);
  });

  it("sends one card when five requests with the same Idempotency-Key race; every 202 carries the same body", async () => {
    const rep = await aRep();
    const contact = email("race", "customers.example");
    const body = { customer: { email: contact, name: "Race Buyer" }, repEmail: rep.email, dealId: `race-${Date.now()}`, lostAt: new Date().toISOString() };
    const answers = await Promise.all(Array.from({ length: 5 }, () => postEvent(body, { "Idempotency-Key": `race-${body.dealId}` })));
    const accepted = answers.filter((r) => r.status === 202);
    expect(accepted.length).toBeGreaterThan(0);
    for (const refused of answers.filter((r) => r.status !== 202)) {
      expect(refused.status).toBe(409);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const bodies = new Set(await Promise.all(accepted.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    expect((await countsByRecipient([contact])).get(contact)).toBe(1);
  });
});
