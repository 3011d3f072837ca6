import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { ApiKey } from "@rapport/core/api-key/index";
import { Clock } from "@rapport/core/clock/index";
import { Customer } from "@rapport/core/customer/index";
import { db, tableName } from "@rapport/core/db/index";
import { dealKeys } from "@rapport/core/deal/keys";
import { Idempotency } from "@rapport/core/idempotency/index";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { Plan } from "@rapport/core/plan/index";
import type { StreamWorker } from "@rapport/local/stream";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { countsByRecipient, inbox, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";
import { campaignWorker, finished } from "../../../test/support/campaigns.ts";

const app = createApp();
const period = periodOf(new Date());
let admin: string;
let finance: string;
let events: { header: string; id: string };
let worker: StreamWorker;

beforeAll(async () => {
  admin = await bearer("admin");
  finance = await bearer("finance");
  const made = await ApiKey.create({ name: "CRM", scopes: ["events:write"] }, { kind: "cli", id: "test" });
  events = { header: `Bearer ${made.key}`, id: made.id };
  worker = await campaignWorker();
});

afterAll(async () => {
  await worker?.stop();
});

const post = (path: string, body: unknown, auth: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", authorization: auth, ...headers }, body: JSON.stringify(body) });
const get = async (path: string, auth: string) => (await app.request(path, { headers: { authorization: auth } })).json();

let deals = 0;
/** A lost deal of `repEmail` with a new contact (or `contact`) and a new deal id. */
function lostDeal(repEmail: string, contact: { email: string; name: string; company?: string } = { email: email("buyer", "customers.example"), name: "Robin Buyer" }) {
  return { customer: contact, repEmail, dealId: `deal-${Date.now()}-${++deals}`, lostAt: new Date(Date.now() - 3_600_000).toISOString(), reason: "Price" };
}
const wonDeal = (repEmail: string, contact: { email: string; name: string }) => ({ customer: contact, repEmail, dealId: `won-${Date.now()}-${++deals}`, wonAt: new Date().toISOString() });

/** Answers the lost-deal card in `to`'s inbox with `body`, as the customer's JSON. */
async function answerLostDeal(to: string, body: unknown) {
  const path = surveyLink(await onlyEmail(to));
  return app.request(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("the events:write scope", () => {
  it("refuses a deal event from a key without events:write (403), an admin key included", async () => {
    const rep = await aRep();
    for (const key of [admin, finance]) {
      const res = await post("/v1/events/deal-lost", lostDeal(rep.email), key);
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("missing_scope");
    }
  });

  it("answers an unknown rep with 422 naming repEmail, and records and sends nothing", async () => {
    const body = lostDeal(email("nobody"));
    const res = await post("/v1/events/deal-lost", body, events.header);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "unknown_rep", fields: { repEmail: "no active rep has this email" } });
    expect(await inbox(body.customer.email)).toEqual([]);
    expect(await Customer.fromEmail(body.customer.email)).toBeUndefined();
  });

  it("refuses a lostAt in the future and a dealId over 128 characters, naming each", async () => {
    const rep = await aRep();
    const res = await post("/v1/events/deal-lost", { ...lostDeal(rep.email), lostAt: new Date(Date.now() + 3_600_000).toISOString(), dealId: "d".repeat(129) }, events.header);
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields).sort()).toEqual(["dealId", "lostAt"]);
  });
});

describe("how old a deal event may be", () => {
  it("refuses a lostAt or wonAt more than 90 days ago (422 naming the field), and takes one 89 days ago", async () => {
    const rep = await aRep();
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const lost = { ...lostDeal(rep.email), lostAt: daysAgo(91) };
    const old = await post("/v1/events/deal-lost", lost, events.header);
    expect(old.status).toBe(422);
    expect((await old.json()).error).toMatchObject({ code: "event_too_old", fields: { lostAt: "must be within the last 90 days" } });
    const won = await post("/v1/events/deal-won", { ...wonDeal(rep.email, { email: email("won", "customers.example"), name: "Old Win" }), wonAt: daysAgo(91) }, events.header);
    expect(won.status).toBe(422);
    expect((await won.json()).error.fields).toEqual({ wonAt: "must be within the last 90 days" });
    expect(await inbox(lost.customer.email)).toEqual([]);
    expect((await post("/v1/events/deal-lost", { ...lostDeal(rep.email), lostAt: daysAgo(89) }, events.header)).status).toBe(202);
  });
});

