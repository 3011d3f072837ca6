import { describe, expect, it } from "vitest";
import type { BrowserContextOptions, Page } from "playwright-core";
import { Clock } from "@rapport/core/clock/index";
import { FollowUp } from "@rapport/core/followup/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Job } from "@rapport/core/job/index";
import { aCustomer, aRep, email, sessionCookie } from "../support/fixtures.ts";
import { inbox } from "../support/inbox.ts";
import { hasChromium, phone, press, servedBrowser } from "./browser.ts";

const cli = { kind: "cli", id: "test" } as const;
const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 900 }, locale: "en-GB", bypassCSP: true };
const DAY = 86_400_000;

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("the whole loop with the customer", { timeout: 180_000 }, () => {
  /** Screenshots in test-results/loop/; link tokens and ids are masked in the problems collected. */
  const setup = servedBrowser("loop", (path) => path.replace(/\/(s|u|p|c|r)\/[\w.-]+/, "/$1/…").replace(/fup_\w+/, "fup_…"));

  /** A signed-in browser page for `address`. */
  async function signedIn(address: string) {
    const [name, value] = (await sessionCookie(address)).split(/=(.*)/s) as [string, string];
    return setup.session.open(setup.browser, desktop, [{ name, value, url: setup.served.url }]);
  }

  /** The "Closing the loop" section's text on a dashboard. */
  async function loopSection(page: Page): Promise<string> {
    await page.goto(`${setup.served.url}/dashboard`);
    return page.locator('section[aria-labelledby="loop-h"]').innerText();
  }

  it("a concern from an email link, resolved with a gesture, judged with one tap, moves the manager's recovery rate", async () => {
    const manager = email("manager");
    await aRep({ name: "Maya Brooks", email: manager });
    const rep = await aRep({ name: "Rosa Diaz", managerEmail: manager });
    const customer = await aCustomer(rep.id, { name: "Marcus Hale", company: "Hale Freight", valueTier: "B" });
    await Invitation.send({ customerId: customer.id, kind: "onboarding" }, cli);

    // The manager's page before: nothing judged yet.
    const { page: team, problems: managerProblems } = await signedIn(manager);
    expect(await loopSection(team)).toContain("No customer has judged a recovery yet");

    // The customer follows "Something not right? Tell us" from the email, on a phone.
    const concernLink = (await inbox(customer.email))[0]!.body.text!.match(/Something not right\? Tell us: (\S+)/)![1]!;
    const { page: phonePage, problems } = await setup.session.open(setup.browser, phone);
    await phonePage.goto(concernLink);
    await phonePage.getByLabel(/What happened\?/).fill("The pallet arrived crushed and nobody answered my call.");
    await phonePage.getByLabel("It needs attention today").check();
    await phonePage.getByLabel("Yes, contact me about it").check();
    await press(phonePage, "Send");
    expect(await phonePage.locator("h1").textContent()).toBe("Thank you, we have it");
    const [concern] = await FollowUp.list({ repIds: [rep.id], kind: "recovery", status: "open" });
    expect(concern).toMatchObject({ source: "concern", customerId: customer.id });
    expect(await loopSection(team)).toMatch(/Open concerns: 1\s+Marcus Hale · Rosa Diaz · raised/);

    // The rep resolves it on the dashboard with one of the plan's gestures and its cost.
    const { page: dashboard, problems: repProblems } = await signedIn(rep.email);
    await dashboard.goto(`${setup.served.url}/dashboard`);
    const item = dashboard.locator("li.fu").filter({ hasText: "Marcus Hale" }).filter({ has: dashboard.locator("form.resolve") });
    await item.getByLabel("What was fixed").fill("Replaced the pallet the same day and gave Marcus my direct line.");
    const gesture = concern!.suggestedActions!.at(-1)!;
    await item.getByRole("group", { name: /Personal gesture/ }).getByLabel(gesture).check();
    await item.getByLabel("Cost").fill("60");
    const loaded = dashboard.waitForEvent("load");
    await item.getByRole("button", { name: /^Resolve/ }).click();
    await loaded;
    const resolved = (await FollowUp.get(concern!.id))!;
    expect(resolved).toMatchObject({ status: "resolved", gesture: { description: gesture, cost: 60, suggested: true } });
    expect(await loopSection(dashboard)).toMatch(/Awaiting the customer's verdict: 1/);

    // Two days on, the job asks "Did we make it right?"; the customer taps 5 and confirms.
    const at = new Date(Date.parse(resolved.resolvedAt!) + 2 * DAY + 60_000);
    await Clock.at(at, () => Job.runDueJobs(at));
    const asked = (await inbox(customer.email)).filter((m) => m.subject.startsWith("Did we make it right"));
    expect(asked).toHaveLength(1);
    await phonePage.goto(asked[0]!.body.text!.match(/ {2}5: (\S+\?score=5)/)![1]!);
    expect(await phonePage.getByLabel("5 – completely").isChecked()).toBe(true);
    await press(phonePage, "Send");
    expect(await phonePage.locator("h1").textContent()).toBe("Thank you");

    // The manager sees the recovery rate move: 1 recovered of 1 judged.
    const after = await loopSection(team);
    expect(after).toContain("100%");
    expect(after).toContain("1 of 1 judged case recovered");
    expect(after).toMatch(/Awaiting the customer's verdict: 0/);
    await setup.session.audit(team, "01-team-loop-1280");
    expect([...problems, ...repProblems, ...managerProblems]).toEqual([]);
  });
});
