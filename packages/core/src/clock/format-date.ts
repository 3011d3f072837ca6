import { DateTime } from "luxon";

/** The date-and-time shape of every language but English's legacy one: weekday, day, month, year and a 24-hour time, in the reader's locale. */
const DATE_TIME = { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

function inZone(iso: string, zone: string): DateTime | undefined {
  const at = DateTime.fromISO(iso, { zone: "UTC" });
  if (!iso || !at.isValid) return undefined;
  return at.setZone(zone).isValid ? at.setZone(zone) : at;
}

/** Every English reader (en, en-US, en-GB …) keeps the one English shape the pages and emails have always used. */
const english = (locale: string | undefined) => locale === undefined || /^en(-|$)/i.test(locale);

/**
 * An instant for a person, in their time zone and naming it: "Sun 22 Nov 2026, 15:05 (Europe/Berlin)", or
 * in the reader's locale (a BCP 47 tag) through Intl: "dim. 22 nov. 2026, 15:05 (Europe/Berlin)".
 * Every time a page or an email shows goes through here. The input comes back unchanged if it is not a
 * date; an unknown zone falls back to UTC, named as such.
 */
export function formatDate(iso: string, zone: string, locale?: string): string {
  const local = inZone(iso, zone);
  if (!local) return iso;
  const shown = english(locale) ? local.setLocale("en-US").toFormat("ccc d LLL yyyy, HH:mm") : local.setLocale(locale!).toLocaleString(DATE_TIME);
  return `${shown} (${local.zoneName})`;
}

/**
 * A calendar day for a person, in their zone: "Thu, 03 Dec 2026" in English (the emails' shape), and through
 * Intl in any other locale ("jeudi 3 décembre 2026", "Donnerstag, 3. Dezember 2026").
 */
export function formatDay(iso: string, zone: string, locale?: string): string {
  const local = inZone(iso, zone);
  if (!local) return iso;
  return english(locale) ? local.setLocale("en-US").toFormat("ccc, dd LLL yyyy") : local.setLocale(locale!).toLocaleString(DateTime.DATE_HUGE);
}