describe("Idempotency-Key on deal events", () => {
  it("answers a replay with the same key and body from memory: the same status and body, the replay header, and no second email", async () => {
    const rep = await aRep();
    const body = lostDeal(rep.email);
    const key = { "Idempotency-Key": `retry-${body.dealId}` };
    const first = await post("/v1/events/deal-lost", body, events.header, key);
    expect(first.status).toBe(202);
    const answer = await first.json();
    expect(answer).toMatchObject({ event: "deal-lost", dealId: body.dealId, status: "sent" });
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await post("/v1/events/deal-lost", body, events.header, key);
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(answer);
    expect((await countsByRecipient([body.customer.email])).get(body.customer.email)).toBe(1);
  });

  it("refuses the same key with another body (422 idempotency_key_reused), sending nothing", async () => {
    const rep = await aRep();
    const body = lostDeal(rep.email);
    const key = { "Idempotency-Key": `reuse-${body.dealId}` };
    expect((await post("/v1/events/deal-lost", body, events.header, key)).status).toBe(202);
    const other = lostDeal(rep.email);
    const res = await post("/v1/events/deal-lost", other, events.header, key);
    expect(res.status).toBe(422);
    expect((await res.json()).error.code).toBe("idempotency_key_reused");
    expect(await inbox(other.customer.email)).toEqual([]);
  });

  it("answers 409 with Retry-After while the first request with the key is still working", async () => {
    const rep = await aRep();
    const body = lostDeal(rep.email);
    const key = `in-flight-${body.dealId}`;
    await Idempotency.begin({ apiKeyId: events.id, key, fingerprint: Idempotency.fingerprint("deal-lost", body) });
    const res = await post("/v1/events/deal-lost", body, events.header, { "Idempotency-Key": key });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("idempotency_in_progress");
    // The claim is locked for 60 s, but a client is told to come back in 1 or 2 s: the first request is quick.
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(res.headers.get("retry-after"))).toBeLessThanOrEqual(2);
    expect(await inbox(body.customer.email)).toEqual([]);
  });

  it("frees the key of a refused first request, and forgets a key after 24 hours", async () => {
    const rep = await aRep();
    const body = lostDeal(rep.email);
    const key = { "Idempotency-Key": `fix-${body.dealId}` };
    expect((await post("/v1/events/deal-lost", { ...body, repEmail: email("nobody") }, events.header, key)).status).toBe(422);
    // The corrected request with the same key is done, not refused as a reuse.
    expect((await post("/v1/events/deal-lost", body, events.header, key)).status).toBe(202);
    const later = new Date(Date.now() + 25 * 3_600_000);
    const next = { ...lostDeal(rep.email), lostAt: new Date().toISOString() };
    const res = await Clock.at(later, () => post("/v1/events/deal-lost", next, events.header, key));
    expect(res.status).toBe(202);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });

  it("refuses an Idempotency-Key that is not 1–255 printable ASCII characters, naming the header", async () => {
    const rep = await aRep();
    for (const bad of ["k".repeat(256), "clé"]) {
      const res = await post("/v1/events/deal-lost", lostDeal(rep.email), events.header, { "Idempotency-Key": bad });
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields).toHaveProperty(["Idempotency-Key"]);
    }
  });
});

