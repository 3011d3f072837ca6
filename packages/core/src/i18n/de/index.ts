import { forms } from "./forms.ts";
import { pages } from "./pages.ts";
import { emails } from "./emails.ts";

export const de = { ...forms, ...pages, emails };
