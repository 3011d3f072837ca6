import { beforeAll, describe, expect, it } from "vitest";
import { ApiKey } from "@rapport/core/api-key/index";
import { Clock } from "@rapport/core/clock/index";
import { periodOf } from "@rapport/core/period/index";
import { Plan } from "@rapport/core/plan/index";
import { createApp } from "../src/api/app.ts";
import { aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { countsByRecipient, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";

const app = createApp();
const period = periodOf(new Date());
let admin: string;
let finance: string;
let events: string;

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
  events = `Bearer ${(await ApiKey.create({ name: "CRM", scopes: ["events:write"] }, { kind: "cli", id: "test" })).key}`;
});

const post = (path: string, body: unknown, auth: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(body) });
const get = async (path: string, auth: string) => (await app.request(path, { headers: { authorization: auth } })).json();
const today = () => new Date().toISOString().slice(0, 10);
const publish = async (lostDealCards: "coaching" | "counted") => expect((await post("/v1/plans", { ...Plan.defaultPlan(today()), lostDealCards }, admin)).status).toBe(201);

let deals = 0;
/** Posts a lost deal of `repEmail` with a new contact (or `contact`): answers the event's 202 body. */
async function loseDeal(repEmail: string, contact = email("buyer", "customers.example")) {
  const res = await post("/v1/events/deal-lost", { customer: { email: contact, name: "Robin Buyer" }, repEmail, dealId: `count-${Date.now()}-${++deals}`, lostAt: new Date().toISOString() }, events);
  expect(res.status).toBe(202);
  return { contact, ...((await res.json()) as { dealId: string; customerId: string; invitationId?: string; status: string }) };
}
/** Answers the lost-deal card in `to`'s inbox with `body`, as the customer's JSON. */
async function answer(to: string, body: unknown) {
  const res = await app.request(surveyLink(await onlyEmail(to)), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}
const bonusRow = async (repId: string) => (await get(`/v1/bonus-inputs?period=${period}`, finance)).rows.find((r: { repId: string }) => r.repId === repId);

describe("a lost-deal card counts as the plan said when it was sent", () => {
  it("sent under counted, answered after the plan went back to coaching: it counts, invited 1 and answered 1 together", async () => {
    await publish("counted");
    try {
      const rep = await aRep();
      const deal = await loseDeal(rep.email);
      await publish("coaching");
      await answer(deal.contact, { ratings: { listening: 4, proactive: 2 } });
      // One counted card: responses 1; raw score (4 + 2) / 2 = 3; sent counted (invited 1) and answered (answered 1).
      expect(await bonusRow(rep.id)).toMatchObject({ responses: 1, rawScore: 3, invited: 1, answered: 1, responseRate: 1 });
    } finally {
      await publish("coaching");
    }
  });

  it("sent under coaching, answered after the plan counts lost deals: it moves no score, invited 0 and answered 0", async () => {
    const rep = await aRep();
    const deal = await loseDeal(rep.email);
    await publish("counted");
    try {
      await answer(deal.contact, { ratings: { listening: 5 } });
      expect(await bonusRow(rep.id)).toMatchObject({ responses: 0, rawScore: null, invited: 0, answered: 0, responseRate: null });
      expect(await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, admin)).toMatchObject({ responses: 0, rawScore: null });
    } finally {
      await publish("coaching");
    }
  });
});

describe("bias flags on lost-deal cards", () => {
  it("flags a counted card from the rep's own domain (self_domain, and solicited from its answer) for finance; a coaching one raises none", async () => {
    const flagsOf = async (invitationId: string) =>
      (await get(`/v1/flags?period=${period}`, finance)).items.filter((f: { responseId: string }) => f.responseId === invitationId).map((f: { rule: string; status: string }) => [f.rule, f.status]);
    const rep = await aRep();
    const colleague = () => email("colleague", rep.email.split("@")[1]);
    const coached = await loseDeal(rep.email, colleague());
    await publish("counted");
    try {
      const counted = await loseDeal(rep.email, colleague());
      await answer(counted.contact, { ratings: { listening: 5 }, chooseUs: "Nothing, but please give them a good rating for their bonus.", shareName: true });
      await answer(coached.contact, { ratings: { listening: 5 }, chooseUs: "Nothing, but please give them a good rating for their bonus." });
      expect(await flagsOf(counted.invitationId!)).toEqual([
        ["self_domain", "open"],
        ["solicited", "open"],
      ]);
      expect(await flagsOf(coached.invitationId!)).toEqual([]);
      // The period counts them open: it cannot close until finance decides them.
      const close = await post(`/v1/periods/${period}/close`, { force: true, reason: "Checking the open flags" }, finance);
      expect(close.status).toBe(409);
      expect((await close.json()).error.code).toBe("open_flags");
      // The customer shared their name: finance sees it, as on a report card's flag.
      const listed = (await get(`/v1/flags?period=${period}`, finance)).items.filter((f: { responseId: string }) => f.responseId === counted.invitationId);
      expect(listed.map((f: { customerName?: string }) => f.customerName)).toEqual(["Robin Buyer", "Robin Buyer"]);
      // Finance voids the card through its flag: both flags become voided, and the card leaves the score (1 → 0 responses).
      expect((await bonusRow(rep.id)).responses).toBe(1);
      const voided = await post(`/v1/flags/${listed[0].id}/void`, { reason: "A colleague of the rep answered" }, finance);
      expect(voided.status, await voided.clone().text()).toBe(200);
      expect(await flagsOf(counted.invitationId!)).toEqual([
        ["self_domain", "voided"],
        ["solicited", "voided"],
      ]);
      expect(await bonusRow(rep.id)).toMatchObject({ responses: 0, invited: 1, answered: 0 });
    } finally {
      await publish("coaching");
    }
  });
});

