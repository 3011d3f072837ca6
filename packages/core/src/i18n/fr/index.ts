import { forms } from "./forms.ts";
import { pages } from "./pages.ts";
import { emails } from "./emails.ts";

export const fr = { ...forms, ...pages, emails };
