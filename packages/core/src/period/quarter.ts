import * as v from "valibot";

/** A calendar quarter such as `2026-Q4`. */
export const PeriodSchema = v.pipe(v.string("must be a period"), v.trim(), v.regex(/^\d{4}-Q[1-4]$/, "must be a quarter such as 2026-Q4"));

/** The calendar quarter (UTC) that contains `at`. */
export function periodOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

/** The quarter after `period`. */
export function next(period: string): string {
  const [year, q] = period.split("-Q").map(Number) as [number, number];
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}

/** The quarter before `period`. */
export function previous(period: string): string {
  const [year, q] = period.split("-Q").map(Number) as [number, number];
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/** First instant of the period and first instant after it (UTC). */
export function bounds(period: string): { start: Date; end: Date } {
  const [year, q] = period.split("-Q").map(Number) as [number, number];
  return { start: new Date(Date.UTC(year, (q - 1) * 3, 1)), end: new Date(Date.UTC(year, q * 3, 1)) };
}
