import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { config, configure } from "@rapport/core/config";
import { Clock } from "@rapport/core/clock/index";
import { Invitation } from "@rapport/core/invitation/index";
import { Survey } from "@rapport/core/survey/index";
import { createApp } from "../src/api/app.ts";
import { aCustomer, aRep, bearer, email } from "../../../test/support/fixtures.ts";
import { onlyEmail, surveyLink } from "../../../test/support/inbox.ts";

// Customer pages and emails in the customer's language: their stored one, else Accept-Language (pages), else the organization's.
const app = createApp();
const cli = { kind: "cli", id: "test" } as const;
const orgLanguage = config().orgLanguage;
let admin: string;

beforeAll(async () => {
  admin = await bearer("admin");
});
afterEach(() => {
  configure({ orgLanguage });
});

const json = (path: string, body: unknown, auth = admin) =>
  app.request(path, { method: "POST", headers: { "content-type": "application/json", authorization: auth }, body: JSON.stringify(body) });

/** A new customer (with `language` when given) invited to a report card at `at`, and the email delivered. */
async function invited(options: { language?: string; at?: Date; survey?: Parameters<typeof Invitation.create>[2] } = {}) {
  const rep = await aRep({ name: "Camille Durand" });
  const res = await json("/v1/customers", { name: "Zoë Martin", email: email("customer", "customers.example"), repId: rep.id, ...(options.language ? { language: options.language } : {}) });
  expect(res.status).toBe(201);
  const customer = (await res.json()) as { id: string; email: string; language?: string };
  return Clock.at(options.at ?? new Date(), async () => {
    const created = await Invitation.create({ customerId: customer.id, kind: "report-card" }, cli, options.survey);
    if (!("invitation" in created)) throw new Error(created.skipped);
    await Invitation.deliver([created.invitation]);
    return { customer, invitation: created.invitation };
  });
}

const page = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });

describe("a French customer", () => {
  it("gets a French invitation email: subject, body, lang on <html>, the French statement and the date in French", async () => {
    // Sent 2 March 2019: the link works 30 days, until Monday 1 April 2019.
    const { customer } = await invited({ language: "fr", at: new Date("2019-03-02T10:00:00Z") });
    expect(customer.language).toBe("fr");
    const sent = await onlyEmail(customer.email);
    expect(sent.subject).toBe("Comment se passe votre collaboration avec Camille Durand ?");
    expect(sent.body.html).toMatch(/^<!doctype html><html lang="fr">/);
    expect(sent.body.text).toContain("Bonjour Zoë,\n");
    expect(sent.body.text).toContain("Camille Durand écoute et comprend ce qui compte pour moi (1 = pas du tout, 5 = toujours) :");
    expect(sent.body.text).toContain("Ce lien vous est personnel et fonctionne jusqu'au lundi 1 avril 2019.");
    expect(sent.body.text).toContain("Se désinscrire : ");
    expect(sent.body.html).toContain('aria-label="3 sur 5"');
    expect(sent.body.text).not.toMatch(/\b(Hi|How is|Unsubscribe)\b/);
  });

  it("gets the report card in French at /s/{token}, whatever the browser asks, with French behaviour labels and error messages", async () => {
    const { customer } = await invited({ language: "fr" });
    const link = surveyLink(await onlyEmail(customer.email));
    const res = await page(link, { "accept-language": "de-DE,de;q=0.9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-language")).toBe("fr");
    // Their stored language decides: the page does not vary by Accept-Language.
    expect(res.headers.get("vary") ?? "").not.toContain("Accept-Language");
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="fr">/);
    expect(html).toContain("<h1>Comment se passe votre collaboration avec Camille Durand ?</h1>");
    expect(html).toContain("Camille Durand écoute et comprend ce qui compte pour moi");
    expect(html).toContain("Camille Durand fait passer mes intérêts en premier");
    expect(html).toContain("5 – Toujours");
    expect(html).toContain("Sans objet");
    expect(html).not.toContain("Listens and understands");

    // A rejected post comes back with its error summary and field messages in French (the JSON API stays English).
    const token = link.split("/").pop()!;
    const csrf = html.match(/name="csrf" value="([^"]+)"/)![1]!;
    const form = new URLSearchParams({ csrf, "ratings.listening": "4", improve: "x".repeat(2001) });
    const posted = await app.request(`/s/${token}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form.toString() });
    expect(posted.status).toBe(400);
    const again = await posted.text();
    expect(again).toContain("Veuillez vérifier une réponse");
    expect(again).toContain("Votre suggestion pour Camille Durand doit comporter au plus 2000 caractères");
    expect(again).toContain('<span class="vh">Erreur : </span>');
    const api = await app.request(`/s/${token}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ratings: { listening: 9 } }) });
    expect(((await api.json()) as { error: { fields: Record<string, string> } }).error.fields["ratings.listening"]).toBe("must be a whole number from 1 to 5, or na");
  });
});

