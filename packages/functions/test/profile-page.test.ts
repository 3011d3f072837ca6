import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DeleteCommand, GetCommand, UpdateCommand, type UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { Clock } from "@rapport/core/clock/index";
import { db, tableName } from "@rapport/core/db/index";
import { Customer } from "@rapport/core/customer/index";
import { Invitation, keyOf } from "@rapport/core/invitation/index";
import { periodOf } from "@rapport/core/period/index";
import { Profile } from "@rapport/core/profile/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerForm, bearer, email, sessionCookie } from "../../../test/support/fixtures.ts";
import { forgetTimeTravel } from "../../../test/support/job-clock.ts";
import { inbox } from "../../../test/support/inbox.ts";

const app = createApp();
const DAY = 86_400_000;
const cli = { kind: "cli", id: "test" } as const;
let admin: string;

beforeEach(forgetTimeTravel);
beforeAll(async () => {
  admin = await bearer("admin");
});

const answer = (customerId: string, kind: "report-card" | "onboarding", body: unknown) => answerForm((path, init) => app.request(path, init), customerId, kind, body);
const get = async (path: string, headers: Record<string, string>) => {
  const res = await app.request(path, { headers });
  expect(res.status, path).toBe(200);
  return res.text();
};
const csrfOf = (html: string) => html.match(/name="csrf" value="([^"]+)"/)![1]!;
/** The customer presses a button of their page: a form post with the page's CSRF value. */
async function press(path: string, page: string, fields: Record<string, string> = {}) {
  return app.request(path, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ csrf: csrfOf(page), ...fields }).toString() });
}
/** The id of the item whose Delete button names `text`. */
const itemIdOf = (page: string, text: string) => {
  const forms = page.split("<form").map((f) => f.split("</form>")[0]!).filter((f) => f.includes('name="item"'));
  const form = forms.find((f) => f.includes(text))!;
  return form.match(/name="item" value="([^"]+)"/)![1]!;
};

/** A rep with a manager, and a tier-A customer who onboarded, shared about themselves on a poor card they may be contacted about, and has a rep's note. */
async function aKnownCustomer() {
  const manager = email("manager");
  const rep = await aRep({ name: "Terry Jeffords", managerEmail: manager });
  const customer = await aCustomer(rep.id, { name: "Nikolaj Boyle", company: "Boyle Foods", valueTier: "A" });
  // The onboarding form is emailed: its email carries the customer's link.
  const sent = await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);
  const onboarding = { channel: "phone", contact: "+1 212 555 0111", timezone: "America/New_York", bestHours: "9-11", cadence: "weekly", responseTime: "4h", personalInterests: "Loves yoghurt" };
  const posted = await app.request(`/s/${Invitation.tokenOf(sent.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(onboarding) });
  expect(posted.status).toBe(200);
  const card = await answer(customer.id, "report-card", {
    ratings: { listening: 1, follow_up: 2, proactive: 3, reachability: "na", advocacy: "na", customer_first: 3 },
    improve: "Late again",
    aboutMe: "I collect vinyl records",
    contactOk: true,
    shareName: true,
  });
  const [repCookie, managerCookie] = [await sessionCookie(rep.email), await sessionCookie(manager)];
  const noted = await app.request(`/v1/customers/${customer.id}/notes`, { method: "POST", headers: { cookie: repCookie, "content-type": "application/json" }, body: JSON.stringify({ text: "Daughter plays the cello" }) });
  expect(noted.status).toBe(201);
  return { rep, customer, card, repCookie, managerCookie, link: `/p/${Profile.linkToken(customer.id)}` };
}

describe("every email to a customer links to \"What we know about you\"", () => {
  it("carries the customer's own link, sent alone or in a bulk batch, and the link opens their page", async () => {
    const rep = await aRep();
    const alone = await aCustomer(rep.id);
    const pair = [await aCustomer(rep.id), await aCustomer(rep.id)];
    await Invitation.send({ customerId: alone.id, kind: "report-card" }, cli);
    const queued = [];
    for (const c of pair) {
      const created = await Invitation.create({ customerId: c.id, kind: "onboarding" }, cli);
      if ("invitation" in created) queued.push(created.invitation);
    }
    await Invitation.deliver(queued);
    for (const c of [alone, ...pair]) {
      const [mail] = await inbox(c.email);
      const link = `http://rapport.test/p/${Profile.linkToken(c.id)}`;
      expect(mail!.body.text).toContain(`What we know about you: ${link}`);
      expect(mail!.body.html).toContain(`href="${link}"`);
      expect(await get(new URL(link).pathname, {})).toContain(c.name);
    }
  });
});

