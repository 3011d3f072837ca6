import { describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { aggregateKeys } from "@rapport/core/aggregate/keys";
import { db, tableName } from "@rapport/core/db/index";
import { periodOf } from "@rapport/core/period/index";
import { defaultSurvey } from "@rapport/core/survey/index";
import { aCustomer, aRep } from "../support/fixtures.ts";
import { onlyEmail, surveyLink, type StoredEmail } from "../support/inbox.ts";
import { hasChromium, phone, servedBrowser } from "./browser.ts";

const behaviours = defaultSurvey.behaviours.map((b) => b.id);
const [first, ...others] = behaviours as [string, ...string[]];

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
// Each journey drives chromium through several pages and runs axe on them: seconds each, more on a loaded CI machine.
describe.skipIf(!hasChromium() && !process.env.CI)("customer journeys in a phone browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("journey");
  const { session } = setup;

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${setup.served.url}${path}`, { ...init, headers: { authorization: setup.admin, "content-type": "application/json", ...init.headers } });

  async function invite(kind: "report-card" | "onboarding") {
    const rep = await aRep({ name: "Ana Lima" });
    const customer = await aCustomer(rep.id, { name: "Chris Buyer" });
    const res = await api("/v1/invitations", { method: "POST", body: JSON.stringify({ customerId: customer.id, kind }) });
    expect(res.status).toBe(201);
    const invitation = (await res.json()) as { id: string; status: string };
    const email = await onlyEmail(customer.email);
    expect(email.body.text).toContain(`${setup.served.url}/s/`);
    return { rep, customer, invitation, email, link: `${setup.served.url}${surveyLink(email)}` };
  }

  const status = async (id: string) => ((await (await api(`/v1/invitations/${id}`)).json()) as { status: string }).status;

  const aggregate = async (repId: string) =>
    (await db().send(new GetCommand({ TableName: tableName(), Key: aggregateKeys.rep(periodOf(new Date()), repId) }))).Item;
  /** What a rep's aggregate counts of answers (cards, ratings, rated sets, answered): the send's `invited` is not an answer. */
  const counted = (item: Record<string, unknown> | undefined) => Object.keys(item ?? {}).filter((name) => /^(cards|answered|[nsql]_|rs_)/.test(name));

  /** A fresh phone context; console errors and page errors are collected so a test can assert there were none. */
  const phonePage = async (options: BrowserContextOptions = {}) => session.open(setup.browser, { ...phone, ...options });
  const { audit, screenshot } = session;

  const heading = async (page: Page) => (await page.locator("h1").textContent())?.trim();
  const rate = (page: Page, behaviour: string, value: string) => page.locator(`label[for="ratings-${behaviour}-${value}"]`).tap();
  const checkedRating = (page: Page, behaviour: string) => page.locator(`input[name="ratings.${behaviour}"]:checked`).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));

  /** Taps the form's submit button and waits for the page that answers the POST (after any redirect). */
  async function submit(page: Page) {
    const loaded = page.waitForEvent("load");
    await page.locator('form button[type="submit"]').tap();
    await loaded;
  }

  it("records the rating tapped in the email with one tap of Send above the fold, then takes the rest as a revision", async () => {
    const { rep, invitation, email } = await invite("report-card");
    const { page, problems } = await phonePage();

    await page.goto(`${setup.served.url}${surveyLink(email, 4)}`);
    expect(await heading(page)).toBe("You rated Ana Lima 4 out of 5");
    const send = page.getByRole("button", { name: "Send" });
    const box = await send.boundingBox();
    expect(box, "the Send button is on the page").not.toBeNull();
    // Visible without scrolling on a 390×844 phone.
    expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    expect(box!.y).toBeGreaterThanOrEqual(0);
    await audit(page, "01-confirm-rating");
    // Opening the link (as a mail scanner would) recorded nothing.
    expect(counted(await aggregate(rep.id))).toEqual([]);

    const loaded = page.waitForEvent("load");
    await send.tap();
    await loaded;
    // One tap recorded the card with that one behaviour rated.
    expect(await status(invitation.id)).toBe("answered");
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_listening: 1, s_listening: 4 });
    expect((await aggregate(rep.id))?.n_follow_up).toBeUndefined();
    expect(await page.locator(".notice").textContent()).toContain("is recorded");
    expect(await checkedRating(page, first)).toEqual(["4"]);
    for (const b of others) expect(await checkedRating(page, b)).toEqual([]);
    await audit(page, "01b-report-card-after-tap");

    const answers: Record<string, string> = { follow_up: "5", proactive: "3", reachability: "4", advocacy: "na", customer_first: "5" };
    for (const b of others) await rate(page, b, answers[b]!);
    await page.locator("#improve").tap();
    await page.keyboard.type("Call me back within the hour, please.");
    await page.locator('label[for="shareName"]').tap();
    expect(await page.locator("#shareName").isChecked()).toBe(true);
    await submit(page);

    expect(new URL(page.url()).pathname).toMatch(/^\/s\/[A-Za-z0-9_-]+\/thanks$/);
    expect(await heading(page)).toBe("Your answers are updated");
    await audit(page, "02-thank-you");
    // Still one card: the rest arrived as a revision of the same response.
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_listening: 1, s_listening: 4, n_follow_up: 1, s_follow_up: 5 });

    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    expect(await heading(page)).toBe("Your answers are updated");
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1 });

    await page.getByRole("link", { name: "Change my answers" }).tap();
    await page.waitForURL((url) => !url.pathname.endsWith("/thanks"));
    expect(await page.locator(".notice").textContent()).toContain("We received your answers");
    expect(await checkedRating(page, first)).toEqual(["4"]);
    expect(await checkedRating(page, "follow_up")).toEqual(["5"]);
    expect(await page.locator("#improve").inputValue()).toBe("Call me back within the hour, please.");
    expect(await page.locator("#shareName").isChecked()).toBe(true);
    expect(await page.locator('form button[type="submit"]').textContent()).toBe("Update my answers");
    await screenshot(page, "03-report-card-revisable");

    await rate(page, "follow_up", "3");
    await submit(page);
    expect(await heading(page)).toBe("Your answers are updated");
    await screenshot(page, "04-thank-you-revised");
    // One card still: follow_up moved from 5 to 3, nothing counted twice.
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_follow_up: 1, s_follow_up: 3, n_listening: 1, s_listening: 4 });
    expect(await status(invitation.id)).toBe("answered");
    expect(problems).toEqual([]);
  });

  it("keeps what was written when nothing is rated, shows the error, and is usable with the keyboard", async () => {
    const { invitation, link } = await invite("report-card");
    const { page, problems } = await phonePage();
    await page.goto(link);

    await page.locator("#improve").tap();
    await page.keyboard.type("Keep me posted");
    await submit(page);

    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.locator(".errors h2").textContent()).toBe("Please check one answer");
    const summaryLinks = await page.locator(".errors a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(summaryLinks).toEqual(["#ratings-listening-1"]);
    expect(await page.locator(".errors").textContent()).toContain("Rate at least one statement");
    for (const b of behaviours) expect(await checkedRating(page, b)).toEqual([]);
    expect(await page.locator("#improve").inputValue()).toBe("Keep me posted");
    await audit(page, "05-report-card-error");

    // From the top of the page, Tab visits only controls, each with a visible focus outline.
    const stops: { tag: string; type: string; id: string; name: string; outline: string; width: string }[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const style = getComputedStyle(el);
          return { tag: el.tagName, type: el.getAttribute("type") ?? "", id: el.id, name: el.getAttribute("name") ?? "", outline: style.outlineStyle, width: style.outlineWidth };
        }),
      );
    }
    expect(stops[0]).toMatchObject({ tag: "A" });
    for (const stop of stops) {
      expect(["A", "INPUT", "SELECT", "TEXTAREA", "BUTTON"], JSON.stringify(stop)).toContain(stop.tag);
      expect(stop.outline, JSON.stringify(stop)).not.toBe("none");
      expect(parseFloat(stop.width), JSON.stringify(stop)).toBeGreaterThan(0);
    }
    const radios = stops.filter((s) => s.type === "radio");
    expect(radios.map((r) => r.name)).toEqual(behaviours.map((b) => `ratings.${b}`));
    // One tab stop per radio group: the checked radio, or the first when none is checked.
    expect(radios.find((r) => r.name === "ratings.proactive")?.id).toBe("ratings-proactive-1");
    expect(radios.find((r) => r.name === "ratings.listening")?.id).toBe("ratings-listening-1");
    await screenshot(page, "06-report-card-error-keyboard");

    // Arrow keys choose within the group; the corrected form goes through.
    await page.locator("#ratings-proactive-1").focus();
    await page.keyboard.press("ArrowDown");
    expect(await checkedRating(page, "proactive")).toEqual(["2"]);
    await submit(page);
    expect(await heading(page)).toBe("Thank you!");
    expect(await status(invitation.id)).toBe("answered");
    // The form with no rating is answered with 400, as it should be; nothing else failed.
    expect(problems).toEqual([`400 POST ${new URL(link).pathname}`]);
  });

  it("records onboarding preferences, starting from what Rapport already knows", async () => {
    const { customer, invitation, link } = await invite("onboarding");
    const { page, problems } = await phonePage();
    await page.goto(link);

    expect(await heading(page)).toBe("How would you like us to work with you?");
    expect(await page.locator("#contact").inputValue()).toBe(customer.email);
    expect(await page.locator('input[name="channel"]:checked').getAttribute("value")).toBe("email");
    await audit(page, "07-onboarding");

    await page.locator("label.choice", { hasText: /^Text message$/ }).tap();
    await page.locator("#contact").fill("+49 170 1234567");
    await page.locator("#timezone").selectOption("Europe/Berlin");
    await page.locator("label.choice", { hasText: /^Weekly$/ }).tap();
    await page.locator("label.choice", { hasText: /^Within 4 hours$/ }).tap();
    await page.locator("label.choice", { hasText: /^Reliability$/ }).tap();
    await page.locator("label.choice", { hasText: /^New ideas$/ }).tap();
    await screenshot(page, "08-onboarding-filled");
    await submit(page);

    expect(await heading(page)).toBe("Thank you!");
    await screenshot(page, "09-onboarding-thank-you");
    expect(await status(invitation.id)).toBe("answered");

    // The link now shows the answers given, ready to change.
    await page.goto(link);
    expect(await page.locator('input[name="channel"]:checked').getAttribute("value")).toBe("text");
    expect(await page.locator("#contact").inputValue()).toBe("+491701234567");
    expect(await page.locator("#timezone").inputValue()).toBe("Europe/Berlin");
    expect(await page.locator('input[name="cadence"]:checked').getAttribute("value")).toBe("weekly");
    expect(await page.locator('input[name="responseTime"]:checked').getAttribute("value")).toBe("4h");
    expect(await page.locator('input[name="interests"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([
      "reliability",
      "new ideas",
    ]);
    expect(problems).toEqual([]);
  });

  it("submits the report card with JavaScript turned off, and counts it once after Back and Send again", async () => {
    const { rep, invitation, link } = await invite("report-card");
    const { page, problems } = await phonePage({ javaScriptEnabled: false });
    await page.goto(link);
    for (const b of behaviours) await rate(page, b, "4");
    await page.locator("#aboutMe").fill("I race bikes at weekends.");
    await submit(page);
    expect(await heading(page)).toBe("Thank you!");
    await screenshot(page, "10-no-js-thank-you");
    expect(await status(invitation.id)).toBe("answered");

    await page.goBack();
    expect(await checkedRating(page, first)).toEqual(["4"]);
    await submit(page);
    expect(await heading(page)).toBe("We already have these answers");
    await screenshot(page, "11-no-js-sent-again");
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1, n_listening: 1, s_listening: 4 });
    expect(problems).toEqual([]);
  });

  it("unsubscribes through the visible link in the email", async () => {
    const { customer, email } = await invite("onboarding");
    const href = unsubscribeHref(email);
    expect(href.startsWith(`${setup.served.url}/u/`)).toBe(true);
    const { page, problems } = await phonePage();

    await page.goto(href);
    expect(await heading(page)).toBe("Unsubscribe from feedback emails?");
    expect(await page.locator("main").textContent()).not.toContain(customer.email);
    await audit(page, "12-unsubscribe");
    await submit(page);
    expect(await heading(page)).toBe("You are unsubscribed");
    await audit(page, "13-unsubscribed");

    const again = await api("/v1/invitations", { method: "POST", body: JSON.stringify({ customerId: customer.id, kind: "report-card" }) });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("suppressed");
    expect(problems).toEqual([]);
  });

  it("records nothing when a mail scanner opens every link first", async () => {
    const { rep, invitation, email, link } = await invite("report-card");
    const links = [link, ...[1, 2, 3, 4, 5].map((n) => `${setup.served.url}${surveyLink(email, n)}`), unsubscribeHref(email)];
    for (let round = 0; round < 3; round++) {
      for (const url of links) {
        const res = await fetch(url, { redirect: "manual", headers: { "user-agent": "Mozilla/5.0 (compatible; SafeLinks scanner)" } });
        expect(res.status, url).toBe(200);
        await res.arrayBuffer();
      }
    }
    expect(await status(invitation.id)).toBe("opened");
    expect(counted(await aggregate(rep.id))).toEqual([]);

    // The customer comes later: nothing pre-selected by the scanner, the link is not used up, still subscribed.
    const { page, problems } = await phonePage();
    await page.goto(link);
    for (const b of behaviours) expect(await checkedRating(page, b)).toEqual([]);
    for (const b of behaviours) await rate(page, b, "5");
    await submit(page);
    expect(await heading(page)).toBe("Thank you!");
    expect(await status(invitation.id)).toBe("answered");
    expect(await aggregate(rep.id)).toMatchObject({ cards: 1 });
    await page.goto(unsubscribeHref(email));
    expect(await heading(page)).toBe("Unsubscribe from feedback emails?");
    expect(problems).toEqual([]);
  });
});

/** The href of the visible "Unsubscribe" link in an email's HTML. */
function unsubscribeHref(email: StoredEmail): string {
  const match = (email.body.html ?? "").match(/<a\b[^>]*\bhref="([^"]+)"[^>]*>\s*Unsubscribe\s*<\/a>/);
  if (!match) throw new Error(`no Unsubscribe link in: ${email.body.html}`);
  return match[1]!.replace(/&amp;/g, "&");
}
