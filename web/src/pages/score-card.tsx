/** A score card: the adjusted score with its 90% interval, and why it differs from the raw average. */
import type { Child } from "hono/jsx";
import type { BonusEstimate, ScoreFigure } from "./dashboard-props.ts";
import { IntervalBar, formatInterval, formatNumber, formatScore, plural } from "./charts.tsx";

/** One score card: a kicker, the score with its interval "(low–high)", an interval bar and the response count. */
export function ScoreCard(props: { id: string; kicker: string; note?: string | null; subject: string; figure: ScoreFigure; lead?: boolean; children?: Child }) {
  const { id, kicker, note, subject, figure, lead, children } = props;
  const interval = formatInterval(figure.ciLow, figure.ciHigh);
  return (
    <section class={lead ? "card lead" : "card"} aria-labelledby={`${id}-k`}>
      <h2 class="kicker" id={`${id}-k`}>
        {kicker}
      </h2>
      {figure.adjustedScore === null ? (
        <p class="fig">
          <span aria-hidden="true">—</span>
          <span class="vh">No score</span>
        </p>
      ) : (
        <p class="fig">
          {formatScore(figure.adjustedScore)}
          {interval ? (
            <>
              {" "}
              <span class="ci">({interval})</span>
            </>
          ) : null}
        </p>
      )}
      <IntervalBar id={`${id}-iv`} subject={subject} score={figure.adjustedScore} low={figure.ciLow} high={figure.ciHigh} labels={lead} />
      <p class="figcap">
        {note ? `${note} · ` : ""}
        {figure.responses === 0 ? "No responses yet" : plural(figure.responses, "response", "responses")}
        {interval ? " · 90% interval" : ""}
      </p>
      {children}
    </section>
  );
}

/**
 * One sentence, with the numbers, on why the adjusted score is not the raw average: few responses pull it
 * toward the organization's score. Null when there is no raw score or the two agree as shown.
 */
export function adjustedScoreReason(
  figure: Pick<ScoreFigure, "responses" | "rawScore" | "adjustedScore">,
  b: Pick<BonusEstimate, "k" | "prior">,
  whose: string,
): string | null {
  const { responses: n, rawScore: raw, adjustedScore: adjusted } = figure;
  if (raw === null || adjusted === null || b.prior === null || n === 0) return null;
  if (formatScore(raw) === formatScore(adjusted)) return null;
  const k = formatNumber(b.k);
  return `With ${plural(n, "response", "responses")}, ${whose} ${formatScore(raw)} average is pulled toward the organization's ${formatScore(b.prior)} (k = ${k}): (${n} × ${formatScore(raw)} + ${k} × ${formatScore(b.prior)}) ÷ ${formatNumber(n + b.k)} = ${formatScore(adjusted)}.`;
}
