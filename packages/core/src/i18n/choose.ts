import { config } from "../config.ts";
import { chooseLocale, type Locale } from "./languages.ts";

/** The locale of an email to a customer: their stored language when the catalog has it, else the organization's. */
export function emailLocale(language: string | undefined): Locale {
  const { negotiated: _, ...locale } = chooseLocale({ stored: language, orgDefault: config().orgLanguage });
  return locale;
}

/** The locale of a customer page: their stored language, else the request's Accept-Language, else the organization's. */
export function pageLocale(language: string | undefined, acceptLanguage: string | undefined): Locale & { negotiated: boolean } {
  return chooseLocale({ stored: language, acceptLanguage, orgDefault: config().orgLanguage });
}
