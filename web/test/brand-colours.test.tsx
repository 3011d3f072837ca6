import { describe, expect, it } from "vitest";
import { renderReportCardPage } from "../src/pages/report-card.tsx";
import { contrastRatio, textOn } from "../src/pages/layout.tsx";
import { reportCard } from "./customer-fixtures.ts";

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
