import { DateTime } from "luxon";

/**
 * An instant for a person, in their time zone and naming it: "Sun 22 Nov 2026, 15:05 (Europe/Berlin)".
 * Every time a page or an email shows goes through here. The input comes back unchanged if it is not a
 * date; an unknown zone falls back to UTC, named as such.
 */
export function formatDate(iso: string, zone: string): string {
  const at = DateTime.fromISO(iso, { zone: "UTC" });
  if (!iso || !at.isValid) return iso;
  const local = at.setZone(zone).isValid ? at.setZone(zone) : at;
  return `${local.setLocale("en-US").toFormat("ccc d LLL yyyy, HH:mm")} (${local.zoneName})`;
}
