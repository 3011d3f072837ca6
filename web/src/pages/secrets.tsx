/** The team's secrets manuals on the manager's page: how well each rep's tier-A customers are known, and the month's recognition. */
import type { TeamDashboardProps } from "./dashboard-props.ts";
import { formatScore, formatShare, plural } from "./charts.tsx";

const monthName = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const names = (rows: { name: string }[]) => rows.map((r) => r.name).join(" and ");

export function Secrets({ s }: { s: NonNullable<TeamDashboardProps["secrets"]> }) {
  const { lastMonth, thisMonth } = s.secretAgent;
  const improved = s.mostImproved;
  const top = improved.winners[0];
  return (
    <section class="card block" aria-labelledby="sec-h">
      <h2 id="sec-h">Secrets manuals</h2>
      <p class="sub">What customers share about themselves, and what reps learn, makes every next conversation better.</p>
      <div class="cols">
        <div>
          <h3 id="sec-agent">Secret agent</h3>
          <p>
            {lastMonth.winners.length ? (
              <>
                <strong>{names(lastMonth.winners)}</strong>: customers shared {plural(lastMonth.winners[0]!.entries, "new thing", "new things")} about themselves in {monthName(lastMonth.month)}.
              </>
            ) : (
              `No customer of the team shared anything new in ${monthName(lastMonth.month)}.`
            )}
          </p>
          <p class="small muted">
            So far in {monthName(thisMonth.month)}: {thisMonth.winners.length ? `${names(thisMonth.winners)} leads with ${thisMonth.winners[0]!.entries}.` : "nothing shared yet."} Counted: interests, personal
            interests and "about me" answers a customer shared for the first time (not reps' notes, not the same answer sent again, not what the customer deleted).
          </p>
          <h3 id="sec-improved">Most improved</h3>
          <p>
            {top ? (
              <>
                <strong>{names(improved.winners)}</strong>: adjusted score {formatScore(top.from)} in {improved.previous}, {formatScore(top.to)} in {improved.period} (+{formatScore(top.change)}).
              </>
            ) : (
              `Nobody's adjusted score rose from ${improved.previous} to ${improved.period}.`
            )}
          </p>
          <p class="small muted">Among reps with responses in both quarters.</p>
        </div>
        <div>
          <h3 id="sec-cov">Coverage of tier-A customers</h3>
          <table class="mini">
            <caption class="vh">Share of each rep's tier-A customers with something shared or noted in the last {s.coverageDays} days</caption>
            <thead>
              <tr>
                <th scope="col">Rep</th>
                <th scope="col" class="num">
                  Known
                </th>
                <th scope="col" class="num">
                  Share
                </th>
              </tr>
            </thead>
            <tbody>
              {s.coverage.map((row) => (
                <tr>
                  <th scope="row">{row.name}</th>
                  <td class="num">{row.tierA ? `${row.covered} of ${row.tierA}` : "no tier-A customers"}</td>
                  <td class="num">{formatShare(row.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="small muted">A customer is known when they shared something, or a rep wrote a note, in the last {s.coverageDays} days.</p>
        </div>
      </div>
    </section>
  );
}
