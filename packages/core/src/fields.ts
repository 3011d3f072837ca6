import * as v from "valibot";

/** Field schemas shared by several domains' input schemas. */
export const EmailSchema = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty("is required"),
  v.maxLength(254, "must be at most 254 characters"),
  v.email("must be an email address"),
);

export const NameSchema = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.nonEmpty("is required"),
  v.maxLength(200, "must be at most 200 characters"),
);

export const ShortTextSchema = v.pipe(v.string("must be a string"), v.trim(), v.maxLength(200, "must be at most 200 characters"));

export const IdSchema = (prefix: string) =>
  v.pipe(
    v.string("must be a string"),
    v.trim(),
    v.regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), `must be an id starting with ${prefix}_`),
  );

export const LimitSchema = v.optional(
  v.pipe(v.string(), v.toNumber("must be a number"), v.integer("must be a whole number"), v.minValue(1, "must be at least 1"), v.maxValue(500, "must be at most 500")),
);

export const CursorSchema = v.optional(v.pipe(v.string(), v.maxLength(2000, "is too long")));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

export const TimeZoneSchema = v.pipe(v.string("must be a time zone"), v.trim(), v.check(isTimeZone, "must be an IANA time zone such as Europe/Berlin"));

/** Whether the YYYY-MM-DD that starts `value` is a day on the calendar (2026-02-30 is not). */
function onCalendar(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day;
}

/** A calendar date such as 2026-01-01. */
export const CalendarDateSchema = v.pipe(v.string("must be a date"), v.isoDate("must be a date such as 2026-01-01"), v.check(onCalendar, "must be a real calendar date"));

/** An instant in ISO 8601 (2026-11-22T09:00:00Z), as a Date. */
export const InstantSchema = v.pipe(
  v.string("must be a timestamp"),
  v.isoTimestamp("must be an ISO 8601 timestamp such as 2026-11-22T09:00:00Z"),
  v.check(onCalendar, "must be a real calendar date"),
  v.transform((value) => new Date(value)),
);

/** One page of a list answer: the items in order, and a cursor while more follow. */
export const pageOf = <T extends v.GenericSchema>(item: T) =>
  v.object({
    items: v.array(item),
    cursor: v.optional(v.pipe(v.string(), v.description("Send it back as `cursor` for the next page; absent on the last page."))),
  });
