import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { aRep, answerCard } from "../support/fixtures.ts";
import { onlyEmail } from "../support/inbox.ts";
import { browserSession, hasChromium, launchChromium, phone, press, serveApp, type ServedApp } from "./browser.ts";

const desktop = { viewport: { width: 1280, height: 900 }, locale: "en-GB", bypassCSP: true };

let browser: Browser;
let served: ServedApp;
/** Screenshots in test-results/sign-in/. */
const session = browserSession("sign-in");

const { audit } = session;
const newPage = (options: BrowserContextOptions) => session.open(browser, options);
/** A report card for a new customer of `repId`, posted to the served app. */
const card = (repId: string, listening: number, followUp: number) => answerCard((path, init) => fetch(`${served.url}${path}`, init), repId, { listening, followUp });

const heading = async (page: Page) => (await page.locator("h1").textContent())?.trim();
const leadFigure = async (page: Page) => (await page.locator(".card.lead .fig").textContent())?.replace(/\s+/g, " ").trim();

// Each journey drives chromium through several pages and runs axe on them: seconds each, more on a loaded CI machine.
describe.skipIf(!hasChromium() && !process.env.CI)("signing in with a magic link in a browser", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    browser = await launchChromium();
    served = await serveApp();
  });

  afterAll(async () => {
    await session.close();
    await browser?.close();
    await served?.close();
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
