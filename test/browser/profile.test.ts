import { describe, expect, it } from "vitest";
import type { BrowserContextOptions } from "playwright-core";
import { Invitation } from "@rapport/core/invitation/index";
import { Profile } from "@rapport/core/profile/index";
import { aCustomer, aRep, email, sessionCookie } from "../support/fixtures.ts";
import { inbox } from "../support/inbox.ts";
import { hasChromium, phone, press, servedBrowser } from "./browser.ts";

const cli = { kind: "cli", id: "test" } as const;
const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB", bypassCSP: true };
const NONE = { listening: "na", follow_up: "na", proactive: "na", reachability: "na", advocacy: "na", customer_first: "na" };

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the secrets manual in a browser", { timeout: 120_000 }, () => {
  /** Screenshots in test-results/profile/; link tokens and ids are masked in the problems collected. */
  const setup = servedBrowser("profile", (path) => path.replace(/\/(s|u|p)\/[\w-]+/, "/$1/…").replace(/cus_\w+/, "cus_…"));

  const post = (path: string, body: unknown) => fetch(`${setup.served.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  /** A customer who answered the emailed onboarding form and a poor report card they may be contacted about, with a rep's note. */
  async function aKnownCustomer() {
    const manager = email("manager");
    const rep = await aRep({ name: "Rosa Diaz", managerEmail: manager });
    const customer = await aCustomer(rep.id, { name: "Marcus Hale", company: "Hale Freight", valueTier: "A" });
    const sent = await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);
    const onboarding = { channel: "email", timezone: "Europe/London", bestHours: "Mornings", cadence: "monthly", responseTime: "4h", interests: ["growth"], personalInterests: "Plays the trumpet" };
    expect((await post(`/s/${Invitation.tokenOf(sent.id)}`, onboarding)).status).toBe(200);
    const card = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli);
    if (!("invitation" in card)) throw new Error("not invited");
    const answers = { ratings: { ...NONE, listening: 1 }, improve: "Missed our call", aboutMe: "Moving to Leeds next year", contactOk: true, shareName: true };
    expect((await post(`/s/${Invitation.tokenOf(card.invitation.id)}`, answers)).status).toBe(200);
    await Profile.addNote(customer.id, { text: "Twin boys, both at university" }, { actor: { kind: "user", id: rep.email }, name: rep.name });
    const link = (await inbox(customer.email))[0]!.body.text!.match(/What we know about you: (\S+)/)![1]!;
    return { rep, customer, link };
  }

  it("lets a customer open \"What we know about you\" from their email, delete an item and withdraw consent with plain form posts", async () => {
    const { link } = await aKnownCustomer();
    const { page, problems } = await setup.session.open(setup.browser, phone);
    await page.goto(link);
    expect(await page.locator("h1").textContent()).toBe("What we know about you");
    // No script: every button is a form post.
    expect(await page.locator("script").count()).toBe(0);
    const text = await page.locator("main").innerText();
    for (const item of ["Marcus Hale", "Hale Freight", "Plays the trumpet", "Moving to Leeds next year", "Twin boys, both at university", "Rosa Diaz"]) expect(text).toContain(item);
    await setup.session.audit(page, "01-what-we-know-390");

    // Each Delete button names its item to a screen reader ("Delete: Personal interests you shared, Plays the trumpet").
    await press(page, "Personal interests you shared, Plays the trumpet");
    expect(await page.getByRole("status").textContent()).toContain("Deleted");
    expect(await page.locator("main").innerText()).not.toContain("Plays the trumpet");
    await setup.session.audit(page, "02-deleted-390");

    // The browser asks for the confirmation box first (it is required); ticked, the withdrawal goes through.
    await page.getByLabel("I understand this deletes what I shared, the notes and my preferences, and cannot be undone.").check();
    await press(page, "Withdraw my consent");
    const after = await page.locator("main").innerText();
    expect(after).toContain("You withdrew your consent on");
    for (const gone of ["Moving to Leeds next year", "Twin boys", "Mornings"]) expect(after).not.toContain(gone);
    await setup.session.audit(page, "03-withdrawn-390");
    expect(problems).toEqual([]);
  });

  it("takes a rep from a recovery case to the customer's secrets manual in one click, where they add a note", async () => {
    const { rep, customer } = await aKnownCustomer();
    const cookie = await sessionCookie(rep.email);
    const [name, value] = cookie.split(/=(.*)/s) as [string, string];
    for (const [options, shot] of [
      [phone, "390"],
      [desktop, "1280"],
    ] as const) {
      const { page, problems } = await setup.session.open(setup.browser, options, [{ name, value, url: setup.served.url }]);
      await page.goto(`${setup.served.url}/dashboard`);
      const item = page.locator('ul[aria-labelledby="fu-today"] > li, ul[aria-labelledby="fu-overdue"] > li').filter({ hasText: "Marcus Hale" });
      expect(await item.innerText()).toContain("Twin boys, both at university");
      const loaded = page.waitForEvent("load");
      await item.getByRole("link", { name: "Open the secrets manual of Marcus Hale" }).click();
      await loaded;
      expect(new URL(page.url()).pathname).toBe(`/dashboard/customers/${customer.id}`);
      expect(await page.locator("h1").textContent()).toBe("Marcus Hale's secrets manual");
      await setup.session.audit(page, `04-secrets-manual-${shot}`);
      if (shot === "1280") {
        expect(problems).toEqual([]);
        continue;
      }
      await press(page, "Add the note");
      expect(await page.title()).toMatch(/^Error: /);
      expect(await page.getByLabel(/Add a note/).getAttribute("aria-invalid")).toBe("true");
      await setup.session.audit(page, "05-note-error-390");
      await page.getByLabel(/Add a note/).fill("Prefers a call before any email.");
      await press(page, "Add the note");
      expect(await page.getByRole("status").textContent()).toContain("Note added");
      expect(await page.locator("main").innerText()).toContain("Prefers a call before any email.");
      expect(problems).toEqual([`400 POST /dashboard/customers/cus_…/notes`]);
    }
  });
});
