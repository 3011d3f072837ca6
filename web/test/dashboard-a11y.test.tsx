import { mkdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderRepDashboard } from "../src/pages/dashboard.tsx";
import { renderTeamDashboard } from "../src/pages/team.tsx";
import { renderSignInConfirmPage, renderSignInPage } from "../src/pages/sign-in.tsx";
import { axe, hasChromium, launchChromium } from "../../test/browser/browser.ts";
import { ana, ben, confirm, dev, emptyPeriod, greta, marta, northTeam, signIn } from "./dashboard-fixtures.ts";

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("axe-core audit in chromium at 390px and 1280px", () => {
  const pages: Record<string, string> = {
    "rep dashboard": renderRepDashboard(ana()),
    "rep dashboard, needs 2 more, seen by a manager": renderRepDashboard(ben()),
    "rep dashboard, empty period": renderRepDashboard(emptyPeriod()),
    "rep dashboard on a yellow brand": renderRepDashboard(ana({ brandColor: "#ffd400" })),
    "rep dashboard, resolve rejected": renderRepDashboard(ana({ resolveError: { id: marta.id, message: "Note is required: say what was done.", note: "" } })),
    "rep dashboard, resolved": renderRepDashboard(ana({ notice: "Resolved. A check-in with the customer is on your schedule in 21 days.", followUps: { overdue: [], dueToday: [greta, dev] } })),
    "rep dashboard, a case seen by the manager": renderRepDashboard({ ...ben(), followUps: { overdue: [marta], dueToday: [greta] } }),
    "team dashboard": renderTeamDashboard(northTeam()),
    "team dashboard, nothing to attend to": renderTeamDashboard(northTeam({ followUps: { overdue: [], dueToday: [] }, insights: [] })),
    "team dashboard on a yellow brand": renderTeamDashboard(northTeam({ brandColor: "#ffd400" })),
    "sign in": renderSignInPage(signIn),
    "sign in, sent": renderSignInPage({ ...signIn, sent: true, email: "ana@northwind.example" }),
    "sign in, error": renderSignInPage({ ...signIn, email: "ana@", error: "Enter an email address such as name@company.com." }),
    "sign in, confirm": renderSignInConfirmPage(confirm),
  };
  const screenshots: Record<string, string> = {
    "dashboard-rep": pages["rep dashboard"]!,
    "dashboard-rep-needs-more": pages["rep dashboard, needs 2 more, seen by a manager"]!,
    "dashboard-team": pages["team dashboard"]!,
    "dashboard-team-quiet": pages["team dashboard, nothing to attend to"]!,
    "dashboard-rep-resolve-error": pages["rep dashboard, resolve rejected"]!,
    "dashboard-rep-resolved": pages["rep dashboard, resolved"]!,
    "dashboard-sign-in": pages["sign in"]!,
    "dashboard-sign-in-sent": pages["sign in, sent"]!,
    "dashboard-sign-in-error": pages["sign in, error"]!,
    "dashboard-sign-in-confirm": pages["sign in, confirm"]!,
    "dashboard-rep-empty": pages["rep dashboard, empty period"]!,
    "dashboard-rep-yellow": pages["rep dashboard on a yellow brand"]!,
  };

  it("finds no serious or critical violation and no sideways scrolling on any page, and saves screenshots", async () => {
    const browser = await launchChromium();
    mkdirSync("test-results", { recursive: true });
    try {
      const found: string[] = [];
      const minor: string[] = [];
      for (const width of [390, 1280]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        for (const [name, html] of Object.entries(pages)) {
          await page.setContent(html);
          for (const v of await axe(page)) (v.impact === "serious" || v.impact === "critical" ? found : minor).push(`${name} at ${width}px: ${v.id} [${v.impact}] (${v.targets.length})`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          if (overflow > 0) found.push(`${name}: scrolls sideways by ${overflow}px at ${width}px`);
        }
        for (const [name, html] of Object.entries(screenshots)) {
          await page.setContent(html);
          await page.screenshot({ path: `test-results/${name}-${width}.png`, fullPage: true });
        }
        await page.close();
      }
      expect(found).toEqual([]);
      expect(minor).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
