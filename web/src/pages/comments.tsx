/** What customers said the rep could do better, named only when they chose to share their name. */
import { formatDate } from "@rapport/core/clock/format-date";
import type { CommentItem, RepDashboardProps } from "./dashboard-props.ts";
import { formatScore } from "./charts.tsx";

function Comment({ c, zone }: { c: CommentItem; zone: string }) {
  return (
    <li>
      <figure>
        <blockquote>{c.improve}</blockquote>
        <figcaption>
          <span class="who-said">{c.customerName ?? "A customer"}</span> · {formatDate(c.answeredAt, zone)}
          {c.repScore !== null ? ` · rated ${formatScore(c.repScore)}` : ""}
        </figcaption>
      </figure>
    </li>
  );
}

export function Comments({ p }: { p: RepDashboardProps }) {
  return (
    <section class="card" aria-labelledby="comments-h">
      <h2 id="comments-h">What could {p.rep.name} do better?</h2>
      <p class="sub">Customers' own words from {p.period}. A name shows only when the customer chose to share it.</p>
      {p.comments.length ? (
        <ul class="comments">
          {p.comments.map((c) => (
            <Comment c={c} zone={p.timezone} />
          ))}
        </ul>
      ) : (
        <p class="empty">No comments in {p.period} yet.</p>
      )}
    </section>
  );
}
