import { describe, expect, it } from "vitest";
import { defaultSurvey } from "@rapport/core/survey/index";
import { cadences, channels, interestChoices, responseTimes } from "@rapport/core/survey/onboarding-choices";
import { zoneChoices } from "@rapport/core/survey/time-zones";
import type { OnboardingPageProps, ReportCardPageProps } from "../src/pages/props.ts";
import { renderReportCardPage } from "../src/pages/report-card.tsx";
import { renderOnboardingPage } from "../src/pages/onboarding.tsx";
import { renderMessagePage, renderReceivedPage, renderThankYouPage } from "../src/pages/messages.tsx";
import { renderUnsubscribePage } from "../src/pages/unsubscribe.tsx";
import { contrastRatio, textOn } from "../src/pages/layout.tsx";
import { axe, hasChromium, launchChromium } from "../../test/browser/browser.ts";
import { expectWellFormedPage, tags, unlabelled, type Attrs } from "./html.ts";

const brand = { orgName: "Acme & Co", brandColor: "#1f4fd1" };

function reportCard(overrides: Partial<ReportCardPageProps> = {}): ReportCardPageProps {
  return {
    ...brand,
    action: "/s/tok123",
    csrf: "csrf-abc",
    repName: "Ana",
    customerFirstName: "Sam",
    behaviours: defaultSurvey.behaviours,
    values: { ratings: {}, improve: "", aboutMe: "", shareName: false, contactOk: false },
    errors: {},
    state: "open",
    timezone: "UTC",
    ...overrides,
  };
}

function onboarding(overrides: Partial<OnboardingPageProps> = {}): OnboardingPageProps {
  return {
    ...brand,
    action: "/s/tok456",
    csrf: "csrf-def",
    repName: "Ana",
    customerFirstName: "Sam",
    values: {
      channel: "email",
      contact: "sam@example.com",
      timezone: "Europe/Berlin",
      bestHours: "",
      cadence: "",
      responseTime: "",
      emergencyContact: "",
      onTimeMeans: "",
      interests: [],
      personalInterests: "",
      idealExperience: "",
    },
    choices: {
      channels: channels.map((value) => ({ value, label: { email: "Email", phone: "Phone call", text: "Text message", video: "Video call" }[value] })),
      cadences: cadences.map((value) => ({ value, label: value })),
      responseTimes: responseTimes.map((value) => ({ value, label: value })),
      interests: [...interestChoices],
      // Labels at a fixed instant in January: Berlin is then at UTC+01:00, Toronto at UTC-05:00.
      timezones: zoneChoices([], new Date("2026-01-15T12:00:00Z")),
    },
    errors: {},
    state: "open",
    timezone: "UTC",
    ...overrides,
  };
}

function inputById(html: string, id: string): Attrs {
  const found = [...tags(html, "input"), ...tags(html, "textarea"), ...tags(html, "select")].find((a) => a.id === id);
  if (!found) throw new Error(`no field with id ${id}`);
  return found;
}

