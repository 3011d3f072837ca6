/**
 * When a recurring "touch" falls due: the customer's update cadence, in their time zone, at the start
 * of their best hours, on a weekday unless they said otherwise. All calendar arithmetic is Luxon's.
 */
import { DateTime } from "luxon";

export type Cadence = "daily" | "weekly" | "biweekly" | "monthly" | "as-needed";

/** The calendar date `at` falls on in `zone`, as a plain date (midnight UTC) that days and months can be added to. */
function localDate(at: Date, zone: string): DateTime {
  return DateTime.fromJSDate(at, { zone }).setZone("UTC", { keepLocalTime: true }).startOf("day");
}

/**
 * The instant the wall clock in `zone` reads `hour:minute` on `date`. A time the clocks skip (spring
 * forward) lands where the gap ends: 02:30 becomes 03:00. A time the clocks repeat (fall back) is its
 * earlier occurrence, so it happens once.
 */
function wallTime(zone: string, date: DateTime, hour: number, minute: number): Date {
  const asked = DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  const dayBefore = asked.minus({ days: 1 }).offset;
  if (asked.hour === hour && asked.minute === minute) {
    // Repeated: the occurrence at the offset the day started with comes first.
    const earlier = asked.minus({ minutes: dayBefore - asked.offset });
    return (earlier < asked && earlier.hour === hour && earlier.minute === minute ? earlier : asked).toJSDate();
  }
  // Skipped: Luxon moved the time on by the length of the gap. The gap ends at the first instant at the
  // new offset, less than one gap-length before that; find it to the minute.
  let before = asked.minus({ minutes: asked.offset - dayBefore }).toMillis();
  let after = asked.toMillis();
  while (after - before > 60_000) {
    const middle = before + Math.floor((after - before) / 2);
    if (DateTime.fromMillis(middle, { zone }).offset === asked.offset) after = middle;
    else before = middle;
  }
  return DateTime.fromMillis(after, { zone }).startOf("minute").toJSDate();
}

/** The instant at which the wall clock in `zone` reads the given local date and time (see `wallTime`). */
export function zonedTime(zone: string, year: number, month: number, day: number, hour: number, minute: number): Date {
  return wallTime(zone, DateTime.utc(year, month, day), hour, minute);
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
  const today = localDate(from, zone);
  const target = cadence === "monthly" ? today.set({ day: Math.min(today.day, 28) }).plus({ months: 1 }) : today.plus({ days: intervalDays[cadence] });
  for (let i = 0; i < 8; i++) {
    const day = target.plus({ days: i });
    // Luxon numbers weekdays 1 (Monday) to 7 (Sunday); BestHours uses 0 for Sunday.
    if (hours.days.includes(day.weekday % 7)) return wallTime(zone, day, hours.startHour, hours.startMinute);
  }
  return wallTime(zone, target, hours.startHour, hours.startMinute);
}

/** The next `hour`:00 in `zone` strictly after `after` (the daily digest goes out in the rep's morning). */
export function nextLocalHour(after: Date, zone: string, hour: number): Date {
  const today = localDate(after, zone);
  const at = wallTime(zone, today, hour, 0);
  return at > after ? at : wallTime(zone, today.plus({ days: 1 }), hour, 0);
}

/** The end of the local day of `at` in `zone` (exclusive), for "due today". */
export function endOfLocalDay(at: Date, zone: string): Date {
  return wallTime(zone, localDate(at, zone).plus({ days: 1 }), 0, 0);
}
