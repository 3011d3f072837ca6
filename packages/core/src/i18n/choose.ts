import { config } from "../config.ts";
import { chooseLocale, type Locale } from "./languages.ts";

/** The locale of an email to a customer: their stored language when the catalog has it, else the organization's. */
export function emailLocale(language: string | undefined): Locale {
  const { language: chosen, tag } = chooseLocale({ stored: language, orgDefault: config().orgLanguage });
  return { language: chosen, tag };
}

/**
 * The locale of a customer page: their stored language, else the request's Accept-Language, else the
 * organization's; `byCustomer` when their stored language decided it (the page then does not vary by the header).
 */
export function pageLocale(language: string | undefined, acceptLanguage: string | undefined): Locale & { byCustomer: boolean } {
  return chooseLocale({ stored: language, acceptLanguage, orgDefault: config().orgLanguage });
}
