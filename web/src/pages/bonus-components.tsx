/** The bonus estimate of a plan of several components: one line per component, then the sum. */
import type { RepDashboardProps } from "./dashboard-props.ts";
import { formatNumber, formatPercent, formatScore } from "./charts.tsx";

const label = (id: string) => id.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());

export function ComponentsBonus({ p }: { p: RepDashboardProps }) {
  const b = p.bonus;
  return (
    <>
      <div class="table-wrap">
        <table class="components">
          <caption class="vh">The bonus inputs of each plan component, {b.period}</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col" class="num">
                Responses
              </th>
              <th scope="col" class="num">
                Adjusted score
              </th>
              <th scope="col" class="num">
                Share × factor
              </th>
              <th scope="col" class="num">
                Bonus share
              </th>
            </tr>
          </thead>
          <tbody>
            {b.components.map((c) => (
              <tr>
                <th scope="row">
                  {label(c.id)}
                  <span class="small muted">{c.behaviours ? c.behaviours.join(", ") : "Every behaviour"}</span>
                </th>
                <td class="num">
                  {String(c.responses)}
                  <span class="small muted">{c.eligible ? "eligible" : c.responses >= c.minResponses ? "not eligible (response rate)" : `not eligible (${c.minResponses} needed)`}</span>
                </td>
                <td class="num">{formatScore(c.adjustedScore)}</td>
                <td class="num">
                  {formatPercent(c.weight)} × {formatNumber(c.payoutFactor)}
                  {c.eligible ? null : <span class="small muted">fallback factor</span>}
                </td>
                <td class="num">{formatPercent(c.bonusShare)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td />
              <td class="num">{formatPercent(b.weight)}</td>
              <td class="num">{formatPercent(b.bonusShare)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      <p class="math">
        bonusShare = {b.components.map((c) => `${formatPercent(c.weight)} × ${formatNumber(c.payoutFactor)}`).join(" + ")} = {formatPercent(b.bonusShare)}
      </p>
      <p class="small muted">
        Each component is scored on its own behaviours: its adjusted score is pulled toward the organization's over the same behaviours (k = {formatNumber(b.k)}), and its factor comes from
        the plan's map unless it is not eligible yet.
      </p>
    </>
  );
}
