import * as v from "valibot";
import { canonicalTag } from "./i18n/languages.ts";

/** Field schemas shared by several domains' input schemas. */
export const EmailSchema = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.toLowerCase(),
  v.nonEmpty("is required"),
  v.maxLength(254, "must be at most 254 characters"),
  v.email("must be an email address"),
);

/**
 * Control characters: C0 (with CR, LF and tab), DEL, C1, the line separators, the bidi controls
 * (U+061C, U+200E/F, U+202A-E, U+2066-9) and the invisible ones a name has no use for (soft hyphen,
 * zero-width space, word joiner and invisible operators, U+206A-F, the Hangul fillers, the braille blank,
 * the byte-order mark); the zero-width joiners U+200C/D stay, emoji and some scripts need them. Names
 * reach email headers and pages, where a line break could add a header and a U+202E make a name read
 * backwards.
 */
const BREAK_CLASS = "\\t\\n\\v\\f\\r\\u0085\\u2028\\u2029";
const OTHER_CONTROL_CLASS =
  "\\u0000-\\u0008\\u000E-\\u001F\\u007F-\\u0084\\u0086-\\u009F\\u00AD\\u061C\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\u115F\\u1160\\u2800\\u3164\\uFFA0\\uFEFF";

/** Any one control character that is not a line break or a tab. */
export const OTHER_CONTROL_CHARACTERS = new RegExp(`[${OTHER_CONTROL_CLASS}]`);

/** Any one control character, line breaks and tabs included. */
export const CONTROL_CHARACTERS = new RegExp(`[${BREAK_CLASS}${OTHER_CONTROL_CLASS}]`);

/** A character people can see: a letter, digit, symbol or punctuation mark (a text of only blanks, joiners and other invisible characters has none). */
export const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{S}\p{P}]/u;

/** Each line break as one "\n": browsers send a textarea's as "\r\n", and count it as one character for its maxlength. */
export const sameLineBreaks = (text: string) => text.replace(/\r\n?/g, "\n");

/** The text on one line: each run of line breaks and tabs becomes one space, and spaces do not pile up. */
export function oneLine(value: string): string {
  return value.replace(new RegExp(`[${BREAK_CLASS}]+`, "g"), " ").replace(/ {2,}/g, " ");
}

const REFUSED = "must not contain control characters (line breaks, tabs, direction marks)";

/** A person's or a key's name: one line, no control character at all (400 otherwise). */
export const NameSchema = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.nonEmpty("is required"),
  v.maxLength(200, "must be at most 200 characters"),
  v.regex(new RegExp(`^[^${BREAK_CLASS}${OTHER_CONTROL_CLASS}]*$`), REFUSED),
  // A name people can read: at least one letter, digit, symbol or punctuation mark, not only joiners and blanks.
  v.regex(VISIBLE_CHARACTER, "must contain a visible character"),
  v.check((name) => name.isWellFormed(), "must be well-formed text"),
);

/**
 * A label (company, team, segment): it may keep a line break or a tab (a multi-line company in a CRM
 * export) but no other control character (400). No label reaches an email header.
 */
export const ShortTextSchema = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.maxLength(200, "must be at most 200 characters"),
  v.regex(new RegExp(`^[^${OTHER_CONTROL_CLASS}]*$`), "must not contain control characters (direction marks, NUL)"),
);

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

/**
 * A BCP 47 language tag (fr, fr-CA, de-DE), as Intl.getCanonicalLocales accepts it, stored in its canonical
 * form. Any well-formed tag is kept; a language without a catalog reads the organization's.
 */
export const LanguageTagSchema = v.pipe(
  v.string("must be a language tag"),
  v.trim(),
  v.maxLength(35, "must be at most 35 characters"),
  v.check((tag) => tag.length > 0 && canonicalTag(tag) !== undefined, "must be a BCP 47 language tag such as fr or fr-CA"),
  v.transform((tag) => canonicalTag(tag)!),
  v.description("The customer's language, a BCP 47 tag (fr, fr-CA, de, es, en-GB): their pages and emails are written in it when Rapport has it (en, fr, de, es), else in the organization's language."),
);

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

/** One page of a filtered list: the items in order and, while more may follow, `nextCursor` (a page may hold fewer than `limit`). */
export const cursorPageOf = <T extends v.GenericSchema>(item: T) =>
  v.object({
    items: v.array(item),
    nextCursor: v.optional(v.pipe(v.string(), v.description("Send it back as `cursor` for the next page; absent on the last page. Opaque."))),
    cursor: v.optional(v.pipe(v.string(), v.description("Deprecated: the same as `nextCursor`, kept for clients written before it."))),
  });

/** The page as the list routes answer it: `nextCursor`, and the deprecated `cursor` beside it. */
export const withLegacyCursor = <T>(page: { items: T[]; nextCursor?: string }) => ({ ...page, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
