/**
 * "Lost deals": the coaching section of the rep's dashboard (their own) and the manager's (the team): how
 * customers who chose another supplier rated the behaviours, and what would have made them choose us,
 * named only when they chose to share their name. Never a score: these cards count toward pay only when
 * the plan says so, and then in the score card above.
 */
import { formatDate } from "@rapport/core/clock/format-date";
import type { LostDealCoaching } from "@rapport/core/deal/insights";
import { formatScore, plural } from "./charts.tsx";

export function LostDeals({ p }: { p: { lostDeals?: LostDealCoaching | undefined; timezone: string; rows?: unknown[] } }) {
  const data = p.lostDeals;
  if (!data) return null;
  const team = Boolean(p.rows);
  return (
    <section class="card block" aria-labelledby="lost-h">
      <h2 id="lost-h">Lost deals</h2>
      <p class="sub">
        For coaching: {team ? "your team's" : "your"} lost-deal cards answered in {data.period}, from customers who chose another supplier.
      </p>
      {data.moreNeeded ? (
        <p class="empty">
          {plural(data.cards, "card answered", "cards answered")}. The ratings and comments show from {String(data.cards + data.moreNeeded)} cards in a period, so
          none points at one customer: {plural(data.moreNeeded, "more card", "more cards")} to go.
        </p>
      ) : data.cards ? (
        <>
          <p>{plural(data.cards, "card answered", "cards answered")}.</p>
          {data.behaviours.length ? (
            <div class="table-wrap">
              <table class="lost">
                <caption class="vh">Lost-deal ratings by behaviour, {data.period}</caption>
                <thead>
                  <tr>
                    <th scope="col">Behaviour</th>
                    <th scope="col" class="num">
                      Ratings
                    </th>
                    <th scope="col" class="num">
                      Mean
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.behaviours.map((b) => (
                    <tr>
                      <th scope="row">{b.label}</th>
                      <td class="num">{String(b.ratings)}</td>
                      <td class="num">{formatScore(b.mean)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <h3>What would have made them choose us</h3>
          {data.comments.length ? (
            <ul class="comments">
              {data.comments.map((c) => (
                <li>
                  <figure>
                    <blockquote>{c.text}</blockquote>
                    <figcaption>
                      <span class="who-said">{c.customerName ?? "A customer"}</span>
                      {team ? ` · about ${c.repName}` : ""} · {c.answeredAt ? formatDate(c.answeredAt, p.timezone) : data.period}
                    </figcaption>
                  </figure>
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">No one wrote anything yet.</p>
          )}
        </>
      ) : (
        <p class="empty">No lost-deal cards answered in {data.period}.</p>
      )}
    </section>
  );
}
