import { describe, expect, it } from "vitest";
import { Audit } from "@rapport/core/audit/index";
import { viewerOf } from "@rapport/core/auth/index";
import { Clock } from "@rapport/core/clock/index";
import { formatDate } from "@rapport/core/clock/format-date";
import { SignedLink } from "@rapport/core/link/index";
import { FollowUp } from "@rapport/core/followup/index";
import { Invitation } from "@rapport/core/invitation/index";
import { logger } from "@rapport/core/log/index";
import { aCustomer, aRep, answerForm, bearer } from "../../../test/support/fixtures.ts";
import { inbox } from "../../../test/support/inbox.ts";
import { captureOutput } from "../../../test/support/output.ts";
import { DAY, HOUR, aCustomerOfATeam, app, casesOf, concernLinksOf, customerLinked, linkOf, raise, raiseJson, tableItems } from "./concern-support.ts";

const cli = { kind: "cli", id: "test" } as const;

/** What `work` logs with the logger at `level` (the tests run at ERROR). */
async function loggedAt<T>(level: "INFO", work: () => Promise<T>) {
  const quiet = logger.getLevelName();
  logger.setLogLevel(level);
  try {
    return await captureOutput(work);
  } finally {
    logger.setLogLevel(quiet);
  }
}
const form = { "content-type": "application/x-www-form-urlencoded" };

