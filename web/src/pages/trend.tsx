/** The rep's adjusted score over the last eight periods: a chart, and the numbers behind it. */
import type { RepDashboardProps } from "./dashboard-props.ts";
import { TrendChart, formatScore } from "./charts.tsx";

export function Trend({ p }: { p: RepDashboardProps }) {
  const first = p.trend[0]?.period;
  const last = p.trend[p.trend.length - 1]?.period;
  return (
    <section class="card" aria-labelledby="trend-h">
      <h2 id="trend-h">Trend</h2>
      <p class="sub">Adjusted score over the last {p.trend.length === 8 ? "eight" : String(p.trend.length)} periods.</p>
      <TrendChart id="trend" title={`${p.rep.name}'s adjusted score${first && last ? `, ${first} to ${last}` : ""}`} points={p.trend} />
      <details>
        <summary>Show the numbers</summary>
        <table class="mini">
          <caption class="vh">Adjusted score and responses by period</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col" class="num">
                Score
              </th>
              <th scope="col" class="num">
                Responses
              </th>
            </tr>
          </thead>
          <tbody>
            {p.trend.map((t) => (
              <tr>
                <th scope="row">{t.period}</th>
                <td class="num">{t.adjustedScore === null ? "no score" : formatScore(t.adjustedScore)}</td>
                <td class="num">{String(t.responses)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
