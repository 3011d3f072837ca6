import { Hono, type Context } from "hono";
import { getCookie } from "hono/cookie";
import * as v from "valibot";
import { Auth, type Viewer } from "@rapport/core/auth/index";
import { Customer } from "@rapport/core/customer/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import { NoteSchema, Profile } from "@rapport/core/profile/index";
import { pages } from "./pages.ts";
import { SESSION_COOKIE, signedIn, type AppEnv } from "./auth.ts";
import { csrfFor, errorPage, fieldsOf, readForm } from "./customer-pages.ts";
import { chrome } from "./dashboard.ts";

/** The customer of the page's address, once the signed-in person may read their manual (their rep, or the rep's manager). */
async function customerFor(c: Context, viewer: Viewer) {
  const id = v.safeParse(IdSchema("cus"), c.req.param("id"));
  if (!id.success) throw new VisibleError("not-found", "customer_not_found", "There is no such customer.");
  const customer = await Customer.mustGet(id.output);
  if (!Auth.maySee(viewer, customer.repId)) throw new VisibleError("forbidden", "not_your_customer", "You can read the secrets manuals of your own customers and your team's.");
  return customer;
}

const noteScope = (c: Context, customerId: string) => `note:${customerId}:${getCookie(c, SESSION_COOKIE) ?? ""}`;

async function page(c: Context, viewer: Viewer, customerId: string, extra: { notice?: string; error?: string; text?: string } = {}, status = 200) {
  const { onboardingSummary } = await import("./onboarding-form.ts");
  const data = await Profile.read(customerId);
  const profile = Profile.staffView(data);
  const own = viewer.repId === profile.repId;
  return c.html(
    (await pages()).renderSecretsManualPage({
      ...chrome(c, viewer),
      profile,
      preferences: profile.preferences ? onboardingSummary(profile.preferences) : [],
      back: own ? { href: "/dashboard", label: "Back to your dashboard" } : { href: `/dashboard/reps/${profile.repId}`, label: "Back to the rep" },
      // Once the customer withdrew their consent, no notes are taken until they share something again.
      ...(Profile.takesNotes(data)
        ? {
            noteForm: {
              action: `/dashboard/customers/${customerId}/notes`,
              csrf: csrfFor(noteScope(c, customerId)),
              ...(extra.error ? { error: extra.error, text: extra.text ?? "" } : {}),
            },
          }
        : {}),
      ...(extra.notice ? { notice: extra.notice } : {}),
    }),
    status as 200,
  );
}

export const secretsManual = new Hono<AppEnv>()
  .get("/customers/:id", async (c) => {
    try {
      const viewer = await signedIn(c);
      if (!viewer) return c.redirect("/auth/login", 303);
      const customer = await customerFor(c, viewer);
      return await page(c, viewer, customer.id, c.req.query("added") ? { notice: "Note added." } : {});
    } catch (error) {
      return errorPage(c, error);
    }
  })
  .post("/customers/:id/notes", async (c) => {
    try {
      const viewer = await signedIn(c);
      if (!viewer) return c.redirect("/auth/login", 303);
      const customer = await customerFor(c, viewer);
      const form = await readForm(c, noteScope(c, customer.id));
      const text = typeof form.text === "string" ? form.text : "";
      const parsed = v.safeParse(NoteSchema, { text });
      if (!parsed.success) return await page(c, viewer, customer.id, { error: `The note ${fieldsOf(parsed.issues).text ?? "is not valid"}.`, text }, 400);
      const added = await Profile.addNote(customer.id, parsed.output, { actor: { kind: "user", id: viewer.email }, name: viewer.name }).catch((error: unknown) => {
        if (error instanceof VisibleError && error.code === "consent_withdrawn") return undefined;
        throw error;
      });
      if (!added) return await page(c, viewer, customer.id, {}, 409);
      return c.redirect(`/dashboard/customers/${customer.id}?added=1`, 303);
    } catch (error) {
      return errorPage(c, error);
    }
  });
