import { describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { config } from "@rapport/core/config";
import { Customer } from "@rapport/core/customer/index";
import { aCustomer, aRep } from "../support/fixtures.ts";
import { onlyEmail, surveyLink } from "../support/inbox.ts";
import { hasChromium, phone, servedBrowser } from "./browser.ts";

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
// Each journey drives chromium through several pages and runs axe on them: seconds each, more on a loaded CI machine.
describe.skipIf(!hasChromium() && !process.env.CI)("the onboarding time zone in a phone browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("onboarding");
  const { session } = setup;

  async function invite() {
    const rep = await aRep({ name: "Ana Lima" });
    const customer = await aCustomer(rep.id, { name: "Chris Buyer" });
    const res = await fetch(`${setup.served.url}/v1/invitations`, {
      method: "POST",
      headers: { authorization: setup.admin, "content-type": "application/json" },
      body: JSON.stringify({ customerId: customer.id, kind: "onboarding" }),
    });
    expect(res.status).toBe(201);
    return { customer, link: `${setup.served.url}${surveyLink(await onlyEmail(customer.email))}` };
  }

  /** A phone in `timezoneId` under the app's real Content-Security-Policy (no bypass: the script must be allowed by it). */
  const phoneIn = (timezoneId: string, options: BrowserContextOptions = {}) => session.open(setup.browser, { ...phone, bypassCSP: false, timezoneId, ...options });
  const zone = (page: Page) => page.locator("#timezone").inputValue();

  it("pre-selects the phone's own time zone, and reads a local number in that zone's country", async () => {
    const { customer, link } = await invite();
    const { page, problems } = await phoneIn("America/Toronto");
    await page.goto(link);
    expect(await zone(page)).toBe("America/Toronto");

    await page.locator("label.choice", { hasText: /^Text message$/ }).tap();
    await page.locator("#contact").fill("416 555 0199");
    await page.locator("label.choice", { hasText: /^Weekly$/ }).tap();
    await page.locator("label.choice", { hasText: /^Within 4 hours$/ }).tap();
    const loaded = page.waitForEvent("load");
    await page.locator('form button[type="submit"]').tap();
    await loaded;
    expect((await page.locator("h1").textContent())?.trim()).toBe("Thank you!");
    expect(((await Customer.get(customer.id)) as unknown as { preferences: object }).preferences).toMatchObject({ timezone: "America/Toronto", contact: "+14165550199" });
    expect(problems).toEqual([]);
  });

  it("knows a zone by the older name the browser reports (Asia/Calcutta for Asia/Kolkata)", async () => {
    const { link } = await invite();
    const { page, problems } = await phoneIn("Asia/Kolkata");
    await page.goto(link);
    expect(await zone(page)).toBe("Asia/Kolkata");
    expect(problems).toEqual([]);
  });

  it("keeps the organization's zone without JavaScript, or when the phone's zone is not on the list", async () => {
    const off = await phoneIn("America/Toronto", { javaScriptEnabled: false });
    await off.page.goto((await invite()).link);
    expect(await zone(off.page)).toBe(config().timezone);

    const unlisted = await phoneIn("Atlantic/Reykjavik");
    await unlisted.page.goto((await invite()).link);
    expect(await zone(unlisted.page)).toBe(config().timezone);
    expect([...off.problems, ...unlisted.problems]).toEqual([]);
  });
});
