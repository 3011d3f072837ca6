import { forms } from "./forms.ts";
import { pages } from "./pages.ts";
import { emails } from "./emails.ts";

export const es = { ...forms, ...pages, emails };
