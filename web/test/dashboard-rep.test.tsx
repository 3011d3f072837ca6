import { describe, expect, it } from "vitest";
import { renderRepDashboard } from "../src/pages/dashboard.tsx";
import { ana, ben, emptyPeriod, label, periods } from "./dashboard-fixtures.ts";
import { expectWellFormedPage, svgOf, tags, textOf } from "./html.ts";

describe("rep dashboard", () => {
  it("shows the adjusted score with its 90% interval beside the team's and the organization's", () => {
    const html = renderRepDashboard(ana());
    expectWellFormedPage(html);
    const text = textOf(html);
    expect(text).toContain("Adjusted score · 2026-Q4 3.56 (3.38–3.74)");
    expect(text).toContain("Team 3.52 (3.39–3.65) Team North · 21 responses · 90% interval");
    expect(text).toContain("Organization 3.42 (3.37–3.48)");
    expect(text).toContain("Adjusted score · 2026-Q4 3.56 (3.38–3.74) 12 responses · 90% interval");
    expect(text).toContain("Eligible for the report-card bonus");
    expect(text).not.toContain("more responses to be eligible");
    const bar = svgOf(html, "s-rep-iv");
    expect(bar).toContain('role="img"');
    expect(bar).toContain("Ana Lopez&#39;s adjusted score: 3.56 on the 1–5 scale, 90% interval 3.38–3.74");
  });

  it("has a header with the organization, the viewer and a sign-out form posting the CSRF value", () => {
    const html = renderRepDashboard(ana());
    const text = textOf(html);
    expect(text).toMatch(/^ Skip to content Northwind Supply Rapport Signed in as Ana Lopez Sign out /);
    const form = tags(html, "form")[0]!;
    expect(form).toMatchObject({ method: "post", action: "/auth/logout" });
    expect(tags(html, "input").find((a) => a.type === "hidden")).toMatchObject({ name: "csrf", value: "csrf-out-1" });
    expect(html).toMatch(/<button type="submit" class="ghost">Sign out<\/button>/);
  });

  it("switches periods with ?period= links, marking the shown one", () => {
    const html = renderRepDashboard(ana());
    const links = tags(html, "a").filter((a) => a.href?.startsWith("?period="));
    expect(links.map((a) => a.href)).toEqual(periods.map((p) => `?period=${p}`));
    expect(links.filter((a) => a["aria-current"] === "page").map((a) => a.href)).toEqual(["?period=2026-Q4"]);
  });

  it("draws one bar per behaviour with its mean to two decimals and n, and says when there are no ratings", () => {
    const html = renderRepDashboard(ana());
    const text = textOf(html);
    expect(text).toContain(`${label("listening")} 3.92 12 ratings`);
    expect(text).toContain(`${label("advocacy")} 3.30 10 ratings`);
    expect(text).toContain(`${label("customer_first")} no ratings yet`);
    // widths on the 1–5 scale: (3.9167 − 1) / 4 = 72.9%
    expect(html).toContain('style="width:72.9%"');
    expect(html.match(/class="b-fill"/g)).toHaveLength(5);
  });

  it("charts the last eight periods as an SVG with labelled 1–5 axes and a text alternative listing every value", () => {
    const html = renderRepDashboard(ana());
    const svg = svgOf(html, "trend");
    expect(svg).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="trend-t trend-d"/);
    expect(svg).toContain("<title id=\"trend-t\">Ana Lopez&#39;s adjusted score, 2025-Q1 to 2026-Q4</title>");
    const desc = svg.match(/<desc id="trend-d">([^<]*)<\/desc>/)?.[1] ?? "";
    expect(desc).toBe(
      "Adjusted score by period, oldest first. 2025-Q1: no score (0 responses); 2025-Q2: 3.12 (5 responses); 2025-Q3: 3.25 (7 responses); " +
        "2025-Q4: 3.31 (6 responses); 2026-Q1: 3.48 (9 responses); 2026-Q2: 3.40 (8 responses); 2026-Q3: 3.52 (10 responses); 2026-Q4: 3.56 (12 responses).",
    );
    expect(svg.match(/<circle class="pt/g)).toHaveLength(7);
    expect(svg).toContain("Score (1–5)");
    for (const tick of ["1", "2", "3", "4", "5", "Q1", "Q4", "2025", "2026"]) expect(svg).toMatch(new RegExp(`text-anchor="(?:end|middle)">${tick}</text>`));
    // the same numbers as a table behind "Show the numbers"
    expect(textOf(html)).toContain("Show the numbers");
    expect(html).toMatch(/<th scope="row">2026-Q4<\/th><td class="num">3.56<\/td><td class="num">12<\/td>/);
  });

  it("shows a customer's name only when they shared it, else “A customer”", () => {
    const html = renderRepDashboard(ana());
    const text = textOf(html);
    expect(text).toContain("What could Ana Lopez do better?");
    expect(text).toContain("Tell me earlier when a delivery date slips. I found out from our warehouse. Sam Lee · Wed 18 Nov 2026, 11:42 (Europe/Berlin) · rated 2.67");
    expect(text).toContain("More ideas like the consolidated shipping one, please. A customer · Thu 12 Nov 2026, 17:05 (Europe/Berlin) · rated 4.50");
    expect(text.match(/A customer ·/g)).toHaveLength(1);
    expect(text.match(/Sam Lee/g)).toHaveLength(1);
  });

  it("explains in one sentence, with the numbers, why the adjusted score differs from the raw average", () => {
    // (12 × 3.6125 + 5 × 3.4235) / 17 = 3.556912
    expect(textOf(renderRepDashboard(ana()))).toContain(
      "3.56 (3.38–3.74) 12 responses · 90% interval With 12 responses, your 3.61 average is pulled toward the organization's 3.42 (k = 5): (12 × 3.61 + 5 × 3.42) ÷ 17 = 3.56.",
    );
    // A manager reading a rep's page: (3 × 4.4 + 5 × 3.4235) / 8 = 3.7896875
    expect(textOf(renderRepDashboard(ben()))).toContain("With 3 responses, Ben Okafor's 4.40 average is pulled toward the organization's 3.42 (k = 5): (3 × 4.40 + 5 × 3.42) ÷ 8 = 3.79.");
    // No raw score, or nothing to explain.
    expect(textOf(renderRepDashboard(emptyPeriod()))).not.toContain("pulled toward");
    const same = ana();
    expect(textOf(renderRepDashboard({ ...same, score: { ...same.score, rawScore: 3.5569, adjustedScore: 3.556912 } }))).not.toContain("pulled toward");
  });

  it("spells out this period's bonus inputs with the numbers substituted", () => {
    const text = textOf(renderRepDashboard(ana()));
    expect(text).toContain("This period's bonus inputs (estimate)");
    expect(text).not.toContain("Locked");
    expect(text).toContain("2026-Q4 is still open");
    expect(text).toContain("15.57% of your target bonus comes from the report card");
    expect(text).toContain("Plan year 1: report-card share 20%");
    // (12 × 3.6125 + 5 × 3.4235) / (12 + 5) = 3.556912, shown rounded
    expect(text).toContain("Adjusted score = (n·raw + k·prior) / (n + k) = (12 × 3.61 + 5 × 3.42) / (12 + 5) = 3.56");
    expect(text).toContain("Eligible: 12 responses, 5 needed");
    // 0.5 + (3.556912 − 3) / (4 − 3) × (1 − 0.5) = 0.778456
    expect(text).toContain("Payout factor from the plan's map at 3.56: 0.778 = 0.5 + (3.56 − 3) / (4 − 3) × (1 − 0.5)");
    // 0.2 × 0.778456 = 0.1556912
    expect(text).toContain("bonusShare = weight × factor = 20% × 0.778 = 15.57%");
  });

  it("says how many more responses a rep needs and uses the fallback factor until then", () => {
    const html = renderRepDashboard(ben());
    expectWellFormedPage(html);
    const text = textOf(html);
    expect(text).toContain("Needs 2 more responses to be eligible");
    expect(text).not.toContain("Eligible for the report-card bonus");
    expect(text).toContain("3.79 (3.41–4.17)");
    // (3 × 4.4 + 5 × 3.4235) / (3 + 5) = 3.7896875
    expect(text).toContain("= (3 × 4.40 + 5 × 3.42) / (3 + 5) = 3.79");
    expect(text).toContain("Not eligible yet: 3 responses, 5 needed");
    expect(text).toContain("Payout factor: fallback factor 1 (used while not eligible)");
    expect(text).toContain("= 20% × 1 = 20%");
    expect(text).toContain("20% of Ben Okafor's target bonus");
    expect(tags(html, "a").find((a) => a.class === "back")?.href).toBe("/dashboard?period=2026-Q4");
    expect(textOf(renderRepDashboard({ ...ben(), needsMore: 1 }))).toContain("Needs 1 more response to be eligible");
  });

  it("shows an empty period without numbers: no score, no ratings yet, empty states", () => {
    const html = renderRepDashboard(emptyPeriod());
    expectWellFormedPage(html);
    const text = textOf(html);
    expect(text).toContain("Adjusted score · 2027-Q1 — No score No responses yet");
    expect(text).toContain("Organization — No score No responses yet");
    expect(text).not.toMatch(/NaN|null|undefined/);
    expect(text.match(/no ratings yet/g)).toHaveLength(6);
    expect(text).toContain("Needs 5 more responses to be eligible");
    expect(text).toContain("No comments in 2027-Q1 yet.");
    expect(text).toContain("Nothing overdue");
    expect(text).toContain("No score yet: nobody in the organization has been rated in 2027-Q1.");
    expect(svgOf(html, "trend")).toContain("2027-Q1: no score (0 responses)");
    expect(svgOf(html, "s-rep-iv")).toContain("Ana Lopez&#39;s adjusted score: no score yet");
  });

  it("marks the bonus inputs locked once the period is closed", () => {
    const props = ana();
    const text = textOf(renderRepDashboard({ ...props, bonus: { ...props.bonus, locked: true, planVersion: 2 } }));
    expect(text).toContain("This period's bonus inputs (estimate) Locked");
    expect(text).toContain("2026-Q4 is closed: these numbers are locked and will not change (plan version 2).");
  });

  it("shows a plan of several components as one line each, adding up to the headline", () => {
    const props = ana();
    const parts = [
      { id: "relationship", behaviours: ["Follows up", "Is reachable"], minResponses: 5, responses: 12, rawScore: 3.5, adjustedScore: 3.5, ciLow: 3.2, ciHigh: 3.8, eligible: true, weight: 0.2, payoutFactor: 0.75, bonusShare: 0.15 },
      { id: "secret_gathering", behaviours: ["Listens"], minResponses: 5, responses: 12, rawScore: 4, adjustedScore: 4, ciLow: 3.7, ciHigh: 4.3, eligible: true, weight: 0.25, payoutFactor: 1, bonusShare: 0.25 },
      { id: "customer_first", behaviours: ["Puts me first"], minResponses: 8, responses: 4, rawScore: 3, adjustedScore: 3.4, ciLow: 3, ciHigh: 3.8, eligible: false, weight: 0.2, payoutFactor: 1, bonusShare: 0.2 },
    ];
    const html = renderRepDashboard({ ...props, bonus: { ...props.bonus, components: parts, weight: 0.65, bonusShare: 0.6, payoutFactor: 0.6 / 0.65 } });
    expectWellFormedPage(html);
    const text = textOf(html);
    expect(text).toContain("60% of your target bonus comes from the report card");
    expect(text).toContain("Secret gathering Listens 12 eligible 4.00 25% × 1 25%");
    expect(text).toContain("Customer first Puts me first 4 not eligible (8 needed) 3.40 20% × 1 fallback factor 20%");
    expect(text).toContain("Total 65% 60%");
    // 20% × 0.75 + 25% × 1 + 20% × 1 = 15% + 25% + 20% = 60%
    expect(text).toContain("bonusShare = 20% × 0.75 + 25% × 1 + 20% × 1 = 60%");
    expect(text).not.toContain("Plan year 1: report-card share");
  });

  it("shows the response rate, and says when it keeps a rep with enough responses from being eligible", () => {
    expect(textOf(renderRepDashboard(ana()))).toContain("Response rate: 12 of 16 report cards sent in 2026-Q4 answered (75%).");
    const props = ana();
    const below = renderRepDashboard({ ...props, eligible: false, responseRate: { invited: 30, answered: 12, rate: 0.4, floor: 0.5 }, bonus: { ...props.bonus, eligible: false, payoutFactor: 1, bonusShare: 0.2 } });
    const text = textOf(below);
    expect(text).toContain("Response rate: 12 of 30 report cards sent in 2026-Q4 answered (40%), below the plan's 50%: not eligible until more customers answer.");
    expect(text).toContain("Not eligible: too few of the report cards sent were answered");
    expect(text).toContain("Not eligible: 12 responses, but the response rate is below the plan's 50%");
  });

  it("escapes names and comments and never lets a brand colour inject CSS", () => {
    const html = renderRepDashboard({
      ...ana({ brandColor: "red;}</style><script>alert(1)</script>" }),
      rep: { id: "r", name: "<b>Ana</b>", team: null },
      comments: [{ period: "2026-Q4", answeredAt: "2026-11-18T10:42:00Z", customerName: null, improve: "<img src=x>", repScore: null }],
    });
    expect(html).not.toMatch(/<script|<b>Ana|<img/i);
    expect(html).toContain("&lt;img src=x&gt;");
    expect(html).toContain("--brand:#1f4fd1");
  });
});