describe("a concern opens a recovery case", () => {
  it("at once, due within 24 hours, without any report card: named for the rep, told to rep and manager as a concern, never in the scores", async () => {
    const { manager, rep, customer, link } = await aCustomerOfATeam(null);
    const before = Date.now();
    const sent = await raise(link, { what: "The invoice was wrong twice.", urgency: "no-rush", reply: "contact" });
    expect(sent.status).toBe(303);
    const [opened] = await casesOf(rep.id);
    expect(opened).toMatchObject({ kind: "recovery", status: "open", anonymous: false, source: "concern", urgency: "no-rush", comment: "The invoice was wrong twice.", customerId: customer.id, customerName: "Charles Boyle", company: "Boyle Foods", valueTier: "A" });
    // Nothing told us how to reach them: the email they are written to.
    expect(opened).toMatchObject({ channel: "email", contact: customer.email });
    expect(opened!.suggestedActions![0]).toContain("with the manager on the call");
    for (const field of ["invitationId", "period", "lowBehaviours", "repScore"]) expect(opened, field).not.toHaveProperty(field);
    const hours = (Date.parse(opened!.dueAt) - Date.parse(opened!.createdAt)) / HOUR;
    expect(hours).toBe(24);
    expect(Date.parse(opened!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli)).toHaveProperty("invitation");

    expect(sent.headers.get("location")).toBe(`${link}/sent?case=${opened!.id}`);
    const thanks = await app.request(sent.headers.get("location")!);
    const page = await thanks.text();
    // Back to the form with the same link: the page mints none (a forwarded page would never expire).
    expect(page).toContain(`href="${link}"`);
    expect(page).toContain(`Amy Santiago or their manager will contact you by ${formatDate(opened!.dueAt, "UTC")} to put it right.`);
    expect(page).toContain("Something else not right? Tell us");

    for (const to of [rep.email, manager]) {
      const [mail] = await inbox(to);
      expect(mail!.subject, to).toMatch(/^Concern from Charles Boyle/);
      expect(mail!.body.text, to).toContain("Charles Boyle raised a concern (no rush)");
      expect(mail!.body.text, to).toContain('What happened: "The invoice was wrong twice."');
      expect(mail!.body.text, to).not.toContain("Rated ");
    }
    const card = await app.request(`/v1/reps/${rep.id}/scorecard`, { headers: { authorization: await bearer("admin") } });
    expect((await card.json()).responses).toBe(0);
  });

  it("is due by the customer's shorter expected response time, within 4 hours when they say it needs attention today, and reaches them as they say", async () => {
    const { rep, link } = await aCustomerOfATeam({ channel: "phone", contact: "+1 212 555 0111", timezone: "America/New_York", cadence: "weekly", responseTime: "1h", personalInterests: "Sails on weekends" });
    expect((await raiseJson(link, { what: "Still no tracking number.", urgency: "this-week", reply: "contact" })).status).toBe(201);
    // A local number, read in the country of their time zone (New York).
    expect((await raiseJson(link, { what: "The driver left without unloading.", urgency: "today", reply: "contact", channel: "text", contact: "(212) 555-0199" })).status).toBe(201);
    const [byPreference, byText] = await casesOf(rep.id);
    expect((Date.parse(byPreference!.dueAt) - Date.parse(byPreference!.createdAt)) / HOUR).toBe(1);
    expect(byPreference).toMatchObject({ channel: "phone", contact: "+12125550111", timezone: "America/New_York", sharedAboutThem: "Sails on weekends" });
    expect(byText).toMatchObject({ channel: "text", contact: "+12125550199", urgency: "today" });
    // "Today" and an expected response time of 1 hour: the shorter, 1 hour.
    expect((Date.parse(byText!.dueAt) - Date.parse(byText!.createdAt)) / HOUR).toBe(1);

    const other = await aCustomerOfATeam();
    expect((await raiseJson(other.link, { what: "Nobody picks up.", urgency: "today", reply: "contact" })).status).toBe(201);
    const [today] = await casesOf(other.rep.id);
    expect((Date.parse(today!.dueAt) - Date.parse(today!.createdAt)) / HOUR).toBe(4);
  });

  it("is not held back by a report card sent a day ago, inside the 60-day limit", async () => {
    const { rep, customer, link } = await aCustomerOfATeam();
    await Clock.at(new Date(Date.now() - DAY), () => Invitation.send({ customerId: customer.id, kind: "report-card" }, cli));
    expect(await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli)).toEqual({ skipped: "recently-surveyed" });
    expect((await raise(link, { what: "The replacement part is the wrong size.", urgency: "today", reply: "contact" })).status).toBe(303);
    expect(await casesOf(rep.id)).toHaveLength(1);
  });

  it("takes 5 a day from a customer: the sixth is refused with a page that says when they can send again, and opens nothing", async () => {
    const { rep, customer, link } = await aCustomerOfATeam();
    for (let i = 1; i <= 5; i++) expect((await raiseJson(link, { what: `Problem number ${i}`, urgency: "no-rush", reply: "contact" })).status).toBe(201);
    const refused = await raise(link, { what: "Problem number 6", urgency: "today", reply: "contact" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toContain("text/html");
    const midnight = new Date(Math.floor(Date.now() / DAY) * DAY + DAY);
    expect(Number(refused.headers.get("retry-after"))).toBeCloseTo((midnight.getTime() - Date.now()) / 1000, -2);
    const page = await refused.text();
    expect(page).toContain("You&#39;ve sent 5 concerns today");
    expect(page).toContain(`You can send another from ${formatDate(midnight.toISOString(), "America/New_York")}.`);
    const json = await raiseJson(link, { what: "Problem number 6", urgency: "today", reply: "anonymous" });
    expect(json.status).toBe(429);
    expect((await json.json()).error.code).toBe("too_many_concerns");
    expect(await casesOf(rep.id)).toHaveLength(5);
    // Another customer is not held back by this one, and the next day (UTC) this one may write again.
    expect((await raiseJson(linkOf((await aCustomer(rep.id)).id), { what: "Mine too", urgency: "no-rush", reply: "contact" })).status).toBe(201);
    expect((await Clock.at(midnight, () => raiseJson(link, { what: "Problem number 6", urgency: "today", reply: "contact" }))).status).toBe(201);
    expect((await casesOf(rep.id)).filter((f) => f.customerId === customer.id)).toHaveLength(6);
  });

  it("without consent to be contacted, opens an anonymous case for the manager only: no name, contact or company; the rep cannot read it", async () => {
    const { manager, rep, customer, link } = await aCustomerOfATeam();
    const { result: sent, lines, raw } = await loggedAt("INFO", () => raise(link, { what: "Your rep was rude on the phone.", urgency: "this-week", reply: "anonymous" }));
    expect(sent.status).toBe(303);
    const [opened] = await casesOf(rep.id);
    // Its log lines carry ids, none that says who raised it, and nothing personal.
    expect(lines.find((line) => line.message === "concern raised")).toMatchObject({ level: "INFO", followUpId: opened!.id, repId: rep.id });
    expect(raw).not.toContain("cus_");
    for (const personal of ["Charles", "Boyle", customer.email, "+1212", "212 555", "rude"]) expect(raw, personal).not.toContain(personal);
    expect(opened).toMatchObject({ anonymous: true, source: "concern", comment: "Your rep was rude on the phone.", urgency: "this-week" });
    for (const field of ["customerId", "customerName", "company", "channel", "contact", "bestHours", "timezone", "valueTier", "interests", "sharedAboutThem", "invitationId"]) {
      expect(opened, field).not.toHaveProperty(field);
    }
    expect(FollowUp.readableBy(opened!, (await viewerOf(rep.email))!)).toBe(false);
    expect(FollowUp.readableBy(opened!, (await viewerOf(manager))!)).toBe(true);
    expect(JSON.stringify(opened)).not.toMatch(/Boyle|\+1212|customers\.example/);
    const [audited] = (await Audit.forEntity(opened!.id)).items;
    expect(JSON.stringify(audited)).not.toContain(customer.id);

    expect(await inbox(rep.email)).toEqual([]);
    const [told] = await inbox(manager);
    expect(told!.subject).toBe("Service recovery: a customer of Amy Santiago raised a concern");
    expect(told!.body.text).toContain("raised a concern (this week is fine) and did not want to be contacted");
    expect(told!.body.text).not.toMatch(/Boyle|212 555|customers\.example/);
    const thanks = await (await app.request(sent.headers.get("location")!)).text();
    expect(thanks).toContain("Amy Santiago&#39;s manager will see what you wrote, without your name");
  });
});

describe("the concern page", () => {
  it("pre-fills how to reach them and writes nothing when opened, nor its page after", async () => {
    const { rep, link } = await aCustomerOfATeam();
    expect((await raiseJson(link, { what: "Late again.", urgency: "no-rush", reply: "anonymous" })).status).toBe(201);
    const [raised] = await casesOf(rep.id);
    const before = await tableItems();
    const page = await app.request(link);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain("Hi Charles,");
    expect(html).toMatch(/name="channel" value="phone" checked/);
    expect(html).toContain('value="+12125550111"');
    // The customer's choice is theirs: neither answer is pre-selected.
    expect(html).not.toMatch(/name="reply" value="[a-z]+" checked/);
    expect(html).not.toMatch(/<script/);
    const after = await app.request(`${link}/sent?case=${raised!.id}`);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain("Thank you, we have it");
    expect(await tableItems()).toEqual(before);
  });

  it("has a link that does not show whom it is for, answers an altered one or one made for another purpose with a 404 page and an expired one with a 410 page", async () => {
    const { customer, link } = await aCustomerOfATeam(null);
    // Access logs keep the path: it must not tie the concern to the customer.
    expect(link).not.toContain(customer.id);
    expect(link).not.toContain(customer.id.slice(4));
    expect(linkOf(customer.id)).not.toBe(link);
    const token = link.slice(3);
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** The token with its character at `i` changed to its neighbour in base64url (one bit of the 6 it spells). */
    const altered = (i: number) => `${token.slice(0, i)}${ALPHABET[ALPHABET.indexOf(token[i]!) ^ 1]}${token.slice(i + 1)}`;
    const profile = await import("@rapport/core/profile/link");
    const tampered = [
      "/c/x",
      ...[0, 5, 20, Math.floor(token.length / 2), token.length - 17, token.length - 1].map((i) => `/c/${altered(i)}`),
      `/c/${SignedLink.seal("profile", customer.id, 180)}`,
      `/c/${SignedLink.sign("concern", customer.id, 180)}`,
      `/c/${profile.linkToken(customer.id)}`,
    ];
    for (const path of tampered) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain("We could not find this link");
      const posted = await raiseJson(path, { what: "x", urgency: "today", reply: "contact" });
      expect(posted.status, path).toBe(404);
    }
    const expired = await Clock.at(new Date(Date.now() - 181 * DAY), () => linkOf(customer.id));
    const res = await app.request(expired);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("This link has expired");
    expect((await raise(link, { what: "Fine", urgency: "today", reply: "contact" })).status).toBe(303);
  });

  it("shows the form again with a 400 that names each field and keeps what they wrote; nothing is opened", async () => {
    const { rep, link } = await aCustomerOfATeam();
    const long = `It started in March. ${"x".repeat(2000)}`;
    const tooLong = await raise(link, { what: long, urgency: "today", reply: "contact" });
    expect(tooLong.status).toBe(400);
    const html = await tooLong.text();
    expect(html).toContain("<title>Error: ");
    expect(html).toContain(`What happened must be at most 2000 characters (it has ${long.length})`);
    expect(html).toContain('href="#what"');
    expect(html).toContain(long);
    expect(html).toMatch(/id="what"[^>]*aria-invalid="true"[^>]*aria-describedby="what-hint what-error"/);
    expect(html).toMatch(/name="urgency" value="today" checked/);

    const unchosen = await (await raise(link, { what: "Late again", urgency: "today", reply: "" })).text();
    expect(unchosen).toContain("Choose whether we may contact you about it");
    expect(unchosen).toContain("Late again");
    const badPhone = await raise(link, { what: "Late again", urgency: "today", reply: "contact", channel: "phone", contact: "call me" });
    expect(await badPhone.text()).toContain("Contact must be a phone number");
    // Staying anonymous, the pre-filled contact is neither checked nor kept.
    expect((await raise(link, { what: "Late again", urgency: "today", reply: "anonymous", channel: "phone", contact: "call me" })).status).toBe(303);

    const json = await raiseJson(link, { what: "", urgency: "soon", reply: "contact" });
    expect(json.status).toBe(400);
    expect((await json.json()).error.fields).toEqual({ what: "What happened is required: tell us in a few words", urgency: "How urgent it is must be today, this-week or no-rush" });
    expect(await casesOf(rep.id)).toHaveLength(1);
  });

  it("refuses a post from another site or without the page's CSRF value, with a page", async () => {
    const { rep, link } = await aCustomerOfATeam();
    const forged = await app.request(link, { method: "POST", headers: form, body: "what=x&urgency=today&reply=contact&csrf=forged" });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("content-type")).toContain("text/html");
    expect(await casesOf(rep.id)).toEqual([]);
  });
});

