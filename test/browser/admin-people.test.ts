import { afterAll, describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { Admin } from "@rapport/core/admin/index";
import { Audit } from "@rapport/core/audit/index";
import { Campaign } from "@rapport/core/campaign/index";
import { Customer } from "@rapport/core/customer/index";
import { Rep } from "@rapport/core/rep/index";
import type { StreamWorker } from "@rapport/local/stream";
import { email } from "../support/fixtures.ts";
import { onlyEmail } from "../support/inbox.ts";
import { campaignWorker } from "../support/campaigns.ts";
import { hasChromium, phone, press, servedBrowser } from "./browser.ts";

/** A desktop without JavaScript: the people pages must work so. */
const noScript: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB", javaScriptEnabled: false, bypassCSP: true };

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.replace(/\s+/g, " ").trim();
const path = (page: Page) => new URL(page.url()).pathname;

/** A customers file of 200 rows for the rep at `repEmail`; with `badLine`, the row on that line has a value tier that is not one. */
function customersFile(repEmail: string, tag: string, badLine?: number) {
  const rows = Array.from({ length: 200 }, (_, i) => `Customer ${tag} ${String(i).padStart(3, "0")},c${i}.${tag}@customers.example,Acme ${i % 7},${repEmail},${i + 2 === badLine ? "Gold" : "B"}`);
  return { name: "customers.csv", mimeType: "text/csv", buffer: Buffer.from(["name,email,company,rep_email,value_tier", ...rows].join("\r\n")) };
}

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the console's people pages in a browser", { timeout: 240_000 }, () => {
  const setup = servedBrowser("admin-people", (p) => p.replace(/(cmp|team|rep|cus|imp)_\w+/, "$1_…"));
  const { session } = setup;
  let worker: StreamWorker | undefined;
  afterAll(async () => {
    await worker?.stop();
  });

  it("creates a team and a rep in it, imports 200 customers (a bad row reported by its line first), starts a campaign for them and watches it finish", async () => {
    const address = email("ines");
    await Admin.add({ email: address, name: "Ines Admin" }, { kind: "cli", id: "test" });
    const url = setup.served.url;
    worker = await campaignWorker();

    // Without JavaScript: sign in by the emailed link.
    const { context, page: p, problems } = await session.open(setup.browser, noScript);
    await p.goto(`${url}/admin`);
    await p.getByLabel("Work email").fill(address);
    await press(p, "Email me a sign-in link");
    const link = (await onlyEmail(address)).body.text?.match(/https?:\/\/\S+\/auth\/callback\?token=[A-Za-z0-9_-]+/)?.[0];
    await p.goto(link!);
    await press(p, "Sign in to Rapport");
    expect(path(p)).toBe("/admin");
    const live = await session.open(setup.browser, { ...phone, bypassCSP: true }, await context.cookies());

    // A team, without JavaScript: a refused field is said beside it, then the team is created.
    await p.getByRole("link", { name: "Teams" }).first().click();
    const tag = Date.now().toString(36);
    const manager = email("marta");
    await p.getByLabel("Name").fill(`Harbour ${tag}`);
    await p.getByLabel("Manager's email").fill("marta at example");
    await press(p, "Create team");
    expect(await text(p, "#managerEmail-error")).toBe("Manager's email must be an email address.");
    await p.getByLabel("Manager's email").fill(manager);
    await press(p, "Create team");
    expect(path(p)).toMatch(/^\/admin\/teams\/team_[0-9A-Z]{26}$/);
    expect(await text(p, ".notice")).toBe("Created.");
    await live.page.goto(`${url}/admin/teams`);
    await session.audit(live.page, "01-teams-390");
    await live.page.goto(`${url}${path(p)}`);
    await session.audit(live.page, "02-team-390");

    // A rep in that team, without JavaScript.
    await p.getByRole("link", { name: "Reps" }).first().click();
    const repEmail = email("ravi");
    await p.getByLabel("Name", { exact: true }).fill("Ravi Rao");
    await p.getByLabel("Email", { exact: true }).fill(repEmail);
    await p.locator("#teamId").selectOption({ label: `Harbour ${tag}` });
    await p.getByLabel("Time zone").fill("Europe/Lisbon");
    await press(p, "Add rep");
    expect(path(p)).toMatch(/^\/admin\/reps\/rep_[0-9A-Z]{26}$/);
    const rep = (await Rep.fromEmail(repEmail))!;
    expect(rep).toMatchObject({ team: `Harbour ${tag}`, managerEmail: manager, timezone: "Europe/Lisbon" });
    await session.screenshot(p, "03-rep-noscript");
    await live.page.goto(`${url}/admin/reps?teamId=${rep.teamId}`);
    expect(await live.page.locator("table.list tbody tr").count()).toBe(1);
    await session.audit(live.page, "04-reps-390");
    await live.page.goto(`${url}/admin/reps/${rep.id}`);
    await session.audit(live.page, "05-rep-390");

    // The import, with JavaScript: a file with one bad row is refused whole, its line named.
    await live.page.goto(`${url}/admin/import`);
    await session.audit(live.page, "06-import-390");
    await live.page.getByLabel("CSV file").setInputFiles(customersFile(repEmail, tag, 57));
    await press(live.page, "Check and import");
    expect(await live.page.locator("#row-errors tbody td").allTextContents()).toEqual(["57", "value_tier", "must be A, B or C"]);
    expect(await text(live.page, ".errors h2")).toBe("Nothing was imported");
    expect(await Customer.fromEmail(`c0.${tag}@customers.example`)).toBeUndefined();
    await session.audit(live.page, "07-import-refused-390");

    // The fixed file: its job's page follows the worker until the bar is full.
    await live.page.getByLabel("CSV file").setInputFiles(customersFile(repEmail, tag));
    await press(live.page, "Check and import");
    expect(path(live.page)).toMatch(/^\/admin\/import\/imp_[0-9A-Z]{26}$/);
    await expect.poll(() => text(live.page, "#count-status"), { timeout: 60_000 }).toBe("Done");
    expect(await text(live.page, "#progress-text")).toBe("200 of 200 rows written (100%): 200 created, 0 updated, 0 unchanged, 0 refused. Done.");
    expect(await live.page.locator("#progress-bar").evaluate((bar: HTMLProgressElement) => [bar.value, bar.max])).toEqual([200, 200]);
    await session.audit(live.page, "08-import-done-390");
    const imported = (await Customer.fromEmail(`c199.${tag}@customers.example`))!;
    expect(imported).toMatchObject({ repId: rep.id, company: "Acme 3", valueTier: "B" });
    expect((await Audit.forEntity(imported.id)).items.map((e) => [e.action, e.actor.id])).toEqual([["customer.create", address]]);

    // The customers, without JavaScript: the rep's 200, 25 to a page.
    await p.goto(`${url}/admin/customers`);
    await p.getByLabel("Rep").selectOption({ label: "Ravi Rao" });
    await p.getByRole("button", { name: "Show customers" }).click();
    await p.waitForLoadState("load");
    expect(await p.locator("table.list tbody tr").count()).toBe(25);
    await p.getByRole("link", { name: "Next page" }).click();
    expect(await text(p, "table.list tbody tr th")).toBe(`Customer ${tag} 025`);
    await session.screenshot(p, "09-customers-noscript");
    await live.page.goto(`${url}/admin/customers?repId=${rep.id}`);
    await session.audit(live.page, "10-customers-390");
    await live.page.goto(`${url}/admin/customers/${imported.id}`);
    await session.audit(live.page, "11-customer-390");
    await live.page.goto(`${url}/admin/customers/${imported.id}/erase`);
    await session.audit(live.page, "12-erase-390");

    // A campaign to the rep's 200 customers, with JavaScript: it finishes with every card sent.
    await live.page.goto(`${url}/admin/campaigns`);
    await live.page.getByLabel(/^Rep id/).fill(rep.id);
    await press(live.page, "Start campaign");
    expect(path(live.page)).toMatch(/^\/admin\/campaigns\/cmp_[0-9A-Z]{26}$/);
    await expect.poll(() => text(live.page, "#count-status"), { timeout: 120_000 }).toBe("Done");
    expect(await text(live.page, "#progress-text")).toBe("200 of 200 customers handled (100%): 200 sent, 0 skipped, 0 failed. Done.");
    expect(await Campaign.get(path(live.page).split("/").pop()!)).toMatchObject({ status: "done", sent: 200 });

    expect(live.problems).toEqual(["400 POST /admin/import"]);
    expect(problems).toEqual(["400 POST /admin/teams"]);
  });
});