describe("a lost deal", () => {
  it("sends nothing for a second event of the same deal, even with another key: it answers duplicate", async () => {
    const rep = await aRep();
    const body = lostDeal(rep.email);
    const first = await (await post("/v1/events/deal-lost", body, events.header, { "Idempotency-Key": "one" })).json();
    const second = await post("/v1/events/deal-lost", body, events.header, { "Idempotency-Key": "two" });
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual({ event: "deal-lost", dealId: body.dealId, customerId: first.customerId, invitationId: first.invitationId, status: "duplicate" });
    expect((await post("/v1/events/deal-lost", body, events.header)).status).toBe(202);
    expect((await countsByRecipient([body.customer.email])).get(body.customer.email)).toBe(1);
  });

  it("records an unknown contact as a prospect and emails a lost-deal card that one POST answers, once", async () => {
    const rep = await aRep({ name: "Dana Ortiz" });
    const body = lostDeal(rep.email, { email: email("lost", "customers.example"), name: "Robin Buyer", company: "Northwind" });
    const res = await (await post("/v1/events/deal-lost", body, events.header)).json();
    const prospect = await Customer.mustGet(res.customerId);
    expect(prospect).toMatchObject({ stage: "prospect", repId: rep.id, email: body.customer.email });
    // Not among the rep's customers.
    expect((await get(`/v1/customers?repId=${rep.id}`, admin)).items).toEqual([]);
    const sent = await onlyEmail(body.customer.email);
    expect(sent.subject).toBe("You chose another supplier: would you tell us why?");
    expect(sent.body.text).toContain("what would have made you choose");
    const page = await (await app.request(surveyLink(sent))).text();
    expect(page).toContain("What would have made you choose us?");
    expect(page).toContain("Dana Ortiz listens and understands what matters to me");
    // Opening the page recorded nothing.
    expect((await Invitation.mustGet(res.invitationId)).answeredAt).toBeUndefined();

    const answers = { ratings: { listening: 4, proactive: 2, customer_first: "na" }, chooseUs: "A pilot before the full rollout." };
    const answered = await answerLostDeal(body.customer.email, answers);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ kind: "lost-deal", outcome: "recorded" });
    expect(await (await answerLostDeal(body.customer.email, answers)).json()).toMatchObject({ outcome: "unchanged" });
    const coaching = (await db().send(new GetCommand({ TableName: tableName(), Key: dealKeys.coaching(period, rep.id), ConsistentRead: true }))).Item;
    expect(coaching).toMatchObject({ cards: 1, n_listening: 1, s_listening: 4, n_proactive: 1, s_proactive: 2 });
    expect(coaching?.n_customer_first).toBeUndefined();
    // No recovery case, though a behaviour was rated 2: the customer is gone; there is nothing to recover.
    expect((await get(`/v1/follow-ups?repId=${rep.id}`, admin)).items).toEqual([]);
    // A report card to a prospect is refused.
    const card = await post("/v1/invitations", { customerId: res.customerId, kind: "report-card" }, admin);
    expect(card.status).toBe(409);
    expect((await card.json()).error.code).toBe("prospect");
  });

  it("with the default plan (coaching), leaves the rep's score card and bonus row as they were, and shows in the lost-deal insights", async () => {
    const rep = await aRep({ name: "Coached Rep", team: "Coaching" });
    const scorecard = () => get(`/v1/reps/${rep.id}/scorecard?period=${period}`, admin);
    const bonusRow = async () => (await get(`/v1/bonus-inputs?period=${period}`, finance)).rows.find((r: { repId: string }) => r.repId === rep.id);
    const body = lostDeal(rep.email);
    await post("/v1/events/deal-lost", body, events.header);
    const [cardBefore, rowBefore] = [await scorecard(), await bonusRow()];
    expect(cardBefore).toMatchObject({ responses: 0, rawScore: null });
    expect(await (await answerLostDeal(body.customer.email, { ratings: { listening: 1, follow_up: 2 }, chooseUs: "Answers within a day." })).json()).toMatchObject({ outcome: "recorded" });
    expect(await scorecard()).toEqual(cardBefore);
    expect(await bonusRow()).toEqual(rowBefore);
    expect(rowBefore).toMatchObject({ responses: 0, invited: 0, answered: 0 });

    const insights = await get(`/v1/insights/lost-deals?period=${period}`, admin);
    const team = insights.teams.find((t: { team: string }) => t.team === "Coaching");
    expect(team).toMatchObject({ cards: 1 });
    expect(team.behaviours).toEqual([
      { id: "listening", label: "Listens and understands what matters to me", ratings: 1, mean: 1 },
      { id: "follow_up", label: "Follows up and keeps promises on time", ratings: 1, mean: 2 },
    ]);
    // Anonymous: the customer did not share their name.
    expect(insights.comments.filter((c: { repId: string }) => c.repId === rep.id)).toEqual([
      { team: "Coaching", repId: rep.id, repName: "Coached Rep", text: "Answers within a day.", customerName: null, answeredAt: expect.any(String) },
    ]);
    expect(JSON.stringify(insights)).not.toContain(body.customer.email);
  });

  it("with lostDealCards counted, moves the score card exactly as a report card would", async () => {
    const published = await post("/v1/plans", { ...Plan.defaultPlan(new Date().toISOString().slice(0, 10)), lostDealCards: "counted" }, admin);
    expect(published.status).toBe(201);
    expect((await published.json()).lostDealCards).toBe("counted");
    try {
      const rep = await aRep({ name: "Counted Rep", team: "Counted" });
      const body = lostDeal(rep.email);
      await post("/v1/events/deal-lost", body, events.header);
      const before = await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, admin);
      expect(before).toMatchObject({ responses: 0, rawScore: null });
      await answerLostDeal(body.customer.email, { ratings: { listening: 4, proactive: 2, advocacy: "na" }, chooseUs: "A pilot first." });
      const after = await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, admin);
      // One counted card: responses 0 → 1. Behaviour means: listening 4/1 = 4, proactive 2/1 = 2 ("na" left out).
      // rawScore, the equally weighted mean of the rated behaviours' means: (4 + 2) / 2 = 3 (null before).
      expect(after).toMatchObject({ responses: 1, rawScore: 3 });
      const means = Object.fromEntries(after.behaviours.map((b: { id: string; n: number; mean: number | null }) => [b.id, [b.n, b.mean]]));
      expect(means).toMatchObject({ listening: [1, 4], proactive: [1, 2], advocacy: [0, null] });
      // The response rate's bookkeeping too: sent under the counted plan (invited 1), answered (answered 1).
      const row = (await get(`/v1/bonus-inputs?period=${period}`, finance)).rows.find((r: { repId: string }) => r.repId === rep.id);
      expect(row).toMatchObject({ responses: 1, rawScore: 3, invited: 1, answered: 1, responseRate: 1 });
    } finally {
      expect((await post("/v1/plans", Plan.defaultPlan(new Date().toISOString().slice(0, 10)), admin)).status).toBe(201);
    }
  });

  it("never reaches a prospect with a campaign: by rep, or by a list naming them", async () => {
    const rep = await aRep();
    const customer = await aCustomer(rep.id);
    const body = lostDeal(rep.email);
    const { customerId: prospectId } = await (await post("/v1/events/deal-lost", body, events.header)).json();
    const byRep = await (await post("/v1/campaigns", { kind: "report-card", repId: rep.id }, admin)).json();
    expect(byRep.total).toBe(1);
    expect(await finished(byRep.id)).toMatchObject({ status: "done", sent: 1 });
    const listed = await (await post("/v1/campaigns", { kind: "report-card", customerIds: [prospectId] }, admin)).json();
    expect(await finished(listed.id)).toMatchObject({ status: "done", sent: 0, skipped: { unknown: 1 } });
    const counts = await countsByRecipient([customer.email, body.customer.email]);
    expect(counts.get(customer.email)).toBe(1);
    // The prospect has the lost-deal card only.
    expect(counts.get(body.customer.email)).toBe(1);
  });
});

