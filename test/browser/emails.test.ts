import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { emails } from "../support/emails.ts";
import { browserSession, hasChromium, launchChromium, phone } from "./browser.ts";

// Every email on a 390 px phone, in a light and a dark colour scheme: nothing scrolls sideways, every text
// keeps its contrast (axe-core: no serious or critical finding), and the links a thumb taps are 44 px tall
// (the footer's small links, "Something not right? Tell us", "What we know about you" and "Unsubscribe", are text links).
let browser: Browser;
/** Screenshots in test-results/emails/. */
const session = browserSession("emails");

describe.skipIf(!hasChromium() && !process.env.CI)("the emails on a phone", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await session.close();
    await browser?.close();
  });

  it.each(Object.entries(emails))("%s reads on a 390 px phone, light and dark", async (name, rendered) => {
    for (const colorScheme of ["light", "dark"] as const) {
      const { page } = await session.open(browser, { ...phone, colorScheme });
      await page.setContent(rendered.html);
      await session.audit(page, `${name.replace(/\W+/g, "-")}-${colorScheme}`);
      const targets = await page.locator("a").evaluateAll((links) =>
        links.filter((a) => !["Unsubscribe", "What we know about you", "Something not right? Tell us"].includes(a.textContent?.trim() ?? "")).map((a) => ({ text: a.textContent?.trim(), height: a.getBoundingClientRect().height })),
      );
      for (const target of targets) expect(target.height, `${name}: "${target.text}" is tall enough to tap`).toBeGreaterThanOrEqual(44);
    }
    await session.closePages();
  });
});