describe("GET /p/{token}", () => {
  it("lists everything stored about the customer: contact details, preferences, what they shared and the reps' notes", async () => {
    const { customer, link } = await aKnownCustomer();
    const res = await app.request(link);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    const page = await res.text();
    for (const text of [customer.name, customer.email, "Boyle Foods", "+12125550111", "Weekly", "Loves yoghurt", "I collect vinyl records", "Daughter plays the cello", "Terry Jeffords"]) expect(page, text).toContain(text);
    expect(page).not.toMatch(/<script/);
  });

  it("answers an unknown, tampered or expired link with an HTML page, never a 500", async () => {
    const customer = await aCustomer((await aRep()).id);
    await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);
    // Another customer's id, or a later last day, under this customer's signature: refused like a made-up link.
    const [, day, mac] = Profile.linkToken(customer.id).split(".");
    const other = await aCustomer((await aRep()).id);
    const moved = [`/p/${other.id}.${day}.${mac}`, `/p/${customer.id}.${(parseInt(day!, 36) + 400).toString(36)}.${mac}`];
    for (const path of ["/p/x", `/p/${"A".repeat(43)}`, `/p/${Profile.linkToken(customer.id).slice(0, -1)}${Profile.linkToken(customer.id).endsWith("Z") ? "Y" : "Z"}`, ...moved]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type")).toContain("text/html");
    }
    // The link of today's email, opened 181 days later: its last day has passed.
    const sentToday = Profile.linkToken(customer.id);
    const later = await Clock.at(new Date(Date.now() + 181 * DAY), () => app.request(`/p/${sentToday}`));
    expect(later.status).toBe(410);
    expect(await later.text()).toContain("This link has expired");
    const forged = await app.request(`/p/${Profile.linkToken(customer.id)}/withdraw`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "csrf=forged" });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toContain("text/html");
    expect((await Customer.get(customer.id))?.consentWithdrawnAt).toBeUndefined();
  });
});

describe("the customer deletes an item", () => {
  it("is gone from the rep's profile view, the recovery case on the dashboard and in the API, and every copy; audited by ids only", async () => {
    const { rep, customer, card, repCookie, managerCookie, link } = await aKnownCustomer();
    expect(await get("/dashboard", { cookie: repCookie })).toContain("I collect vinyl records");
    const page = await get(link, {});
    const deleted = await press(`${link}/delete`, page, { item: itemIdOf(page, "I collect vinyl records") });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe(`${link}?done=deleted`);
    expect(await get(`${link}?done=deleted`, {})).not.toContain("I collect vinyl records");

    for (const cookie of [repCookie, managerCookie]) {
      const profile = JSON.parse(await get(`/v1/customers/${customer.id}/profile`, { cookie }));
      expect(profile.shared.map((e: { text?: string }) => e.text)).toEqual(["Loves yoghurt"]);
    }
    const dashboard = await get("/dashboard", { cookie: repCookie });
    expect(dashboard).toContain("Nikolaj Boyle");
    expect(dashboard).not.toContain("I collect vinyl records");
    expect(await get(`/dashboard/reps/${rep.id}`, { cookie: managerCookie })).not.toContain("I collect vinyl records");
    const cases = await get(`/v1/follow-ups?repId=${rep.id}&kind=recovery`, { authorization: admin });
    expect(cases).toContain("Loves yoghurt");
    expect(cases).not.toContain("I collect vinyl records");
    // The copies the next form would pre-fill from, and the card's own answers.
    expect(await Customer.get(customer.id)).not.toHaveProperty("aboutMe");
    const stored = await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(card.id) }));
    expect(stored.Item?.answers).not.toHaveProperty("aboutMe");

    const note = await get(link, {});
    expect((await press(`${link}/delete`, note, { item: itemIdOf(note, "Daughter plays the cello") })).status).toBe(303);
    expect(JSON.parse(await get(`/v1/customers/${customer.id}/profile`, { cookie: repCookie })).notes).toEqual([]);
    const audit = await get(`/v1/audit?entityId=${customer.id}`, { authorization: admin });
    const deletions = JSON.parse(audit).items.filter((e: { action: string }) => e.action === "profile.delete-item");
    expect(deletions.map((e: { detail: { kind: string } }) => e.detail.kind)).toEqual(["shared", "note"]);
    for (const e of deletions) expect(e.actor).toEqual({ kind: "customer", id: customer.id });
    expect(audit).not.toContain("vinyl");
    expect(audit).not.toContain("cello");
  });
});

