import { forms } from "./forms.ts";
import { pages } from "./pages.ts";
import { emails } from "./emails.ts";

export const en = { ...forms, ...pages, emails };
