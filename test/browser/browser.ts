import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { configure } from "@rapport/core/config";
import { createApp } from "../../packages/functions/src/api/app.ts";
import { bearer } from "../support/fixtures.ts";

/** Debian's chromium; .ci/run installs it when it is missing. */
const CHROMIUM = "/usr/bin/chromium";

const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

export const hasChromium = () => existsSync(CHROMIUM);

/** Launches the one browser a test file uses; fails loudly (never skips) when chromium is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!hasChromium()) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (.ci/run does it in CI).`);
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/**
 * A phone: 390×844 with touch. bypassCSP lets axe-core be injected as a script tag;
 * the pages themselves carry no script, so the CSP is not what these journeys test.
 */
export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: "en-GB",
  bypassCSP: true,
};

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/** Serves createApp() on a free 127.0.0.1 port and points the links in emails at it. */
export async function serveApp(): Promise<ServedApp> {
  const app = createApp();
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  configure({ appUrl: url });
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Runs axe-core (WCAG 2.0–2.2 A/AA and best practice) on the page as it is now. */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    type Result = { violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] };
    const run = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<Result> } }).axe.run;
    const result = await run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}

/** Violations a customer would be blocked by: impact serious or critical. */
const blocking = (violations: AxeViolation[]) => violations.filter((v) => v.impact === "serious" || v.impact === "critical");

/**
 * One test file's use of the browser: its screenshots (in test-results/<folder>/, gitignored), the
 * contexts it opened, and the axe findings of every page it audited, printed when it closes.
 */
export function browserSession(folder: string, mask: (path: string) => string = (path) => path) {
  const shots = join(import.meta.dirname, "../../test-results", folder);
  const contexts: BrowserContext[] = [];
  const audits: Record<string, AxeViolation[]> = {};

  /** A full-page screenshot, to look at by eye. */
  async function screenshot(page: Page, name: string): Promise<string> {
    mkdirSync(shots, { recursive: true });
    const path = join(shots, `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  }

  return {
    screenshot,

    /** A page in a fresh context; console errors, page errors and 4xx/5xx answers are collected in `problems`. */
    async open(browser: Browser, options: BrowserContextOptions, cookies: Parameters<BrowserContext["addCookies"]>[0] = []) {
      const context = await browser.newContext(options);
      contexts.push(context);
      if (cookies.length) await context.addCookies(cookies);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (m) => {
        // Chromium's own /favicon.ico request (the pages declare no icon) 404s.
        if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${mask(new URL(r.url()).pathname)}`);
      });
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      return { context, page, problems };
    },

    /** Screenshot, axe (serious and critical findings fail) and no sideways scrolling. */
    async audit(page: Page, name: string) {
      await screenshot(page, name);
      const found = await axe(page);
      audits[name] = found;
      expect(blocking(found), `${name}: serious or critical axe violations`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0);
    },

    /** Closes the contexts opened so far. */
    async closePages() {
      await Promise.all(contexts.splice(0).map((context) => context.close()));
    },

    /** Closes the pages and prints what axe found on each audited page. */
    async close() {
      await this.closePages();
      const lines = Object.entries(audits).map(([page, found]) => `${page}: ${found.length ? found.map((v) => `${v.id} [${v.impact}] ${v.targets.join(", ")}`).join("; ") : "no violations"}`);
      if (lines.length) console.log(`axe-core results:\n  ${lines.join("\n  ")}`);
    },
  };
}

/**
 * One test file's browser journeys, for the describe block that calls it: chromium, the app served on
 * a free port, an admin key and the browser session (screenshots in test-results/<folder>/), each set up
 * once before the block's tests and closed after them; every test's pages are closed after it.
 */
export function servedBrowser(folder: string, mask?: (path: string) => string) {
  const session = browserSession(folder, mask);
  const setup = { session } as { session: typeof session; browser: Browser; served: ServedApp; admin: string };
  beforeAll(async () => {
    setup.browser = await launchChromium();
    setup.served = await serveApp();
    setup.admin = await bearer("admin");
  });
  afterEach(() => session.closePages());
  afterAll(async () => {
    await setup.browser?.close();
    await setup.served?.close();
    await session.close();
  });
  return setup;
}

/** Clicks a submit button by its name and waits for the page that answers the POST (after any redirect). */
export async function press(page: Page, name: string): Promise<void> {
  const loaded = page.waitForEvent("load");
  await page.getByRole("button", { name }).click();
  await loaded;
}
