import type { TrendPoint } from "./dashboard-props.ts";

/** "1 response", "3 responses". */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** A score for people: two decimals ("3.56"), or an em dash when there is nothing to average. */
export function formatScore(score: number | null | undefined): string {
  return score === null || score === undefined || !Number.isFinite(score) ? "—" : score.toFixed(2);
}

/** A number without trailing zeros, to at most `digits` decimals: 1 → "1", 0.78125 → "0.781". */
export function formatNumber(value: number, digits = 3): string {
  return String(Number(value.toFixed(digits)));
}

/** A ratio as a percentage without trailing zeros: 0.2 → "20%", 0.15625 → "15.63%". */
export function formatPercent(ratio: number): string {
  return `${formatNumber(ratio * 100, 2)}%`;
}

/** A share as a whole percentage for tables ("67%"), or an em dash when there is nothing to divide. */
export function formatShare(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined || !Number.isFinite(ratio) ? "—" : `${Math.round(ratio * 100)}%`;
}

/** Hours to one decimal ("5.3"), or an em dash when there is nothing to measure. */
export function formatHours(hours: number | null | undefined): string {
  return hours === null || hours === undefined || !Number.isFinite(hours) ? "—" : hours.toFixed(1);
}

/** "3.38–3.74", or null when either end is missing. */
export function formatInterval(low: number | null, high: number | null): string | null {
  return low === null || high === null ? null : `${formatScore(low)}–${formatScore(high)}`;
}

/** "3.56 (3.38–3.74)", "3.56" without an interval, "—" without a score. */
export function scoreWithInterval(score: number | null, low: number | null, high: number | null): string {
  const interval = formatInterval(low, high);
  return score === null ? "—" : interval ? `${formatScore(score)} (${interval})` : formatScore(score);
}

