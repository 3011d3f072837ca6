import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { aRep, email } from "../support/fixtures.ts";
import { onlyEmail, surveyLink } from "../support/inbox.ts";
import { hasChromium, phone, servedBrowser } from "./browser.ts";

// A French customer fills the report card in French on a phone whose browser asks for German: their stored language wins.
describe.skipIf(!hasChromium() && !process.env.CI)("a customer in their own language, in a phone browser", { timeout: 120_000 }, () => {
  const setup = servedBrowser("languages");
  const { session } = setup;

  const api = (path: string, body: unknown) =>
    fetch(`${setup.served.url}${path}`, { method: "POST", headers: { authorization: setup.admin, "content-type": "application/json" }, body: JSON.stringify(body) });
  const heading = async (page: Page) => (await page.locator("h1").textContent())?.trim();
  const rate = (page: Page, behaviour: string, value: string) => page.locator(`label[for="ratings-${behaviour}-${value}"]`).tap();

  async function submit(page: Page) {
    const loaded = page.waitForEvent("load");
    await page.locator('form button[type="submit"]').tap();
    await loaded;
  }

  it("fills the report card in French, errors and thanks included, with no serious or critical axe finding", async () => {
    const rep = await aRep({ name: "Camille Durand" });
    const created = await api("/v1/customers", { name: "Zoë Martin", email: email("customer", "customers.example"), repId: rep.id, language: "fr-CA" });
    const customer = (await created.json()) as { id: string; email: string };
    expect((await api("/v1/invitations", { customerId: customer.id, kind: "report-card" })).status).toBe(201);
    const invitation = await onlyEmail(customer.email);
    expect(invitation.subject).toBe("Comment se passe votre collaboration avec Camille Durand ?");

    const { page, problems } = await session.open(setup.browser, { ...phone, locale: "de-DE" });
    const opened = await page.goto(`${setup.served.url}${surveyLink(invitation)}`);
    expect(opened?.headers()["content-language"]).toBe("fr-CA");
    expect(await page.locator("html").getAttribute("lang")).toBe("fr-CA");
    expect(await heading(page)).toBe("Comment se passe votre collaboration avec Camille Durand ?");
    expect(await page.locator("legend").first().textContent()).toBe("Camille Durand écoute et comprend ce qui compte pour moi (facultatif)");
    await session.audit(page, "01-report-card-fr");

    // Nothing rated: the error summary says so in French, and keeps what was typed.
    await page.locator("#improve").tap();
    await page.keyboard.type("Rappelez-moi plus vite, s'il vous plaît.");
    await submit(page);
    expect(await page.title()).toMatch(/^Erreur : /);
    expect(await page.locator(".errors h2").textContent()).toBe("Veuillez vérifier une réponse");
    expect(await page.locator(".errors").textContent()).toContain("Notez au moins une affirmation");
    await session.audit(page, "02-report-card-fr-error");

    await rate(page, "listening", "5");
    await rate(page, "follow_up", "2");
    await rate(page, "customer_first", "na");
    await page.locator('label[for="contactOk"]').tap();
    await submit(page);
    expect(new URL(page.url()).pathname).toMatch(/\/thanks$/);
    expect(await heading(page)).toBe("Merci !");
    // A poor rating with consent: someone calls back, by a date written the French-Canadian way.
    expect(await page.locator("main").textContent()).toMatch(/Camille Durand ou son responsable vous contactera d'ici le [a-zé]+\.? \d{1,2} [a-zéû]+\.? \d{4}/);
    expect(await page.getByRole("link", { name: "Modifier mes réponses" }).count()).toBe(1);
    await session.audit(page, "03-thank-you-fr");
    // The one rejected post (nothing rated) is the only failed request.
    expect(problems).toEqual([`400 POST ${new URL(page.url()).pathname.replace(/\/thanks$/, "")}`]);
  });
});
