import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Admin } from "@rapport/core/admin/index";
import { db, tableName } from "@rapport/core/db/index";
import { webhookKeys } from "@rapport/core/webhook/keys";
import { startOutboundWorker } from "@rapport/local/outbound-worker";
import type { StreamWorker } from "@rapport/local/stream";
import { email, sessionCookie } from "../support/fixtures.ts";
import { hasChromium, phone, press, servedBrowser } from "./browser.ts";

/** A desktop without JavaScript: the webhooks pages must work so. */
const noScript: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB", javaScriptEnabled: false, bypassCSP: true };

const text = async (page: Page, selector: string) => (await page.locator(selector).first().textContent())?.replace(/\s+/g, " ").trim();

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the console's webhooks pages in a browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("admin-webhooks", (path) => path.replace(/whk_\w+/, "whk_…"));
  const { session } = setup;
  const got: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.end();
    });
  });
  let worker: StreamWorker;
  beforeAll(async () => {
    await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
    worker = await startOutboundWorker({ pollMs: 50 });
  });
  afterAll(async () => {
    await worker?.stop();
    receiver.close();
  });

  it("subscribes a receiver on 127.0.0.1 (the secret shown once), sends it a signed test event and shows the delivery in the log, enables it once disabled, and deletes it", async () => {
    const address = email("hooks");
    await Admin.add({ email: address, name: "Hana Hooks" }, { kind: "cli", id: "test" });
    const url = setup.served.url;
    const cookie = (await sessionCookie(address)).split("=");
    const cookies = [{ name: cookie[0]!, value: cookie.slice(1).join("="), url }];
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rapport`;

    // Without JavaScript: from the console's navigation, a refused form says why beside the field.
    const { page: p, problems } = await session.open(setup.browser, noScript, cookies);
    await p.goto(`${url}/admin`);
    await p.getByRole("link", { name: "Webhooks" }).first().click();
    expect(await text(p, "h1")).toBe("Webhooks");
    await p.getByRole("textbox", { name: "URL" }).fill(hook);
    await press(p, "Create subscription");
    expect(await text(p, "#events-error")).toBe("Events must include at least one: tick the events to send.");
    expect(await p.getByRole("textbox", { name: "URL" }).inputValue()).toBe(hook);
    await p.getByLabel("case.opened").check();
    await press(p, "Create subscription");
    const secret = (await text(p, "#new-secret"))!;
    expect(secret).toMatch(/^whsec_/);
    await session.screenshot(p, "01-created-noscript");

    // The subscription's page: send the test event, and see it delivered in the log.
    await p.getByRole("link", { name: "Open the subscription" }).click();
    const page = p.url();
    expect(await p.content()).not.toContain(secret);
    await press(p, "Send test event");
    expect(await text(p, ".notice")).toContain("A test event is queued");
    // The log's first row, cell by cell: time, event, tries, status, response code, duration.
    const logRow = async () => {
      await p.goto(page);
      return (await p.locator("#deliveries tbody tr").first().locator("th, td").allTextContents()).map((cell) => cell.trim()).join(" | ");
    };
    await expect.poll(logRow, { timeout: 30_000 }).toMatch(/^\d+ \w+ 20\d\d, \d\d:\d\d UTC \| webhook\.test \| 1 \| Delivered \| 200 \| \d+ ms$/);
    expect(got).toHaveLength(1);
    // Signed (the signature itself is checked with standardwebhooks in packages/local/test/webhooks.test.ts).
    expect(got[0]!.headers["webhook-signature"]).toMatch(/^v1,/);
    expect(JSON.parse(got[0]!.body)).toMatchObject({ type: "webhook.test", data: { subscriptionId: page.split("/").pop() } });
    await session.screenshot(p, "02-delivered-noscript");

    // axe runs as a script: the same pages again with JavaScript and the same session.
    const live = await session.open(setup.browser, { ...phone, bypassCSP: true }, cookies);
    await live.page.goto(`${url}/admin/webhooks`);
    await session.audit(live.page, "03-list-390");
    await live.page.getByRole("textbox", { name: "URL" }).fill(`${hook}/second`);
    await live.page.getByLabel("period.closed").check();
    await press(live.page, "Create subscription");
    expect(await text(live.page, "#new-secret")).toMatch(/^whsec_/);
    await session.audit(live.page, "03-created-390");
    await live.page.goto(page);
    await session.audit(live.page, "04-subscription-390");

    // Disabled after a day of failures (set here): the page offers Enable instead of a test, and enables it.
    const id = page.split("/").pop()!;
    await db().send(new UpdateCommand({ TableName: tableName(), Key: webhookKeys.subscription(id), UpdateExpression: "SET #s = :d, disabledAt = :at", ExpressionAttributeNames: { "#s": "status" }, ExpressionAttributeValues: { ":d": "disabled", ":at": new Date().toISOString() } }));
    await p.goto(page);
    expect(await p.getByRole("button", { name: "Send test event" }).count()).toBe(0);
    await live.page.goto(page);
    await session.audit(live.page, "05-disabled-390");
    await press(p, "Enable the subscription");
    expect(await text(p, ".notice")).toBe("The subscription is active again: events from now on are delivered to it.");
    expect(await p.getByRole("button", { name: "Send test event" }).count()).toBe(1);

    await press(p, `Delete the subscription to ${new URL(hook).host}`);
    expect(new URL(p.url()).pathname).toBe("/admin/webhooks");
    expect(await text(p, ".notice")).toBe("The subscription is deleted: nothing more is sent to it.");
    expect(await p.content()).not.toContain(id);
    expect(problems).toEqual(["400 POST /admin/webhooks"]);
    expect(live.problems).toEqual([]);
  });
});
