import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodOf } from "@rapport/core/period/index";
import { curlOf, guideSteps } from "@rapport/web/docs/guide";
import { axe, browserSession, launchChromium, phone, serveApp, type ServedApp } from "../browser/browser.ts";
import { bearer } from "../support/fixtures.ts";
import { Contract } from "./contract.ts";

let served: ServedApp;
let browser: Browser;
let api: Contract;
let html: string;
const session = browserSession("docs");

beforeAll(async () => {
  [served, browser] = await Promise.all([serveApp(), launchChromium()]);
  api = new Contract(await (await fetch(`${served.url}/openapi.json`)).json(), served.url);
  const res = await fetch(`${served.url}/docs`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  html = await res.text();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await session.close();
});

/** The HTML of one operation's entry on the page. */
function entryOf(operationId: string): string {
  const start = html.indexOf(`<article class="op" id="${operationId}"`);
  expect(start, `${operationId} has no entry`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</article>", start));
}

describe("/docs, the API reference served by the app", () => {
  it("has an entry for every operation: its operationId, parameters, statuses and the fields of its bodies, never a bare $ref", () => {
    expect(html).not.toContain("$ref");
    expect(html).not.toContain("#/components/");
    for (const { id, method, path, op } of api.operations.values()) {
      const entry = entryOf(id);
      expect(entry, id).toContain(`<code>${id}</code>`);
      expect(entry, id).toContain(`>${method}</span>`);
      expect(entry, id).toContain(`<code class="path">${path}</code>`);
      expect(entry, id).toContain(op.security.length ? "Credentials" : "None: anyone");
      for (const p of op.parameters ?? []) expect(entry, `${id} ${p.name}`).toContain(`${p.name} (${p.in})`);
      for (const [status, answer] of Object.entries(op.responses as Record<string, { headers?: Record<string, { $ref?: string }> }>)) {
        expect(entry, `${id} ${status}`).toContain(`>${status}</span>`);
        for (const [name, header] of Object.entries(answer.headers ?? {})) {
          // A shared header ($ref) is described once, under Errors; one particular to the answer is shown with it.
          expect(header.$ref ? html : entry, `${id} ${status} ${name}`).toContain(`<code>${name}</code>`);
        }
      }
      const bodies = [op.requestBody?.content?.["application/json"]?.schema, op.responses[Object.keys(op.responses)[0]!]?.content?.["application/json"]?.schema];
      for (const schema of bodies.filter(Boolean)) {
        for (const ref of (schema.anyOf ?? [schema]).map((s: { $ref: string }) => s.$ref)) {
          const component = api.doc.components.schemas[ref.split("/").pop()];
          for (const field of Object.keys(component.properties ?? {})) expect(entry, `${id} ${ref} ${field}`).toContain(`<code class="name">${field}</code>`);
          if (component.examples?.length) expect(entry, `${id} ${ref}`).toContain("Example");
        }
      }
    }
  });

  it("loads nothing from anywhere else: no script, no stylesheet link, only same-site links", () => {
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const targets = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(api.operations.size);
    for (const target of targets) expect(target, target).toMatch(/^(#|\/[^/])/);
  });

  it("opens in chromium under the app's Content-Security-Policy, every request going to the app itself", async () => {
    const { context, page, problems } = await session.open(browser, { viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`${served.url}/docs`);
    expect(await page.locator("article.op").count()).toBe(api.operations.size);
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith(served.url))).toEqual([]);
    await context.close();
  }, 120_000);

  it("passes axe with no finding at all, and fits a phone without sideways scrolling", async () => {
    const { page } = await session.open(browser, { viewport: { width: 1280, height: 900 }, bypassCSP: true });
    await page.goto(`${served.url}/docs`);
    expect(await axe(page), "every axe finding, not only the serious ones").toEqual([]);
    const { page: small } = await session.open(browser, phone);
    await small.goto(`${served.url}/docs`);
    expect(await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), "sideways scroll on a phone").toBeLessThanOrEqual(0);
  }, 120_000);

  it("has a 'first call in five minutes' guide whose every request works as written against the app", async () => {
    const { page } = await session.open(browser, { bypassCSP: false });
    await page.goto(`${served.url}/docs#first-call`);
    const shown = await page.locator("#first-call pre").allTextContents();
    const vars: Record<string, string> = { ADMIN_KEY: (await bearer("admin")).slice("Bearer ".length), PERIOD: periodOf(new Date()) };
    const expand = (text: string) =>
      text.replace(/\$([A-Z_]+)/g, (_, name: string) => {
        if (!(name in vars)) throw new Error(`the guide uses $${name} before a step sets it`);
        return vars[name]!;
      });
    for (const step of guideSteps) {
      expect(shown, step.title).toContain(curlOf(step));
      const { method, path } = api.operation(step.operationId);
      const url = expand(step.path);
      expect(method).toBe(step.method);
      expect(url.split("?")[0]).toMatch(new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}$`));
      const headers: Record<string, string> = { authorization: `Bearer ${vars[step.key]}` };
      if (step.accept) headers.accept = step.accept;
      if (step.body) headers["content-type"] = "application/json";
      const res = await fetch(`${served.url}${url}`, { method: step.method, headers, ...(step.body ? { body: expand(JSON.stringify(step.body)) } : {}) });
      const answer = await api.check(step.operationId, res);
      expect(answer.status, `${step.title}: ${answer.text.slice(0, 200)}`).toBeLessThan(300);
      if (step.accept) expect(answer.mediaType).toBe(step.accept);
      if (step.keep) vars[step.keep.variable] = answer.body[step.keep.field];
    }
    expect(Object.keys(vars)).toEqual(expect.arrayContaining(["FINANCE_KEY", "REP_ID", "CUSTOMER_ID", "INVITATION_ID"]));
  }, 60_000);
});
