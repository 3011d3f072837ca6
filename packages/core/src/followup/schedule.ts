/**
 * When a recurring "touch" falls due: the customer's update cadence, in their time zone, at the start
 * of their best hours, on a weekday unless they said otherwise.
 */

const DAY = 86_400_000;

export type Cadence = "daily" | "weekly" | "biweekly" | "monthly" | "as-needed";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per time zone: building one costs more than using it. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The offset of `zone` from UTC at `at`, in milliseconds (positive east of Greenwich). */
export function offsetMs(zone: string, at: Date): number {
  const parts = formatterFor(zone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock in `zone` reads the given local date and time. */
export function zonedTime(zone: string, year: number, month: number, day: number, hour: number, minute: number): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let at = guess - offsetMs(zone, new Date(guess));
  // A second pass settles instants next to a daylight-saving change.
  at = guess - offsetMs(zone, new Date(at));
  return new Date(at);
}

/** The local calendar date (and weekday, 0 = Sunday) of `at` in `zone`. */
export function localDate(zone: string, at: Date): { year: number; month: number; day: number; weekday: number } {
  const shifted = new Date(at.getTime() + offsetMs(zone, at));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), weekday: shifted.getUTCDay() };
}

export interface BestHours {
  startHour: number;
  startMinute: number;
  /** Days of the week the customer wants to be contacted on (0 = Sunday). */
  days: number[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * Reads "16:00–18:00", "Weekdays 9-11", "mornings", "after 4pm" loosely; what it cannot read falls back
 * to weekdays from 09:00.
 */
export function parseBestHours(text: string | undefined): BestHours {
  const value = (text ?? "").toLowerCase();
  let startHour = 9;
  let startMinute = 0;
  const range = value.match(/(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*(?:-|–|—|to|until)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?/);
  const after = value.match(/(?:after|from)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?/);
  const single = range ?? after;
  if (single) {
    let hour = Number(single[1]);
    const meridiem = range ? (range[3] ?? range[6]) : after?.[3];
    if (meridiem === "pm" && hour < 12) hour += 12;
    if (meridiem === "am" && hour === 12) hour = 0;
    if (hour >= 0 && hour <= 23) {
      startHour = hour;
      startMinute = Math.min(59, Number(single[2] ?? 0));
    }
  } else if (value.includes("afternoon")) startHour = 14;
  else if (value.includes("evening")) startHour = 18;
  else if (value.includes("morning")) startHour = 9;
  const days = value.includes("weekend") ? [0, 6] : value.match(/every ?day|daily|any ?day/) ? [0, 1, 2, 3, 4, 5, 6] : WEEKDAYS;
  return { startHour, startMinute, days };
}

/** Days between touches; monthly is handled as a calendar month. */
const intervalDays: Record<Exclude<Cadence, "as-needed" | "monthly">, number> = { daily: 1, weekly: 7, biweekly: 14 };

/**
 * The next touch after `from`: one cadence step later, moved to the first of the customer's days at the
 * start of their best hours, in their time zone. Undefined for "only when something needs me".
 */
export function nextTouch(from: Date, cadence: Cadence, zone: string, bestHours: string | undefined): Date | undefined {
  if (cadence === "as-needed") return undefined;
  const hours = parseBestHours(bestHours);
  const local = localDate(zone, from);
  let target: Date;
  if (cadence === "monthly") target = new Date(Date.UTC(local.year, local.month, Math.min(local.day, 28)));
  else target = new Date(Date.UTC(local.year, local.month - 1, local.day) + intervalDays[cadence] * DAY);
  for (let i = 0; i < 8; i++) {
    const day = new Date(target.getTime() + i * DAY);
    if (!hours.days.includes(day.getUTCDay())) continue;
    return zonedTime(zone, day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hours.startHour, hours.startMinute);
  }
  return zonedTime(zone, target.getUTCFullYear(), target.getUTCMonth() + 1, target.getUTCDate(), hours.startHour, hours.startMinute);
}

/** The next `hour`:00 in `zone` strictly after `after` (the daily digest goes out in the rep's morning). */
export function nextLocalHour(after: Date, zone: string, hour: number): Date {
  const local = localDate(zone, after);
  let at = zonedTime(zone, local.year, local.month, local.day, hour, 0);
  if (at <= after) {
    const next = new Date(Date.UTC(local.year, local.month - 1, local.day) + DAY);
    at = zonedTime(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), hour, 0);
  }
  return at;
}

/** The end of the local day of `at` in `zone` (exclusive), for "due today". */
export function endOfLocalDay(at: Date, zone: string): Date {
  const local = localDate(zone, at);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day) + DAY);
  return zonedTime(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0);
}