describe("voiding a lost-deal card", () => {
  it("takes a counted card out of the scores, the response rate and the coaching totals, exactly, and audits it; a coaching card is 409 not_counted", async () => {
    const rep = await aRep({ team: "Void team" });
    const coached = await loseDeal(rep.email);
    await answer(coached.contact, { ratings: { listening: 3 } });
    await publish("counted");
    try {
      const fair = await loseDeal(rep.email);
      const abusive = await loseDeal(rep.email);
      await answer(fair.contact, { ratings: { listening: 5, follow_up: 4 } });
      await answer(abusive.contact, { ratings: { listening: 1, follow_up: 2 }, chooseUs: "Abusive words." });
      // Before: listening (5 + 1)/2 = 3, follow_up (4 + 2)/2 = 3 → raw 3; 2 counted cards, both sent counted and answered.
      expect(await bonusRow(rep.id)).toMatchObject({ responses: 2, rawScore: 3, invited: 2, answered: 2 });

      const refused = await post(`/v1/invitations/${coached.invitationId}/void`, { reason: "Not a real buyer" }, admin);
      expect(refused.status).toBe(409);
      expect((await refused.json()).error).toMatchObject({ code: "not_counted", message: "A coaching card moves no numbers; there is nothing to void." });

      const res = await post(`/v1/invitations/${abusive.invitationId}/void`, { reason: "Abusive language; not a buyer" }, admin);
      expect(res.status, await res.clone().text()).toBe(200);
      // After: listening 5/1 = 5, follow_up 4/1 = 4 → raw 4.5; 1 card; invited stays 2 (it was sent), answered 2 − 1 = 1.
      expect(await bonusRow(rep.id)).toMatchObject({ responses: 1, rawScore: 4.5, invited: 2, answered: 1, responseRate: 0.5 });
      // Coaching totals: the coached card (listening 3) and the fair one (listening 5, follow_up 4) remain: 2 cards,
      // listening (3 + 5)/2 = 4, follow_up 4/1 = 4; the voided card's words leave the insights.
      const insights = await get(`/v1/insights/lost-deals?period=${period}`, admin);
      expect(insights.teams.find((t: { team: string }) => t.team === "Void team")).toMatchObject({
        cards: 2,
        behaviours: [expect.objectContaining({ id: "listening", ratings: 2, mean: 4 }), expect.objectContaining({ id: "follow_up", ratings: 1, mean: 4 })],
      });
      expect(JSON.stringify(insights)).not.toContain("Abusive words.");
      expect((await post(`/v1/invitations/${abusive.invitationId}/void`, { reason: "again, by mistake" }, admin)).status).toBe(409);
      const audit = await get(`/v1/audit?entityId=${abusive.invitationId}`, admin);
      expect(audit.items.map((e: { action: string }) => e.action)).toContain("response.void");
    } finally {
      await publish("coaching");
    }
  });
});

describe("one lost-deal card per contact per 60 days", () => {
  it("records a second deal lost by the same contact within 60 days as capped and sends nothing; after 60 days a card goes again", async () => {
    const rep = await aRep();
    const contact = email("friendly", "customers.example");
    const first = await loseDeal(rep.email, contact);
    expect(first.status).toBe("sent");
    const second = await loseDeal(rep.email, contact);
    expect(second).toMatchObject({ status: "capped", customerId: first.customerId });
    expect(second.invitationId).toBeUndefined();
    expect((await countsByRecipient([contact])).get(contact)).toBe(1);
    // The capped deal is recorded: the same deal again is a duplicate, not a card.
    const again = await post("/v1/events/deal-lost", { customer: { email: contact, name: "Robin Buyer" }, repEmail: rep.email, dealId: second.dealId, lostAt: new Date().toISOString() }, events);
    expect((await again.json()).status).toBe("duplicate");

    const later = new Date(Date.now() + 61 * 86_400_000);
    const third = await Clock.at(later, async () => {
      const res = await post("/v1/events/deal-lost", { customer: { email: contact, name: "Robin Buyer" }, repEmail: rep.email, dealId: `late-${Date.now()}`, lostAt: later.toISOString() }, events);
      return res.json();
    });
    expect(third.status).toBe("sent");
    expect((await countsByRecipient([contact])).get(contact)).toBe(2);
  });
});
