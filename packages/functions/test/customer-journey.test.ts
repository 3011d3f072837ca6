import { beforeAll, describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { db, tableName } from "@rapport/core/db/index";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { periodOf } from "@rapport/core/period/index";
import { Customer } from "@rapport/core/customer/index";
import { Clock } from "@rapport/core/clock/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, sessionCookie } from "../../../test/support/fixtures.ts";
import { header, inbox, onlyEmail, surveyLink } from "../../../test/support/inbox.ts";
import { campaignWorker, finished } from "../../../test/support/campaigns.ts";

const app = createApp();
let admin: string;
const ORIGIN = "http://rapport.test";

beforeAll(async () => {
  admin = await bearer("admin");
});

const postJson = (path: string, body: unknown, auth?: string) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });

const postForm = (path: string, fields: [string, string][]) =>
  app.request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams(fields).toString(),
  });

async function invite(kind: "report-card" | "onboarding") {
  const rep = await aRep({ name: "Ana Lima" });
  const customer = await aCustomer(rep.id, { name: "Chris Buyer" });
  const res = await postJson("/v1/invitations", { customerId: customer.id, kind }, admin);
  expect(res.status).toBe(201);
  const invitation = await res.json();
  const email = await onlyEmail(customer.email);
  return { rep, customer, invitation, email, path: surveyLink(email) };
}

async function status(id: string) {
  return (await (await app.request(`/v1/invitations/${id}`, { headers: { authorization: admin } })).json()).status;
}

function csrfOf(html: string): string {
  const match = html.match(/name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/);
  if (!match) throw new Error("no csrf field in the page");
  return (match[1] ?? match[2])!;
}

const allRatings = (first: string) => [
  ["ratings.listening", first],
  ["ratings.follow_up", "4"],
  ["ratings.proactive", "4"],
  ["ratings.reachability", "5"],
  ["ratings.advocacy", "na"],
  ["ratings.customer_first", "4"],
] as [string, string][];

