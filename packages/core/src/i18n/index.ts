/**
 * The message catalogs of customer pages and emails, one per language. Core's email templates and web's pages
 * both read them from here (core never imports web). Every catalog has the English one's type, so a missing
 * key in any language is a compile error.
 */
import { en } from "./en/index.ts";
import { fr } from "./fr/index.ts";
import { de } from "./de/index.ts";
import { es } from "./es/index.ts";
import { ENGLISH, type Language, type Locale } from "./languages.ts";

export type Messages = typeof en;

export const catalogs: Record<Language, Messages> = { en, fr, de, es };

/** The catalog of a locale (English without one). */
export function messagesFor(locale: Pick<Locale, "language"> | undefined): Messages {
  return catalogs[(locale ?? ENGLISH).language];
}
