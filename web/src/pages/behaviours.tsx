/** The rep's mean rating per behaviour, as bars on the 1–5 scale. */
import type { RepDashboardProps } from "./dashboard-props.ts";
import { formatNumber, formatScore, plural } from "./charts.tsx";

export function Behaviours({ p }: { p: RepDashboardProps }) {
  return (
    <section class="card" aria-labelledby="beh-h">
      <h2 id="beh-h">Behaviours</h2>
      <p class="sub">Mean customer rating in {p.period}, on the 1–5 scale.</p>
      {p.behaviours.length ? (
        <>
          <ul class="beh">
            {p.behaviours.map((b) => (
              <li>
                <span class="b-label">{b.label}</span>
                <span class="b-track" aria-hidden="true">
                  {b.mean !== null ? <span class="b-fill" style={`width:${formatNumber(((Math.min(5, Math.max(1, b.mean)) - 1) / 4) * 100, 1)}%`} /> : null}
                </span>
                <span class="b-val">
                  {b.mean === null ? (
                    <em>no ratings yet</em>
                  ) : (
                    <>
                      <strong>{formatScore(b.mean)}</strong>{" "}
                      {plural(b.n, "rating", "ratings")}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
          <div class="scale" aria-hidden="true">
            {[1, 2, 3, 4, 5].map((tick) => (
              <span style={`left:${(tick - 1) * 25}%`}>{String(tick)}</span>
            ))}
          </div>
        </>
      ) : (
        <p class="empty">No behaviours are configured.</p>
      )}
    </section>
  );
}
