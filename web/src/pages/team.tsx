import type { TeamDashboardProps, TeamRow } from "./dashboard-props.ts";
import { toDocument } from "./layout.tsx";
import { IntervalBar, formatInterval, formatScore, formatShare } from "./charts.tsx";
import { Shell } from "./shell.tsx";
import { PeriodNav } from "./period-nav.tsx";
import { ScoreCard } from "./score-card.tsx";
import { TeamFollowUps } from "./follow-up-list.tsx";
import { Insights } from "./insights.tsx";
import { Secrets } from "./secrets.tsx";
import { RecoveryLoop } from "./recovery-loop.tsx";
import { LostDeals } from "./lost-deals.tsx";

type Column = TeamDashboardProps["sort"]["column"];
type Direction = TeamDashboardProps["sort"]["direction"];

const columns: { id: Column; label: string; numeric: boolean; first: Direction }[] = [
  { id: "name", label: "Name", numeric: false, first: "asc" },
  { id: "responses", label: "Responses", numeric: true, first: "desc" },
  { id: "adjustedScore", label: "Adjusted score", numeric: false, first: "desc" },
  { id: "eligible", label: "Eligible", numeric: false, first: "desc" },
];

const directionWords: Record<Column, Record<Direction, string>> = {
  name: { asc: "A to Z", desc: "Z to A" },
  responses: { asc: "fewest first", desc: "most first" },
  adjustedScore: { asc: "lowest first", desc: "highest first" },
  eligible: { asc: "not eligible first", desc: "eligible first" },
};

function query(period: string, column: Column, direction: Direction): string {
  return `?period=${encodeURIComponent(period)}&sort=${column}&dir=${direction}`;
}

function SortHeader({ p, column }: { p: TeamDashboardProps; column: (typeof columns)[number] }) {
  const sorted = p.sort.column === column.id;
  const next: Direction = sorted ? (p.sort.direction === "asc" ? "desc" : "asc") : column.first;
  return (
    <th scope="col" class={column.numeric ? "num" : undefined} aria-sort={sorted ? (p.sort.direction === "asc" ? "ascending" : "descending") : undefined}>
      <a class="sort" href={query(p.period, column.id, next)}>
        {column.label}
        <span class="vh">, sort {directionWords[column.id][next]}</span>
        <span class={sorted ? "arrow" : "arrow idle"} aria-hidden="true">
          {sorted ? (p.sort.direction === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </a>
    </th>
  );
}

function Row({ row, index }: { row: TeamRow; index: number }) {
  const interval = formatInterval(row.ciLow, row.ciHigh);
  return (
    <tr>
      <th scope="row">
        <a href={row.href}>{row.name}</a>
      </th>
      <td class="num">
        {String(row.responses)}
        {row.invited ? <span class="ci">{formatShare(row.responseRate)} of {row.invited} answered</span> : null}
      </td>
      <td>
        {row.adjustedScore === null ? (
          <span class="muted">
            <span aria-hidden="true">—</span>
            <span class="vh">No score</span>
          </span>
        ) : (
          <>
            <span class="score">{formatScore(row.adjustedScore)}</span>{" "}
            {interval ? <span class="ci">({interval})</span> : null}
          </>
        )}
        <IntervalBar id={`row-${index}`} compact subject={`${row.name}'s adjusted score`} score={row.adjustedScore} low={row.ciLow} high={row.ciHigh} />
      </td>
      <td>
        {row.eligible ? (
          <span class="yes">
            <span aria-hidden="true">✓ </span>Yes
          </span>
        ) : row.needsMore ? (
          <span class="no">Needs {row.needsMore} more</span>
        ) : row.invited ? (
          <span class="no">No: response rate</span>
        ) : (
          <span class="no">No</span>
        )}
      </td>
    </tr>
  );
}

function NeedsAttention({ p, followUps }: { p: TeamDashboardProps; followUps: NonNullable<TeamDashboardProps["followUps"]> }) {
  const hrefs = new Map<string, string | null>();
  for (const row of p.rows) hrefs.set(row.name, hrefs.has(row.name) ? null : row.href);
  const repHref = (name: string | undefined) => (name ? (hrefs.get(name) ?? undefined) : undefined);
  const count = followUps.overdue.length + followUps.dueToday.length;
  return (
    <section class="card block" aria-labelledby="att-h">
      <h2 id="att-h">Needs attention</h2>
      <p class="sub">
        {count
          ? "Your team's follow-ups that are overdue or due today. Open a rep to see the details and resolve them."
          : "Nothing of your team's is overdue or due today."}
      </p>
      <TeamFollowUps followUps={followUps} repHref={repHref} zone={p.timezone} />
    </section>
  );
}

function TeamDashboard(p: TeamDashboardProps) {
  const name = p.teamName || "Your team";
  const sortedBy = columns.find((c) => c.id === p.sort.column)!;
  return (
    <Shell brand={p} title={`${name}, ${p.period}`} viewer={p.viewer} signOut={p.signOut}>
      <div class="head">
        <div>
          <h1>{name}</h1>
          <p class="muted">
            {p.rows.length === 1 ? "1 rep" : `${p.rows.length} reps`} · {p.period}
          </p>
        </div>
        <PeriodNav period={p.period} periods={p.periods} extra={`&sort=${p.sort.column}&dir=${p.sort.direction}`} />
      </div>

      <div class="scores two">
        <ScoreCard id="s-team" kicker={`Team · ${p.period}`} subject="The team's adjusted score" figure={p.team} lead />
        <ScoreCard id="s-org" kicker="Organization" subject="The organization's score" figure={p.organization} />
      </div>

      {p.followUps ? <NeedsAttention p={p} followUps={p.followUps} /> : null}
      {p.loop ? <RecoveryLoop loop={p.loop} zone={p.timezone} repNames={new Map(p.rows.map((r) => [r.repId, r.name]))} /> : null}

      <section class="card block" aria-labelledby="reps-h">
        <h2 id="reps-h">Reps</h2>
        <p class="sub">Adjusted scores with their 90% interval. Open a rep to see their behaviours, comments and follow-ups.</p>
        {p.rows.length ? (
          <div class="table-wrap">
            <table class="reps">
              <caption class="vh">
                Reps in {name}, {p.period}, sorted by {sortedBy.label.toLowerCase()}, {directionWords[p.sort.column][p.sort.direction]}
              </caption>
              <thead>
                <tr>
                  {columns.map((column) => (
                    <SortHeader p={p} column={column} />
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.rows.map((row, i) => (
                  <Row row={row} index={i} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="empty">No reps report to you yet.</p>
        )}
      </section>

      {p.secrets && p.rows.length ? <Secrets s={p.secrets} /> : null}

      <Insights p={p} />
      <LostDeals p={p} />
    </Shell>
  );
}

/** GET /dashboard for a manager: the team's and organization's scores and the reps, sortable by header links (no JavaScript). */
export function renderTeamDashboard(props: TeamDashboardProps): string {
  return toDocument(<TeamDashboard {...props} />);
}
