/** The customer's locale inside a page: set once by the Layout, read by the small shared parts (optional, error, notices). */
import { createContext, useContext } from "hono/jsx";
import { messagesFor, type Messages } from "@rapport/core/i18n/index";
import { ENGLISH, type Locale } from "@rapport/core/i18n/languages";

export const LocaleContext = createContext<Locale>(ENGLISH);

/** The locale of the page being rendered. */
export const useLocale = (): Locale => useContext(LocaleContext);

/** The catalog of the page being rendered. */
export const useMessages = (): Messages => messagesFor(useContext(LocaleContext));