describe("a customer without a language", () => {
  it("gets German pages from Accept-Language: de-DE,de;q=0.9, formatted for de-DE, with Vary and Content-Language", async () => {
    const { customer } = await invited();
    const res = await page(surveyLink(await onlyEmail(customer.email)), { "accept-language": "de-DE,de;q=0.9" });
    expect(res.headers.get("content-language")).toBe("de-DE");
    expect(res.headers.get("vary")).toContain("Accept-Language");
    const html = await res.text();
    expect(html).toMatch(/<html lang="de-DE">/);
    expect(html).toContain("<h1>Wie zufrieden sind Sie mit Camille Durand?</h1>");
    expect(html).toContain("Camille Durand hört zu und versteht, was mir wichtig ist");
    expect(html).toContain("(optional)");
    // Their email, sent without a language, is in the organization's (English).
    expect((await onlyEmail(customer.email)).subject).toBe("How is Camille Durand doing for you?");
  });

  it("honours q-values, and falls back to the organization's language when nothing asked for is in the catalog", async () => {
    const { customer } = await invited();
    const link = surveyLink(await onlyEmail(customer.email));
    const spanish = await (await page(link, { "accept-language": "fr;q=0.2, es-MX;q=0.8, ja" })).text();
    expect(spanish).toMatch(/<html lang="es-MX">/);
    expect(spanish).toContain("¿Qué tal le atiende Camille Durand?");
    const unsupported = await page(link, { "accept-language": "ja, pt-BR;q=0.9, de;q=0" });
    expect(unsupported.headers.get("content-language")).toBe("en");
    expect(await unsupported.text()).toMatch(/<html lang="en">[\s\S]*How is Camille Durand doing for you\?/);
    configure({ orgLanguage: "es" });
    expect(await (await page(link, { "accept-language": "ja" })).text()).toMatch(/<html lang="es">[\s\S]*¿Qué tal le atiende Camille Durand\?/);
  });

  it("reads a stored language the catalog does not have in the organization's language, and a regional tag with its language's words", async () => {
    const japanese = await invited({ language: "ja-JP" });
    const sent = await onlyEmail(japanese.customer.email);
    expect(sent.body.html).toMatch(/<html lang="en">/);
    expect(sent.subject).toBe("How is Camille Durand doing for you?");
    const canadian = await invited({ language: "fr-ca", at: new Date("2019-03-02T10:00:00Z") });
    expect(canadian.customer.language).toBe("fr-CA");
    const quebec = await onlyEmail(canadian.customer.email);
    expect(quebec.body.html).toMatch(/<html lang="fr-CA">/);
    expect(quebec.body.text).toContain("jusqu'au lundi 1 avril 2019.");
  });

  it("sees a 404 page in the language its browser asks for", async () => {
    const res = await page("/s/" + "A".repeat(43), { "accept-language": "es-ES,es;q=0.9" });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/<html lang="es-ES">/);
    expect(html).toContain("No encontramos este enlace");
  });
});

describe("languages at the edges", () => {
  it("refuses a language that is not a BCP 47 tag, naming the field", async () => {
    const rep = await aRep();
    const res = await json("/v1/customers", { name: "Ana", email: email("customer", "customers.example"), repId: rep.id, language: "not a tag!" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; fields: Record<string, string> } };
    expect(body.error.fields).toEqual({ language: "must be a BCP 47 language tag such as fr or fr-CA" });
    expect(body.error.message).toContain("language");
  });

  it("takes translated labels on a survey's behaviours, refuses a label keyed by something that is not a language, and falls back to the default label", async () => {
    const bad = await json("/v1/surveys", { behaviours: [{ id: "listening", label: "Listens", labels: { French: "Écoute" } }] });
    expect(bad.status).toBe(400);
    expect(Object.keys(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields)).toEqual(["behaviours.0.labels.French"]);
    // A survey version with its own French label on one behaviour, none on the other.
    const survey = { version: "rc-lang-test", behaviours: [{ id: "listening", label: "Hears me out", labels: { fr: "M’écoute jusqu’au bout" } }, { id: "follow_up", label: "Calls back" }] };
    const { customer } = await invited({ language: "fr", survey: { survey } });
    const html = await (await page(surveyLink(await onlyEmail(customer.email)))).text();
    expect(html).toContain("Camille Durand m’écoute jusqu’au bout");
    expect(html).toContain("Camille Durand calls back");
    expect(Survey.labelFor(survey.behaviours[1]!, "fr")).toBe("Calls back");
  });

  it("sends a batch of mixed languages each in its own (one SendBulkEmail per language)", async () => {
    const rep = await aRep({ name: "Camille Durand" });
    const customers = await Promise.all(["fr", "de", undefined, "es"].map((language) => aCustomer(rep.id, language ? { language } : {})));
    const invitations = await Promise.all(
      customers.map(async (c) => {
        const created = await Invitation.create({ customerId: c.id, kind: "onboarding" }, cli);
        if (!("invitation" in created)) throw new Error(created.skipped);
        return created.invitation;
      }),
    );
    const sent = await Invitation.deliver(invitations);
    expect(sent.map((s) => s.status)).toEqual(["sent", "sent", "sent", "sent"]);
    const subjects = await Promise.all(customers.map(async (c) => (await onlyEmail(c.email)).subject));
    const org = config().orgName;
    expect(subjects).toEqual([
      `Comment souhaitez-vous que ${org} travaille avec vous ?`,
      `Wie soll ${org} mit Ihnen zusammenarbeiten?`,
      `How would you like ${org} to work with you?`,
      `¿Cómo le gustaría que ${org} trabajara con usted?`,
    ]);
  });
});
