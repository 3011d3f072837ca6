import { describe, expect, it } from "vitest";
import { renderConcernPage } from "../src/pages/concern.tsx";
import { renderReportCardPage } from "../src/pages/report-card.tsx";
import type { ConcernPageProps } from "../src/pages/props.ts";
import { brand, reportCard } from "./customer-fixtures.ts";
import { expectWellFormedPage, tags } from "./html.ts";

const concern: ConcernPageProps = {
  ...brand,
  action: "/c/tok",
  csrf: "csrf-1",
  submission: "s6Jq0mVbX2tLr9WcP4nYhA",
  customerFirstName: "Sam",
  repName: "Ana",
  hasManager: true,
  values: { what: "Late", urgency: "", reply: "", channel: "email", contact: "" },
  choices: { channels: [{ value: "email", label: "Email" }] },
  maxChars: 2000,
  errors: { urgency: "is required", reply: "is required" },
};

const summaryOf = (html: string) => tags(html, "div").find((a) => a.class === "errors")!;

describe("the error summary", () => {
  it("that takes the focus on the concern form is not also an alert, which a screen reader would read a second time", () => {
    for (const props of [concern, { ...concern, errors: {}, unsent: true }]) {
      const html = renderConcernPage(props);
      expectWellFormedPage(html);
      const summary = summaryOf(html);
      expect(summary).toMatchObject({ tabindex: "-1", autofocus: "" });
      expect(summary).not.toHaveProperty("role");
    }
  });

  it("that does not take the focus stays an alert", () => {
    const summary = summaryOf(renderReportCardPage(reportCard({ errors: { improve: "must be at most 2000 characters" } })));
    expect(summary.role).toBe("alert");
    expect(summary).not.toHaveProperty("tabindex");
  });
});
