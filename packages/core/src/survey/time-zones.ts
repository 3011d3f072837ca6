import { DateTime } from "luxon";
import type { CountryCode } from "libphonenumber-js";
import { now } from "../clock/index.ts";

/** A time zone the onboarding form offers, with the country whose phone numbering its people use. */
interface ListedZone {
  zone: string;
  city: string;
  country?: CountryCode;
  /** Older names of the same zone that browsers and ICU still report (Asia/Calcutta for Asia/Kolkata). */
  aliases?: string[];
}

const zone = (zone: string, city: string, country?: CountryCode, aliases?: string[]): ListedZone => ({ zone, city, ...(country ? { country } : {}), ...(aliases ? { aliases } : {}) });

/**
 * The short list customers choose from, by region: the places a sales organization's customers mostly are.
 * The country is written out here because neither Intl nor libphonenumber-js maps a zone to a country.
 */
const regions: { region: string; zones: ListedZone[] }[] = [
  {
    region: "Americas",
    zones: [
      zone("America/Anchorage", "Anchorage", "US"),
      zone("America/Los_Angeles", "Los Angeles", "US"),
      zone("America/Vancouver", "Vancouver", "CA"),
      zone("America/Phoenix", "Phoenix", "US"),
      zone("America/Denver", "Denver", "US"),
      zone("America/Mexico_City", "Mexico City", "MX"),
      zone("America/Chicago", "Chicago", "US"),
      zone("America/Bogota", "Bogotá", "CO"),
      zone("America/Lima", "Lima", "PE"),
      zone("America/New_York", "New York", "US"),
      zone("America/Toronto", "Toronto", "CA"),
      zone("America/Halifax", "Halifax", "CA"),
      zone("America/Santiago", "Santiago", "CL"),
      zone("America/Sao_Paulo", "São Paulo", "BR"),
      zone("America/Argentina/Buenos_Aires", "Buenos Aires", "AR", ["America/Buenos_Aires"]),
    ],
  },
  {
    region: "Europe",
    zones: [
      zone("Europe/Lisbon", "Lisbon", "PT"),
      zone("Europe/London", "London", "GB"),
      zone("Europe/Dublin", "Dublin", "IE"),
      zone("Europe/Madrid", "Madrid", "ES"),
      zone("Europe/Paris", "Paris", "FR"),
      zone("Europe/Brussels", "Brussels", "BE"),
      zone("Europe/Amsterdam", "Amsterdam", "NL"),
      zone("Europe/Berlin", "Berlin", "DE"),
      zone("Europe/Zurich", "Zurich", "CH"),
      zone("Europe/Vienna", "Vienna", "AT"),
      zone("Europe/Rome", "Rome", "IT"),
      zone("Europe/Copenhagen", "Copenhagen", "DK"),
      zone("Europe/Oslo", "Oslo", "NO"),
      zone("Europe/Stockholm", "Stockholm", "SE"),
      zone("Europe/Warsaw", "Warsaw", "PL"),
      zone("Europe/Prague", "Prague", "CZ"),
      zone("Europe/Helsinki", "Helsinki", "FI"),
      zone("Europe/Athens", "Athens", "GR"),
      zone("Europe/Kyiv", "Kyiv", "UA", ["Europe/Kiev"]),
      zone("Europe/Istanbul", "Istanbul", "TR"),
    ],
  },
  {
    region: "Africa",
    zones: [
      zone("Africa/Casablanca", "Casablanca", "MA"),
      zone("Africa/Lagos", "Lagos", "NG"),
      zone("Africa/Johannesburg", "Johannesburg", "ZA"),
      zone("Africa/Cairo", "Cairo", "EG"),
      zone("Africa/Nairobi", "Nairobi", "KE"),
    ],
  },
  {
    region: "Asia",
    zones: [
      zone("Asia/Jerusalem", "Jerusalem", "IL"),
      zone("Asia/Riyadh", "Riyadh", "SA"),
      zone("Asia/Dubai", "Dubai", "AE"),
      zone("Asia/Karachi", "Karachi", "PK"),
      zone("Asia/Kolkata", "Kolkata", "IN", ["Asia/Calcutta"]),
      zone("Asia/Dhaka", "Dhaka", "BD"),
      zone("Asia/Bangkok", "Bangkok", "TH"),
      zone("Asia/Jakarta", "Jakarta", "ID"),
      zone("Asia/Singapore", "Singapore", "SG"),
      zone("Asia/Hong_Kong", "Hong Kong", "HK"),
      zone("Asia/Shanghai", "Shanghai", "CN"),
      zone("Asia/Manila", "Manila", "PH"),
      zone("Asia/Seoul", "Seoul", "KR"),
      zone("Asia/Tokyo", "Tokyo", "JP"),
    ],
  },
  {
    region: "Australia and Pacific",
    zones: [
      zone("Pacific/Honolulu", "Honolulu", "US"),
      zone("Australia/Perth", "Perth", "AU"),
      zone("Australia/Adelaide", "Adelaide", "AU"),
      zone("Australia/Brisbane", "Brisbane", "AU"),
      zone("Australia/Sydney", "Sydney", "AU"),
      zone("Pacific/Auckland", "Auckland", "NZ"),
    ],
  },
  { region: "Other", zones: [zone("UTC", "Coordinated Universal Time")] },
];