describe("the report card journey", () => {
  it("sends, shows and records a report card; a scanner's GET records nothing", async () => {
    const { rep, invitation, path } = await invite("report-card");
    expect(invitation.status).toBe("sent");
    const page = await app.request(path);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Ana Lima");
    expect(await status(invitation.id)).toBe("opened");
    const again = await app.request(path);
    expect(again.status).toBe(200);
    const agg = await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(periodOf(new Date()), rep.id) }));
    // The send counted the report card as invited; opening it twice counted nothing.
    expect(agg.Item).toMatchObject({ invited: 1 });
    expect(Object.keys(agg.Item!).filter((name) => /^(cards|answered|[nsql]_|rs_)/.test(name))).toEqual([]);

    const res = await postForm(path, [["csrf", csrfOf(html)], ...allRatings("5"), ["improve", "Call back faster"], ["shareName", "on"]]);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${path}/thanks?outcome=recorded`);
    const thanks = await app.request(res.headers.get("location")!);
    expect(thanks.status).toBe(200);
    expect(await status(invitation.id)).toBe("answered");
    const after = await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(periodOf(new Date()), rep.id) }));
    expect(after.Item).toMatchObject({ cards: 1, n_listening: 1, s_listening: 5 });
    expect(after.Item?.n_advocacy).toBeUndefined();
  });

  it("opens a one-question confirm page for the rating tapped in the email", async () => {
    const { email } = await invite("report-card");
    const html = await (await app.request(surveyLink(email, 2))).text();
    expect(html).toContain("You rated Ana Lima 2 out of 5");
    expect(html).toMatch(/<input[^>]*name="ratings\.listening"[^>]*value="2"/);
  });

  it("answers a rating outside 1–5 in the link with a 400 page naming score", async () => {
    const { path } = await invite("report-card");
    const res = await app.request(`${path}?score=9`);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toContain("text/html");
  });

  it("keeps every answer and shows the error beside the field when an answer is not valid", async () => {
    const { path } = await invite("report-card");
    const html = await (await app.request(path)).text();
    const fields = allRatings("5").map(([name, value]): [string, string] => [name, name === "ratings.proactive" ? "7" : value]);
    const res = await postForm(path, [["csrf", csrfOf(html)], ...fields, ["improve", "Keep me posted"]]);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Keep me posted");
    expect(page).toMatch(/aria-invalid="true"/);
    expect(page).toMatch(/<input[^>]*name="ratings\.listening"[^>]*value="5"[^>]*checked|<input[^>]*checked[^>]*name="ratings\.listening"[^>]*value="5"/);
  });

  it("asks for at least one rating when a form arrives with none, keeping what was written", async () => {
    const { path } = await invite("report-card");
    const html = await (await app.request(path)).text();
    const res = await postForm(path, [["csrf", csrfOf(html)], ["improve", "Keep me posted"]]);
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Rate at least one statement");
    expect(page).toContain("Keep me posted");
  });

  it("refuses a form post without its CSRF field, and one from another site", async () => {
    const { path } = await invite("report-card");
    const html = await (await app.request(path)).text();
    expect((await postForm(path, allRatings("5"))).status).toBe(403);
    const foreign = await app.request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams([["csrf", csrfOf(html)], ...allRatings("5")]).toString(),
    });
    expect(foreign.status).toBe(403);
  });

  it("accepts JSON, names bad fields with a 400, and counts a retried submission once", async () => {
    const { rep, path } = await invite("report-card");
    const bad = await postJson(path, { ratings: { listening: 7, follow_up: 4 } });
    expect(bad.status).toBe(400);
    const fields = (await bad.json()).error.fields;
    expect(fields["ratings.listening"]).toBe("must be a whole number from 1 to 5, or na");
    expect(fields["ratings.proactive"]).toBeUndefined();
    const none = await postJson(path, { ratings: {} });
    expect(none.status).toBe(400);
    expect((await none.json()).error.fields.ratings).toBe("must answer at least one statement");
    const body = { ratings: { listening: 4, follow_up: 4, proactive: 3, reachability: 5, advocacy: "na", customer_first: 4 }, aboutMe: "I coach my kid's football team" };
    const [one, two] = await Promise.all([postJson(path, body), postJson(path, body)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    expect([(await one.json()).outcome, (await two.json()).outcome].sort()).toEqual(["recorded", "unchanged"]);
    const agg = await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(periodOf(new Date()), rep.id) }));
    expect(agg.Item).toMatchObject({ cards: 1, s_listening: 4 });
  });

  it("stores the consented 'about me' text with the customer", async () => {
    const { customer, path } = await invite("report-card");
    const body = { ratings: { listening: 5, follow_up: 5, proactive: 5, reachability: 5, advocacy: 5, customer_first: 5 }, aboutMe: "Sailing on weekends" };
    expect((await postJson(path, body)).status).toBe(200);
    expect(await Customer.get(customer.id)).toMatchObject({ aboutMe: "Sailing on weekends" });
  });

  it("answers a form body it cannot read with a 400 page on every form route, never a 500", async () => {
    const { rep, path } = await invite("report-card");
    const cookie = await sessionCookie(rep.email);
    const unreadable = (url: string) =>
      app.request(`${ORIGIN}${url}`, { method: "POST", headers: { "content-type": "multipart/form-data; boundary=x", origin: ORIGIN, cookie }, body: "not a multipart body" });
    for (const url of [path, "/auth/login", "/auth/callback", "/auth/logout", "/dashboard/follow-ups/fup_01JD0000000000000000000000/resolve"]) {
      const res = await unreadable(url);
      expect(res.status, url).toBe(400);
      expect(res.headers.get("content-type"), url).toContain("text/html");
    }
  });

  it("shows a friendly 404 for an unknown or tampered link and a 410 for an expired one", async () => {
    const { path } = await invite("report-card");
    const tampered = path.slice(0, -3) + (path.endsWith("AAA") ? "BBB" : "AAA");
    for (const url of ["/s/nonsense", tampered]) {
      const res = await app.request(url);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain("<!doctype html>");
      expect(html).not.toMatch(/at .*\.ts:\d+/);
    }
    const later = new Date(Date.now() + 31 * 86_400_000);
    const expired = await Clock.at(later, () => app.request(path));
    expect(expired.status).toBe(410);
    const late = await Clock.at(later, () => postJson(path, { ratings: { listening: 5 } }));
    expect(late.status).toBe(410);
  });
});

describe("the onboarding journey", () => {
  it("stores answers as the customer's preferences and pre-fills them next time", async () => {
    const { customer, path } = await invite("onboarding");
    const answers = { channel: "text", contact: "+49 170 1234567", timezone: "Europe/Berlin", bestHours: "16:00–18:00", cadence: "weekly", responseTime: "4h", interests: ["growth", "training"] };
    const res = await postJson(path, answers);
    expect(res.status).toBe(200);
    expect((await Customer.get(customer.id)) as unknown).toMatchObject({ preferences: { ...answers, contact: "+491701234567" } });
    // A new onboarding form to the same customer starts from what they told us.
    const second = await postJson("/v1/invitations", { customerId: customer.id, kind: "onboarding" }, admin);
    expect(second.status).toBe(201);
    const emails = await inbox(customer.email);
    const link = surveyLink(emails.at(-1)!);
    const html = await (await app.request(link)).text();
    expect(html).toContain('value="+491701234567"');
    expect(html).toMatch(/<option[^>]*value="Europe\/Berlin"[^>]*selected|<option[^>]*selected[^>]*value="Europe\/Berlin"/);
  });

  it("asks for the number when the customer prefers text", async () => {
    const { path } = await invite("onboarding");
    const res = await postJson(path, { channel: "text", timezone: "Europe/Berlin", cadence: "weekly", responseTime: "4h" });
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields).toEqual({ contact: "is required: the phone number we should call or text" });
  });

  it("rejects an unknown time zone, naming timezone", async () => {
    const { path } = await invite("onboarding");
    const res = await postJson(path, { channel: "email", timezone: "Mars/Olympus", cadence: "weekly", responseTime: "4h" });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).error.fields)).toEqual(["timezone"]);
  });
});

describe("unsubscribing", () => {
  it("unsubscribes with one click and never emails the address again", async () => {
    const { customer, email } = await invite("report-card");
    const link = header(email, "List-Unsubscribe")!.match(/<(http[^>]+)>/)![1]!;
    const page = await app.request(link);
    expect(page.status).toBe(200);
    const oneClick = await app.request(link, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
    expect(oneClick.status).toBe(200);
    const res = await postJson("/v1/invitations", { customerId: customer.id, kind: "onboarding" }, admin);
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe("suppressed");
    expect(await inbox(customer.email)).toHaveLength(1);
  });

  it("answers an unknown unsubscribe link with a 404 page", async () => {
    const res = await app.request("/u/not-a-real-unsubscribe-token-at-all");
    expect(res.status).toBe(404);
  });
});

describe("campaigns and the job over HTTP", () => {
  it("answers 202 at once with the campaign queued, shows its progress until the worker is done, and each bulk email carries its own unsubscribe headers", async () => {
    const rep = await aRep();
    const customers = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);
    const worker = await campaignWorker();
    let done: Record<string, unknown>;
    try {
      const res = await postJson("/v1/campaigns", { kind: "report-card", repId: rep.id }, admin);
      expect(res.status).toBe(202);
      const started = (await res.json()) as { id: string };
      expect(started).toMatchObject({ status: "queued", total: 3, sent: 0, scope: { repId: rep.id }, startedAt: null, finishedAt: null });
      await finished(started.id);
      const progress = await app.request(`/v1/campaigns/${started.id}`, { headers: { authorization: admin } });
      expect(progress.status).toBe(200);
      done = (await progress.json()) as Record<string, unknown>;
      const listed = await app.request("/v1/campaigns?limit=1", { headers: { authorization: admin } });
      expect(((await listed.json()) as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([started.id]);
    } finally {
      await worker.stop();
    }
    expect(done).toMatchObject({ status: "done", total: 3, sent: 3, failed: 0, skipped: { suppressed: 0, capped: 0, unsubscribed: 0, unknown: 0 } });
    const missing = await app.request("/v1/campaigns/cmp_01JH5ZE2F4G6H8J0K2M4N6P8Q0", { headers: { authorization: admin } });
    expect(missing.status).toBe(404);
    const badId = await app.request("/v1/campaigns/nope/cancel", { method: "POST", headers: { authorization: admin } });
    expect(badId.status).toBe(400);
    expect(Object.keys(((await badId.json()) as { error: { fields: Record<string, string> } }).error.fields)).toEqual(["id"]);
    const links = new Set<string>();
    for (const customer of customers) {
      const email = await onlyEmail(customer.email);
      const unsubscribe = header(email, "List-Unsubscribe")!;
      expect(unsubscribe).toMatch(/^<http:\/\/rapport\.test\/u\/[\w-]+>$/);
      links.add(unsubscribe);
      expect(header(email, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(email.body.html).toContain(rep.name);
      expect(surveyLink(email)).toMatch(/^\/s\//);
    }
    expect(links.size).toBe(3);
  });

  it("validates the job's now and reports what it did", async () => {
    const bad = await app.request("/v1/jobs/run?now=yesterday", { method: "POST", headers: { authorization: admin } });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).error.fields)).toEqual(["now"]);
    const offCalendar = await app.request("/v1/jobs/run?now=2026-02-30T09:00:00Z", { method: "POST", headers: { authorization: admin } });
    expect(offCalendar.status).toBe(400);
    expect((await offCalendar.json()).error.fields).toEqual({ now: "must be a real calendar date" });
    const ok = await app.request("/v1/jobs/run?now=2026-11-22T09:00:00Z", { method: "POST", headers: { authorization: admin } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ now: "2026-11-22T09:00:00.000Z", sent: expect.any(Number), reminded: expect.any(Number), expired: expect.any(Number) });
  });

  it("applies a bounce notification posted to the local SES route", async () => {
    const { customer, invitation } = await invite("report-card");
    const message = { notificationType: "Bounce", mail: { messageId: invitation.messageId }, bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: customer.email }] } };
    const res = await postJson("/v1/ses/notifications", { Type: "Notification", Message: JSON.stringify(message) }, admin);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ suppressed: [customer.email] });
    expect(await status(invitation.id)).toBe("bounced");
    const nonsense = await postJson("/v1/ses/notifications", { hello: "world" }, admin);
    expect(nonsense.status).toBe(400);
  });
});

describe("times a customer reads", () => {
  it("says until when answers can change in the customer's own zone, else the organization's, naming it", async () => {
    const { customer, path } = await invite("onboarding");
    const res = await postJson(path, { channel: "email", timezone: "Asia/Tokyo", cadence: "weekly", responseTime: "24h" });
    expect(res.status).toBe(200);
    const until = DateTime.fromISO((await res.json()).revisableUntil as string, { locale: "en-US" });
    const thanks = await (await app.request(`${path}/thanks?outcome=recorded`)).text();
    expect(thanks).toContain(`You can change your answers until ${until.setZone("Asia/Tokyo").toFormat("ccc d LLL yyyy, HH:mm")} (Asia/Tokyo).`);

    // Their next report card's pages use the zone they gave.
    expect((await postJson("/v1/invitations", { customerId: customer.id, kind: "report-card" }, admin)).status).toBe(201);
    const card = surveyLink((await inbox(customer.email)).at(-1)!);
    const answered = await postJson(card, { ratings: { listening: 5, follow_up: 4, proactive: 4, reachability: 5, advocacy: "na", customer_first: 4 } });
    expect(answered.status).toBe(200);
    const revisable = await (await app.request(card)).text();
    expect(revisable).toMatch(/We received your answers on \w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d \(Asia\/Tokyo\)\. You can change them until [^<]*\(Asia\/Tokyo\)\./);
    expect(revisable).not.toContain("(UTC)");

    // A customer who never said: the organization's zone (UTC here), named.
    const other = await invite("report-card");
    const first = await postJson(other.path, { ratings: { listening: 4, follow_up: 4, proactive: 4, reachability: 4, advocacy: "na", customer_first: 4 } });
    const otherUntil = DateTime.fromISO((await first.json()).revisableUntil as string, { zone: "UTC", locale: "en-US" });
    expect(await (await app.request(`${other.path}/thanks?outcome=recorded`)).text()).toContain(`until ${otherUntil.toFormat("ccc d LLL yyyy, HH:mm")} (UTC).`);
  });
});