describe("a won deal", () => {
  it("creates an unknown customer for the rep and sends them the onboarding form", async () => {
    const rep = await aRep({ name: "Winning Rep" });
    const contact = { email: email("won", "customers.example"), name: "Casey New" };
    const res = await post("/v1/events/deal-won", wonDeal(rep.email, contact), events.header);
    expect(res.status).toBe(202);
    const answer = await res.json();
    expect(answer).toMatchObject({ event: "deal-won", status: "sent" });
    expect(await Customer.mustGet(answer.customerId)).toMatchObject({ repId: rep.id, email: contact.email, name: "Casey New" });
    expect((await Customer.mustGet(answer.customerId)).stage).toBeUndefined();
    const sent = await onlyEmail(contact.email);
    expect(sent.subject).toContain("How would you like");
    expect((await Invitation.mustGet(answer.invitationId)).kind).toBe("onboarding");
  });

  it("makes a prospect the winning rep's customer: they join the rep's customers and get the onboarding form", async () => {
    const loser = await aRep();
    const winner = await aRep();
    const contact = { email: email("comeback", "customers.example"), name: "Jo Comeback" };
    const lost = await (await post("/v1/events/deal-lost", lostDeal(loser.email, contact), events.header)).json();
    const won = await (await post("/v1/events/deal-won", wonDeal(winner.email, contact), events.header)).json();
    expect(won.customerId).toBe(lost.customerId);
    const customer = await Customer.mustGet(won.customerId);
    expect(customer.stage).toBeUndefined();
    expect(customer.repId).toBe(winner.id);
    expect((await get(`/v1/customers?repId=${winner.id}`, admin)).items.map((c: { id: string }) => c.id)).toEqual([won.customerId]);
    // The lost-deal card and the onboarding form.
    expect((await inbox(contact.email)).map((e) => e.subject)).toEqual(["You chose another supplier: would you tell us why?", expect.stringContaining("How would you like")]);
  });

  it("keeps a customer of another rep with their rep", async () => {
    const owner = await aRep({ name: "Owner Rep" });
    const other = await aRep();
    const customer = await aCustomer(owner.id);
    const won = await (await post("/v1/events/deal-won", wonDeal(other.email, { email: customer.email, name: customer.name }), events.header)).json();
    expect(won.customerId).toBe(customer.id);
    expect((await Customer.mustGet(customer.id)).repId).toBe(owner.id);
    expect((await Invitation.mustGet(won.invitationId)).repId).toBe(owner.id);
    expect((await onlyEmail(customer.email)).body.text).toContain("Owner Rep will be your contact");
  });
});
