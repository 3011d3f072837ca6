import { beforeAll, describe, expect, it } from "vitest";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { customerKeys } from "@rapport/core/customer/keys";
import { Invitation } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";

const app = createApp();
const NONE = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" };

const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  app.request(path, { method, headers: { "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);

/** A manager's rep with a tier-A customer, and another team's rep and manager. */
const s = {} as {
  rep: { id: string; email: string };
  customer: { id: string; name: string };
  cookies: { rep: string; manager: string; otherRep: string; otherManager: string };
  admin: string;
  finance: string;
};

beforeAll(async () => {
  const manager = email("manager");
  const otherManager = email("manager");
  s.rep = await aRep({ name: "Amy Santiago", managerEmail: manager });
  const otherRep = await aRep({ name: "Charles Boyle", managerEmail: otherManager });
  s.customer = await aCustomer(s.rep.id, { name: "Kevin Cozner", company: "Classics Dept", valueTier: "A" });
  s.cookies = {
    rep: await sessionCookie(s.rep.email),
    manager: await sessionCookie(manager),
    otherRep: await sessionCookie(otherRep.email),
    otherManager: await sessionCookie(otherManager),
  };
  [s.admin, s.finance] = await Promise.all([bearer("admin"), bearer("finance")]);
});

const profileOf = async (customerId: string, headers: Record<string, string> = { authorization: s.admin }) => {
  const res = await call("GET", `/v1/customers/${customerId}/profile`, headers);
  expect(res.status).toBe(200);
  return res.json();
};

describe("POST /v1/customers/{id}/notes", () => {
  it("takes a note from the customer's rep, their manager and an admin key, each dated and authored", async () => {
    const path = `/v1/customers/${s.customer.id}/notes`;
    const byRep = await call("POST", path, { cookie: s.cookies.rep }, { text: "  Moving offices in March.  " });
    expect(byRep.status).toBe(201);
    expect(await byRep.json()).toMatchObject({ text: "Moving offices in March.", author: { name: "Amy Santiago" } });
    expect((await call("POST", path, { cookie: s.cookies.manager }, { text: "Prefers calls after 4 pm." })).status).toBe(201);
    expect((await call("POST", path, { authorization: s.admin }, { text: "Renewal due in June." })).status).toBe(201);
    const notes = (await profileOf(s.customer.id)).notes;
    expect(notes.map((n: { text: string }) => n.text)).toEqual(["Renewal due in June.", "Prefers calls after 4 pm.", "Moving offices in March."]);
    expect(notes.map((n: { author: { name: string } }) => n.author.name)).toEqual(["An administrator", expect.stringMatching(/\w/), "Amy Santiago"]);
    for (const note of notes) expect(Date.now() - new Date(note.at).getTime()).toBeLessThan(60_000);
  });

  it("refuses another rep and another team's manager (403), a finance key (403), no credentials (401) and an unknown customer (404)", async () => {
    const path = `/v1/customers/${s.customer.id}/notes`;
    const note = { text: "I should not be here." };
    const refused = async (headers: Record<string, string>, status: number, code: string, at = path) => {
      const res = await call("POST", at, headers, note);
      expect(res.status, code).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    };
    await refused({ cookie: s.cookies.otherRep }, 403, "not_your_customer");
    await refused({ cookie: s.cookies.otherManager }, 403, "not_your_customer");
    await refused({ authorization: s.finance }, 403, "missing_scope");
    await refused({}, 401, "not_signed_in");
    await refused({ authorization: s.admin }, 404, "customer_not_found", "/v1/customers/cus_01JH5Z00000000000000000000/notes");
    expect((await profileOf(s.customer.id)).notes.some((n: { text: string }) => n.text === note.text)).toBe(false);
  });

  it("refuses a missing, blank, over-long or control-character note with 400 naming text, and stores none of them", async () => {
    const before = (await profileOf(s.customer.id)).notes.length;
    for (const body of [{}, { text: "   " }, { text: "x".repeat(2001) }, { text: "Call \u202eme" }, { text: 42 }, { text: "ok", extra: 1 }]) {
      const res = await call("POST", `/v1/customers/${s.customer.id}/notes`, { cookie: s.cookies.rep }, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      const { error } = await res.json();
      expect(Object.keys(error.fields)).toEqual(["extra" in body ? "extra" : "text"]);
    }
    expect((await call("POST", `/v1/customers/${s.customer.id}/notes`, { cookie: s.cookies.rep }, { text: "Two lines:\nboth kept\tand a tab" })).status).toBe(201);
    expect((await profileOf(s.customer.id)).notes).toHaveLength(before + 1);
  });

  it("audits who added which note, by id, without copying its text into the log", async () => {
    const made = await (await call("POST", `/v1/customers/${s.customer.id}/notes`, { cookie: s.cookies.rep }, { text: "Daughter starts university in autumn." })).json();
    const audit = await (await call("GET", `/v1/audit?entityId=${s.customer.id}`, { authorization: s.admin })).json();
    const entry = audit.items.find((e: { detail?: { noteId?: string } }) => e.detail?.noteId === made.id);
    expect(entry).toMatchObject({ action: "profile.add-note", entityId: s.customer.id, actor: { kind: "user", id: s.rep.email } });
    expect(JSON.stringify(audit)).not.toContain("university");
  });
});

describe("GET /v1/customers/{id}/profile", () => {
  it("holds the onboarding preferences, what the customer shared with its form and date, and the notes", async () => {
    const customer = await aCustomer(s.rep.id, { name: "Doug Judy", valueTier: "A" });
    await answer(customer.id, "onboarding", {
      channel: "phone",
      contact: "+1 212 555 0188",
      timezone: "America/New_York",
      cadence: "monthly",
      responseTime: "4h",
      interests: ["growth", "training"],
      personalInterests: "Sings in a band",
    });
    const card = await answer(customer.id, "report-card", { ratings: { ...NONE, listening: 5 }, aboutMe: "Restoring a 1967 Mustang", shareName: true });
    await call("POST", `/v1/customers/${customer.id}/notes`, { cookie: s.cookies.rep }, { text: "Ask about the band's next gig." });
    const profile = await profileOf(customer.id, { cookie: s.cookies.rep });
    expect(profile).toMatchObject({ customerId: customer.id, name: "Doug Judy", repId: s.rep.id, valueTier: "A" });
    expect(profile.preferences).toMatchObject({ channel: "phone", contact: "+12125550188", timezone: "America/New_York", cadence: "monthly", responseTime: "4h", updatedAt: expect.any(String) });
    expect(profile.preferences).not.toHaveProperty("personalInterests");
    const period = periodOf(new Date());
    expect(profile.shared).toEqual([
      // With the instant shown, the id (time-ordered, it dates the entry) is shown too: a recovery's inspiredBy names it.
      { id: expect.stringMatching(/^ent_/), field: "aboutMe", text: "Restoring a 1967 Mustang", source: "report-card", period, sharedAt: expect.any(String) },
      { id: expect.stringMatching(/^ent_/), field: "interests", interests: ["growth", "training"], source: "onboarding", period, sharedAt: expect.any(String) },
      { id: expect.stringMatching(/^ent_/), field: "personalInterests", text: "Sings in a band", source: "onboarding", period, sharedAt: expect.any(String) },
    ]);
    expect(new Date(profile.shared[0].sharedAt).getTime()).toBeGreaterThan(new Date(profile.shared[1].sharedAt).getTime());
    expect(profile.notes).toEqual([{ id: expect.stringMatching(/^ent_/), text: "Ask about the band's next gig.", at: expect.any(String), author: { name: "Amy Santiago" } }]);
    expect(JSON.stringify(profile)).not.toContain(card.id);

    expect((await call("GET", `/v1/customers/${customer.id}/profile`, { cookie: s.cookies.manager })).status).toBe(200);
    expect((await call("GET", `/v1/customers/${customer.id}/profile`, { cookie: s.cookies.otherRep })).status).toBe(403);
    expect((await call("GET", `/v1/customers/${customer.id}/profile`, { cookie: s.cookies.otherManager })).status).toBe(403);
    expect((await call("GET", `/v1/customers/${customer.id}/profile`, { authorization: s.finance })).status).toBe(403);
    expect((await call("GET", `/v1/customers/${customer.id}/profile`, {})).status).toBe(401);
    expect((await call("GET", "/v1/customers/cus_01JH5Z00000000000000000000/profile", { authorization: s.admin })).status).toBe(404);
    expect((await call("GET", "/v1/customers/nope/profile", { authorization: s.admin })).status).toBe(400);
  });

  it("never ties a customer who did not share their name to their card: the quarter only, no instant, no form, no ratings or comment", async () => {
    const customer = await aCustomer(s.rep.id, { name: "Adrian Pimento" });
    const card = await answer(customer.id, "report-card", { ratings: { ...NONE, listening: 1 }, improve: "Never calls back", aboutMe: "I keep bees" });
    const answeredAt: string = (await (await call("GET", `/v1/invitations/${card.id}`, { authorization: s.admin })).json()).answeredAt;
    for (const headers of [{ cookie: s.cookies.rep }, { cookie: s.cookies.manager }]) {
      const profile = await profileOf(customer.id, headers);
      expect(profile.shared).toEqual([{ field: "aboutMe", text: "I keep bees", source: "report-card", period: periodOf(new Date(answeredAt)) }]);
      const text = JSON.stringify(profile);
      for (const leak of [card.id, answeredAt, answeredAt.slice(0, 16), "Never calls back", "ratings"]) expect(text).not.toContain(leak);
    }
  });

  it("records what was shared once: the same text sent again adds nothing, a revision replaces its entry and an emptied answer takes it away", async () => {
    const customer = await aCustomer(s.rep.id);
    await answer(customer.id, "onboarding", { channel: "email", timezone: "UTC", cadence: "weekly", responseTime: "24h", personalInterests: "Chess" });
    // A second onboarding form pre-fills what was shared: sent unchanged, it is nothing new.
    await answer(customer.id, "onboarding", { channel: "email", timezone: "UTC", cadence: "monthly", responseTime: "24h", personalInterests: "Chess" });
    expect((await profileOf(customer.id)).shared).toEqual([expect.objectContaining({ field: "personalInterests", text: "Chess" })]);
    const card = await answer(customer.id, "report-card", { ratings: { ...NONE, listening: 4 }, aboutMe: "Training for a marathon", shareName: true });
    const first = (await profileOf(customer.id)).shared.find((e: { field: string }) => e.field === "aboutMe");
    const revise = (body: unknown) => app.request(`/s/${Invitation.tokenOf(card.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect((await revise({ ratings: { ...NONE, listening: 4 }, aboutMe: "Training for a half marathon", shareName: true })).status).toBe(200);
    expect((await profileOf(customer.id)).shared.filter((e: { field: string }) => e.field === "aboutMe")).toEqual([{ ...first, text: "Training for a half marathon" }]);
    expect((await revise({ ratings: { ...NONE, listening: 4 }, shareName: true })).status).toBe(200);
    expect((await profileOf(customer.id)).shared.map((e: { field: string }) => e.field)).toEqual(["personalInterests"]);
  });

  it("still shows what customers shared before the profile existed, read from the customer record", async () => {
    const customer = await aCustomer(s.rep.id);
    const at = "2026-01-15T10:00:00.000Z";
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: customerKeys.customer(customer.id),
        UpdateExpression: "SET preferences = :p, preferencesAt = :at, aboutMe = :a, aboutMeAt = :at, aboutMeInvitationId = :inv",
        ExpressionAttributeValues: {
          ":p": { channel: "email", timezone: "UTC", cadence: "weekly", responseTime: "24h", interests: ["reliability"], personalInterests: "Sailing", updatedAt: at, invitationId: "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6X" },
          ":at": at,
          ":a": "My twins start school in September",
          ":inv": "inv_01JH5Z6M0N2P4Q6R8S0T2V4W6Y",
        },
      }),
    );
    const profile = await profileOf(customer.id, { cookie: s.cookies.rep });
    expect(profile.preferences).toMatchObject({ channel: "email", cadence: "weekly" });
    expect(profile.shared).toEqual(
      expect.arrayContaining([
        { id: "legacy-interests", field: "interests", interests: ["reliability"], source: "onboarding", period: "2026-Q1", sharedAt: at },
        { id: "legacy-personalInterests", field: "personalInterests", text: "Sailing", source: "onboarding", period: "2026-Q1", sharedAt: at },
        // Whether that card shared the name is not read: only the quarter (its id dates nothing).
        { id: "legacy-aboutMe", field: "aboutMe", text: "My twins start school in September", source: "report-card", period: "2026-Q1" },
      ]),
    );
    // A new answer that replaces the record's copy keeps the old one as an entry, with its own date.
    await answer(customer.id, "report-card", { ratings: { ...NONE, listening: 4 }, aboutMe: "Now coaching their team", shareName: true });
    const texts = (await profileOf(customer.id)).shared.filter((e: { field: string }) => e.field === "aboutMe").map((e: { text: string; period: string }) => [e.text, e.period]);
    expect(texts).toEqual([
      ["Now coaching their team", periodOf(new Date())],
      ["My twins start school in September", "2026-Q1"],
    ]);
  });
});