/** x of a 1–5 score on a scale drawn from `left` to `right`. */
function scaleX(score: number, left: number, right: number): number {
  const clamped = Math.min(5, Math.max(1, score));
  return round(left + ((clamped - 1) / 4) * (right - left));
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface IntervalBarProps {
  id: string;
  score: number | null;
  low: number | null;
  high: number | null;
  /** Who the score belongs to, for the title ("Ana Lopez's adjusted score"). */
  subject: string;
  /** Without tick labels and hidden from assistive technology, for table rows whose text already says the same. */
  compact?: boolean;
  /** Number the ticks 1–5 under the scale (for the large bar). */
  labels?: boolean;
}

/** A 1–5 scale with the 90% interval as a band and the score as a dot (role="img" with a title, or decorative when compact). */
export function IntervalBar(p: IntervalBarProps) {
  const width = 220;
  const height = p.labels && !p.compact ? 34 : 16;
  const [left, right] = [8, width - 8];
  const mid = 8;
  const interval = formatInterval(p.low, p.high);
  const title =
    p.score === null
      ? `${p.subject}: no score yet`
      : `${p.subject}: ${formatScore(p.score)} on the 1–5 scale${interval ? `, 90% interval ${interval}` : ""}`;
  return (
    <svg
      class={p.compact ? "ivbar compact" : "ivbar"}
      viewBox={`0 0 ${width} ${height}`}
      role={p.compact ? undefined : "img"}
      aria-labelledby={p.compact ? undefined : `${p.id}-t`}
      aria-hidden={p.compact ? "true" : undefined}
      focusable="false"
    >
      {p.compact ? null : <title id={`${p.id}-t`}>{title}</title>}
      <line class="iv-axis" x1={left} x2={right} y1={mid} y2={mid} />
      {[1, 2, 3, 4, 5].map((tick) => (
        <line class="iv-tick" x1={scaleX(tick, left, right)} x2={scaleX(tick, left, right)} y1={mid - 4} y2={mid + 4} />
      ))}
      {p.low !== null && p.high !== null && p.score !== null ? (
        <rect class="iv-band" x={scaleX(p.low, left, right)} y={mid - 5} width={Math.max(2, scaleX(p.high, left, right) - scaleX(p.low, left, right))} height="10" rx="5" />
      ) : null}
      {p.score !== null ? <circle class="iv-dot" cx={scaleX(p.score, left, right)} cy={mid} r="5" /> : null}
      {p.compact || !p.labels
        ? null
        : [1, 2, 3, 4, 5].map((tick) => (
            <text class="iv-label" x={scaleX(tick, left, right)} y={mid + 20} text-anchor="middle">
              {String(tick)}
            </text>
          ))}
    </svg>
  );
}

/** "2026-Q4" → ["Q4", "2026"]; anything else stays one line. */
function splitPeriod(period: string): [string, string | null] {
  const m = /^(\d{4})-(.+)$/.exec(period);
  return m ? [m[2]!, m[1]!] : [period, null];
}

/** The text alternative of a trend: every period with its score and responses, oldest first. */
export function describeTrend(points: TrendPoint[]): string {
  const parts = points.map((p) => {
    const responses = `${p.responses} ${p.responses === 1 ? "response" : "responses"}`;
    return p.adjustedScore === null ? `${p.period}: no score (${responses})` : `${p.period}: ${formatScore(p.adjustedScore)} (${responses})`;
  });
  return `Adjusted score by period, oldest first. ${parts.join("; ")}.`;
}

export interface TrendChartProps {
  id: string;
  title: string;
  points: TrendPoint[];
}

/** An inline SVG line chart of adjusted scores on a 1–5 axis, one point per period; breaks the line where a period has no score. */
export function TrendChart(p: TrendChartProps) {
  const width = 320;
  const height = 208;
  const margin = { left: 28, right: 10, top: 30, bottom: 40 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const y = (score: number) => round(margin.top + ((5 - Math.min(5, Math.max(1, score))) / 4) * plotH);
  const step = p.points.length > 0 ? plotW / p.points.length : plotW;
  const x = (i: number) => round(margin.left + step * (i + 0.5));

  const segments: string[] = [];
  let current: string[] = [];
  p.points.forEach((point, i) => {
    if (point.adjustedScore === null) {
      if (current.length) segments.push(current.join(" "));
      current = [];
    } else current.push(`${current.length ? "L" : "M"}${x(i)} ${y(point.adjustedScore)}`);
  });
  if (current.length) segments.push(current.join(" "));

  const scored = p.points.filter((pt) => pt.adjustedScore !== null).length;
  let previousYear: string | null = null;
  return (
    <svg class="trend" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${p.id}-t ${p.id}-d`} focusable="false">
      <title id={`${p.id}-t`}>{p.title}</title>
      <desc id={`${p.id}-d`}>{describeTrend(p.points)}</desc>
      <text class="axis-title" x="2" y="14">
        Score (1–5)
      </text>
      {[1, 2, 3, 4, 5].map((tick) => (
        <>
          <line class={tick === 1 ? "grid base" : "grid"} x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
          <text class="axis-label" x={margin.left - 8} y={y(tick) + 4} text-anchor="end">
            {String(tick)}
          </text>
        </>
      ))}
      {p.points.map((point, i) => {
        const [top, year] = splitPeriod(point.period);
        const showYear = year !== null && year !== previousYear;
        previousYear = year;
        return (
          <>
            <text class="axis-label" x={x(i)} y={margin.top + plotH + 17} text-anchor="middle">
              {top}
            </text>
            {showYear ? (
              <text class="axis-label year" x={x(i)} y={margin.top + plotH + 32} text-anchor="middle">
                {year}
              </text>
            ) : null}
          </>
        );
      })}
      {segments.map((d) => (
        <path class="line" d={d} />
      ))}
      {p.points.map((point, i) =>
        point.adjustedScore === null ? null : (
          <>
            <circle class={i === p.points.length - 1 ? "pt last" : "pt"} cx={x(i)} cy={y(point.adjustedScore)} r={i === p.points.length - 1 ? 5.5 : 4} />
            <text class={i === p.points.length - 1 ? "pt-label last" : "pt-label"} x={x(i)} y={y(point.adjustedScore) - 10} text-anchor="middle">
              {formatScore(point.adjustedScore)}
            </text>
          </>
        ),
      )}
      {scored === 0 ? (
        <text class="axis-label" x={margin.left + plotW / 2} y={margin.top + plotH / 2} text-anchor="middle">
          No scores in these periods yet
        </text>
      ) : null}
    </svg>
  );
}
