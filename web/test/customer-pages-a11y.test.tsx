import { describe, expect, it } from "vitest";
import { renderReportCardPage } from "../src/pages/report-card.tsx";
import { renderOnboardingPage } from "../src/pages/onboarding.tsx";
import { renderMessagePage, renderReceivedPage, renderThankYouPage } from "../src/pages/messages.tsx";
import { renderUnsubscribePage } from "../src/pages/unsubscribe.tsx";
import { renderCustomerProfilePage } from "../src/pages/customer-profile.tsx";
import { renderConcernPage, renderConcernSentPage } from "../src/pages/concern.tsx";
import { renderVerdictPage } from "../src/pages/verdict.tsx";
import { axe, hasChromium, launchChromium } from "../../test/browser/browser.ts";
import { brand, onboarding, reportCard } from "./customer-fixtures.ts";

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("axe-core audit in a 360px-wide browser", () => {
  const profilePage = { ...brand, deleteAction: "/p/t/delete", withdrawAction: "/p/t/withdraw", csrf: "c", timezone: "UTC", contact: { name: "Zoë Ångström", email: "zoe@example.com", company: "Nguyễn & Søn" } };
  const verdict = { ...brand, kind: "verdict" as const, action: "/r/t", csrf: "c", repName: "Maximiliane Wolfeschlegelsteinhausenbergerdorff", timezone: "Europe/Berlin", concernUrl: "/c/t" };
  const afterBase = { ...brand, repName: "Ana", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z", timezone: "UTC", editUrl: "/s/t" };
  const concern = {
    ...brand,
    action: "/c/t",
    csrf: "c",
    submission: "s6Jq0mVbX2tLr9WcP4nYhA",
    customerFirstName: "Zoë",
    repName: "Ana",
    hasManager: true,
    values: { what: "", urgency: "", reply: "", channel: "phone", contact: "+49 30 1234567" },
    choices: {
      channels: [
        { value: "email", label: "Email" },
        { value: "phone", label: "Phone call" },
      ],
    },
    maxChars: 2000,
    errors: {},
  };
  const pages: Record<string, string> = {
    concern: renderConcernPage(concern),
    "concern with errors": renderConcernPage({ ...concern, values: { ...concern.values, what: "x".repeat(2001) }, errors: { what: "What happened must be at most 2000 characters (it has 2001)", reply: "is required", contact: "Contact must be a phone number" } }),
    "concern unsent": renderConcernPage({ ...concern, values: { ...concern.values, what: "The pallet was crushed." }, unsent: true }),
    "concern sent": renderConcernSentPage({ ...brand, reply: "contact", repName: "Ana", contactBy: "2026-11-23T15:05:00.000Z", timezone: "Europe/Berlin", concernUrl: "/c/t" }),
    "concern sent anonymously": renderConcernSentPage({ ...brand, reply: "anonymous", managerSees: true, repName: "Ana", timezone: "UTC", concernUrl: "/c/t" }),
    "concern sent anonymously to a rep without a manager": renderConcernSentPage({ ...brand, reply: "anonymous", managerSees: false, repName: "Ana", timezone: "UTC", concernUrl: "/c/t" }),
    "thank you with the concern link": renderThankYouPage({ ...afterBase, kind: "onboarding", outcome: "recorded", concernUrl: "/c/t" }),
    "report card": renderReportCardPage(reportCard({ values: { ratings: { listening: "4" }, improve: "", aboutMe: "", shareName: false, contactOk: false } })),
    "report card with errors, revisable": renderReportCardPage(
      reportCard({ errors: { "ratings.follow_up": "must be", improve: "must be at most 2000 characters", shareName: "must be true or false" }, state: "revisable", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z" }),
    ),
    "report card on a yellow brand": renderReportCardPage(reportCard({ brandColor: "#ffd400" })),
    onboarding: renderOnboardingPage(onboarding()),
    "onboarding with errors": renderOnboardingPage(onboarding({ values: { ...onboarding().values, timezone: "" }, errors: { contact: "is required when you prefer phone, text or video", timezone: "must be a time zone", interests: "must have at most 20 interests" } })),
    "thank you": renderThankYouPage({ ...afterBase, kind: "report-card", outcome: "recorded" }),
    received: renderReceivedPage({ ...brand, kind: "onboarding", repName: "Ana", answeredAt: "2026-11-22T14:05:00Z", timezone: "UTC", summary: [{ question: "Channel", answer: "Email" }] }),
    message: renderMessagePage({ ...brand, status: 404, title: "We could not find this link", message: "It may be incomplete." }),
    unsubscribe: renderUnsubscribePage({ ...brand, action: "/u/t", csrf: "c", maskedEmail: "s***@example.com", done: false }),
    "unsubscribe done": renderUnsubscribePage({ ...brand, action: "/u/t", csrf: "c", maskedEmail: "s***@example.com", done: true }),
    "what we know about you": renderCustomerProfilePage({
      ...profilePage,
      preferences: [{ question: "Preferred channel", answer: "Phone call" }],
      shared: [
        { id: "ent_1", field: "aboutMe", text: "Wolfeschlegelsteinhausenbergerdorff-Ångström coaching on Saturdays", source: "report-card", at: "2026-11-22T14:05:00Z" },
        { id: "ent_2", field: "interests", interests: ["growth", "training"], source: "onboarding", at: "2026-10-02T09:00:00Z" },
      ],
      notes: [{ id: "ent_3", text: "Moving offices in March", at: "2026-11-24T10:12:00Z", author: "Dana Ortiz" }],
      notice: "deleted",
    }),
    "did we make it right?": renderVerdictPage({ ...verdict, state: "open", rating: "4" }),
    "how are things now? with an error": renderVerdictPage({ ...verdict, kind: "check-in", state: "open", comment: "x".repeat(20), error: { field: "rating", message: "Choose a rating from 1 to 5." } }),
    "verdict thanks, reopened": renderVerdictPage({ ...verdict, state: "thanks", answer: { rating: 2, at: "2026-11-24T10:12:00Z" }, next: { outcome: "reopened", dueAt: "2026-11-25T10:12:00Z" } }),
    "verdict already answered": renderVerdictPage({ ...verdict, state: "answered", answer: { rating: 5, at: "2026-11-24T10:12:00Z" }, next: { outcome: "recovered" } }),
    "verdict closed": renderVerdictPage({ ...verdict, state: "closed" }),
    "what we know about you, consent withdrawn": renderCustomerProfilePage({ ...profilePage, preferences: [], shared: [], notes: [], consentWithdrawnAt: "2026-11-25T08:00:00Z", notice: "withdrawn" }),
  };

  it("finds no WCAG 2.2 AA or best-practice violation on any page", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 360, height: 800 } });
      const found: string[] = [];
      for (const [name, html] of Object.entries(pages)) {
        await page.setContent(html);
        found.push(...(await axe(page)).map((v) => `${name}: ${v.id} (${v.targets.length})`));
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) found.push(`${name}: scrolls sideways by ${overflow}px at 360px`);
      }
      expect(found).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
