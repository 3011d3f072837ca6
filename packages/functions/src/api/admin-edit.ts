import type { Context } from "hono";
import * as v from "valibot";
import { VisibleError } from "@rapport/core/error";
import type { FormState } from "@rapport/web/pages/index";
import type { AppEnv } from "./auth.ts";
import { one, refusal } from "./admin-console.ts";
import type { Form } from "./customer-pages.ts";
import { fieldsOf } from "./customer-pages.ts";

/**
 * The versions an edit form accepts (its If-Match): the version the page was read at. A form without a
 * readable one matches nothing, so it cannot overwrite blindly.
 */
export function versionsOf(form: Form): number[] {
  const version = Number(one(form.version));
  return Number.isInteger(version) && version >= 0 ? [version] : [];
}

/** Whether the edit was refused because the record changed since its form was read (412), or while it was saved (409). */
export const isStale = (error: unknown) => error instanceof VisibleError && (error.code === "precondition_failed" || error.code === "concurrent_update");

/** A refused form: the posted values and the fields' errors (a visible error's, else its message under `form`). */
export const refused = (values: Record<string, string>, error: unknown): FormState => ({ values, errors: refusal(error) });

/** A refused form from a schema's issues. */
export const invalid = (values: Record<string, string>, issues: [v.BaseIssue<unknown>, ...v.BaseIssue<unknown>[]]): FormState => ({ values, errors: fieldsOf(issues) });

/**
 * A list page's filters from its query: the schema's output when they are good, else the values as typed
 * with their errors (the page then lists nothing). `cursor` is kept out of the values the form shows.
 */
export function filtersOf<S extends v.GenericSchema>(c: Context<AppEnv>, schema: S, names: string[]) {
  const typed = Object.fromEntries(names.flatMap((name) => (c.req.query(name) ? [[name, c.req.query(name)!]] : [])));
  const cursor = c.req.query("cursor");
  const parsed = v.safeParse(schema, { ...typed, ...(cursor ? { cursor } : {}), limit: "25" });
  return { typed, cursor, parsed };
}

/** The next and first pages' addresses of a list, keeping its filters. */
export function pagesOf(path: string, typed: Record<string, string>, cursor: string | undefined, nextCursor: string | undefined) {
  const at = (extra: Record<string, string>) => {
    const query = new URLSearchParams({ ...typed, ...extra });
    return query.size ? `${path}?${query}` : path;
  };
  return { ...(nextCursor ? { next: at({ cursor: nextCursor }) } : {}), ...(cursor ? { first: at({}) } : {}) };
}

/** The notice a redirect after a saved change asks for (`?done=saved`). */
export function noticeOf(c: Context<AppEnv>, notices: Record<string, string>): string | undefined {
  const key = c.req.query("done");
  return key && Object.hasOwn(notices, key) ? notices[key] : undefined;
}

/** A record's id from the path, or a 404 page. */
export function idOf<S extends v.GenericSchema<string, string>>(schema: S, raw: string | undefined, code: string, what: string): string {
  const id = v.safeParse(schema, raw);
  if (!id.success) throw new VisibleError("not-found", code, `There is no such ${what}.`);
  return id.output;
}

/** A deactivate or reactivate button's post: `active` is "true" or "false". */
export function activeOf(form: Record<string, unknown>): boolean {
  const active = one(form.active as string);
  if (active !== "true" && active !== "false") throw new VisibleError("input", "invalid_input", "The form could not be read. Please open the page again and resend it.", { active: "must be true or false" });
  return active === "true";
}
