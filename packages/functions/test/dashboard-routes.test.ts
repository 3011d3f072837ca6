import { beforeAll, describe, expect, it } from "vitest";
import { Clock } from "@rapport/core/clock/index";
import { Invitation } from "@rapport/core/invitation/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, answerCard, email, sessionCookie, type CardAnswers } from "../../../test/support/fixtures.ts";

const app = createApp();
const manager = email("manager");
const otherManager = email("manager");
const reps: Record<"ana" | "ben" | "cara" | "zed", { id: string; email: string }> = {} as never;
let benCookie: string;
let managerCookie: string;

/** Submits one report card for a new customer of `repId` (listening and follow_up rated, the rest "na"), as the customer's JSON post. */
const card = (repId: string, answers: CardAnswers) => answerCard((path, init) => app.request(path, init), repId, answers);

const page = async (path: string, cookie: string) => {
  const res = await app.request(`http://rapport.test${path}`, { headers: { cookie } });
  return { status: res.status, type: res.headers.get("content-type") ?? "", location: res.headers.get("location"), html: await res.text() };
};

const heading = (html: string) => html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1]?.trim();
/** The big figure of the lead score card: "4.10 (3.89–4.30)". */
const leadFigure = (html: string) => html.match(/class="card lead"[\s\S]*?<p class="fig">([\s\S]*?)<\/p>/)?.[1]?.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
/** The rep names of a team table, top to bottom. */
const rowNames = (html: string) => [...html.matchAll(/<th scope="row"><a href="[^"]*">([^<]+)<\/a><\/th>/g)].map((m) => m[1]);
/** Each comment's text with the name shown under it. */
const comments = (html: string) =>
  [...html.matchAll(/<blockquote>([\s\S]*?)<\/blockquote>\s*<figcaption>\s*<span class="who-said">([^<]*)<\/span>/g)].map((m) => ({ text: m[1], by: m[2] }));
/** The text of a team table row (tags dropped). */
const rowText = (html: string, name: string) =>
  html
    .match(new RegExp(`<tr><th scope="row"><a [^>]*>${name}</a></th>([\\s\\S]*?)</tr>`))?.[1]
    ?.replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

beforeAll(async () => {
  reps.ana = await aRep({ name: "Ana Alvarez", team: "North", managerEmail: manager });
  reps.ben = await aRep({ name: "Ben Brooks", team: "North", managerEmail: manager });
  reps.cara = await aRep({ name: "Cara Chen", team: "North", managerEmail: manager });
  reps.zed = await aRep({ name: "Zed Zimmer", team: "South", managerEmail: otherManager });
  // Ben: 3 cards. listening 5, 4, 3 (sum 12, sumsq 50); follow_up 4, 4, 5 (sum 13, sumsq 57).
  await card(reps.ben.id, { listening: 5, followUp: 4, customer: "Dana Scully", improve: "Call me back sooner", shareName: true });
  await card(reps.ben.id, { listening: 4, followUp: 4, customer: "Fox Mulder", improve: "Send the quote earlier", shareName: false });
  await card(reps.ben.id, { listening: 3, followUp: 5, customer: "Walter Skinner" });
  // Cara: 6 cards, every rating 4.
  for (let i = 0; i < 6; i++) await card(reps.cara.id, { listening: 4, followUp: 4 });
  benCookie = await sessionCookie(reps.ben.email);
  managerCookie = await sessionCookie(manager);
}, 120_000);

// Default plan: equal weights, k = 5, 5 responses needed.
// Pooled: listening n 9, sum 36 (mean 4); follow_up n 9, sum 37 (mean 37/9). prior = (4 + 37/9)/2 = 73/18 = 4.0556.
// Ben: raw (12/3 + 13/3)/2 = 25/6; adjusted (3·25/6 + 5·73/18)/8 = 590/144 = 4.0972 → "4.10".
//   v_listening = (50 − 3·4²)/2 = 1, v_follow_up = (57 − 3·(13/3)²)/2 = 1/3;
//   SE² = (3/8)²·(¼·1/3 + ¼·(1/3)/3) = 0.140625·(1/9) = 0.015625, SE 0.125; ± 1.645·0.125 = 0.205625 → [3.8916, 4.3028] → "3.89–4.30".
// Cara: raw 4; adjusted (6·4 + 5·73/18)/11 = 4.0253 → "4.03"; every rating equal → interval 4.03–4.03.
// Ana: no ratings → adjusted = prior = 4.0556 → "4.06".

describe("a rep's dashboard", () => {
  it("shows the rep's adjusted score and its 90% interval to two decimals", async () => {
    const res = await page("/dashboard", benCookie);
    expect(res.status).toBe(200);
    expect(heading(res.html)).toBe("Ben Brooks");
    expect(leadFigure(res.html)).toBe("4.10 (3.89–4.30)");
    expect(res.html).toContain("3 responses · 90% interval");
  });

  it("says how many more responses the rep needs to be eligible", async () => {
    const { html } = await page("/dashboard", benCookie);
    // 5 needed, 3 received.
    expect(html).toContain("Needs 2 more responses to be eligible");
    expect(html).not.toContain("Eligible for the report-card bonus");
  });

  it("names the customer under a comment only when they chose to share their name", async () => {
    const { html } = await page("/dashboard", benCookie);
    const shown = comments(html);
    expect(shown).toHaveLength(2);
    expect(shown).toContainEqual({ text: "Call me back sooner", by: "Dana Scully" });
    expect(shown).toContainEqual({ text: "Send the quote earlier", by: "A customer" });
    expect(html).not.toContain("Fox Mulder");
    expect(html).not.toContain("Walter Skinner");
  });

  it("answers a period it cannot read with a 400 page", async () => {
    const res = await page("/dashboard?period=bogus", benCookie);
    expect(res.status).toBe(400);
    expect(res.type).toContain("text/html");
    expect(res.html).toContain("This page address has a value we do not understand.");
  });

  it("opens the rep's own page but refuses another team's rep, and a teammate's, with 403", async () => {
    expect((await page(`/dashboard/reps/${reps.ben.id}`, benCookie)).status).toBe(200);
    const other = await page(`/dashboard/reps/${reps.zed.id}`, benCookie);
    expect(other.status).toBe(403);
    expect(other.type).toContain("text/html");
    expect(other.html).not.toContain("Zed Zimmer");
    expect((await page(`/dashboard/reps/${reps.cara.id}`, benCookie)).status).toBe(403);
  });

  it("answers a rep id that is not one with a 404 page", async () => {
    expect((await page("/dashboard/reps/not-a-rep", benCookie)).status).toBe(404);
  });
});

describe("a manager's dashboard", () => {
  it("lists the team's reps by name, with score, responses and eligibility", async () => {
    const res = await page("/dashboard", managerCookie);
    expect(res.status).toBe(200);
    expect(heading(res.html)).toBe("North");
    expect(res.html).toContain("3 reps");
    expect(rowNames(res.html)).toEqual(["Ana Alvarez", "Ben Brooks", "Cara Chen"]);
    expect(res.html).not.toContain("Zed Zimmer");
    // No responses: the score is the prior, and with n = 0 the spec's SE is 0, so the interval has no width.
    // No responses: nothing to average, so no score (the formula would show the organisation's 4.06).
    expect(rowText(res.html, "Ana Alvarez")).toBe("0 — No score Needs 5 more");
    expect(rowText(res.html, "Ben Brooks")).toBe("3 4.10 (3.89–4.30) Needs 2 more");
    expect(rowText(res.html, "Cara Chen")).toBe("6 4.03 (4.03–4.03) ✓ Yes");
  });

  it("orders the reps by responses, most first, with ?sort=responses&dir=desc", async () => {
    const desc = await page("/dashboard?sort=responses&dir=desc", managerCookie);
    expect(desc.status).toBe(200);
    expect(rowNames(desc.html)).toEqual(["Cara Chen", "Ben Brooks", "Ana Alvarez"]);
    expect(desc.html).toMatch(/<th scope="col" class="num" aria-sort="descending">/);

    const asc = await page("/dashboard?sort=adjustedScore&dir=asc", managerCookie);
    expect(rowNames(asc.html)).toEqual(["Cara Chen", "Ben Brooks", "Ana Alvarez"]); // a rep without a score sorts last
  });

  it("answers an unknown sort column with a 400 page", async () => {
    const res = await page("/dashboard?sort=salary", managerCookie);
    expect(res.status).toBe(400);
    expect(res.type).toContain("text/html");
  });

  it("opens a team member's page with a way back, and refuses another team's rep with 403", async () => {
    const ben = await page(`/dashboard/reps/${reps.ben.id}`, managerCookie);
    expect(ben.status).toBe(200);
    expect(heading(ben.html)).toBe("Ben Brooks");
    expect(leadFigure(ben.html)).toBe("4.10 (3.89–4.30)");
    expect(ben.html).toContain("Back to the team");
    expect((await page(`/dashboard/reps/${reps.zed.id}`, managerCookie)).status).toBe(403);
  });
});

describe("times on the dashboard", () => {
  it("shows a follow-up's due time in the reader's own zone, naming it", async () => {
    const boss = email("manager");
    await aRep({ name: "Mona Meyer", email: boss, team: "HQ", timezone: "America/New_York" });
    const rep = await aRep({ name: "Berit Berg", team: "Berlin", managerEmail: boss, timezone: "Europe/Berlin" });
    const customer = await aCustomer(rep.id, { name: "Carl Chicago" });
    // Onboarding answered on Monday 23 Nov 2026: a weekly touch, the next Monday at 09:00 in Chicago
    // (UTC−6) = 15:00 UTC = 16:00 in Berlin (UTC+1) = 10:00 in New York (UTC−5). Overdue by now.
    await Clock.at(new Date("2026-11-23T10:00:00Z"), async () => {
      const created = await Invitation.create({ customerId: customer.id, kind: "onboarding" }, { kind: "cli", id: "test" });
      if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
      const body = { channel: "email", timezone: "America/Chicago", bestHours: "09:00-10:00", cadence: "weekly", responseTime: "24h" };
      const res = await app.request(`/s/${Invitation.tokenOf(created.invitation.id)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
    });
    const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

    const own = await page("/dashboard", await sessionCookie(rep.email));
    expect(own.status).toBe(200);
    expect(text(own.html)).toContain("Carl Chicago Scheduled update Was due Mon 30 Nov 2026, 16:00 (Europe/Berlin)");
    // The customer's best hours stay in the customer's zone, named beside them.
    expect(text(own.html)).toContain("Best hours 09:00-10:00 Time zone America/Chicago");

    const team = await page("/dashboard", await sessionCookie(boss));
    expect(team.status).toBe(200);
    expect(text(team.html)).toContain("Was due Mon 30 Nov 2026, 10:00 (America/New_York)");
    expect(team.html).not.toContain("(Europe/Berlin)");
  });
});
