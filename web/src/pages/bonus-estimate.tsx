/** This period's bonus inputs for the rep, with the arithmetic spelled out step by step. */
import type { BonusEstimate, RepDashboardProps } from "./dashboard-props.ts";
import { formatNumber, formatPercent, formatScore, plural } from "./charts.tsx";
import { ComponentsBonus } from "./bonus-components.tsx";

/** The two points of the map the factor was read between, or the end point it was held at. */
function mapStep(map: { score: number; factor: number }[], score: number): string | null {
  const points = [...map].sort((a, b) => a.score - b.score);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  if (score <= first.score) return `at or below ${formatNumber(first.score, 2)} the map gives ${formatNumber(first.factor)}`;
  if (score >= last.score) return `at or above ${formatNumber(last.score, 2)} the map gives ${formatNumber(last.factor)}`;
  const i = points.findIndex((pt) => pt.score >= score);
  const a = points[i - 1]!;
  const b = points[i]!;
  return `${formatNumber(a.factor)} + (${formatScore(score)} − ${formatNumber(a.score, 2)}) / (${formatNumber(b.score, 2)} − ${formatNumber(a.score, 2)}) × (${formatNumber(b.factor)} − ${formatNumber(a.factor)})`;
}

/** "(12 × 3.61 + 5 × 3.42) / (12 + 5) = 3.56", with the caller's numbers substituted. */
function adjustedScoreArithmetic(b: Pick<BonusEstimate, "responses" | "k" | "prior" | "adjustedScore">, rawScore: number | null): string | null {
  if (b.adjustedScore === null || b.prior === null) return null;
  if (rawScore === null || b.responses === 0) return `(0 × — + ${formatNumber(b.k)} × ${formatScore(b.prior)}) / (0 + ${formatNumber(b.k)}) = ${formatScore(b.adjustedScore)}`;
  return `(${b.responses} × ${formatScore(rawScore)} + ${formatNumber(b.k)} × ${formatScore(b.prior)}) / (${b.responses} + ${formatNumber(b.k)}) = ${formatScore(b.adjustedScore)}`;
}

export function Bonus({ p }: { p: RepDashboardProps }) {
  const b = p.bonus;
  return (
    <section class="card" aria-labelledby="bonus-h">
      <h2 id="bonus-h">
        This period's bonus inputs (estimate) {b.locked ? <span class="lock">Locked</span> : null}
      </h2>
      <p class="sub">
        {b.locked
          ? `${b.period} is closed: these numbers are locked and will not change (plan version ${b.planVersion}).`
          : `${b.period} is still open: this estimate moves as responses arrive, until finance closes the period (plan version ${b.planVersion}).`}
      </p>
      <p class="headline">
        <strong>{formatPercent(b.bonusShare)}</strong>{" "}
        <span>of {p.viewer.role === "rep" ? "your" : `${p.rep.name}'s`} target bonus comes from the report card</span>
      </p>
      <ResponseRate p={p} />
      {b.components.length > 1 ? <ComponentsBonus p={p} /> : <Steps p={p} />}
      <p class="note">Finance multiplies the bonus share by the target bonus in its own system. Numbers are shown rounded.</p>
    </section>
  );
}

/** "12 of 16 report cards sent this period were answered (75%)", and the plan's floor when it has one. */
function ResponseRate({ p }: { p: RepDashboardProps }) {
  const r = p.responseRate;
  if (!r.invited) return r.floor > 0 ? <p class="small muted">No report cards were sent in {p.period} yet; the plan needs {formatPercent(r.floor)} of them answered.</p> : null;
  const below = r.floor > 0 && (r.rate ?? 0) < r.floor;
  return (
    <p class={below ? "small warn" : "small muted"}>
      Response rate: {r.answered} of {plural(r.invited, "report card", "report cards")} sent in {p.period} answered ({formatPercent(r.rate ?? 0)})
      {r.floor > 0 ? (below ? `, below the plan's ${formatPercent(r.floor)}: not eligible until more customers answer.` : `; the plan needs ${formatPercent(r.floor)}.`) : "."}
    </p>
  );
}

/** The one-component estimate, step by step. */
function Steps({ p }: { p: RepDashboardProps }) {
  const b = p.bonus;
  const raw = b.rawScore;
  const arithmetic = adjustedScoreArithmetic(b, raw);
  const step = b.eligible && b.adjustedScore !== null && b.factorMap.length ? mapStep(b.factorMap, b.adjustedScore) : null;
  const capped = b.eligible && b.payoutFactor >= b.capFactor;
  return (
    <ol class="steps">
      <li>
        <span class="w">
          Plan year {b.planYear}: report-card share {formatPercent(b.weight)}
        </span>
        <span class="math">weight = {formatNumber(b.weight, 4)}</span>
      </li>
      <li>
        <span class="w">Adjusted score = (n·raw + k·prior) / (n + k)</span>
        {arithmetic ? <span class="math">= {arithmetic}</span> : <span class="small muted">No score yet: nobody in the organization has been rated in {b.period}.</span>}
        <span class="small muted">
          n = {b.responses} responses, raw = {formatScore(raw)}, k = {formatNumber(b.k)}, prior = organization score {formatScore(b.prior)}
        </span>
      </li>
      <li>
        <span class="w">
          {b.eligible
            ? `Eligible: ${plural(b.responses, "response", "responses")}, ${b.minResponses} needed`
            : b.responses >= b.minResponses
              ? `Not eligible: ${plural(b.responses, "response", "responses")}, but the response rate is below the plan's ${formatPercent(p.responseRate.floor)}`
              : `Not eligible yet: ${plural(b.responses, "response", "responses")}, ${b.minResponses} needed`}
        </span>
      </li>
      <li>
        {b.eligible ? (
          <>
            <span class="w">
              Payout factor from the plan's map at {formatScore(b.adjustedScore)}: {formatNumber(b.payoutFactor)}
            </span>
            {step ? <span class="math">= {step}{capped ? `, capped at ${formatNumber(b.capFactor)}` : ""}</span> : null}
            <span class="small muted">Never above the cap factor {formatNumber(b.capFactor)}.</span>
          </>
        ) : (
          <span class="w">Payout factor: fallback factor {formatNumber(b.fallbackFactor)} (used while not eligible)</span>
        )}
      </li>
      <li>
        <span class="w">bonusShare = weight × factor</span>
        <span class="math">
          = {formatPercent(b.weight)} × {formatNumber(b.payoutFactor)} = {formatPercent(b.bonusShare)}
        </span>
      </li>
    </ol>
  );
}
