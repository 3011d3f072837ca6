import { describe, expect, it } from "vitest";
import { FollowUp } from "@rapport/core/followup/index";
import { Invitation } from "@rapport/core/invitation/index";
import { aCustomer, aRep, email } from "../support/fixtures.ts";
import { inbox } from "../support/inbox.ts";
import { hasChromium, phone, press, servedBrowser } from "./browser.ts";

const cli = { kind: "cli", id: "test" } as const;

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("raising a concern in a browser", { timeout: 120_000 }, () => {
  /** Screenshots in test-results/concern/; link tokens and ids are masked in the problems collected. */
  const setup = servedBrowser("concern", (path) => path.replace(/\/(s|u|p|c)\/[\w.-]+/, "/$1/…"));

  it("opens \"Something not right? Tell us\" from a real email on a 390 px phone, shows a mistake with the focus on it, and sends the concern", async () => {
    const manager = email("manager");
    const rep = await aRep({ name: "Rosa Diaz", managerEmail: manager });
    const customer = await aCustomer(rep.id, { name: "Marcus Hale", company: "Hale Freight" });
    await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);
    const link = (await inbox(customer.email))[0]!.body.text!.match(/Something not right\? Tell us: (\S+)/)![1]!;
    expect(link.startsWith(setup.served.url)).toBe(true);

    const { page, problems } = await setup.session.open(setup.browser, phone);
    await page.goto(link);
    expect(await page.locator("h1").textContent()).toBe("Something not right? Tell us");
    expect(await page.locator("script").count()).toBe(0);
    // What we know is filled in: their email, on the email channel.
    expect(await page.getByLabel(/Phone number, email address or video link/).inputValue()).toBe(customer.email);
    await setup.session.audit(page, "01-concern-form-390");

    // Sent without choosing: the page comes back with the mistakes listed first, and the focus on that list.
    await page.getByLabel(/What happened\?/).fill("The pallet arrived crushed and nobody answered my call.");
    await press(page, "Send");
    expect(await page.title()).toMatch(/^Error: /);
    expect(await page.evaluate(() => document.activeElement?.classList.contains("errors"))).toBe(true);
    // It has the focus, so it is read once: it is not also an alert.
    expect(await page.getByRole("alert").count()).toBe(0);
    expect(await page.locator(".errors").innerText()).toContain("Choose whether we may contact you about it");
    expect(await page.getByLabel(/What happened\?/).inputValue()).toBe("The pallet arrived crushed and nobody answered my call.");
    await setup.session.audit(page, "02-concern-errors-390");

    await page.getByRole("link", { name: "Choose how urgent it is" }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("urgency");
    await page.getByLabel("It needs attention today").check();
    await page.getByLabel("Yes, contact me about it").check();
    await press(page, "Send");
    const thanks = await page.locator("main").innerText();
    expect(await page.locator("h1").textContent()).toBe("Thank you, we have it");
    expect(thanks).toMatch(/Rosa Diaz or their manager will contact you by \w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(UTC\) to put it right\./);
    await setup.session.audit(page, "03-concern-sent-390");
    expect(problems).toEqual(["400 POST /c/…"]);

    const [opened] = await FollowUp.list({ repIds: [rep.id], kind: "recovery" });
    expect(opened).toMatchObject({ source: "concern", urgency: "today", customerId: customer.id, comment: "The pallet arrived crushed and nobody answered my call.", contact: customer.email });
    expect((await inbox(manager))[0]!.body.text).toContain("Marcus Hale raised a concern (needs attention today)");
  });
});
