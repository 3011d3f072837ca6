import { describe, expect, it } from "vitest";
import { renderTeamDashboard } from "../src/pages/team.tsx";
import { insights, label, northTeam } from "./dashboard-fixtures.ts";
import { expectWellFormedPage, tags, textOf } from "./html.ts";

describe("team dashboard", () => {
  it("shows the team's and the organization's scores and one row per rep in the server's order", () => {
    const html = renderTeamDashboard(northTeam());
    expectWellFormedPage(html);
    const text = textOf(html);
    expect(text).toContain("Team North");
    expect(text).toContain("Team · 2026-Q4 3.52 (3.39–3.65)");
    expect(text).toContain("Organization 3.42 (3.37–3.48)");
    const reps = html.match(/<table class="reps">[\s\S]*?<\/table>/)?.[0] ?? "";
    const rows = [...reps.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((m) => textOf(m[1]!).trim());
    expect(rows).toEqual(["Ben Okafor 3 60% of 5 answered 3.79 (3.41–4.17) Needs 2 more", "Ana Lopez 12 75% of 16 answered 3.56 (3.38–3.74) ✓ Yes", "Chloé Martin 6 3.05 (2.81–3.29) ✓ Yes"]);
    expect(tags(reps, "a").filter((a) => a.href?.startsWith("/dashboard/reps/")).map((a) => a.href)).toEqual([
      "/dashboard/reps/rep_01JBEN?period=2026-Q4",
      "/dashboard/reps/rep_01JANA?period=2026-Q4",
      "/dashboard/reps/rep_01JCHL?period=2026-Q4",
    ]);
  });

  it("sorts by links in the column headers, with aria-sort on the sorted one", () => {
    const html = renderTeamDashboard(northTeam());
    const headers = tags(html.match(/<table class="reps">[\s\S]*?<\/table>/)?.[0] ?? "", "th").filter((a) => a.scope === "col");
    expect(headers).toHaveLength(4);
    expect(headers.filter((a) => "aria-sort" in a)).toEqual([expect.objectContaining({ "aria-sort": "descending" })]);
    const sortLinks = tags(html, "a").filter((a) => a.class === "sort").map((a) => a.href);
    expect(sortLinks).toEqual([
      "?period=2026-Q4&sort=name&dir=asc",
      "?period=2026-Q4&sort=responses&dir=desc",
      "?period=2026-Q4&sort=adjustedScore&dir=asc",
      "?period=2026-Q4&sort=eligible&dir=desc",
    ]);
    expect(textOf(html)).toContain("Reps in Team North, 2026-Q4, sorted by adjusted score, highest first");

    const byName = renderTeamDashboard(northTeam({ sort: { column: "name", direction: "asc" } }));
    expect(tags(byName, "th").filter((a) => "aria-sort" in a).map((a) => a["aria-sort"])).toEqual(["ascending"]);
    expect(tags(byName, "a").find((a) => a.class === "sort")?.href).toBe("?period=2026-Q4&sort=name&dir=desc");
    // the period switcher keeps the sort
    expect(tags(byName, "a").find((a) => a.href?.startsWith("?period=2026-Q3"))?.href).toBe("?period=2026-Q3&sort=name&dir=asc");
  });

  it("lists the team's overdue and due-today follow-ups under Needs attention, read-only, with the rep's name linked to their page", () => {
    const html = renderTeamDashboard(northTeam());
    const section = html.match(/<section class="card block" aria-labelledby="att-h">[\s\S]*?<\/section>/)?.[0] ?? "";
    const text = textOf(section);
    expect(text).toContain("Needs attention Your team's follow-ups that are overdue or due today.");
    expect(text).toContain(
      `Overdue (1) Marta Nowak Service recovery Rep: Ana Lopez Was due Fri 20 Nov 2026, 10:00 (America/New_York) ▲ Escalated to you on Fri 20 Nov 2026, 10:05 (America/New_York) Rated low: ${label("follow_up")} (2 of 5); ${label("advocacy")} (1 of 5)`,
    );
    expect(text).toContain("Due today (2) Greta Lind Check-in Rep: Ana Lopez Due Sat 21 Nov 2026, 04:00 (America/New_York)");
    expect(text).toContain("Dev Patel Scheduled update Rep: Ben Okafor Due Sat 21 Nov 2026, 09:00 (America/New_York)");
    expect(tags(section, "a").map((a) => a.href)).toEqual(["/dashboard/reps/rep_01JANA?period=2026-Q4", "/dashboard/reps/rep_01JANA?period=2026-Q4", "/dashboard/reps/rep_01JBEN?period=2026-Q4"]);
    expect(section).not.toMatch(/<form|<textarea/);
    // Needs attention comes before the reps table
    expect(html.indexOf('id="att-h"')).toBeLessThan(html.indexOf('id="reps-h"'));
    // a name two reps share is not linked (the page cannot tell them apart)
    const twins = northTeam();
    twins.rows = [...twins.rows, { ...twins.rows[1]!, repId: "rep_01JANA2", href: "/dashboard/reps/rep_01JANA2?period=2026-Q4" }];
    const twinSection = renderTeamDashboard(twins).match(/aria-labelledby="att-h">[\s\S]*?<\/section>/)?.[0] ?? "";
    expect(tags(twinSection, "a").map((a) => a.href)).toEqual(["/dashboard/reps/rep_01JBEN?period=2026-Q4"]);
    const quiet = textOf(renderTeamDashboard(northTeam({ followUps: { overdue: [], dueToday: [] } })));
    expect(quiet).toContain("Needs attention Nothing of your team's is overdue or due today. Overdue (0) Nothing overdue Due today (0) Nothing due today");
  });

  it("shows insights as a table per team of behaviours with low ratings, recovery cases, share resolved on time and median hours", () => {
    const html = renderTeamDashboard(northTeam());
    expectWellFormedPage(html);
    const section = html.match(/<section class="card block" aria-labelledby="ins-h">[\s\S]*?<\/section>/)?.[0] ?? "";
    expect(section).not.toBe("");
    const tables = [...section.matchAll(/<h3 id="ins-\d">([^<]*)<\/h3>[\s\S]*?<table class="ins"[^>]*>([\s\S]*?)<\/table>/g)];
    expect(tables.map((t) => t[1])).toEqual(["Team North", "Team South"]);
    const rowsOf = (table: string) => [...table.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => textOf(m[1]!).trim());
    const [north, south] = tables.map((t) => rowsOf(t[2]!));
    expect(north).toEqual([
      "Behaviour Low ratings Recovery cases Resolved on time Open Median hours to resolve Recovered",
      `${label("follow_up")} 4 of 21 3 50% 1 late 1 17.8 100% 1 of 1 judged 1 awaiting`,
      `${label("advocacy")} 2 of 19 3 1 could not be contacted 100% 0 3.0 — no customer has judged a recovery yet`,
      `${label("listening")} 1 of 21 1 — none resolved or overdue yet 1 — none resolved yet — no customer has judged a recovery yet`,
    ]);
    // 2 / 3 → 67% with the open case past due counted late; a case opened by a low overall score without a 1–2 rating
    expect(south).toEqual([
      "Behaviour Low ratings Recovery cases Resolved on time Open Median hours to resolve Recovered",
      `${label("reachability")} 1 of 8 3 67% 1 late 1 6.0 — no customer has judged a recovery yet`,
      "Overall score below 3 0 1 0% 1 late 0 41.3 — no customer has judged a recovery yet",
    ]);
    expect(textOf(section)).toContain("Resolved on time counts a case still open past its due time as late.");
    // behaviours without a low rating or a case are left out
    expect(section).not.toContain(label("proactive"));
    expect(textOf(section)).toContain("Low ratings and recovery cases by behaviour, Team North, 2026-Q4");
    expect(html.indexOf('id="reps-h"')).toBeLessThan(html.indexOf('id="ins-h"'));
  });

  it("says No low ratings this period when there is nothing to aggregate", () => {
    for (const rows of [[], insights.filter((r) => r.behaviour === "proactive")]) {
      const html = renderTeamDashboard(northTeam({ insights: rows }));
      expectWellFormedPage(html);
      expect(textOf(html)).toContain("Insights Low ratings (1 or 2), concerns, and the recovery cases they opened in 2026-Q4, by behaviour: fix the causes, not just the cases. No low ratings this period");
      expect(html).not.toContain('class="ins"');
    }
  });

  it("says so when no rep reports to the manager yet", () => {
    const html = renderTeamDashboard(northTeam({ rows: [], teamName: undefined }));
    expectWellFormedPage(html);
    expect(textOf(html)).toContain("Your team");
    expect(textOf(html)).toContain("No reps report to you yet.");
  });
});