describe("report card page", () => {
  it("renders one radio group per behaviour, with the behaviour statement as legend and 1–5 plus na", () => {
    const html = renderReportCardPage(reportCard());
    expectWellFormedPage(html);
    expect(html.match(/<fieldset\b/g)).toHaveLength(6);
    expect(html).toContain("Ana listens and understands what matters to me");
    expect(html).toContain("Ana puts my interests first");
    const radios = tags(html, "input").filter((a) => a.name === "ratings.listening");
    expect(radios.map((r) => r.value)).toEqual(["1", "2", "3", "4", "5", "na"]);
    expect(radios.every((r) => r.type === "radio")).toBe(true);
    expect(html).toContain("1 – Not at all");
    expect(html).toContain("5 – Always");
    expect(html).toContain("Not applicable");
  });

  it("posts the fields under the names the server parses", () => {
    const html = renderReportCardPage(reportCard());
    const form = tags(html, "form")[0]!;
    expect(form.method).toBe("post");
    expect(form.action).toBe("/s/tok123");
    expect(inputById(html, "improve").name).toBe("improve");
    expect(inputById(html, "aboutMe").name).toBe("aboutMe");
    expect(inputById(html, "shareName")).toMatchObject({ type: "checkbox", name: "shareName", value: "on" });
    expect(tags(html, "input").find((a) => a.type === "hidden")).toMatchObject({ name: "csrf", value: "csrf-abc" });
    expect(html).toContain("What could Ana do better?");
    expect(html).toContain("Anything you&#39;d like Ana to know about you?");
    expect(html).toContain("shared with Ana and the team looking after you");
    expect(html).toContain("without your name");
    expect(html).toMatch(/<button type="submit"[^>]*>Send<\/button>/);
  });

  it("pre-selects a rating given in values (the one-click score from the email) and pre-fills the comments", () => {
    const html = renderReportCardPage(
      reportCard({ values: { ratings: { listening: "4", advocacy: "na" }, improve: "Call back sooner", aboutMe: "I race bikes", shareName: true, contactOk: false } }),
    );
    const checked = tags(html, "input").filter((a) => "checked" in a);
    expect(checked.map((a) => `${a.name}=${a.value}`).sort()).toEqual(["ratings.advocacy=na", "ratings.listening=4", "shareName=on"]);
    expect(html).toMatch(/<textarea[^>]*id="improve"[^>]*>Call back sooner<\/textarea>/);
    expect(html).toMatch(/<textarea[^>]*id="aboutMe"[^>]*>I race bikes<\/textarea>/);
  });

  it("shows errors in a summary linking to each field and beside the field, with aria-invalid and aria-describedby", () => {
    const html = renderReportCardPage(
      reportCard({ errors: { "ratings.follow_up": "must be a whole number from 1 to 5, or na", improve: "must be at most 2000 characters" } }),
    );
    expectWellFormedPage(html);
    const summary = html.match(/<div class="errors" role="alert"[\s\S]*?<\/div>/)?.[0] ?? "";
    expect(summary).toContain('href="#ratings-follow_up-1"');
    expect(summary).toContain("Choose an answer for “Ana follows up and keeps promises on time”");
    expect(summary).toContain('href="#improve"');
    expect(summary).toContain("Your suggestion for Ana must be at most 2000 characters");
    // the summary's targets exist
    expect(inputById(html, "ratings-follow_up-1").name).toBe("ratings.follow_up");

    for (const radio of tags(html, "input").filter((a) => a.name === "ratings.follow_up")) {
      expect(radio["aria-invalid"]).toBe("true");
      expect(radio["aria-describedby"]).toBe("ratings-follow_up-error");
    }
    expect(html).toMatch(/<p class="error" id="ratings-follow_up-error">[\s\S]*?Choose an answer for/);
    expect(inputById(html, "improve")["aria-invalid"]).toBe("true");
    expect(inputById(html, "improve")["aria-describedby"]).toBe("improve-error");
    expect(html).toMatch(/<p class="error" id="improve-error">/);
    // fields without errors stay valid
    expect(tags(html, "input").filter((a) => a.name === "ratings.listening").some((a) => "aria-invalid" in a)).toBe(false);
    expect(html).toMatch(/<title>Error: /);
  });

  it("keeps a server sentence as written and lists errors on fields the form does not show without a link", () => {
    const html = renderReportCardPage(reportCard({ errors: { aboutMe: "Please keep this under 2000 characters.", csrf: "This form expired. Please send it again." } }));
    expect(html).toContain("Please keep this under 2000 characters.");
    expect(html).toContain("<li>This form expired. Please send it again.</li>");
  });

  it("says when the answers were received and until when they can change, and offers an update button", () => {
    const html = renderReportCardPage(reportCard({ state: "revisable", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z" }));
    expect(html).toContain("We received your answers on Sun 22 Nov 2026, 14:05 (UTC). You can change them until Sun 29 Nov 2026, 14:05 (UTC).");
    // In the customer's own zone when their onboarding answers named one.
    const inNewYork = renderReportCardPage(reportCard({ state: "revisable", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z", timezone: "America/New_York" }));
    expect(inNewYork).toContain("We received your answers on Sun 22 Nov 2026, 09:05 (America/New_York). You can change them until Sun 29 Nov 2026, 09:05 (America/New_York).");
    expect(html).toMatch(/<button type="submit"[^>]*>Update my answers<\/button>/);
    expect(html).not.toMatch(/>Send<\/button>/);
  });

  it("weighs well under 30 KB with all six behaviours, errors and text filled in", () => {
    const long = "x".repeat(500);
    const html = renderReportCardPage(
      reportCard({
        values: { ratings: { listening: "5" }, improve: long, aboutMe: long, shareName: true, contactOk: false },
        errors: Object.fromEntries(defaultSurvey.behaviours.map((b) => [`ratings.${b.id}`, "must be a whole number from 1 to 5, or na"])),
        state: "revisable",
        answeredAt: "2026-11-22T14:05:00Z",
        revisableUntil: "2026-11-29T14:05:00Z",
      }),
    );
    expect(Buffer.byteLength(html)).toBeLessThan(30 * 1024);
  });

  it("escapes the rep's and the organisation's names", () => {
    const html = renderReportCardPage(reportCard({ repName: "<b>Ana</b>", orgName: "<i>Acme</i>" }));
    expect(html).not.toContain("<b>Ana</b>");
    expect(html).not.toContain("<i>Acme</i>");
    expect(html).toContain("&lt;b&gt;Ana&lt;/b&gt; listens");
    expect(html).toContain("&lt;i&gt;Acme&lt;/i&gt;");
  });

  it("never lets a brand colour inject CSS", () => {
    const html = renderReportCardPage(reportCard({ brandColor: "red;}</style><script>alert(1)</script>" }));
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("--brand:#1f4fd1");
  });
});

describe("brand colours", () => {
  it.each(["#1f4fd1", "#ffd400", "#777777", "#00a651", "#000", "#fff", "#e11d48", "#7c7c7c"])("keeps header text on %s at 4.5:1 or more", (color) => {
    expect(contrastRatio(color, textOn(color))).toBeGreaterThanOrEqual(4.5);
  });

  it("puts white on a dark brand and near-black on a light one", () => {
    expect(textOn("#1f4fd1")).toBe("#ffffff");
    expect(textOn("#ffd400")).toBe("#1b1f24");
    const html = renderReportCardPage(reportCard({ brandColor: "#FFD400" }));
    expect(html).toContain("--on-brand:#1b1f24");
  });
});

describe("onboarding page", () => {
  it("pre-fills and pre-selects everything Rapport knows", () => {
    const html = renderOnboardingPage(
      onboarding({
        values: {
          channel: "phone",
          contact: "+49 30 1234567",
          timezone: "America/New_York",
          bestHours: "Weekdays 16:00–18:00",
          cadence: "biweekly",
          responseTime: "4h",
          emergencyContact: "Jo, +49 30 7654321",
          onTimeMeans: "Before the trade fair",
          interests: ["growth", "training", "vintage cars"],
          personalInterests: "Sailing",
          idealExperience: "No surprises",
        },
      }),
    );
    expectWellFormedPage(html);
    const checked = tags(html, "input").filter((a) => "checked" in a);
    expect(checked.map((a) => `${a.name}=${a.value}`).sort()).toEqual([
      "cadence=biweekly",
      "channel=phone",
      "interests=growth",
      "interests=training",
      "interests=vintage cars",
      "responseTime=4h",
    ]);
    expect(tags(html, "option").find((o) => "selected" in o)?.value).toBe("America/New_York");
    expect(inputById(html, "contact").value).toBe("+49 30 1234567");
    expect(inputById(html, "bestHours").value).toBe("Weekdays 16:00–18:00");
    expect(inputById(html, "emergencyContact").value).toBe("Jo, +49 30 7654321");
    expect(html).toMatch(/<textarea[^>]*id="onTimeMeans"[^>]*>Before the trade fair<\/textarea>/);
    expect(html).toMatch(/<textarea[^>]*id="personalInterests"[^>]*>Sailing<\/textarea>/);
    expect(html).toMatch(/<textarea[^>]*id="idealExperience"[^>]*>No surprises<\/textarea>/);
  });

  it("posts every field under the name the server parses", () => {
    const html = renderOnboardingPage(onboarding());
    const names = new Set([...tags(html, "input"), ...tags(html, "textarea"), ...tags(html, "select")].map((a) => a.name));
    expect([...names].sort()).toEqual(
      [
        "csrf",
        "channel",
        "contact",
        "timezone",
        "bestHours",
        "cadence",
        "responseTime",
        "emergencyContact",
        "onTimeMeans",
        "interests",
        "personalInterests",
        "idealExperience",
      ].sort(),
    );
    expect(tags(html, "input").filter((a) => a.name === "interests")).toHaveLength(interestChoices.length);
    expect(tags(html, "form")[0]).toMatchObject({ method: "post", action: "/s/tok456" });
    expect(html).toContain("What can we do to make this exactly the buying experience you want?");
    expect(html).toContain("Weekdays 16:00–18:00");
    expect(html).toContain("shared with Ana");
    expect(html).toContain("Emergency contact<span class=\"opt-tag\"> (optional)</span>");
  });

  it("offers a time zone that is not in the list when it is the customer's", () => {
    const html = renderOnboardingPage(onboarding({ values: { ...onboarding().values, timezone: "Atlantic/Reykjavik" } }));
    expect(tags(html, "option").filter((o) => "selected" in o).map((o) => o.value)).toEqual(["Atlantic/Reykjavik"]);
  });

  it("groups the time zones by region with readable labels, today's offset included", () => {
    const html = renderOnboardingPage(onboarding());
    expect(tags(html, "optgroup").map((g) => g.label)).toEqual(["Americas", "Europe", "Africa", "Asia", "Australia and Pacific", "Other"]);
    expect(html).toContain('<option value="Europe/Berlin" selected="">Berlin — Europe/Berlin, UTC+01:00</option>');
    expect(html).toContain(">Toronto — America/Toronto, UTC-05:00</option>");
    expect(html).toContain(">Kolkata — Asia/Kolkata, UTC+05:30</option>");
    expect(tags(html, "option").filter((o) => "selected" in o)).toHaveLength(1);
  });

  it("loads the same-origin local-zone script only when the selected zone is just the organization's default", () => {
    const withScript = renderOnboardingPage(onboarding({ localZoneScript: "/s/local-zone.js" }));
    expectWellFormedPage(withScript, { scripts: ["/s/local-zone.js"] });
    expect(tags(withScript, "select")[0]).toHaveProperty("data-local-zone");
    expect(tags(withScript, "option").find((o) => o.value === "Asia/Kolkata")?.["data-aliases"]).toBe("Asia/Calcutta");

    const without = renderOnboardingPage(onboarding());
    expectWellFormedPage(without);
    expect(tags(without, "select")[0]).not.toHaveProperty("data-local-zone");
  });

  it("asks for a time zone when none is known", () => {
    const html = renderOnboardingPage(onboarding({ values: { ...onboarding().values, timezone: "" } }));
    expect(tags(html, "option")[0]).toMatchObject({ value: "", selected: "" });
  });

  it("marks the contact field invalid, in the summary and beside it", () => {
    const html = renderOnboardingPage(
      onboarding({ errors: { contact: "must be a phone number, such as +49 30 1234567", cadence: "must be daily, weekly, biweekly, monthly or as-needed" } }),
    );
    expectWellFormedPage(html);
    expect(html).toContain('<a href="#contact">Contact must be a phone number, such as +49 30 1234567</a>');
    expect(html).toContain('<a href="#cadence-daily">Choose how often you would like updates</a>');
    expect(inputById(html, "contact")).toMatchObject({ "aria-invalid": "true", "aria-describedby": "contact-hint contact-error" });
    expect(inputById(html, "cadence-daily")["aria-invalid"]).toBe("true");
    expect(html).toMatch(/id="contact-error"/);
  });

  it("shows the revisable notice and the update button", () => {
    const html = renderOnboardingPage(onboarding({ state: "revisable", answeredAt: "2026-01-05T09:30:00Z", revisableUntil: "2026-01-12T09:30:00Z" }));
    expect(html).toContain("We received your answers on Mon 5 Jan 2026, 09:30 (UTC). You can change them until Mon 12 Jan 2026, 09:30 (UTC).");
    expect(html).toMatch(/>Update my answers<\/button>/);
  });
});

describe("after the form", () => {
  const base = { ...brand, repName: "Ana", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z", timezone: "Europe/Berlin", editUrl: "/s/tok123" };

  it("thanks a report-card customer and says in one sentence who will contact them, or that nobody will", () => {
    const html = renderThankYouPage({ ...base, kind: "report-card", outcome: "recorded", next: { contactOk: false, shareName: false } });
    expectWellFormedPage(html);
    expect(html).toContain("Nobody will contact you about these answers; Ana sees them without your name.");
    const poorAnonymous = renderThankYouPage({ ...base, kind: "report-card", outcome: "recorded", next: { contactOk: false, shareName: false, recoveryDueAt: "2026-11-23T15:05:00.000Z" } });
    expect(poorAnonymous).toContain("Nobody will contact you about these answers, as you asked; Ana&#39;s manager sees them without your name");
    const poorContact = renderThankYouPage({ ...base, kind: "report-card", outcome: "recorded", next: { contactOk: true, shareName: true, recoveryDueAt: "2026-11-23T15:05:00.000Z" } });
    expect(poorContact).toContain("Ana or their manager will contact you by Mon 23 Nov 2026, 16:05 (Europe/Berlin) to put it right.");
    expect(html).toContain("You can change your answers until Sun 29 Nov 2026, 15:05 (Europe/Berlin).");
    expect(html).toContain('href="/s/tok123"');
  });

  it("tells an onboarding customer the rep will contact them the way they asked", () => {
    const html = renderThankYouPage({ ...base, kind: "onboarding", outcome: "revised" });
    expectWellFormedPage(html);
    expect(html).toContain("Ana will contact you the way you asked.");
    expect(html).toContain("Your answers are updated");
  });

  it("reassures a customer who sent the same answers twice", () => {
    const html = renderThankYouPage({ ...base, kind: "report-card", outcome: "unchanged" });
    expect(html).toContain("nothing was counted twice");
  });

  it("shows what was received as a definition list", () => {
    const html = renderReceivedPage({
      ...brand,
      kind: "report-card",
      repName: "Ana",
      answeredAt: "2026-11-22T14:05:00Z",
      timezone: "Asia/Tokyo",
      summary: [
        { question: "Ana listens and understands what matters to me", answer: "4 – Often" },
        { question: "What could Ana do better?", answer: "<script>x</script>" },
      ],
    });
    expectWellFormedPage(html);
    expect(html).toContain("We received your answers on Sun 22 Nov 2026, 23:05 (Asia/Tokyo)");
    expect(html).toContain("<dt>Ana listens and understands what matters to me</dt><dd>4 – Often</dd>");
    expect(html).toContain("<dd>&lt;script&gt;x&lt;/script&gt;</dd>");
  });

  it("explains an expired link with a next step and no technical detail", () => {
    const html = renderMessagePage({ ...brand, status: 410, title: "This link has expired", message: "Links work for 30 days." });
    expectWellFormedPage(html);
    expect(html).toContain("<h1>This link has expired</h1>");
    expect(html).toContain("send you a new link");
    expect(html).not.toContain("410");
  });

  it("offers one unsubscribe button that posts, then a confirmation", () => {
    const page = renderUnsubscribePage({ ...brand, action: "/u/tok789", csrf: "c1", maskedEmail: "s***@example.com", done: false });
    expectWellFormedPage(page);
    expect(tags(page, "form")[0]).toMatchObject({ method: "post", action: "/u/tok789" });
    expect(page.match(/<button\b/g)).toHaveLength(1);
    expect(page).toContain("s***@example.com");
    const done = renderUnsubscribePage({ ...brand, action: "/u/tok789", csrf: "c1", maskedEmail: "s***@example.com", done: true });
    expectWellFormedPage(done);
    expect(done).toContain("You are unsubscribed");
    expect(done).not.toMatch(/<form\b/);
  });
});

// Locally a machine without chromium skips; in CI (.ci/run installs chromium) a missing browser fails.
describe.skipIf(!hasChromium() && !process.env.CI)("axe-core audit in a 360px-wide browser", () => {
  const afterBase = { ...brand, repName: "Ana", answeredAt: "2026-11-22T14:05:00Z", revisableUntil: "2026-11-29T14:05:00Z", timezone: "UTC", editUrl: "/s/t" };
  const pages: Record<string, string> = {
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
