import { describe, expect, it } from "vitest";
import { catalogs } from "@rapport/core/i18n/index";
import { LANGUAGES, localeOf } from "@rapport/core/i18n/languages";
import { renderReportCardPage } from "../src/pages/report-card.tsx";
import { renderOnboardingPage } from "../src/pages/onboarding.tsx";
import { renderMessagePage, renderReceivedPage, renderThankYouPage } from "../src/pages/messages.tsx";
import { renderUnsubscribePage } from "../src/pages/unsubscribe.tsx";
import { renderCustomerProfilePage } from "../src/pages/customer-profile.tsx";
import { renderConcernPage, renderConcernSentPage } from "../src/pages/concern.tsx";
import { renderVerdictPage } from "../src/pages/verdict.tsx";
import { renderLostDealPage } from "../src/pages/lost-deal.tsx";
import { renderConfirmRatingPage } from "../src/pages/confirm-rating.tsx";
import { messageFor } from "../src/pages/fields.tsx";
import { brand, onboarding, reportCard } from "./customer-fixtures.ts";

/** Every customer page in one locale, with errors where a page shows them. */
function everyPage(tag: string): Record<string, string> {
  const locale = localeOf(tag)!;
  const b = { ...brand, locale };
  const after = { ...b, repName: "Ana", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z", timezone: "Europe/Paris", editUrl: "/s/t", concernUrl: "/c/t" };
  const concern = { ...b, action: "/c/t", csrf: "c", submission: "s6Jq0mVbX2tLr9WcP4nYhA", customerFirstName: "Zoë", repName: "Ana", hasManager: true, choices: { channels: [] }, maxChars: 2000 };
  return {
    "report card": renderReportCardPage(reportCard({ locale, errors: { improve: "must be at most 2000 characters", ratings: "must answer at least one statement" }, state: "revisable", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z" })),
    "lost deal": renderLostDealPage({ ...b, action: "/s/t", csrf: "c", repName: "Ana", customerFirstName: "Sam", behaviours: [{ id: "listening", label: "Écoute" }], values: { ratings: {}, chooseUs: "", shareName: false }, errors: { shareName: "must be true or false" }, state: "open", timezone: "UTC" }),
    confirm: renderConfirmRatingPage({ ...b, action: "/s/t", csrf: "c", repName: "Ana", behaviour: { id: "listening", label: "Écoute" }, rating: "4", fullFormUrl: "/s/t" }),
    onboarding: renderOnboardingPage(onboarding({ locale, errors: { channel: "must be email, phone, text or video", contact: "must be a phone number, such as +49 30 1234567", timezone: "must be an IANA time zone such as Europe/Berlin" } })),
    thanks: renderThankYouPage({ ...after, kind: "report-card", outcome: "recorded", next: { contactOk: true, shareName: false, recoveryDueAt: "2026-11-23T14:05:00Z" } }),
    received: renderReceivedPage({ ...after, kind: "lost-deal", summary: [{ question: "Q", answer: "" }] }),
    "not found": renderMessagePage({ ...b, status: 404, title: "t", message: "m" }),
    unsubscribe: renderUnsubscribePage({ ...b, action: "/u/t", csrf: "c", maskedEmail: "z***@example.com", done: false }),
    unsubscribed: renderUnsubscribePage({ ...b, action: "/u/t", csrf: "c", maskedEmail: "z***@example.com", done: true }),
    profile: renderCustomerProfilePage({ ...b, deleteAction: "/p/t/d", withdrawAction: "/p/t/w", csrf: "c", timezone: "UTC", contact: { name: "Zoë", email: "z@example.com" }, preferences: [], shared: [{ id: "i", field: "aboutMe", text: "x", source: "report-card", at: "2026-11-22T14:05:00Z" }], notes: [], notice: "deleted", concernUrl: "/c/t" }),
    concern: renderConcernPage({ ...concern, values: { what: "", urgency: "", reply: "", channel: "", contact: "" }, errors: { what: "What happened must be at most 2000 characters (it has 2001)", reply: "Whether we may contact you must be contact or anonymous" } }),
    "concern sent": renderConcernSentPage({ ...b, reply: "contact", repName: "Ana", contactBy: "2026-11-23T15:05:00.000Z", timezone: "Europe/Berlin", concernUrl: "/c/t" }),
    verdict: renderVerdictPage({ ...b, kind: "check-in", state: "open", action: "/r/t", csrf: "c", repName: "Ana", timezone: "UTC", error: { field: "comment", message: "must be at most 1000 characters" }, concernUrl: "/c/t" }),
  };
}

/** English words that must not be left on a page in another language ("optional" is German too, "Error" Spanish). */
const english = (tag: string) => new RegExp(`\\b(Please|Send|${tag.startsWith("de") ? "" : "optional|"}required|${tag.startsWith("es") ? "" : "Error|"}Thank you|You can|must be|is required|We received|Delete|Unsubscribe|Something)\\b`);

describe("customer pages in every language", () => {
  it("declares the page's language and leaves no English sentence behind in French, German or Spanish", () => {
    for (const tag of ["fr", "de-DE", "es-MX"]) {
      for (const [name, html] of Object.entries(everyPage(tag))) {
        expect(html, `${tag} ${name}`).toMatch(new RegExp(`^<!doctype html><html lang="${tag}">`));
        const text = html.replace(/<style[\s\S]*?<\/style>/, "").replace(/<[^>]+>/g, " ");
        const found = text.match(english(tag));
        expect(found?.[0], `${tag} ${name}: ${found ? text.slice(Math.max(0, found.index! - 60), found.index! + 60) : ""}`).toBeUndefined();
      }
    }
  });

  it("keeps English pages word for word, and writes schema messages in the reader's language", () => {
    expect(everyPage("en")["report card"]).toContain("Your suggestion for Ana must be at most 2000 characters");
    const field = { name: "what", target: "what", label: "Ce qui s'est passé" };
    expect(messageFor(field, "What happened must be at most 2000 characters (it has 2001)", catalogs.fr)).toBe("Ce qui s'est passé doit comporter au plus 2000 caractères");
    expect(messageFor({ ...field, label: "What happened" }, "What happened must be at most 2000 characters (it has 2001)")).toBe("What happened must be at most 2000 characters (it has 2001)");
    expect(LANGUAGES).toEqual(["en", "fr", "de", "es"]);
  });
});
