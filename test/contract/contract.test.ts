import { DateTime } from "luxon";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Campaign } from "@rapport/core/campaign/index";
import { Concern } from "@rapport/core/concern/index";
import { Clock } from "@rapport/core/clock/index";
import { config, configure } from "@rapport/core/config";
import { Idempotency } from "@rapport/core/idempotency/index";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { Plan } from "@rapport/core/plan/index";
import { Profile } from "@rapport/core/profile/index";
import { Survey } from "@rapport/core/survey/index";
import { Team } from "@rapport/core/team/index";
import { serveApp, type ServedApp } from "../browser/browser.ts";
import { campaignWorker, finished } from "../support/campaigns.ts";
import { bearer, email, sessionCookie } from "../support/fixtures.ts";
import { Contract } from "./contract.ts";
import { emailTo, errorOf, surveyToken, unsubscribeToken, withHealthReadFailing, withInterloper } from "./support.ts";

/**
 * Documented answers this file does not produce, and why. Each must stay documented and unexercised,
 * so the list shrinks when a test learns to reach one.
 */
const UNREACHED: Record<string, string> = {};

const DAY = 86_400_000;
const current = periodOf(new Date());
const previous = periodOf(DateTime.utc().minus({ quarters: 1 }).toJSDate());
const unknownId = (prefix: string) => `${prefix}_01JH5Z00000000000000000000`;
const unknownToken = "Z".repeat(43);

let served: ServedApp;
let api: Contract;
let admin: string;
let finance: string;
let events: string;
const key = (value: string) => ({ headers: { authorization: value } });
const cookie = (value: string) => ({ headers: { cookie: value } });

/** What the scenarios create and later tests read. */
const s = {} as {
  manager: string;
  repA: { id: string; email: string };
  repB: { id: string; email: string };
  customers: { id: string; email: string }[];
  onboardingEmail: string;
};

beforeAll(async () => {
  served = await serveApp();
  api = new Contract(await (await fetch(`${served.url}/openapi.json`)).json(), served.url);
  admin = await bearer("admin");
  events = await bearer("events:write");
}, 60_000);

afterAll(async () => {
  await served?.close();
});

