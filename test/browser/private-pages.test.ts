import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { Invitation } from "@rapport/core/invitation/index";
import { aCustomer, aRep, answerCard } from "../support/fixtures.ts";
import { onlyEmail } from "../support/inbox.ts";
import { hasChromium, press, servedBrowser } from "./browser.ts";

/** The app's real Content-Security-Policy (no bypass): any inline script or style it blocked is a failure. */
const desktop = { viewport: { width: 1280, height: 900 }, locale: "en-GB", bypassCSP: false };

/** Records every CSP violation the page reports, before any of its own code runs. */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const violations = (page: Page) => page.evaluate(() => (globalThis as unknown as { cspViolations: string[] }).cspViolations);

describe.skipIf(!hasChromium() && !process.env.CI)("private pages under the real security headers", { timeout: 120_000 }, () => {
  /** Screenshots in test-results/private-pages/; tokens are masked in the problems it collects. */
  const setup = servedBrowser("private-pages", (path) => path.replace(/\/(s|u)\/[\w-]+/, "/$1/…"));

  it("signs a rep in, shows their dashboard and signs them out with no CSP violation; Back then shows no dashboard", async () => {
    const rep = await aRep({ name: "Marta Quintero" });
    await answerCard((path, init) => fetch(`${setup.served.url}${path}`, init), rep.id, { listening: 5, followUp: 4 });
    const { page, problems } = await setup.session.open(setup.browser, desktop);
    await watchViolations(page);

    await page.goto(`${setup.served.url}/auth/login`);
    await page.getByLabel("Work email").fill(rep.email);
    await press(page, "Email me a sign-in link");
    const link = (await onlyEmail(rep.email)).body.text?.match(/https?:\/\/\S+\/auth\/callback\?token=[A-Za-z0-9_-]+/)?.[0];
    await page.goto(link!);
    expect(await violations(page)).toEqual([]);
    await press(page, "Sign in to Rapport");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    expect(await page.locator("h1").textContent()).toContain("Marta Quintero");
    expect(await violations(page)).toEqual([]);

    await press(page, "Sign out");
    expect(new URL(page.url()).pathname).toBe("/auth/login");
    // The dashboard was no-store: Back asks the server again, which now answers with the sign-in page.
    await page.goBack({ waitUntil: "load" });
    expect(await page.locator("h1").textContent()).not.toContain("Marta Quintero");
    expect(problems.filter((p) => !p.startsWith("401 GET /dashboard"))).toEqual([]);
  });

  it("lets a customer open their report card, answer it and reach the thanks page with no CSP violation", async () => {
    const rep = await aRep({ name: "Ines Duarte" });
    const customer = await aCustomer(rep.id);
    const sent = await Invitation.send({ customerId: customer.id, kind: "report-card" }, { kind: "cli", id: "test" });
    const { page, problems } = await setup.session.open(setup.browser, desktop);
    await watchViolations(page);
    await page.goto(`${setup.served.url}/s/${Invitation.tokenOf(sent.id)}`);
    expect(await violations(page)).toEqual([]);
    for (const radio of await page.locator('fieldset input[type="radio"][value="4"]').all()) await radio.check();
    const loaded = page.waitForEvent("load");
    await page.locator('form button[type="submit"]').last().click();
    await loaded;
    expect(new URL(page.url()).pathname).toMatch(/\/thanks$/);
    expect(await violations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
