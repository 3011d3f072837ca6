import { afterAll, describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { Campaign } from "@rapport/core/campaign/index";
import type { StreamWorker } from "@rapport/local/stream";
import { aCustomer, aRep } from "../support/fixtures.ts";
import { countsByRecipient } from "../support/inbox.ts";
import { campaignWorker } from "../support/campaigns.ts";
import { hasChromium, phone, servedBrowser } from "./browser.ts";

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB" };
const cli = { kind: "cli", id: "test" } as const;

const text = async (page: Page, selector: string) => (await page.locator(selector).textContent())?.replace(/\s+/g, " ").trim();

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
// Each journey drives chromium through the page and the worker through a campaign: seconds each, more on a loaded machine.
describe.skipIf(!hasChromium() && !process.env.CI)("the campaigns admin page in a browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("campaigns", (path) => path.replace(/cmp_\w+/, "cmp_…"));
  const { session } = setup;
  /** The campaign worker runs only for the journey that needs it: until then a campaign stays queued. */
  let worker: StreamWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  const adminKey = () => setup.admin.replace(/^Bearer /, "");
  const page = () => `${setup.served.url}/admin/campaigns`;

  async function enterKey(p: Page, key: string) {
    await p.getByLabel("Admin API key", { exact: true }).fill(key);
    await p.getByRole("button", { name: "Use this key" }).click();
  }

  it("refuses a wrong key with a clear message, keeps nothing, and shows nothing that needs a key", async () => {
    // The app's real Content-Security-Policy (no bypass): the page's script must be allowed by it.
    const { context, page: p, problems } = await session.open(setup.browser, { ...desktop, bypassCSP: false });
    await p.goto(page());
    expect(await text(p, "h1")).toBe("Campaigns");
    await expect.poll(() => p.getByRole("heading", { name: "Start a report-card campaign" }).isVisible()).toBe(false);

    await enterKey(p, "");
    await expect.poll(() => text(p, "#api-key-error")).toBe("Enter the admin API key.");

    await enterKey(p, "rk_this_is_not_a_key");
    await expect.poll(() => text(p, "#api-key-error")).toBe("The API refused this key: The API key is not valid. Check that you copied the whole key.");
    expect(await p.getByLabel("Admin API key", { exact: true }).getAttribute("aria-invalid")).toBe("true");
    expect(await p.getByRole("heading", { name: "Start a report-card campaign" }).isVisible()).toBe(false);
    expect(await p.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await context.cookies()).toEqual([]);
    expect(problems).toEqual(["401 GET /v1/campaigns"]);
  });

  it("shows a queued campaign's counts and cancels it (at phone width, audited by axe)", async () => {
    const rep = await aRep();
    await Promise.all([aCustomer(rep.id), aCustomer(rep.id)]);
    const queued = await Campaign.start({ kind: "report-card", repId: rep.id }, cli);

    // bypassCSP lets axe be injected as a script tag.
    const { page: p, problems } = await session.open(setup.browser, phone);
    await p.goto(`${page()}#${queued.id}`);
    await enterKey(p, adminKey());
    await expect.poll(() => text(p, "#progress-id")).toBe(queued.id);
    await expect.poll(() => text(p, "#progress-text")).toBe("0 of 2 customers handled (0%): 0 sent, 0 skipped, 0 failed. Queued: waiting for the campaign worker.");
    expect(await text(p, "#progress-scope")).toBe(`the customers of rep ${rep.id}`);
    expect(await p.locator("#time-started").textContent()).toBe("Not yet");
    // The key lives in this tab's session storage only: not in the address, not in a cookie.
    expect(await p.evaluate(() => sessionStorage.getItem("rapport.adminApiKey"))).toBe(adminKey());
    expect(p.url()).not.toContain(adminKey());
    await expect.poll(() => p.locator("#campaign-list li").first().textContent()).toContain(`the customers of rep ${rep.id}`);
    await session.audit(p, "01-queued-390");

    await p.getByRole("button", { name: "Cancel this campaign" }).click();
    await expect.poll(() => text(p, "#count-status")).toBe("Cancelled");
    await expect.poll(() => text(p, "#progress-note")).toBe("Cancelled: nothing not yet sent will go out.");
    expect(await p.getByRole("button", { name: "Cancel this campaign" }).isVisible()).toBe(false);
    expect(await p.locator("#time-finished").textContent()).not.toBe("Not yet");
    expect((await Campaign.get(queued.id)).status).toBe("cancelled");
    expect(problems).toEqual([]);
  });

  it("starts a campaign for a rep, shows the API's field errors beside the inputs, and follows it to done", async () => {
    worker = await campaignWorker();
    const rep = await aRep();
    const customers = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);

    const { page: p, problems } = await session.open(setup.browser, { ...desktop, bypassCSP: false });
    await p.goto(page());
    await enterKey(p, `Bearer ${adminKey()}`);
    await expect.poll(() => p.getByRole("heading", { name: "Start a report-card campaign" }).isVisible()).toBe(true);
    expect(await text(p, "#key-status")).toBe("Using the admin API key kept in this tab.");

    // A rep id the API refuses: its message sits beside the field, and in the summary above the form.
    await p.getByLabel("Rep id").fill("Ada");
    await p.getByRole("button", { name: "Start campaign" }).click();
    await expect.poll(() => text(p, "#repId-error")).toBe("Rep id must be an id starting with rep_");
    expect(await p.getByLabel("Rep id").getAttribute("aria-invalid")).toBe("true");
    expect(await text(p, "#start-error-list")).toBe("Rep id must be an id starting with rep_");

    await p.getByLabel("Rep id").fill(rep.id);
    await p.getByRole("button", { name: "Start campaign" }).click();
    await expect.poll(() => text(p, "#progress-id")).toMatch(/^cmp_/);
    expect(await p.locator("#repId-error").isVisible()).toBe(false);
    expect(await p.getByLabel("Rep id").inputValue()).toBe("");

    // Three customers, none surveyed before: 3 sent, nothing skipped; the bar is full at 3 of 3.
    await expect.poll(() => text(p, "#count-status"), { timeout: 30_000 }).toBe("Done");
    expect(await text(p, "#progress-text")).toBe("3 of 3 customers handled (100%): 3 sent, 0 skipped, 0 failed. Done.");
    expect(await p.locator("#progress-bar").evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([3, 3]);
    expect(await text(p, "#count-sent")).toBe("3");
    expect(await p.locator("#progress-text").getAttribute("aria-live")).toBe("polite");
    expect(await p.getByRole("button", { name: "Cancel this campaign" }).isVisible()).toBe(false);
    expect(await p.locator("#time-finished").textContent()).not.toBe("Not yet");
    await expect.poll(() => p.locator("#campaign-list li").first().textContent()).toContain("Done");
    expect(await p.locator("#campaign-list li").first().textContent()).toContain("3 of 3");

    const id = (await text(p, "#progress-id"))!;
    expect(new URL(p.url()).hash).toBe(`#${id}`);
    expect(await Campaign.get(id)).toMatchObject({ status: "done", sent: 3, scope: { repId: rep.id } });
    const counts = await countsByRecipient(customers.map((c) => c.email));
    expect([...counts.values()]).toEqual([1, 1, 1]);
    await session.screenshot(p, "02-done-1280");
    expect(problems).toEqual(["400 POST /v1/campaigns"]);
  });
});
