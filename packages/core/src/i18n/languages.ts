/**
 * Which language a customer reads: the languages the catalog has, and how one is chosen from a stored BCP 47
 * tag, a request's Accept-Language, or the organization's default. A tag with a region (fr-CA) reads the
 * French strings and formats dates and numbers the Canadian French way.
 */

/** The languages customer pages and emails are written in; add one here and give it a catalog. */
export const LANGUAGES = ["en", "fr", "de", "es"] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a page or an email is rendered in: the catalog's language, and the full tag Intl formats with. */
export interface Locale {
  language: Language;
  /** A canonical BCP 47 tag whose language is `language` (fr, fr-CA, de-DE). */
  tag: string;
}

export const ENGLISH: Locale = { language: "en", tag: "en" };

/** The canonical form of a BCP 47 tag (`FR-ca` → `fr-CA`), or undefined when it is not one. */
export function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

/** The locale a tag asks for, when its language is one the catalog has. */
export function localeOf(tag: string | undefined): Locale | undefined {
  if (!tag) return undefined;
  const canonical = canonicalTag(tag);
  if (!canonical) return undefined;
  const language = canonical.split("-")[0]!.toLowerCase();
  return (LANGUAGES as readonly string[]).includes(language) ? { language: language as Language, tag: canonical } : undefined;
}

/**
 * The best locale the catalog has among an Accept-Language header's ranges, by their q-values (ties keep the
 * header's order; q=0 and `*` never choose), or undefined when none of them is one.
 */
export function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((x) => x !== undefined);
      const weight = q === undefined ? 1 : Number(q);
      return { range: range.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0 && r.range !== "*")
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { range } of ranges) {
    const locale = localeOf(range);
    if (locale) return locale;
  }
  return undefined;
}

/**
 * The locale for a customer: their stored language when the catalog has it, else (pages) the request's
 * Accept-Language, else the organization's default. `byCustomer` says whether their stored language decided
 * it; otherwise a page's answer varies by Accept-Language.
 */
export function chooseLocale(input: { stored?: string | undefined; acceptLanguage?: string | undefined; orgDefault: string }): Locale & { byCustomer: boolean } {
  const stored = localeOf(input.stored);
  if (stored) return { ...stored, byCustomer: true };
  return { ...(fromAcceptLanguage(input.acceptLanguage) ?? localeOf(input.orgDefault) ?? ENGLISH), byCustomer: false };
}
