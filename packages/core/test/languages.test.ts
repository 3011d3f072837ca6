import { describe, expect, it } from "vitest";
import { catalogs } from "@rapport/core/i18n/index";
import { LANGUAGES, chooseLocale, fromAcceptLanguage, localeOf } from "@rapport/core/i18n/languages";
import { formatDate, formatDay } from "@rapport/core/clock/format-date";
import { Survey } from "@rapport/core/survey/index";

/** Every leaf of a catalog as [path, value]; a function is called with sample arguments so its text is checked too. */
function leaves(node: unknown, path = ""): [string, string][] {
  if (typeof node === "string") return [[path, node]];
  if (typeof node === "function") return [[path, String(node(..."1234".split("")))]];
  if (node && typeof node === "object") return Object.entries(node).flatMap(([key, value]) => leaves(value, path ? `${path}.${key}` : key));
  return [[path, String(node)]];
}

describe("the message catalogs", () => {
  // The type system makes every catalog have every key of the English one; this checks no value is empty.
  it("has every key of the English catalog in every language, none of them empty", () => {
    const english = leaves(catalogs.en).map(([path]) => path);
    for (const language of LANGUAGES) {
      const entries = leaves(catalogs[language]);
      expect(entries.map(([path]) => path), language).toEqual(english);
      const empty = entries.filter(([, text]) => text.trim() === "" || text.includes("undefined"));
      expect(empty, language).toEqual([]);
    }
  });

  it("translates each default behaviour into French, German and Spanish, and keeps the default label for a language without one", () => {
    for (const behaviour of Survey.current().behaviours) {
      for (const language of ["fr", "de", "es"]) expect(Survey.labelFor(behaviour, language)).not.toBe(behaviour.label);
      expect(Survey.labelFor(behaviour, "en")).toBe(behaviour.label);
      expect(Survey.labelFor(behaviour, "it")).toBe(behaviour.label);
    }
  });
});

describe("choosing a language", () => {
  it("reads a tag's language, canonical, with its region for formatting", () => {
    expect(localeOf("FR-ca")).toEqual({ language: "fr", tag: "fr-CA" });
    expect(localeOf("de")).toEqual({ language: "de", tag: "de" });
    expect(localeOf("ja")).toBeUndefined();
    expect(localeOf("not a tag!")).toBeUndefined();
  });

  it("honours Accept-Language q-values and skips what the catalog has not", () => {
    expect(fromAcceptLanguage("de-DE,de;q=0.9")).toEqual({ language: "de", tag: "de-DE" });
    expect(fromAcceptLanguage("ja, fr;q=0.3, es;q=0.7")).toEqual({ language: "es", tag: "es" });
    expect(fromAcceptLanguage("fr;q=0, *;q=0.5")).toBeUndefined();
    expect(fromAcceptLanguage("en;q=0.5, de;q=0.5")).toEqual({ language: "en", tag: "en" });
    expect(fromAcceptLanguage(undefined)).toBeUndefined();
  });

  it("takes the customer's language, else Accept-Language, else the organization's", () => {
    expect(chooseLocale({ stored: "fr", acceptLanguage: "de", orgDefault: "es" })).toEqual({ language: "fr", tag: "fr", byCustomer: true });
    expect(chooseLocale({ stored: "ja", acceptLanguage: "de", orgDefault: "es" })).toEqual({ language: "de", tag: "de", byCustomer: false });
    expect(chooseLocale({ acceptLanguage: "ja", orgDefault: "es" })).toEqual({ language: "es", tag: "es", byCustomer: false });
    expect(chooseLocale({ orgDefault: "en" })).toEqual({ language: "en", tag: "en", byCustomer: false });
  });
});

describe("dates in the reader's locale", () => {
  it("formats through Intl in the locale, naming the zone, and keeps the English shape", () => {
    expect(formatDate("2026-11-22T14:05:00Z", "Europe/Paris", "fr")).toBe("dim. 22 nov. 2026, 15:05 (Europe/Paris)");
    expect(formatDate("2026-11-22T14:05:00Z", "Europe/Berlin", "de-DE")).toBe("So., 22. Nov. 2026, 15:05 (Europe/Berlin)");
    expect(formatDate("2026-11-22T14:05:00Z", "Europe/Berlin")).toBe("Sun 22 Nov 2026, 15:05 (Europe/Berlin)");
    expect(formatDay("2019-04-01T10:00:00Z", "UTC", "es")).toBe("lunes, 1 de abril de 2019");
    expect(formatDay("2019-04-01T10:00:00Z", "UTC", "en")).toBe("Mon, 01 Apr 2019");
  });
});

describe("customer emails in every language", () => {
  const invitation = {
    reminder: true,
    orgName: "Acme",
    brandColor: "#1f4fd1",
    customerName: "Zoë",
    repName: "Ana",
    surveyUrl: "https://rapport.test/s/t",
    firstBehaviour: "Écoute et comprend ce qui compte pour moi",
    unsubscribeUrl: "https://rapport.test/u/t",
    profileUrl: "https://rapport.test/p/t",
    concernUrl: "https://rapport.test/c/t",
    expiresOn: "lundi 1 avril 2019",
  };
  const verdict = { orgName: "Acme", brandColor: "#1f4fd1", customerName: "Zoë", repName: "Ana", answerUrl: "https://rapport.test/r/t", unsubscribeUrl: "https://rapport.test/u/t", profileUrl: "https://rapport.test/p/t", concernUrl: "https://rapport.test/c/t", answerBy: "1 avril" };
  // English words a French, German or Spanish email must not carry (in its subject, text or HTML words).
  const ENGLISH = /\b(Hi|Reminder|quick reminder|Unsubscribe|What we know|Something not right|You received|Thank you|Tell us|Did we|How are|confirm on|personal to you|undefined)\b/;

  it("writes every invitation, reminder and question in the customer's language, with lang on <html>", async () => {
    const { renderInvitationEmail } = await import("@rapport/core/email/templates/invitation");
    const { renderVerdictEmail } = await import("@rapport/core/email/templates/verdict");
    for (const tag of ["fr", "de", "es-MX"]) {
      const locale = localeOf(tag)!;
      const emails = [
        ...(["report-card", "onboarding", "lost-deal"] as const).flatMap((kind) => [false, true].map((reminder) => renderInvitationEmail({ ...invitation, kind, reminder, locale }))),
        ...(["verdict", "check-in"] as const).map((kind) => renderVerdictEmail({ ...verdict, kind, locale })),
      ];
      for (const email of emails) {
        expect(email.html, `${tag}: ${email.subject}`).toMatch(new RegExp(`^<!doctype html><html lang="${tag}">`));
        const words = [email.subject, email.text, email.html.replace(/<[^>]+>/g, " ")].join("\n");
        expect(words.match(ENGLISH)?.[0], `${tag}: ${email.subject}`).toBeUndefined();
      }
    }
  });
});
