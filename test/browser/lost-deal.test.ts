import { describe, expect, it } from "vitest";
import { aRep, bearer, email } from "../support/fixtures.ts";
import { onlyEmail, surveyLink } from "../support/inbox.ts";
import { hasChromium, phone, servedBrowser } from "./browser.ts";

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the lost-deal card in a phone browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("lost-deal");
  const { session } = setup;

  it("is answered with a tap and a sentence (the page has no script), and passes axe on the way", async () => {
    const rep = await aRep({ name: "Ana Lima" });
    const contact = email("lost", "customers.example");
    const res = await fetch(`${setup.served.url}/v1/events/deal-lost`, {
      method: "POST",
      headers: { authorization: await bearer("events:write"), "content-type": "application/json" },
      body: JSON.stringify({ customer: { email: contact, name: "Chris Buyer" }, repEmail: rep.email, dealId: `browser-${Date.now()}`, lostAt: new Date().toISOString() }),
    });
    expect(res.status).toBe(202);
    const { page, problems } = await session.open(setup.browser, phone);
    await page.goto(`${setup.served.url}${surveyLink(await onlyEmail(contact))}`);
    expect((await page.locator("h1").textContent())?.trim()).toBe("Would you tell us why?");
    await session.audit(page, "01-card-390");

    await page.getByLabel("What would have made you choose us?").fill("A pilot before the full rollout.");
    await page.locator("fieldset", { hasText: "Ana Lima listens" }).locator("label.choice", { hasText: /^4 – Often$/ }).tap();
    await page.locator('form button[type="submit"]').tap();
    await page.waitForURL(/\/thanks\?outcome=recorded$/);
    expect((await page.locator("h1").textContent())?.trim()).toBe("Thank you!");
    await session.audit(page, "02-thanks-390");
    expect(problems).toEqual([]);
  });
});
