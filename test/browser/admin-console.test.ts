import { afterAll, describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { Admin } from "@rapport/core/admin/index";
import { Campaign } from "@rapport/core/campaign/index";
import type { StreamWorker } from "@rapport/local/stream";
import { aCustomer, aRep, email } from "../support/fixtures.ts";
import { countsByRecipient, onlyEmail } from "../support/inbox.ts";
import { campaignWorker } from "../support/campaigns.ts";
import { hasChromium, phone, press, servedBrowser } from "./browser.ts";

/** A desktop without JavaScript: every console page but the plan editor must work so. */
const noScript: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB", javaScriptEnabled: false, bypassCSP: true };

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.replace(/\s+/g, " ").trim();
/** The text of the keys table's row of the key named `name`. */
const row = async (page: Page, name: string) => (await page.locator("table.list tbody tr", { hasText: name }).textContent())?.replace(/\s+/g, " ").trim();

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the admin console in a browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("admin-console", (path) => path.replace(/cmp_\w+/, "cmp_…").replace(/key_\w+/, "key_…"));
  const { session } = setup;
  let worker: StreamWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("signs an admin in by the emailed link, creates a key (its secret shown once), starts a campaign and watches it finish, and revokes the key", async () => {
    const address = email("avery");
    await Admin.add({ email: address, name: "Avery Admin" }, { kind: "cli", id: "test" });
    const url = setup.served.url;

    // Without JavaScript: sign in by the link in the SES emulator's inbox, straight into the console.
    const { context, page: p, problems } = await session.open(setup.browser, noScript);
    await p.goto(`${url}/admin`);
    expect(new URL(p.url()).pathname).toBe("/auth/login");
    await p.getByLabel("Work email").fill(address);
    await press(p, "Email me a sign-in link");
    const link = (await onlyEmail(address)).body.text?.match(/https?:\/\/\S+\/auth\/callback\?token=[A-Za-z0-9_-]+/)?.[0];
    await p.goto(link!);
    await press(p, "Sign in to Rapport");
    expect(new URL(p.url()).pathname).toBe("/admin");
    expect(await text(p, "h1")).toBe("Admin console");
    expect(await text(p, ".who")).toContain("Avery Admin");
    // axe runs as a script, so each page is audited again in a context with JavaScript and the same session.
    const live = await session.open(setup.browser, { ...phone, bypassCSP: true }, await context.cookies());
    await live.page.goto(`${url}/admin`);
    await session.audit(live.page, "01-home-390");

    // API keys, without JavaScript: a refused form says why beside the field; the secret shows once.
    await p.getByRole("link", { name: "API keys" }).first().click();
    await p.getByLabel("Name").fill("Help desk");
    await press(p, "Create key");
    expect(await text(p, "#scopes-error")).toBe("Scopes must include at least one: tick the scopes the key needs.");
    expect(await p.getByLabel("Name").inputValue()).toBe("Help desk");
    await p.getByLabel(/^follow-ups:write/).check();
    await press(p, "Create key");
    const secret = (await text(p, "#new-secret"))!;
    expect(secret).toMatch(/^rk_[A-Za-z0-9_-]{40,}$/);
    await session.screenshot(p, "02-key-created-noscript");
    await live.page.goto(`${url}/admin/api-keys`);
    await press(live.page, "Create key");
    await session.audit(live.page, "03-key-refused-390");
    await live.page.getByLabel("Name").fill("CRM");
    await live.page.getByLabel(/^events:write/).check();
    await press(live.page, "Create key");
    expect(await text(live.page, "#new-secret")).toMatch(/^rk_/);
    await session.audit(live.page, "04-key-created-390");
    await p.goto(`${url}/admin/api-keys`);
    expect(await p.content()).not.toContain(secret);
    expect(await row(p, "Help desk")).toContain("follow-ups:write");
    expect(await row(p, "Help desk")).toContain("Never");

    // A campaign, with JavaScript: its page follows the worker until the bar is full.
    worker = await campaignWorker();
    const rep = await aRep();
    const customers = await Promise.all([aCustomer(rep.id), aCustomer(rep.id), aCustomer(rep.id)]);
    await live.page.goto(`${url}/admin/campaigns`);
    await live.page.getByLabel(/^Rep id/).fill(rep.id);
    await press(live.page, "Start campaign");
    expect(new URL(live.page.url()).pathname).toMatch(/^\/admin\/campaigns\/cmp_[0-9A-Z]{26}$/);
    // Three customers, none surveyed before: 3 sent, nothing skipped; the bar is full at 3 of 3.
    await expect.poll(() => text(live.page, "#count-status"), { timeout: 30_000 }).toBe("Done");
    expect(await text(live.page, "#progress-text")).toBe("3 of 3 customers handled (100%): 3 sent, 0 skipped, 0 failed. Done.");
    expect(await live.page.locator("#progress-bar").evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([3, 3]);
    expect(await live.page.getByRole("button", { name: "Cancel this campaign" }).isVisible()).toBe(false);
    const id = new URL(live.page.url()).pathname.split("/").pop()!;
    expect(await Campaign.get(id)).toMatchObject({ status: "done", sent: 3 });
    expect([...(await countsByRecipient(customers.map((c) => c.email))).values()]).toEqual([1, 1, 1]);
    await live.page.goto(`${url}/admin/campaigns/${id}`);
    await session.audit(live.page, "05-campaign-done-390");
    expect(live.problems).toEqual(["400 POST /admin/api-keys"]);

    // Without JavaScript, the finished campaign's page says the same; the key is revoked and stops working.
    await p.goto(`${url}/admin/campaigns/${id}`);
    expect(await text(p, "#progress-text")).toBe("3 of 3 customers handled (100%): 3 sent, 0 skipped, 0 failed. Done.");
    await p.goto(`${url}/admin/api-keys`);
    await press(p, "Revoke the key Help desk");
    expect(await text(p, ".notice")).toBe("The key is revoked: it stopped working at once.");
    expect(await row(p, "Help desk")).toContain("Revoked");
    await session.screenshot(p, "06-key-revoked-noscript");
    expect((await fetch(`${url}/v1/follow-ups/fup_00000000000000000000000000/resolve`, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: "{}" })).status).toBe(401);

    // The audit log names the admin as the one who did each of these.
    await p.goto(`${url}/admin/audit?actor=${encodeURIComponent(address)}`);
    const log = (await text(p, "table.list tbody"))!;
    for (const action of ["api-key.create", "campaign.start", "api-key.revoke"]) expect(log).toContain(action);
    for (const [path, name] of [[`/admin/audit?actor=${encodeURIComponent(address)}`, "07-audit-390"], ["/admin/periods", "08-periods-390"], ["/admin/api-keys", "09-keys-390"]] as const) {
      await live.page.goto(`${url}${path}`);
      await session.audit(live.page, name);
    }
    expect(problems).toEqual(["400 POST /admin/api-keys"]);
  });
});