describe("the live server answers as its OpenAPI document says", () => {
  it("health: 200 while the database answers, 503 while it does not", async () => {
    expect((await api.call("getHealth")).body).toEqual({ ok: true, database: "ok", queue: { stream: "enabled", deadLetters: null } });
    const down = await withHealthReadFailing(() => api.call("getHealth"));
    expect(errorOf(down, 503)).toBe("unavailable");
  });

  it("API keys: an admin key makes a finance key; bad scopes are a 400", async () => {
    const made = await api.call("createApiKey", { ...key(admin), json: { name: "Finance export", scopes: ["finance"] } });
    expect(made.status).toBe(201);
    finance = `Bearer ${made.body.key}`;
    expect(errorOf(await api.call("createApiKey", { ...key(admin), json: { name: "x", scopes: ["root"] } }), 400)).toBe("invalid_input");
  });

  it("webhooks: subscribed with the secret shown once, listed and read without it, tested, enabled, deleted; a refused URL and unknown ids", async () => {
    const made = await api.call("createWebhook", { ...key(admin), json: { url: "http://127.0.0.1:9/hook", events: ["case.opened"] } });
    expect(made.status).toBe(201);
    const id: string = made.body.id;
    expect(made.body.secret).toMatch(/^whsec_/);
    expect(errorOf(await api.call("createWebhook", { ...key(admin), json: { url: "http://169.254.169.254/", events: ["case.opened"] } }), 400)).toBe("invalid_url");
    expect(JSON.stringify((await api.call("listWebhooks", key(admin))).body)).not.toContain(made.body.secret);
    expect((await api.call("testWebhook", { ...key(admin), params: { id } })).status).toBe(202);
    expect((await api.call("getWebhook", { ...key(admin), params: { id } })).body).toMatchObject({ id, status: "active", deliveries: [] });
    expect((await api.call("enableWebhook", { ...key(admin), params: { id } })).body).toMatchObject({ id, status: "active" });
    for (const op of ["getWebhook", "deleteWebhook", "testWebhook", "enableWebhook"]) {
      expect(errorOf(await api.call(op, { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
      expect(errorOf(await api.call(op, { ...key(admin), params: { id: unknownId("whk") } }), 404)).toBe("webhook_not_found");
    }
    expect((await api.call("deleteWebhook", { ...key(admin), params: { id } })).status).toBe(204);
  });

  it("refuses every operation that needs credentials without them (401), with a bad key (401) and with the wrong scope (403)", async () => {
    let guarded = 0;
    for (const { id, op } of api.operations.values()) {
      const schemes = (op.security as Record<string, string[]>[]).flatMap((entry) => Object.entries(entry));
      if (!schemes.length) continue;
      guarded++;
      const params = Object.fromEntries((op.parameters ?? []).filter((p: { in: string }) => p.in === "path").map((p: { name: string }) => [p.name, "x"]));
      const anonymous = await api.call(id, { params });
      expect(errorOf(anonymous, 401), id).toMatch(/^(unauthenticated|not_signed_in)$/);
      const scopes = schemes.filter(([name]) => name === "apiKey").map(([, scope]) => scope[0]);
      if (!scopes.length) continue;
      expect(errorOf(await api.call(id, { params, ...key("Bearer rk_not_a_key") }), 401), id).toBe("invalid_api_key");
      // A key of a scope the operation does not take.
      const lacking = !scopes.includes("finance") ? finance : !scopes.includes("admin") ? admin : events;
      expect(errorOf(await api.call(id, { params, ...key(lacking) }), 403), id).toBe("missing_scope");
    }
    expect(guarded).toBeGreaterThan(20);
  });

  it("answers 429 with Retry-After on every operation a key reaches once that key's allowance is spent", async () => {
    const spent = await bearer("admin", "finance");
    const normal = config().apiKeyRate;
    // One request per window, and a window far longer than this test, so it cannot open again midway.
    configure({ apiKeyRate: { limit: 1, windowMs: 365 * DAY } });
    try {
      expect((await api.call("listReps", key(spent))).status).toBe(200);
      let limited = 0;
      for (const { id, op } of api.operations.values()) {
        // Sign-in is public: its 429 is the address's or the IP's allowance (exercised with sign-in below).
        if (!op.responses["429"] || !op.security.length) continue;
        limited++;
        const params = Object.fromEntries((op.parameters ?? []).filter((p: { in: string }) => p.in === "path").map((p: { name: string }) => [p.name, "x"]));
        const answer = await api.call(id, { params, ...key(spent) });
        expect(errorOf(answer, 429), id).toBe("rate_limited");
        expect(Number(answer.headers.get("retry-after")), id).toBeGreaterThan(0);
      }
      expect(limited).toBeGreaterThan(20);
      // Another key's allowance is its own.
      expect((await api.call("listReps", key(admin))).status).toBe(200);
    } finally {
      configure({ apiKeyRate: normal });
    }
  });

  it("refuses a body over 64 KB on every operation that takes one (413), before the key or the body is read", async () => {
    const big = { padding: "x".repeat(64 * 1024) };
    let bodied = 0;
    for (const { id, op } of api.operations.values()) {
      if (!op.requestBody) continue;
      bodied++;
      const params = Object.fromEntries((op.parameters ?? []).filter((p: { in: string }) => p.in === "path").map((p: { name: string }) => [p.name, "x"]));
      expect(errorOf(await api.call(id, { params, json: big }), 413), id).toBe("body_too_large");
    }
    expect(bodied).toBeGreaterThan(10);
  });

  it("reps and customers: created, listed, duplicates refused (409), unknown reps named", async () => {
    s.manager = email("manager");
    const rep = async (tag: string) => {
      const made = await api.call("createRep", { ...key(admin), json: { name: `Rep ${tag}`, email: email(`rep${tag}`), managerEmail: s.manager, team: "West", timezone: "Europe/Berlin" } });
      expect(made.status).toBe(201);
      return made.body as { id: string; email: string };
    };
    s.repA = await rep("a");
    s.repB = await rep("b");
    expect(errorOf(await api.call("createRep", { ...key(admin), json: { name: "Dup", email: s.repA.email } }), 409)).toBeTruthy();
    const bad = await api.call("createRep", { ...key(admin), json: { name: "Bad", email: "not-an-email" } });
    expect(errorOf(bad, 400)).toBe("invalid_input");
    expect(bad.body.error.fields.email).toBeTruthy();
    const page = await api.call("listReps", { ...key(admin), query: { limit: "1" } });
    expect(page.body.items).toHaveLength(1);
    expect(typeof page.body.cursor).toBe("string");
    expect((await api.call("listReps", { ...key(admin), query: { limit: "1", cursor: page.body.cursor } })).status).toBe(200);
    expect(errorOf(await api.call("listReps", { ...key(admin), query: { limit: "0" } }), 400)).toBe("invalid_input");

    s.customers = [];
    for (const repId of [s.repA.id, s.repA.id, s.repA.id, s.repA.id, s.repB.id, s.repB.id]) {
      const made = await api.call("createCustomer", { ...key(admin), json: { name: `Customer ${s.customers.length}`, email: email("customer", "customers.example"), company: "Northwind", repId, valueTier: "A" } });
      expect(made.status).toBe(201);
      s.customers.push(made.body);
    }
    expect(errorOf(await api.call("createCustomer", { ...key(admin), json: { name: "Dup", email: s.customers[0]!.email, repId: s.repA.id } }), 409)).toBeTruthy();
    const orphan = await api.call("createCustomer", { ...key(admin), json: { name: "Orphan", email: email("orphan"), repId: unknownId("rep") } });
    expect(errorOf(orphan, 400)).toBeTruthy();
    const listed = await api.call("listCustomers", { ...key(admin), query: { repId: s.repA.id } });
    expect(listed.body.items).toHaveLength(4);
    expect(errorOf(await api.call("listCustomers", { ...key(admin), query: { repId: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("listCustomers", { ...key(admin), query: { repId: unknownId("rep") } }), 404)).toBeTruthy();
  });

  it("teams, reps and customers as resources: read with an ETag, edited under If-Match (412 when stale), deactivated", async () => {
    const boss = email("boss");
    const team = await api.call("createTeam", { ...key(admin), json: { name: "Contract team", managerEmail: boss, slackWebhookUrl: "https://93.184.215.14/services/T/B/x" } });
    expect(team.body).toMatchObject({ slack: { configured: true, host: "93.184.215.14" } });
    expect(errorOf(await api.call("createTeam", { ...key(admin), json: { name: "Bad", managerEmail: boss, slackWebhookUrl: "http://hooks.slack.com/x" } }), 400)).toBe("invalid_input");
    expect((await api.call("listTeams", { ...key(admin), query: { limit: "1", status: "active" } })).body.items).toHaveLength(1);
    expect(errorOf(await api.call("listTeams", { ...key(admin), query: { status: "gone" } }), 400)).toBe("invalid_input");
    const teamId = team.body.id as string;
    expect((await api.call("getTeam", { ...key(admin), params: { id: teamId } })).headers.get("etag")).toBe('"v1"');
    expect(errorOf(await api.call("getTeam", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getTeam", { ...key(admin), params: { id: unknownId("team") } }), 404)).toBe("team_not_found");

    const rep = await api.call("createRep", { ...key(admin), json: { name: "Teamed Rep", email: email("teamed"), teamId } });
    expect(rep.body).toMatchObject({ team: "Contract team", managerEmail: boss });
    expect(errorOf(await api.call("createRep", { ...key(admin), json: { name: "Both", email: email(), teamId, team: "West" } }), 400)).toBe("invalid_input");
    const editTeam = (id: string, json: unknown, ifMatch?: string) => api.call("updateTeam", { params: { id }, json, headers: { authorization: admin, ...(ifMatch ? { "if-match": ifMatch } : {}) } });
    expect((await editTeam(teamId, { managerEmail: email("newboss"), slackWebhookUrl: null }, '"v1"')).body).toMatchObject({ slack: { configured: false }, version: 2 });
    expect(errorOf(await editTeam(teamId, { name: "Stale" }, '"v1"'), 412)).toBe("precondition_failed");
    expect(errorOf(await editTeam(teamId, { name: "" }), 400)).toBe("invalid_input");
    expect(errorOf(await editTeam(unknownId("team"), { name: "Nobody" }), 404)).toBe("team_not_found");
    const crossed = await withInterloper(
      (input) => input.TransactItems?.[0]?.Put?.Item?.pk === `TEAM#${teamId}`,
      () => Team.update(teamId, { name: "Interloper" }, { kind: "cli", id: "contract" }),
      () => editTeam(teamId, { name: "Crossed" }),
    );
    expect(errorOf(crossed, 409)).toBe("concurrent_update");

    const repId = rep.body.id as string;
    const read = await api.call("getRep", { ...key(admin), params: { id: repId } });
    expect(read.headers.get("etag")).toBe('"v2"');
    expect(errorOf(await api.call("getRep", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getRep", { ...key(admin), params: { id: unknownId("rep") } }), 404)).toBe("rep_not_found");
    const editRep = (id: string, json: unknown, ifMatch?: string) => api.call("updateRep", { params: { id }, json, headers: { authorization: admin, ...(ifMatch ? { "if-match": ifMatch } : {}) } });
    expect((await editRep(repId, { timezone: "Asia/Tokyo" }, '"v2"')).headers.get("etag")).toBe('"v3"');
    expect(errorOf(await editRep(repId, { name: "Stale" }, '"v2"'), 412)).toBe("precondition_failed");
    expect(errorOf(await editRep(repId, { email: s.repA.email }), 409)).toBe("duplicate_email");
    expect(errorOf(await editRep(repId, { managerEmail: email() }), 400)).toBe("invalid_input");
    expect(errorOf(await editRep(unknownId("rep"), { name: "Nobody" }), 404)).toBe("rep_not_found");
    const closed = await api.call("createTeam", { ...key(admin), json: { name: "Closed", managerEmail: boss } });
    expect((await api.call("deactivateTeam", { ...key(admin), params: { id: closed.body.id } })).body.active).toBe(false);
    expect(errorOf(await api.call("deactivateTeam", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("deactivateTeam", { ...key(admin), params: { id: unknownId("team") } }), 404)).toBe("team_not_found");
    expect(errorOf(await editRep(repId, { teamId: closed.body.id }), 422)).toBe("team_inactive");
    expect(errorOf(await api.call("createRep", { ...key(admin), json: { name: "Late", email: email(), teamId: closed.body.id } }), 422)).toBe("team_inactive");

    const customer = await api.call("createCustomer", { ...key(admin), json: { name: "Resource Customer", email: email("resource", "customers.example"), repId: s.repB.id } });
    const customerId = customer.body.id as string;
    expect((await api.call("getCustomer", { ...key(admin), params: { id: customerId } })).headers.get("etag")).toBe('"v1"');
    expect(errorOf(await api.call("getCustomer", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getCustomer", { ...key(admin), params: { id: unknownId("cus") } }), 404)).toBe("customer_not_found");
    const editCustomer = (id: string, json: unknown, ifMatch?: string) => api.call("updateCustomer", { params: { id }, json, headers: { authorization: admin, ...(ifMatch ? { "if-match": ifMatch } : {}) } });
    expect((await editCustomer(customerId, { repId, segment: "Enterprise" }, '"v1"')).body).toMatchObject({ repId, segment: "Enterprise", version: 2 });
    expect(errorOf(await editCustomer(customerId, { company: "Stale" }, '"v1"'), 412)).toBe("precondition_failed");
    expect(errorOf(await editCustomer(customerId, { email: s.customers[0]!.email }), 409)).toBe("duplicate_email");
    expect(errorOf(await editCustomer(customerId, { valueTier: "Z" }), 400)).toBe("invalid_input");
    expect(errorOf(await editCustomer(unknownId("cus"), { company: "Nobody" }), 404)).toBe("customer_not_found");
    const listed = await api.call("listCustomers", { ...key(admin), query: { team: "contract TEAM", status: "active", q: "resource" } });
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([customerId]);
    expect((await api.call("listReps", { ...key(admin), query: { teamId, status: "active", q: "teamed" } })).body.items.map((r: { id: string }) => r.id)).toEqual([repId]);

    expect((await api.call("deactivateCustomer", { ...key(admin), params: { id: customerId } })).body.active).toBe(false);
    expect(errorOf(await api.call("deactivateCustomer", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("deactivateCustomer", { ...key(admin), params: { id: unknownId("cus") } }), 404)).toBe("customer_not_found");
    expect((await api.call("deactivateRep", { ...key(admin), params: { id: repId } })).body.active).toBe(false);
    expect(errorOf(await api.call("deactivateRep", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("deactivateRep", { ...key(admin), params: { id: unknownId("rep") } }), 404)).toBe("rep_not_found");
    expect(errorOf(await editCustomer(s.customers[5]!.id, { repId }), 422)).toBe("rep_inactive");
    expect(errorOf(await api.call("createCustomer", { ...key(admin), json: { name: "Too late", email: email("late", "customers.example"), repId } }), 422)).toBe("rep_inactive");
  });

  it("deal events: sent once, replayed by Idempotency-Key, refused while in flight, for a reused key and an unknown rep; the lost-deal insights", async () => {
    const made = await api.call("createApiKey", { ...key(admin), json: { name: "CRM", scopes: ["events:write"] } });
    const crm = (idempotencyKey?: string) => ({ headers: { authorization: `Bearer ${made.body.key}`, ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) } });
    const contact = { email: email("lost", "customers.example"), name: "Robin Buyer" };
    const lost = { customer: contact, repEmail: s.repA.email, dealId: `contract-lost-${Date.now()}`, lostAt: new Date().toISOString(), reason: "Price" };
    const won = { customer: { email: email("won", "customers.example"), name: "Casey New" }, repEmail: s.repA.email, dealId: `contract-won-${Date.now()}`, wonAt: new Date().toISOString() };
    for (const [id, body] of [["dealLost", lost], ["dealWon", won]] as const) {
      const first = await api.call(id, { ...crm(`${id}-1`), json: body });
      expect(first.body.status).toBe("sent");
      const replay = await api.call(id, { ...crm(`${id}-1`), json: body });
      expect(replay.headers.get("idempotent-replayed")).toBe("true");
      expect(replay.body).toEqual(first.body);
      expect((await api.call(id, { ...crm(), json: body })).body.status).toBe("duplicate");
      expect(errorOf(await api.call(id, { ...crm(`${id}-1`), json: { ...body, dealId: "another" } }), 422)).toBe("idempotency_key_reused");
      expect(errorOf(await api.call(id, { ...crm(), json: { ...body, repEmail: email("nobody") } }), 422)).toBe("unknown_rep");
      expect(errorOf(await api.call(id, { ...crm(), json: { ...body, dealId: "" } }), 400)).toBe("invalid_input");
      const held = { ...body, dealId: `${body.dealId}-held` };
      await Idempotency.begin({ apiKeyId: made.body.id, key: `${id}-held`, fingerprint: Idempotency.fingerprint(id === "dealLost" ? "deal-lost" : "deal-won", held) });
      expect(errorOf(await api.call(id, { ...crm(`${id}-held`), json: held }), 409)).toBe("idempotency_in_progress");
    }
    const answered = await api.call("submitForm", { params: { token: surveyToken(await emailTo(contact.email)) }, json: { ratings: { listening: 3 }, chooseUs: "A pilot first." } });
    expect(answered.body).toMatchObject({ kind: "lost-deal", outcome: "recorded" });
    const insights = await api.call("getLostDealInsights", { ...key(admin), query: { period: current } });
    expect(insights.body.comments.map((c: { text: string }) => c.text)).toEqual(["A pilot first."]);
    expect(errorOf(await api.call("getLostDealInsights", { ...key(admin), query: { period: "Q4" } }), 400)).toBe("invalid_input");
    expect((await api.call("getLostDealInsights", cookie(await sessionCookie(s.manager)))).body.teams).toEqual([
      { team: "West", cards: 1, behaviours: [{ id: "listening", label: "Listens and understands what matters to me", ratings: 1, mean: 3 }] },
    ]);
    expect(errorOf(await api.call("getLostDealInsights", cookie(await sessionCookie(s.repA.email))), 403)).toBe("not_a_manager");
  });

  it("invitations and the survey link: sent, answered, sent again unchanged, voided, expired", async () => {
    const [poor, onboarding, abusive, unanswered] = s.customers;
    const invite = (customerId: string, kind: string) => api.call("sendInvitation", { ...key(admin), json: { customerId, kind } });
    const sent = await invite(poor!.id, "report-card");
    expect(sent.status).toBe(201);
    expect(errorOf(await invite(poor!.id, "report-card"), 409)).toBeTruthy();
    expect(errorOf(await invite(poor!.id, "postcard"), 400)).toBe("invalid_input");
    expect((await api.call("getInvitation", { ...key(admin), params: { id: sent.body.id } })).body.status).toBe("sent");
    expect(errorOf(await api.call("getInvitation", { ...key(admin), params: { id: "inv_nope" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getInvitation", { ...key(admin), params: { id: unknownId("inv") } }), 404)).toBeTruthy();

    const poorToken = surveyToken(await emailTo(poor!.email));
    const card = { ratings: { listening: 1, follow_up: 2, proactive: "na" }, improve: "Call back when you say you will.", contactOk: true };
    const submit = (token: string, json: unknown) => api.call("submitForm", { params: { token }, json });
    expect(errorOf(await submit(poorToken, { ratings: { listening: 9 } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("submitForm", { params: { token: poorToken }, json: "{not json" }), 400)).toBe("malformed_request");
    expect(errorOf(await submit(unknownToken, card), 404)).toBe("unknown_link");
    expect((await submit(poorToken, card)).body.outcome).toBe("recorded");
    expect((await submit(poorToken, card)).body.outcome).toBe("unchanged");

    expect((await invite(onboarding!.id, "onboarding")).status).toBe(201);
    s.onboardingEmail = onboarding!.email;
    const onboardingToken = surveyToken(await emailTo(onboarding!.email));
    const preferences = { channel: "phone", contact: "+1 415 555 0123", timezone: "America/Los_Angeles", bestHours: "Weekdays 9-11", cadence: "weekly", responseTime: "4h" };
    expect((await submit(onboardingToken, preferences)).body).toMatchObject({ kind: "onboarding", outcome: "recorded" });

    const abusiveInvite = await invite(abusive!.id, "report-card");
    await submit(surveyToken(await emailTo(abusive!.email)), { ratings: { listening: 5 } });
    const voidCard = (id: string, reason: string) => api.call("voidReportCard", { ...key(admin), params: { id }, json: { reason } });
    expect(errorOf(await voidCard(abusiveInvite.body.id, "no"), 400)).toBe("invalid_input");
    expect(errorOf(await voidCard(unknownId("inv"), "Abusive comment"), 404)).toBeTruthy();
    expect((await voidCard(abusiveInvite.body.id, "Abusive comment")).body).toMatchObject({ invitationId: abusiveInvite.body.id, period: current });
    expect(errorOf(await voidCard(abusiveInvite.body.id, "Abusive comment"), 409)).toBeTruthy();
    expect(errorOf(await submit(surveyToken(await emailTo(abusive!.email)), { ratings: { listening: 4 } }), 409)).toBe("already_final");

    // An invitation sent 31 days ago: its link has expired (links work for 30 days).
    const old = await Clock.at(new Date(Date.now() - 31 * DAY), () => Invitation.create({ customerId: unanswered!.id, kind: "report-card" }, { kind: "cli", id: "contract" }));
    if (!("invitation" in old)) throw new Error(`not invited: ${old.skipped}`);
    expect(errorOf(await submit(Invitation.tokenOf(old.invitation.id), card), 410)).toBe("expired_link");
    expect(errorOf(await voidCard(old.invitation.id, "Never answered"), 409)).toBeTruthy();
  });

  it("unsubscribe: the email's link works as JSON and as the RFC 8058 one-click form; an unknown link is a 404 either way", async () => {
    const token = unsubscribeToken(await emailTo(s.onboardingEmail));
    expect((await api.call("unsubscribe", { params: { token }, json: {} })).body).toEqual({ unsubscribed: true });
    expect((await api.call("unsubscribe", { params: { token }, form: { "List-Unsubscribe": "One-Click" } })).mediaType).toBe("text/html");
    expect(errorOf(await api.call("unsubscribe", { params: { token: unknownToken }, json: {} }), 404)).toBe("unknown_link");
    expect((await api.call("unsubscribe", { params: { token: unknownToken }, form: { "List-Unsubscribe": "One-Click" } })).mediaType).toBe("text/html");
  });

  it("concerns: raised as JSON, named or anonymous; bad answers, unknown and expired links, and the sixth of a day refused", async () => {
    const customerId = s.customers[5]!.id;
    const raise = (token: string, json: unknown) => api.call("raiseConcern", { params: { token }, json });
    const token = Concern.token(customerId);
    expect(errorOf(await raise(token, { what: "x".repeat(2001), urgency: "today", reply: "contact" }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("raiseConcern", { params: { token }, json: "{not json" }), 400)).toBe("malformed_request");
    expect(errorOf(await raise(unknownToken, { what: "Late", urgency: "today", reply: "contact" }), 404)).toBe("unknown_link");
    const expired = await Clock.at(new Date(Date.now() - 181 * DAY), () => Concern.token(customerId));
    expect(errorOf(await raise(expired, { what: "Late", urgency: "today", reply: "contact" }), 410)).toBe("expired_link");
    const once = { what: "The delivery came a week late.", urgency: "today", reply: "contact", channel: "phone", contact: "+1 415 555 0123", submission: "contract-0001-named" };
    const named = await raise(token, once);
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ reply: "contact", urgency: "today" });
    expect(Date.parse(named.body.contactBy) - Date.now()).toBeLessThanOrEqual(4 * 3_600_000);
    // The same submission again: nothing more is opened, and the answer is the same.
    const replayed = await raise(token, once);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual(named.body);
    for (let i = 0; i < 4; i++) expect((await raise(token, { what: `Problem ${i}`, urgency: "no-rush", reply: "anonymous" })).body).toEqual({ reply: "anonymous", urgency: "no-rush" });
    const refused = await raise(token, { what: "One more", urgency: "no-rush", reply: "contact" });
    expect(errorOf(refused, 429)).toBe("too_many_concerns");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("operations: campaigns, the scheduled job and SES notifications", async () => {
    const campaign = await api.call("startCampaign", { ...key(admin), json: { kind: "report-card", repId: s.repB.id } });
    expect(campaign.status).toBe(202);
    expect(campaign.body).toMatchObject({ status: "queued", total: 2, sent: 0, startedAt: null });
    const id: string = campaign.body.id;
    expect(errorOf(await api.call("startCampaign", { ...key(admin), json: { kind: "report-card", repId: unknownId("rep") } }), 404)).toBe("rep_not_found");
    expect(errorOf(await api.call("startCampaign", { ...key(admin), json: { kind: "postcard" } }), 400)).toBe("invalid_input");

    expect((await api.call("listCampaigns", { ...key(admin), query: { limit: "5" } })).body.items.map((item: { id: string }) => item.id)).toContain(id);
    expect(errorOf(await api.call("listCampaigns", { ...key(admin), query: { limit: "none" } }), 400)).toBe("invalid_input");
    expect((await api.call("getCampaign", { ...key(admin), params: { id } })).body.total).toBe(2);
    expect(errorOf(await api.call("getCampaign", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getCampaign", { ...key(admin), params: { id: unknownId("cmp") } }), 404)).toBe("campaign_not_found");

    // No worker runs yet, so this campaign is still queued: cancelling it means none of its cards go out.
    expect((await api.call("cancelCampaign", { ...key(admin), params: { id } })).body.status).toBe("cancelled");
    expect((await api.call("cancelCampaign", { ...key(admin), params: { id } })).body.status).toBe("cancelled");
    expect(errorOf(await api.call("cancelCampaign", { ...key(admin), params: { id: "x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("cancelCampaign", { ...key(admin), params: { id: unknownId("cmp") } }), 404)).toBe("campaign_not_found");
    const worker = await campaignWorker();
    try {
      const nobody = await api.call("startCampaign", { ...key(admin), json: { kind: "report-card", customerIds: [unknownId("cus")] } });
      expect(await finished(nobody.body.id)).toMatchObject({ status: "done", sent: 0, skipped: { unknown: 1 } });
      expect(errorOf(await api.call("cancelCampaign", { ...key(admin), params: { id: nobody.body.id } }), 409)).toBe("campaign_finished");
    } finally {
      await worker.stop();
    }
    expect((await Campaign.get(id)).sent).toBe(0);
    const ranAt = new Date();
    expect((await api.call("runJobs", { ...key(admin), query: { now: ranAt.toISOString() } })).body.errors).toBe(0);
    expect(errorOf(await api.call("runJobs", { ...key(admin), query: { now: "soon" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("runJobs", { ...key(admin), query: { now: new Date(ranAt.getTime() + 401 * DAY).toISOString() } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("runJobs", { ...key(admin), query: { now: new Date(ranAt.getTime() - 60_000).toISOString() } }), 409)).toBe("now_before_last_run");
    configure({ allowTimeTravel: false });
    try {
      expect(errorOf(await api.call("runJobs", { ...key(admin), query: { now: ranAt.toISOString() } }), 403)).toBe("time_travel_off");
    } finally {
      configure({ allowTimeTravel: true });
    }
    const gone = email("gone");
    const bounce = { notificationType: "Bounce", bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: gone }] }, mail: { messageId: "0100019a-contract" } };
    expect((await api.call("applySesNotification", { ...key(admin), json: bounce })).body.suppressed).toEqual([gone]);
    expect(errorOf(await api.call("applySesNotification", { ...key(admin), json: { hello: "world" } }), 400)).toBe("invalid_notification");
  });

  it("plans, surveys and the recovery plan: published from the document's own examples, read back, races refused (409)", async () => {
    const example = (name: string) => api.doc.components.schemas[name].examples[0];
    expect((await api.call("getCurrentPlan", key(admin))).body.version).toBe(1);
    const plan = await api.call("createPlan", { ...key(admin), json: example("PlanInput") });
    expect(plan.body.version).toBe(2);
    expect(errorOf(await api.call("createPlan", { ...key(admin), json: { ...example("PlanInput"), weightCap: 0.1 } }), 400)).toBe("invalid_input");
    const raced = await withInterloper(
      (input) => input.TransactItems!.some((item) => item.Put?.Item?.type === "plan"),
      () => Plan.create(example("PlanInput"), { kind: "cli", id: "contract" }),
      () => api.call("createPlan", { ...key(admin), json: example("PlanInput") }),
    );
    expect(errorOf(raced, 409)).toBe("concurrent_plan_change");
    expect((await api.call("getPlan", { ...key(admin), params: { version: "2" } })).body.version).toBe(2);
    expect(errorOf(await api.call("getPlan", { ...key(admin), params: { version: "v2" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getPlan", { ...key(admin), params: { version: "999999" } }), 404)).toBe("no_plan_version");

    const survey = await api.call("getCurrentSurvey", key(admin));
    const behaviours = survey.body.behaviours;
    expect((await api.call("publishSurvey", { ...key(admin), json: { behaviours } })).status).toBe(201);
    expect(errorOf(await api.call("publishSurvey", { ...key(admin), json: { behaviours: [...behaviours, ...behaviours] } }), 400)).toBe("invalid_input");
    const racedSurvey = await withInterloper(
      (input) => input.TransactItems!.some((item) => item.Put?.Item?.type === "survey"),
      () => Survey.publish({ behaviours }, { kind: "cli", id: "contract" }),
      () => api.call("publishSurvey", { ...key(admin), json: { behaviours } }),
    );
    expect(errorOf(racedSurvey, 409)).toBe("concurrent_survey_change");

    expect((await api.call("getRecoveryPlan", key(admin))).body.A.length).toBeGreaterThan(0);
    expect((await api.call("replaceRecoveryPlan", { ...key(admin), json: example("RecoveryPlan") })).body).toEqual(example("RecoveryPlan"));
    expect(errorOf(await api.call("replaceRecoveryPlan", { ...key(admin), json: { A: [] } }), 400)).toBe("invalid_input");
  });

  it("sign-in and score cards: a rep sees their own, a manager their team's, an admin key anyone's", async () => {
    expect((await api.call("requestSignInLink", { json: { email: s.repA.email } })).status).toBe(202);
    expect(errorOf(await api.call("requestSignInLink", { json: { email: "nope" } }), 400)).toBe("invalid_input");
    const asker = email("asker");
    for (let i = 0; i < 5; i++) expect((await api.call("requestSignInLink", { json: { email: asker } })).status).toBe(202);
    const limited = await api.call("requestSignInLink", { json: { email: asker } });
    expect(errorOf(limited, 429)).toBe("rate_limited");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const [repA, repB, manager] = [await sessionCookie(s.repA.email), await sessionCookie(s.repB.email), await sessionCookie(s.manager)];
    const mine = await api.call("getMyScorecard", cookie(repA));
    expect(mine.body).toMatchObject({ repId: s.repA.id, period: current, responses: 1 });
    expect(errorOf(await api.call("getMyScorecard", { ...cookie(repA), query: { period: "2026-Q9" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getMyScorecard", cookie(manager)), 404)).toBe("not_a_rep");
    expect((await api.call("getRepScorecard", { ...key(admin), params: { repId: s.repA.id }, query: { period: current } })).body.responses).toBe(1);
    expect((await api.call("getRepScorecard", { ...cookie(manager), params: { repId: s.repB.id } })).status).toBe(200);
    expect(errorOf(await api.call("getRepScorecard", { ...cookie(repB), params: { repId: s.repA.id } }), 403)).toBe("not_your_rep");
    expect(errorOf(await api.call("getRepScorecard", { ...key(admin), params: { repId: "rep_x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getRepScorecard", { ...key(admin), params: { repId: unknownId("rep") } }), 404)).toBeTruthy();

    const cases = await api.call("listFollowUps", { ...key(admin), query: { repId: s.repA.id, kind: "recovery", status: "open" } });
    expect(cases.body.items).toHaveLength(1);
    const recoveryId: string = cases.body.items[0].id;
    expect((await api.call("listFollowUps", cookie(manager))).body.items.length).toBeGreaterThan(0);
    expect(errorOf(await api.call("listFollowUps", { ...key(admin), query: { status: "later" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("listFollowUps", { ...key(admin), query: { repId: unknownId("rep") } }), 404)).toBeTruthy();
    expect(errorOf(await api.call("listFollowUps", { ...cookie(repB), query: { repId: s.repA.id } }), 403)).toBe("not_your_rep");
    const resolve = (session: string, id: string, json: unknown) => api.call("resolveFollowUp", { ...cookie(session), params: { id }, json });
    expect(errorOf(await resolve(repA, recoveryId, {}), 400)).toBe("invalid_input");
    expect(errorOf(await resolve(repA, unknownId("fup"), { note: "Called" }), 404)).toBe("follow_up_not_found");
    expect(errorOf(await resolve(repB, recoveryId, { note: "Called" }), 403)).toBe("not_your_follow_up");
    const resolved = await resolve(repA, recoveryId, { note: "Called; the delivery is re-routed." });
    expect(resolved.body.followUp.status).toBe("resolved");
    expect(resolved.body.checkIn.kind).toBe("check-in");
    expect(errorOf(await resolve(repA, recoveryId, { note: "Again" }), 409)).toBeTruthy();

    expect((await api.call("getInsights", { ...cookie(manager), query: { period: current } })).body.period).toBe(current);
    expect((await api.call("getInsights", key(admin))).status).toBe(200);
    expect(errorOf(await api.call("getInsights", { ...key(admin), query: { period: "Q4" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getInsights", cookie(repA)), 403)).toBe("not_a_manager");
  });

  it("compensation: bonus inputs as JSON and CSV, a period closed, refused twice, reopened", async () => {
    const live = await api.call("getBonusInputs", { ...key(finance), query: { period: current } });
    expect(live.body.rows.find((r: { repId: string }) => r.repId === s.repA.id)).toMatchObject({ responses: 1 });
    const csv = await api.call("getBonusInputs", { headers: { authorization: finance, accept: "text/csv" }, query: { period: current } });
    expect(csv.headers.get("content-disposition")).toContain(`bonus-inputs-${current}.csv`);
    expect(csv.text).toContain(s.repA.email);
    expect(errorOf(await api.call("getBonusInputs", { ...key(finance), query: { period: "Q4" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getBonusInputs", { ...key(finance), query: { period: previous, version: "99" } }), 404)).toBeTruthy();

    const close = (period: string, json?: unknown) => api.call("closePeriod", { ...key(finance), params: { period }, ...(json ? { json } : {}) });
    expect((await close(previous)).body).toMatchObject({ period: previous, version: 1 });
    expect(errorOf(await close(previous), 409)).toBe("already_closed");
    expect(errorOf(await close(current), 409)).toBe("period_not_ended");
    expect(errorOf(await close("2099-Q1"), 400)).toBe("future_period");
    expect(errorOf(await close(current, { force: true }), 400)).toBe("invalid_input");
    const reopen = (period: string, reason: string) => api.call("reopenPeriod", { ...key(finance), params: { period }, json: { reason } });
    expect(errorOf(await reopen(previous, "no"), 400)).toBe("invalid_input");
    expect((await reopen(previous, "Recompute after a void")).body).toMatchObject({ period: previous, previousVersion: 1 });
    expect(errorOf(await reopen(previous, "Recompute after a void"), 409)).toBe("not_closed");
    const snapshot = await api.call("getBonusInputs", { ...key(finance), query: { period: previous, version: "1" } });
    // The earlier snapshot stays readable after a reopen; the period itself is no longer locked.
    expect(snapshot.body).toMatchObject({ locked: false, snapshot: { version: 1 } });
  });

  it("bias flags: cards from the rep's own domain are flagged, listed, cleared and voided; the period does not close while one is open", async () => {
    const colleagueCard = async () => {
      const made = await api.call("createCustomer", { ...key(admin), json: { name: "A colleague", email: email("colleague"), repId: s.repA.id } });
      expect((await api.call("sendInvitation", { ...key(admin), json: { customerId: made.body.id, kind: "report-card" } })).status).toBe(201);
      const token = surveyToken(await emailTo(made.body.email));
      expect((await api.call("submitForm", { params: { token }, json: { ratings: { listening: 5 } } })).body.outcome).toBe("recorded");
    };
    await colleagueCard();
    await colleagueCard();
    const list = (auth: { headers: Record<string, string> }, query: Record<string, string>) => api.call("listFlags", { ...auth, query });
    const open = await list(key(finance), { period: current, status: "open" });
    expect(open.body.items.map((f: { repId: string; rule: string }) => [f.repId, f.rule])).toEqual([
      [s.repA.id, "self_domain"],
      [s.repA.id, "self_domain"],
    ]);
    expect((await list(cookie(await sessionCookie(s.manager)), { period: current })).body.items).toHaveLength(2);
    expect(errorOf(await list(cookie(await sessionCookie(s.repB.email)), { period: current }), 403)).toBe("not_a_manager");
    expect(errorOf(await list(key(admin), { period: "Q4" }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("closePeriod", { ...key(finance), params: { period: current }, json: { force: true, reason: "Payroll cut-off" } }), 409)).toBe("open_flags");

    const [first, second] = open.body.items as { id: string }[];
    const clear = (id: string, json: unknown) => api.call("clearFlag", { ...key(finance), params: { id }, json });
    expect(errorOf(await clear(first!.id, {}), 400)).toBe("invalid_input");
    expect(errorOf(await clear(unknownId("flg"), { note: "Checked with the customer" }), 404)).toBe("flag_not_found");
    expect((await clear(first!.id, { note: "Checked with the customer" })).body).toMatchObject({ id: first!.id, status: "cleared" });
    expect(errorOf(await clear(first!.id, { note: "Checked with the customer" }), 409)).toBe("flag_decided");
    const voidIt = (id: string, json: unknown) => api.call("voidFlaggedResponse", { ...key(admin), params: { id }, json });
    expect(errorOf(await voidIt(second!.id, { reason: "no" }), 400)).toBe("invalid_input");
    expect(errorOf(await voidIt(unknownId("flg"), { reason: "A colleague answered" }), 404)).toBe("flag_not_found");
    expect((await voidIt(second!.id, { reason: "A colleague answered" })).body).toMatchObject({ id: second!.id, status: "voided" });
    expect(errorOf(await voidIt(second!.id, { reason: "A colleague answered" }), 409)).toBe("flag_decided");
    expect((await api.call("getBonusInputs", { ...key(finance), query: { period: current } })).body.openFlags).toBe(0);
  });

  it("secrets manual: the customer's rep adds a note and reads the profile; another rep may not; bad and unknown ids", async () => {
    const [repA, repB] = [await sessionCookie(s.repA.email), await sessionCookie(s.repB.email)];
    const customerId = s.customers[0]!.id;
    const note = (session: string, id: string, json: unknown) => api.call("addCustomerNote", { ...cookie(session), params: { id }, json });
    expect((await note(repA, customerId, { text: "Prefers calls after 4 pm." })).status).toBe(201);
    expect(errorOf(await note(repA, customerId, { text: "" }), 400)).toBe("invalid_input");
    expect(errorOf(await note(repB, customerId, { text: "Not mine" }), 403)).toBe("not_your_customer");
    expect(errorOf(await note(repA, unknownId("cus"), { text: "Nobody" }), 404)).toBe("customer_not_found");
    const withdrawn = s.customers[1]!.id;
    await Profile.withdrawConsent(withdrawn);
    expect(errorOf(await note(repA, withdrawn, { text: "They asked us not to" }), 409)).toBe("consent_withdrawn");
    const profile = await api.call("getCustomerProfile", { ...cookie(repA), params: { id: customerId } });
    expect(profile.body.notes.map((n: { text: string }) => n.text)).toEqual(["Prefers calls after 4 pm."]);
    expect((await api.call("getCustomerProfile", { ...key(admin), params: { id: customerId } })).status).toBe(200);
    expect(errorOf(await api.call("getCustomerProfile", { ...cookie(repB), params: { id: customerId } }), 403)).toBe("not_your_customer");
    expect(errorOf(await api.call("getCustomerProfile", { ...key(admin), params: { id: "cus_x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("getCustomerProfile", { ...key(admin), params: { id: unknownId("cus") } }), 404)).toBe("customer_not_found");
  });

  it("audit: a month newest first, and one entity's history", async () => {
    const month = await api.call("listAuditEntries", { ...key(admin), query: { month: new Date().toISOString().slice(0, 7) } });
    expect(month.body.items.length).toBeGreaterThan(0);
    const period = await api.call("listAuditEntries", { ...key(admin), query: { entityId: `period_${previous}` } });
    expect(period.body.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["period.close", "period.reopen"]));
    expect(errorOf(await api.call("listAuditEntries", { ...key(admin), query: { month: "2026-13" } }), 400)).toBe("invalid_input");
  });

  it("data rights: every response of the period as JSON pages and CSV; a customer's export; their erasure, twice", async () => {
    const page = await api.call("listResponses", { ...key(admin), query: { period: current, limit: "1" } });
    expect(page.body.items).toHaveLength(1);
    expect((await api.call("listResponses", { ...key(admin), query: { period: current, cursor: page.body.nextCursor } })).status).toBe(200);
    const csv = await api.call("listResponses", { headers: { authorization: admin, accept: "text/csv" }, query: { period: current, repId: s.repA.id } });
    expect(csv.headers.get("content-disposition")).toContain(`responses-${current}-${s.repA.id}.csv`);
    expect(errorOf(await api.call("listResponses", { ...key(admin), query: { period: "Q4" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("listResponses", { ...key(admin), query: { period: current, repId: unknownId("rep") } }), 404)).toBe("rep_not_found");

    const made = await api.call("createCustomer", { ...key(admin), json: { name: "Erin Erasable", email: email("erin", "customers.example"), repId: s.repA.id } });
    const exported = await api.call("exportCustomer", { ...key(admin), params: { id: made.body.id } });
    expect(exported.body.customer).toMatchObject({ id: made.body.id, name: "Erin Erasable" });
    expect(errorOf(await api.call("exportCustomer", { ...key(admin), params: { id: "cus_x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("exportCustomer", { ...key(admin), params: { id: unknownId("cus") } }), 404)).toBe("customer_not_found");
    const erased = await api.call("eraseCustomer", { ...key(admin), params: { id: made.body.id } });
    expect((await api.call("eraseCustomer", { ...key(admin), params: { id: made.body.id } })).body.erasedAt).toBe(erased.body.erasedAt);
    // The tombstone is read as the document says a customer is (its email included).
    expect((await api.call("getCustomer", { ...key(admin), params: { id: made.body.id } })).body).toMatchObject({ name: "Erased customer" });
    expect((await api.call("exportCustomer", { ...key(admin), params: { id: made.body.id } })).body.customer).toMatchObject({ name: "Erased customer" });
    expect(errorOf(await api.call("eraseCustomer", { ...key(admin), params: { id: "cus_x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("eraseCustomer", { ...key(admin), params: { id: unknownId("cus") } }), 404)).toBe("customer_not_found");
  });

  it("admins and API keys: admins added, listed and removed (not those of the setting); keys listed and revoked; the audit searched", async () => {
    const person = email("admin");
    expect((await api.call("addAdmin", { ...key(admin), json: { email: person, name: "Ada Admin" } })).status).toBe(201);
    expect(errorOf(await api.call("addAdmin", { ...key(admin), json: { email: person, name: "Ada Admin" } }), 409)).toBe("already_admin");
    expect(errorOf(await api.call("addAdmin", { ...key(admin), json: { email: "nobody", name: "X" } }), 400)).toBe("invalid_input");
    const byConfig = email("owner");
    const before = config().adminEmails;
    configure({ adminEmails: [...before, byConfig] });
    try {
      const listed = await api.call("listAdmins", key(admin));
      expect(listed.body.items).toEqual(expect.arrayContaining([{ email: byConfig, source: "setting" }, expect.objectContaining({ email: person, source: "api" })]));
      expect(errorOf(await api.call("removeAdmin", { ...key(admin), params: { email: byConfig } }), 409)).toBe("admin_from_setting");
    } finally {
      configure({ adminEmails: before });
    }
    expect((await api.call("removeAdmin", { ...key(admin), params: { email: person } })).status).toBe(204);
    expect(errorOf(await api.call("removeAdmin", { ...key(admin), params: { email: person } }), 404)).toBe("admin_not_found");
    expect(errorOf(await api.call("removeAdmin", { ...key(admin), params: { email: "nobody" } }), 400)).toBe("invalid_input");

    const made = await api.call("createApiKey", { ...key(admin), json: { name: "Payroll", scopes: ["bonus:read"] } });
    expect((await api.call("getBonusInputs", { ...key(`Bearer ${made.body.key}`), query: { period: previous } })).status).toBe(200);
    const keys = await api.call("listApiKeys", key(admin));
    expect(keys.body.items.find((k: { id: string }) => k.id === made.body.id)).toMatchObject({ name: "Payroll", lastUsedAt: expect.any(String), revokedAt: null });
    expect((await api.call("revokeApiKey", { ...key(admin), params: { id: made.body.id } })).body.revokedAt).toEqual(expect.any(String));
    expect(errorOf(await api.call("revokeApiKey", { ...key(admin), params: { id: "key_x" } }), 400)).toBe("invalid_input");
    expect(errorOf(await api.call("revokeApiKey", { ...key(admin), params: { id: unknownId("key") } }), 404)).toBe("api_key_not_found");
    const found = await api.call("listAuditEntries", { ...key(admin), query: { action: "api-key.revoke", entityId: made.body.id } });
    expect(found.body.items.map((e: { action: string }) => e.action)).toEqual(["api-key.revoke"]);
  });

  it("exercised every documented operation with every status it documents", () => {
    const missing = api.unexercised();
    expect(missing.filter((entry) => !(entry in UNREACHED))).toEqual([]);
    for (const entry of Object.keys(UNREACHED)) expect(missing, `${entry} is reached now: drop it from UNREACHED`).toContain(entry);
    expect([...api.seen.keys()].sort()).toEqual([...api.operations.keys()].sort());
  });
});