describe("a copy that disappears while the customer deletes an item", () => {
  it("is no copy to take out: the card erased between the read and the write leaves the delete done, not a 500", async () => {
    const { card, link } = await aKnownCustomer();
    // The retention sweep (or an erasure) removes the card after the delete read it, just before its copy is taken out.
    const client = db();
    const send = client.send.bind(client);
    const mock = mockClient(client);
    mock.send.callThrough();
    mock.on(UpdateCommand).callsFake(async (input: UpdateCommandInput) => {
      if (input.UpdateExpression?.startsWith("REMOVE answers.")) await send(new DeleteCommand({ TableName: tableName(), Key: input.Key }));
      return send(new UpdateCommand(input));
    });
    try {
      const page = await get(link, {});
      const deleted = await press(`${link}/delete`, page, { item: itemIdOf(page, "I collect vinyl records") });
      expect(deleted.status).toBe(303);
    } finally {
      mock.restore();
    }
    expect(await get(`${link}?done=deleted`, {})).not.toContain("I collect vinyl records");
    expect((await db().send(new GetCommand({ TableName: tableName(), Key: keyOf(card.id) }))).Item).toBeUndefined();
  });
});

describe("the customer withdraws their consent", () => {
  it("empties the profile and makes their recovery cases anonymous, while the rep's score stays exactly as it was", async () => {
    const { rep, customer, repCookie, managerCookie, link } = await aKnownCustomer();
    const period = periodOf(new Date());
    const score = await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, { authorization: admin });
    expect(JSON.parse(score).responses).toBe(1);
    expect(await get("/dashboard", { cookie: repCookie })).toContain("Nikolaj Boyle");

    const page = await get(link, {});
    // Without the confirmation box ticked nothing is deleted, and the page says which box.
    const unconfirmed = await press(`${link}/withdraw`, page);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm that everything should be deleted.");
    expect((await Customer.get(customer.id))?.consentWithdrawnAt).toBeUndefined();
    const withdrawn = await press(`${link}/withdraw`, page, { confirm: "yes" });
    expect(withdrawn.status).toBe(303);
    expect(await get(`${link}?done=withdrawn`, {})).toContain("You withdrew your consent on");

    const profile = JSON.parse(await get(`/v1/customers/${customer.id}/profile`, { cookie: repCookie }));
    expect(profile).toMatchObject({ shared: [], notes: [], consentWithdrawnAt: expect.any(String) });
    expect(profile).not.toHaveProperty("preferences");
    const cases = JSON.parse(await get(`/v1/follow-ups?repId=${rep.id}`, { authorization: admin })).items;
    expect(cases.map((f: { kind: string }) => f.kind)).toEqual(["recovery"]);
    expect(cases[0]).toMatchObject({ anonymous: true, comment: "Late again" });
    for (const field of ["customerId", "customerName", "company", "contact", "channel", "sharedAboutThem", "valueTier", "invitationId"]) expect(cases[0], field).not.toHaveProperty(field);
    // The rep no longer sees the case; the manager sees it without a name, and neither page names the customer.
    expect(JSON.parse(await get("/v1/follow-ups", { cookie: repCookie })).items).toEqual([]);
    for (const [cookie, path] of [
      [repCookie, "/dashboard"],
      [managerCookie, `/dashboard/reps/${rep.id}`],
      [managerCookie, "/dashboard"],
    ] as const) {
      const html = await get(path, { cookie });
      for (const leak of ["Nikolaj Boyle", "Boyle Foods", "vinyl", "yoghurt", "cello", "+12125550111"]) expect(html, `${path}: ${leak}`).not.toContain(leak);
    }
    expect(await get(`/v1/reps/${rep.id}/scorecard?period=${period}`, { authorization: admin })).toBe(score);
    const audit = JSON.parse(await get(`/v1/audit?entityId=${customer.id}`, { authorization: admin })).items.find((e: { action: string }) => e.action === "profile.withdraw-consent");
    expect(audit.detail).toMatchObject({ anonymised: [cases[0].id], removed: [`fup_${customer.id.slice(4)}`] });

    // No notes are taken about them any more, until they share something again themselves.
    const note = () => app.request(`/v1/customers/${customer.id}/notes`, { method: "POST", headers: { cookie: repCookie, "content-type": "application/json" }, body: JSON.stringify({ text: "Still here" }) });
    const refused = await note();
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.code).toBe("consent_withdrawn");
    expect(await get(`/dashboard/customers/${customer.id}`, { cookie: repCookie })).not.toContain('name="text"');
    await answer(customer.id, "onboarding", { channel: "email", timezone: "UTC", cadence: "as-needed", responseTime: "24h", personalInterests: "Back to yoghurt" });
    expect((await note()).status).toBe(201);
  });
});
