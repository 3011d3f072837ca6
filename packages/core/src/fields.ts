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
