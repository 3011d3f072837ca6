import { describe, expect, it } from "vitest";
import { defaultSurvey } from "@rapport/core/survey/index";
import { renderReportCardPage } from "../src/pages/report-card.tsx";
import { reportCard } from "./customer-fixtures.ts";
import { expectWellFormedPage, inputById, tags } from "./html.ts";

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