const listed = new Map<string, ListedZone>();
for (const { zones } of regions) for (const z of zones) for (const name of [z.zone, ...(z.aliases ?? [])]) listed.set(name, z);

const regionOfPrefix: Record<string, string> = { America: "Americas", Europe: "Europe", Africa: "Africa", Asia: "Asia", Australia: "Australia and Pacific", Pacific: "Australia and Pacific" };

/** The country whose phone numbering people in `zone` use (America/Toronto → CA), when the short list knows the zone. */
export function countryOf(zone: string): CountryCode | undefined {
  return listed.get(zone)?.country;
}

/** The short list's name for `zone` (Asia/Calcutta → Asia/Kolkata), or `zone` itself. */
export function listedName(zone: string): string {
  return listed.get(zone)?.zone ?? zone;
}

/** "+01:00": the zone's offset from UTC at `at`, by Luxon (so daylight saving time is whatever applies then). */
function offsetAt(zone: string, at: Date): string {
  return DateTime.fromJSDate(at).setZone(zone).toFormat("ZZ");
}

/** A person's label for a zone at `at`: "Berlin — Europe/Berlin, UTC+01:00". */
export function zoneLabel(zone: string, at: Date = now()): string {
  if (zone === "UTC") return `Coordinated Universal Time — UTC, UTC${offsetAt(zone, at)}`;
  const city = listed.get(zone)?.city ?? zone.split("/").pop()!.replace(/_/g, " ");
  return `${city} — ${zone}, UTC${offsetAt(zone, at)}`;
}

export interface ZoneChoice {
  value: string;
  label: string;
  /** Other names a browser may report for this zone. */
  aliases: string[];
}

export interface ZoneGroup {
  region: string;
  zones: ZoneChoice[];
}

/**
 * The time zones to offer, grouped by region and ordered west to east by their offset at `at`. `keep` (a
 * zone the customer saved earlier, or the organization's default) is offered in its region even when it is
 * not on the short list.
 */
export function zoneChoices(keep: (string | undefined)[] = [], at: Date = now()): ZoneGroup[] {
  const extra = keep.filter((z): z is string => Boolean(z) && !listed.has(z!) && DateTime.now().setZone(z).isValid);
  const groups = regions.map(({ region, zones }) => ({ region, zones: zones.map((z) => z.zone) }));
  for (const z of new Set(extra)) {
    const region = regionOfPrefix[z.split("/")[0]!] ?? "Other";
    groups.find((g) => g.region === region)!.zones.push(z);
  }
  const minutes = (z: string) => DateTime.fromJSDate(at).setZone(z).offset;
  return groups.map(({ region, zones }) => ({
    region,
    zones: zones
      .map((z) => ({ z, offset: minutes(z), label: zoneLabel(z, at) }))
      .sort((a, b) => a.offset - b.offset || a.label.localeCompare(b.label))
      .map(({ z, label }) => ({ value: z, label, aliases: listed.get(z)?.aliases ?? [] })),
  }));
}

export const TimeZones = { countryOf, listedName, zoneLabel, zoneChoices };
