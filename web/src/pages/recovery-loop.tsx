/** "Closing the loop" on the dashboards: concerns still open, recoveries waiting for the customer's verdict, and the recovery rate. */
import type { Loop } from "@rapport/core/followup/loop";
import { formatDate } from "@rapport/core/clock/format-date";
import { formatShare, plural } from "./charts.tsx";

interface LoopProps {
  loop: Loop;
  zone: string;
  /** On the team page: each item's rep, by id. */
  repNames?: Map<string, string>;
}

function Items({ items, repNames, zone, when }: { items: Loop["openConcerns"]; repNames?: Map<string, string> | undefined; zone: string; when: string }) {
  return (
    <ul>
      {items.map((item) => (
        <li>
          <strong>{item.customerName ?? "Anonymous customer"}</strong>
          {repNames ? ` · ${repNames.get(item.repId) ?? ""}` : ""} · {when} {formatDate(item.at, zone)}
        </li>
      ))}
    </ul>
  );
}

export function RecoveryLoop({ loop, zone, repNames }: LoopProps) {
  const judged = loop.recovered + loop.notRecovered;
  return (
    <section class="card block" aria-labelledby="loop-h">
      <h2 id="loop-h">Closing the loop</h2>
      <p class="sub">A recovery is judged by the customer: two days after a case is resolved they are asked "Did we make it right?".</p>
      <div class="cols">
        <div>
          <h3 id="loop-rate">Recovery rate, {loop.period}</h3>
          <p>
            <span class="score">{formatShare(loop.recoveryRate)}</span>
            {" · "}
            {judged ? `${loop.recovered} of ${plural(judged, "judged case", "judged cases")} recovered` : "No customer has judged a recovery yet"}
            {loop.noAnswer ? ` · ${loop.noAnswer} without an answer` : ""}
          </p>
          <p class="small muted">Customers who answer 4 or 5 count as recovered; 1 to 3 reopen the case to the manager. Cases without an answer stay out of the rate.</p>
        </div>
        <div>
          <h3 id="loop-concerns">Open concerns: {String(loop.openConcerns.length)}</h3>
          {loop.openConcerns.length ? <Items items={loop.openConcerns} repNames={repNames} zone={zone} when="raised" /> : <p class="muted">No concern is waiting for an answer.</p>}
          <h3 id="loop-awaiting">Awaiting the customer's verdict: {String(loop.awaiting.length)}</h3>
          {loop.awaiting.length ? <Items items={loop.awaiting} repNames={repNames} zone={zone} when="asked" /> : <p class="muted">No resolved case is waiting for the customer.</p>}
        </div>
      </div>
    </section>
  );
}
