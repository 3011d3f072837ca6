/** GET /dashboard for a rep (or their manager): the page composed of its sections. */
import type { RepDashboardProps } from "./dashboard-props.ts";
import { toDocument } from "./layout.tsx";
import { plural } from "./charts.tsx";
import { Shell } from "./shell.tsx";
import { PeriodNav } from "./period-nav.tsx";
import { ScoreCard, adjustedScoreReason } from "./score-card.tsx";
import { RepFollowUps, ResolveErrorSummary } from "./follow-up-list.tsx";
import { Behaviours } from "./behaviours.tsx";
import { Trend } from "./trend.tsx";
import { Comments } from "./comments.tsx";
import { Bonus } from "./bonus-estimate.tsx";
import { RecoveryLoop } from "./recovery-loop.tsx";
import { LostDeals } from "./lost-deals.tsx";

function RepDashboard(p: RepDashboardProps) {
  const own = p.viewer.role === "rep";
  const reason = adjustedScoreReason(p.score, p.bonus, own ? "your" : `${p.rep.name}'s`);
  const eligibility = p.eligible ? (
    <p class="pill ok">
      <span aria-hidden="true">✓</span> Eligible for the report-card bonus
    </p>
  ) : p.needsMore ? (
    <p class="pill warn">Needs {plural(p.needsMore, "more response", "more responses")} to be eligible</p>
  ) : (
    <p class="pill warn">Not eligible: too few of the report cards sent were answered</p>
  );
  return (
    <Shell brand={p} title={`${p.resolveError ? "Error: " : ""}${own ? "Your report card" : `${p.rep.name}'s report card`}, ${p.period}`} viewer={p.viewer} signOut={p.signOut}>
      {p.resolveError ? <ResolveErrorSummary p={p} error={p.resolveError} /> : null}
      {p.notice ? (
        <div class="notice done" role="status">
          <p>
            <span aria-hidden="true">✓ </span>
            {p.notice}
          </p>
        </div>
      ) : null}
      <div class="head">
        <div>
          {p.backToTeam ? (
            <a class="back" href={p.backToTeam}>
              <span aria-hidden="true">← </span>Back to the team
            </a>
          ) : null}
          <h1>{p.rep.name}</h1>
          <p class="muted">
            Report card · {p.rep.team ? `${p.rep.team} · ` : ""}
            {p.period}
          </p>
        </div>
        <PeriodNav period={p.period} periods={p.periods} base={p.basePath ?? ""} />
      </div>

      <div class={p.team ? "scores" : "scores pair"}>
        <ScoreCard id="s-rep" kicker={`Adjusted score · ${p.period}`} subject={`${p.rep.name}'s adjusted score`} figure={p.score} lead>
          {reason ? <p class="why">{reason}</p> : null}
          {eligibility}
        </ScoreCard>
        {p.team ? <ScoreCard id="s-team" kicker="Team" note={p.rep.team} subject="The team's adjusted score" figure={p.team} /> : null}
        <ScoreCard id="s-org" kicker="Organization" subject="The organization's score" figure={p.organization} />
      </div>

      <RepFollowUps p={p} />
      {p.loop ? <RecoveryLoop loop={p.loop} zone={p.timezone} /> : null}

      <div class="cols">
        <Behaviours p={p} />
        <Trend p={p} />
      </div>
      <div class="cols">
        <Comments p={p} />
        <Bonus p={p} />
      </div>
      <LostDeals p={p} />
    </Shell>
  );
}

/** GET /dashboard: a rep's own report card for one period (also what their manager sees when opening that rep). */
export function renderRepDashboard(props: RepDashboardProps): string {
  return toDocument(<RepDashboard {...props} />);
}
