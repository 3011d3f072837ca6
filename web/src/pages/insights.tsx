/** The team's complaints by behaviour: low ratings, the recovery cases they opened, and how those went. */
import type { InsightRowProps, TeamDashboardProps } from "./dashboard-props.ts";
import { formatHours, formatShare } from "./charts.tsx";

/** An em dash for sighted readers, words for screen readers. */
function Dash({ words }: { words: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span class="vh">{words}</span>
    </>
  );
}

/** The rows of each team in the order given (the server sorts them), skipping behaviours without a low rating or a case. */
function byTeam(rows: InsightRowProps[]): [string, InsightRowProps[]][] {
  const teams = new Map<string, InsightRowProps[]>();
  for (const row of rows) {
    if (row.lowRatings <= 0 && row.recoveryCases <= 0) continue;
    teams.set(row.team, [...(teams.get(row.team) ?? []), row]);
  }
  return [...teams];
}

const behaviourName = (row: InsightRowProps) => (row.behaviour === "overall" && row.label === "overall" ? "Overall score below 3" : row.label);

export function Insights({ p }: { p: TeamDashboardProps }) {
  const teams = byTeam(p.insights ?? []);
  return (
    <section class="card block" aria-labelledby="ins-h">
      <h2 id="ins-h">Insights</h2>
      <p class="sub">Low ratings (1 or 2), concerns, and the recovery cases they opened in {p.period}, by behaviour: fix the causes, not just the cases.</p>
      {teams.length ? (
        <p class="small muted">
          Resolved on time counts a case still open past its due time as late. Cases of customers who did not agree to be contacted count as could not be contacted and stay out of it. Recovered is the share of judged recoveries the customer said were put right (4 or 5 to "Did we make it right?"); cases without an answer stay out.
        </p>
      ) : null}
      {teams.length ? (
        teams.map(([team, rows], i) => (
          <div class="ins-team">
            <h3 id={`ins-${i}`}>{team}</h3>
            <div>
              {/* Explicit roles keep the table's semantics where the phone layout restyles its rows as grids. */}
              <table class="ins" role="table">
                <caption class="vh">
                  Low ratings and recovery cases by behaviour, {team}, {p.period}
                </caption>
                <thead role="rowgroup">
                  <tr role="row">
                    <th scope="col" role="columnheader" class="ins-b">
                      Behaviour
                    </th>
                    <th scope="col" role="columnheader" class="num">
                      Low ratings
                    </th>
                    <th scope="col" role="columnheader" class="num">
                      Recovery cases
                    </th>
                    <th scope="col" role="columnheader" class="num">
                      Resolved on time
                    </th>
                    <th scope="col" role="columnheader" class="num">
                      Open
                    </th>
                    <th scope="col" role="columnheader" class="num">
                      Median hours to resolve
                    </th>
                    <th scope="col" role="columnheader" class="num">
                      Recovered
                    </th>
                  </tr>
                </thead>
                <tbody role="rowgroup">
                  {rows.map((row) => (
                    <tr role="row">
                      <th scope="row" role="rowheader">
                        {behaviourName(row)}
                      </th>
                      <td role="cell" class="num">
                        <strong>{String(row.lowRatings)}</strong>
                        {row.ratings ? <span class="of"> of {String(row.ratings)}</span> : null}
                      </td>
                      <td role="cell" class="num">
                        {String(row.recoveryCases)}
                        {row.couldNotContact ? <span class="aside">{String(row.couldNotContact)} could not be contacted</span> : null}
                      </td>
                      <td role="cell" class="num">
                        {row.resolvedWithinDueShare === null ? <Dash words="none resolved or overdue yet" /> : formatShare(row.resolvedWithinDueShare)}
                        {row.late ? <span class="aside">{String(row.late)} late</span> : null}
                      </td>
                      <td role="cell" class="num">
                        {String(row.open)}
                      </td>
                      <td role="cell" class="num">
                        {row.medianHoursToResolve === null ? <Dash words="none resolved yet" /> : formatHours(row.medianHoursToResolve)}
                      </td>
                      <td role="cell" class="num">
                        {row.recoveryRate === null ? <Dash words="no customer has judged a recovery yet" /> : formatShare(row.recoveryRate)}
                        {row.recovered + row.notRecovered ? <span class="aside">{`${row.recovered} of ${row.recovered + row.notRecovered} judged`}</span> : null}
                        {row.awaitingVerdict ? <span class="aside">{String(row.awaitingVerdict)} awaiting</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ))
      ) : (
        <p class="empty">No low ratings this period</p>
      )}
    </section>
  );
}
