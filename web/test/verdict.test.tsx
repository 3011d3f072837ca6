import { describe, expect, it } from "vitest";
import { renderVerdictPage, type VerdictPageProps } from "../src/pages/verdict.tsx";
import { brand } from "./customer-fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "./html.ts";

const base: VerdictPageProps = { ...brand, kind: "verdict", state: "open", action: "/r/tok", csrf: "csrf-1", repName: "Ana", timezone: "Europe/Berlin", concernUrl: "/c/concern" };
const concern = (html: string) => tags(html, "a").filter((a) => a.href === "/c/concern");

describe('"Did we make it right?" page', () => {
  it("asks one question with the tapped score pre-selected, an optional comment and one button, posting with its CSRF value and no script", () => {
    const html = renderVerdictPage({ ...base, rating: "4" });
    expectWellFormedPage(html);
    expect(tags(html, "form")[0]).toMatchObject({ method: "post", action: "/r/tok" });
    expect(tags(html, "input").find((a) => a.type === "hidden")).toEqual({ type: "hidden", name: "csrf", value: "csrf-1" });
    const radios = tags(html, "input").filter((a) => a.type === "radio");
    expect(radios.map((a) => a.value)).toEqual(["1", "2", "3", "4", "5"]);
    expect(radios.filter((a) => "checked" in a).map((a) => a.value)).toEqual(["4"]);
    expect(html).toMatch(/<fieldset[^>]*>\s*<legend>Your answer<\/legend>/);
    expect(tags(html, "textarea")).toEqual([expect.objectContaining({ name: "comment", id: "comment", maxlength: "1000" })]);
    expect(textOf(html)).toContain("Nothing is recorded until you press Send.");
    expect(concern(html)).toHaveLength(1);
  });

  it("says who contacts the customer, by when, after a poor answer, and carries the concern link on every state", () => {
    const thanks = renderVerdictPage({ ...base, state: "thanks", answer: { rating: 2, at: "2026-11-24T10:12:00Z" }, next: { outcome: "reopened", dueAt: "2026-11-25T10:12:00Z" } });
    expectWellFormedPage(thanks);
    expect(textOf(thanks)).toContain("Ana's manager now has your case and will contact you by Wed 25 Nov 2026, 11:12 (Europe/Berlin) to put it right.");
    const checkIn = renderVerdictPage({ ...base, kind: "check-in", state: "thanks", answer: { rating: 1, at: "2026-11-24T10:12:00Z" }, next: { outcome: "new-case", dueAt: "2026-11-24T14:12:00Z" } });
    expect(textOf(checkIn)).toContain("Ana or their manager will contact you by Tue 24 Nov 2026, 15:12 (Europe/Berlin)");
    for (const state of ["open", "thanks", "answered", "closed", "replaced"] as const) expect(concern(renderVerdictPage({ ...base, state })), state).toHaveLength(1);
    expect(textOf(renderVerdictPage({ ...base, state: "replaced" }))).toContain("only the newest email's answer counts");
  });

  it("shows a refused post's error beside the ratings and in a summary that links to them", () => {
    const html = renderVerdictPage({ ...base, error: { field: "rating", message: "Choose a rating from 1 to 5." } });
    expectWellFormedPage(html);
    expect(html).toMatch(/<title>Error: /);
    expect(tags(html.match(/<div class="errors"[\s\S]*?<\/div>/)![0], "a")).toEqual([{ href: "#rating-1" }]);
    expect(html).toContain('<p class="error" id="rating-error"><span class="vh">Error: </span>Choose a rating from 1 to 5.</p>');
  });
});