describe("\"Something not right? Tell us\" on every email to a customer and every page after a form", () => {
  it("carries each customer's own working link in invitations and reminders, sent alone or in a campaign batch", async () => {
    const rep = await aRep();
    const alone = await aCustomer(rep.id);
    const pair = [await aCustomer(rep.id), await aCustomer(rep.id)];
    const sent = await Invitation.send({ customerId: alone.id, kind: "report-card" }, cli);
    await Invitation.remind([sent]);
    const queued = [];
    for (const c of pair) {
      const created = await Invitation.create({ customerId: c.id, kind: "onboarding" }, cli);
      if ("invitation" in created) queued.push(created.invitation);
    }
    const batch = await Invitation.deliver(queued);
    await Invitation.remind(batch);
    for (const c of [alone, ...pair]) {
      const mails = await inbox(c.email);
      expect(mails, c.email).toHaveLength(2);
      for (const mail of mails) {
        const link = mail.body.text!.match(/Something not right\? Tell us: (\S+)/)![1]!;
        expect(link.startsWith("http://rapport.test/c/")).toBe(true);
        expect(customerLinked(link)).toBe(c.id);
        expect(mail.body.html).toContain(`href="${link}"`);
        const page = await (await app.request(new URL(link).pathname)).text();
        expect(page).toContain(`Hi ${c.name.split(" ")[0]},`);
      }
    }
  });

  it("is on the thank-you page after a form, the page of answers already final, and the customer's profile page", async () => {
    const customer = await aCustomer((await aRep()).id);
    const card = await answerForm((path, init) => app.request(path, init), customer.id, "report-card", { ratings: { listening: 5 } });
    const thanks = await (await app.request(`/s/${Invitation.tokenOf(card.id)}/thanks`)).text();
    expect(concernLinksOf(thanks)).toEqual([customer.id]);
    expect(thanks).toContain("Something not right? Tell us");
    const profile = await (await app.request(`/p/${(await import("@rapport/core/profile/link")).linkToken(customer.id)}`)).text();
    expect(concernLinksOf(profile)).toEqual([customer.id]);
    const final = await Clock.at(new Date(Date.now() + 8 * DAY), async () => (await app.request(`/s/${Invitation.tokenOf(card.id)}`)).text());
    expect(final).toContain("We received your answers");
    expect(concernLinksOf(final)).toEqual([customer.id]);
  });
});
