import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Invitation } from "@rapport/core/invitation/index";
import { aCustomer, aRep } from "../support/fixtures.ts";
import { onlyEmail } from "../support/inbox.ts";
import { axe, blocking, hasChromium, launchChromium, phone, serveApp, type AxeViolation, type ServedApp } from "./browser.ts";

const system = { kind: "cli", id: "test" } as const;
const shots = join(import.meta.dirname, "../../test-results/sign-in");
const desktop = { viewport: { width: 1280, height: 900 }, locale: "en-GB", bypassCSP: true };

let browser: Browser;
let served: ServedApp;
const contexts: BrowserContext[] = [];
const audits: Record<string, AxeViolation[]> = {};

/** A full-page screenshot in test-results/sign-in/ (gitignored), to look at by eye. */
async function screenshot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Screenshot, axe (serious and critical findings fail) and no sideways scrolling. */
async function audit(page: Page, name: string) {
  await screenshot(page, name);
  const found = await axe(page);
  audits[name] = found;
  expect(blocking(found), `${name}: serious or critical axe violations`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** Submits one report card for a new customer of `repId`, as the customer's JSON post. */
async function card(repId: string, listening: number, followUp: number) {
  const customer = await aCustomer(repId);
  const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, system);
  if (!("invitation" in created)) throw new Error(`not invited: ${created.skipped}`);
  const res = await fetch(`${served.url}/s/${Invitation.tokenOf(created.invitation.id)}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ratings: { listening, follow_up: followUp, proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" } }),
  });
  expect(res.status).toBe(200);
}

async function newPage(options: object): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext(options);
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on("console", (m) => {
    // Chromium's own /favicon.ico request (the pages declare no icon) 404s; journey.test.ts ignores it the same way.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

const heading = async (page: Page) => (await page.locator("h1").textContent())?.trim();
const leadFigure = async (page: Page) => (await page.locator(".card.lead .fig").textContent())?.replace(/\s+/g, " ").trim();

/** Clicks a submit button and waits for the page that answers the POST (after any redirect). */
async function press(page: Page, name: string) {
  const loaded = page.waitForEvent("load");
  await page.getByRole("button", { name }).click();
  await loaded;
}

describe.skipIf(!hasChromium() && !process.env.CI)("signing in with a magic link in a browser", () => {
  beforeAll(async () => {
    browser = await launchChromium();
    served = await serveApp();
  });

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await served?.close();
    const lines = Object.entries(audits).map(([page, found]) => `${page}: ${found.length ? found.map((v) => `${v.id} [${v.impact}] ${v.targets.join(", ")}`).join("; ") : "no violations"}`);
    if (lines.length) console.log(`axe-core results:\n  ${lines.join("\n  ")}`);
  });

  it("takes a rep from the sign-in page through the emailed link to their dashboard, and out again", async () => {
    const rep = await aRep({ name: "Marta Quintero", team: "Iberia" });
    // Two cards, the only ratings in the organization, so the prior equals Marta's raw score:
    // raw = (mean listening (5+4)/2 + mean follow_up (4+4)/2)/2 = (4.5 + 4)/2 = 4.25; adjusted (2·4.25 + 5·4.25)/7 = 4.25.
    // v_listening = (41 − 2·4.5²)/1 = 0.5, v_follow_up = 0; SE² = (2/7)²·(¼·0.5/2) = 0.0051020, SE 0.0714286;
    // interval 4.25 ± 0.1175 = [4.1325, 4.3675] → "4.13–4.37".
    await card(rep.id, 5, 4);
    await card(rep.id, 4, 4);

    const { context, page, problems } = await newPage(phone);
    await page.goto(`${served.url}/auth/login`);
    expect(await heading(page)).toBe("Sign in to Rapport");
    await audit(page, "01-login-390");

    await page.getByLabel("Work email").fill(rep.email);
    await press(page, "Email me a sign-in link");
    expect(await heading(page)).toBe("Check your email");
    expect(await page.getByRole("status").textContent()).toContain(rep.email);
    await audit(page, "02-check-your-email-390");

    const sent = await onlyEmail(rep.email);
    expect(sent.subject).toBe("Your Rapport sign-in link");
    const link = sent.body.text?.match(/https?:\/\/\S+\/auth\/callback\?token=[A-Za-z0-9_-]+/)?.[0];
    expect(link?.startsWith(`${served.url}/auth/callback?token=`), sent.body.text).toBe(true);

    await page.goto(link!);
    expect(await heading(page)).toBe("Finish signing in");
    await audit(page, "03-confirm-390");
    await press(page, "Sign in to Rapport");

    expect(new URL(page.url()).pathname).toBe("/dashboard");
    expect(await heading(page)).toBe("Marta Quintero");
    expect(await leadFigure(page)).toBe("4.25 (4.13–4.37)");
    expect(await page.locator("header").textContent()).toContain("Marta Quintero");
    await audit(page, "04-dashboard-390");

    // The same session on a desktop screen.
    const wide = await newPage({ ...desktop, storageState: await context.storageState() });
    await wide.page.goto(`${served.url}/dashboard`);
    expect(await heading(wide.page)).toBe("Marta Quintero");
    expect(await leadFigure(wide.page)).toBe("4.25 (4.13–4.37)");
    await audit(wide.page, "05-dashboard-1280");

    await press(page, "Sign out");
    expect(new URL(page.url()).pathname).toBe("/auth/login");
    expect(await heading(page)).toBe("Sign in to Rapport");

    await page.goto(`${served.url}/dashboard`);
    expect(new URL(page.url()).pathname).toBe("/auth/login");
    // Signing out ended the session itself: the desktop window, still holding the old cookie, is signed out too.
    await wide.page.goto(`${served.url}/dashboard`);
    expect(new URL(wide.page.url()).pathname).toBe("/auth/login");
    await audit(wide.page, "06-login-1280");

    expect(problems).toEqual([]);
    expect(wide.problems).toEqual([]);
  });
});
