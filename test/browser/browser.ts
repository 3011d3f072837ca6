import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { chromium, type Browser, type BrowserContextOptions, type Page } from "playwright-core";
import { configure } from "@rapport/core/config";
import { createApp } from "../../packages/functions/src/api/app.ts";

/** Debian's chromium; .ci/run installs it when it is missing. */
export const CHROMIUM = "/usr/bin/chromium";

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
export const blocking = (violations: AxeViolation[]) => violations.filter((v) => v.impact === "serious" || v.impact === "critical");

const shots = join(import.meta.dirname, "../../test-results/journey");

/** A full-page screenshot in test-results/journey/ (gitignored), to look at by eye. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(shots, { recursive: true });
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
