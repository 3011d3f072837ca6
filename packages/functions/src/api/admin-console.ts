import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { Viewer } from "@rapport/core/auth/index";
import type { Actor } from "@rapport/core/audit/index";
import { VisibleError } from "@rapport/core/error";
import type { AdminChrome } from "@rapport/web/pages/index";
import { adminCsrf, SESSION_COOKIE, signedIn, type AppEnv } from "./auth.ts";
import { brand, csrfFor, errorPage, readForm, type Form } from "./customer-pages.ts";
import { pages } from "./pages.ts";

/** What a console page knows about its reader: who they are, their session, the page frame and the actor their changes are audited under. */
export interface Admin {
  viewer: Viewer;
  session: string;
  chrome: AdminChrome;
  actor: Actor;
}

/**
 * A console page: for a signed-in admin only (a visitor without a session goes to the sign-in page, a
 * signed-in person who is not an admin gets a 403 page), never cached, and any visible error shown as a page.
 */
export function asAdmin(handler: (c: Context<AppEnv>, admin: Admin) => Promise<Response>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    c.header("cache-control", "no-store");
    try {
      const session = getCookie(c, SESSION_COOKIE);
      const viewer = await signedIn(c);
      if (!viewer || !session) return c.redirect("/auth/login", 303);
      if (!viewer.admin) {
        const message = "This page is for admins. Ask an admin to add you, or sign in with an admin's email address.";
        return c.html((await pages()).renderMessagePage({ ...brand(), status: 403, title: "This page is for admins", message }), 403);
      }
      const chrome: AdminChrome = {
        ...brand(),
        viewer: { name: viewer.name },
        signOut: { action: "/auth/logout", csrf: csrfFor(`logout:${session}`) },
        csrf: adminCsrf(session),
        timezone: viewer.timezone,
      };
      return await handler(c, { viewer, session, chrome, actor: { kind: "user", id: viewer.email } });
    } catch (error) {
      return errorPage(c, error);
    }
  };
}

/** A console form, refused (403) unless it comes from this site with the session's CSRF value. */
export function readAdminForm(c: Context<AppEnv>, admin: Admin, options: { all?: boolean } = {}): Promise<Form> {
  return readForm(c, `admin:${admin.session}`, options);
}

/** The first string posted for a field, or "". */
export const one = (value: Form[string] | undefined): string => (typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : "");

/** A refused form's errors: the VisibleError's fields, or its message under `form`. Anything else is thrown on. */
export function refusal(error: unknown): Record<string, string> {
  if (error instanceof VisibleError && error.status < 500 && error.status !== 403) return error.fields ?? { form: error.message };
  throw error;
}
