import { describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { Admin } from "@rapport/core/admin/index";
import { Plan } from "@rapport/core/plan/index";
import { email, sessionCookie } from "../support/fixtures.ts";
import { hasChromium, phone, servedBrowser } from "./browser.ts";

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB" };

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.replace(/\s+/g, " ").trim();

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the plan editor page in a browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("plan");
  const { session } = setup;
  const page = () => `${setup.served.url}/admin/plan`;
  /** A signed-in admin's session cookie, for the browser contexts (the page takes the session, not a key). */
  const signedIn = async () => {
    const address = email("plan-admin");
    await Admin.add({ email: address, name: "Plan Admin" }, { kind: "cli", id: "test" });
    const value = (await sessionCookie(address)).replace(/^rapport_session=/, "");
    return [{ name: "rapport_session", value, url: setup.served.url }];
  };

  async function signIn(p: Page) {
    await p.goto(page());
    // The first request loads the app's route groups: seconds on a loaded machine.
    await expect.poll(() => p.getByRole("heading", { name: "Edit the plan" }).isVisible(), { timeout: 15_000 }).toBe(true);
  }

  async function currentPlan() {
    const res = await fetch(`${setup.served.url}/v1/plans/current`, { headers: { authorization: setup.admin } });
    return res.json();
  }

  it("starts from the seeds' plan and publishes its three components (at phone width, audited by axe)", async () => {
    const { page: p, problems } = await session.open(setup.browser, phone, await signedIn());
    await signIn(p);
    // Nothing published yet: the default plan, one component over every behaviour.
    expect(await text(p, "#current-version")).toMatch(/^Current plan: version 1, in force since /);
    expect(await p.locator("#components > fieldset").count()).toBe(1);
    expect(await p.locator("#components-0-id").inputValue()).toBe("relationship");

    await p.getByRole("button", { name: "Start from the seeds' plan" }).click();
    await expect.poll(() => p.locator("#components > fieldset").count()).toBe(3);
    // The values the server rendered into the page, shown as percentages.
    const ramp = async (i: number) => Promise.all(["id", "weightBase", "weightStep", "weightCap"].map((f) => p.locator(`#components-${i}-${f}`).inputValue()));
    expect(await ramp(0)).toEqual(["relationship", "20", "5", "40"]);
    expect(await ramp(1)).toEqual(["secret_gathering", "25", "0", "25"]);
    expect(await ramp(2)).toEqual(["customer_first", "20", "0", "20"]);
    // Caps 40 + 25 + 20 = 85%; the plan starts today, so year 1: 20 + 25 + 20 = 65%.
    expect(await text(p, "#caps-sum")).toBe("Caps add up to 85% of the bonus (at most 100%).");
    expect(await p.locator("#caps-sum").getAttribute("aria-live")).toBe("polite");
    expect(await text(p, "#year-share")).toMatch(/^This plan year is year 1 .*: the components pay 65% of the bonus in all\.$/);
    expect(await text(p, "#components-0-share")).toBe("This plan year (year 1): 20% of the bonus.");
    // Listening belongs to secret gathering, so relationship cannot take it too.
    expect(await p.locator("#components-0-b-listening").isDisabled()).toBe(true);
    expect(await text(p, "#components-0-b-listening-taken")).toBe("(taken by secret_gathering)");
    expect(await p.locator("#components-1-b-listening").isChecked()).toBe(true);
    // Lost-deal cards: coaching only until the admin chooses to count them.
    expect(await p.getByLabel(/^For coaching only/).isChecked()).toBe(true);
    await p.getByLabel(/^Counted: also moves scores/).check();
    await session.audit(p, "01-seeds-390");

    await p.getByRole("button", { name: "Publish a new version" }).click();
    await expect.poll(() => text(p, "#plan-status")).toBe("Published version 2.");
    expect(await text(p, "#current-version")).toMatch(/^Current plan: version 2, in force since /);

    const plan = await currentPlan();
    expect(plan.version).toBe(2);
    expect(plan.components).toEqual([
      { id: "relationship", behaviours: ["follow_up", "reachability", "advocacy"], weightBase: 0.2, weightStep: 0.05, weightCap: 0.4 },
      { id: "secret_gathering", behaviours: ["listening", "proactive"], weightBase: 0.25, weightStep: 0, weightCap: 0.25 },
      { id: "customer_first", behaviours: ["customer_first"], weightBase: 0.2, weightStep: 0, weightCap: 0.2 },
    ]);
    expect(plan).toMatchObject({ minResponses: 5, k: 5, fallbackFactor: 1, capFactor: 1.5, lostDealCards: "counted" });
    // The page reads the plan back as published.
    await p.reload();
    await signIn(p);
    expect(await p.getByLabel(/^Counted: also moves scores/).isChecked()).toBe(true);
    expect(plan.factorMap).toHaveLength(5);
    await session.audit(p, "02-published-390");
    expect(problems).toEqual([]);
  });

  it("shows the API's refusal of caps over 100% beside the sum of caps, and publishes nothing", async () => {
    const before = await Plan.inForce();
    // The app's real Content-Security-Policy (no bypass): the page's script must be allowed by it.
    const { page: p, problems } = await session.open(setup.browser, { ...desktop, bypassCSP: false }, await signedIn());
    await signIn(p);
    await p.getByRole("button", { name: "Start from the seeds' plan" }).click();
    await expect.poll(() => p.locator("#components > fieldset").count()).toBe(3);
    // 60 + 25 + 20 = 105%: the page warns, and leaves the decision to the API.
    await p.locator("#components-0-weightCap").fill("60");
    await expect.poll(() => text(p, "#caps-sum")).toBe("Caps add up to 105% of the bonus: more than 100%, which the plan does not allow.");

    await p.getByRole("button", { name: "Publish a new version" }).click();
    await expect.poll(() => text(p, "#components-error")).toBe("Components must have caps that add up to at most 100%");
    expect(await p.locator("#components-error").isVisible()).toBe(true);
    expect(await text(p, "#plan-error-list")).toBe("Components must have caps that add up to at most 100%");
    expect(await p.locator("#plan-errors").getAttribute("role")).toBe("alert");
    expect(await text(p, "#plan-status")).toBe("");

    // A cap below its base, and a response rate over 100%, are each named at their own field, in percentages.
    await p.locator("#components-0-weightCap").fill("10");
    await p.getByLabel("Minimum response rate (%)").fill("150");
    await p.getByRole("button", { name: "Publish a new version" }).click();
    await expect.poll(() => text(p, "#components-0-weightCap-error")).toBe("Component 1 cap must be at least the base");
    expect(await p.locator("#components-0-weightCap").getAttribute("aria-invalid")).toBe("true");
    expect(await text(p, "#minResponseRate-error")).toBe("Minimum response rate must be at most 100%");
    expect(await p.locator("#components-error").isVisible()).toBe(false);

    // Five components at most: the button says so once there are five.
    await p.getByRole("button", { name: "Add a component" }).click();
    await expect.poll(() => p.locator("#components-3-id").evaluate((input) => input === document.activeElement)).toBe(true);
    await p.getByRole("button", { name: "Add a component" }).click();
    expect(await p.locator("#components > fieldset").count()).toBe(5);
    expect(await p.getByRole("button", { name: "Add a component (five at most)" }).isDisabled()).toBe(true);
    await p.getByRole("button", { name: "Remove component 5" }).click();
    expect(await p.getByRole("button", { name: "Add a component", exact: true }).isEnabled()).toBe(true);

    const after = await currentPlan();
    expect(after.version).toBe(before.version);
    expect(after.components).toEqual(before.components);
    await session.screenshot(p, "03-refused-1280");
    expect(problems).toEqual(["400 POST /v1/plans", "400 POST /v1/plans"]);
  });
});
