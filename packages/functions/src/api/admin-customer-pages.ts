import { Hono, type Context } from "hono";
import * as v from "valibot";
import { Customer } from "@rapport/core/customer/index";
import { CustomerListQuerySchema, list } from "@rapport/core/customer/list";
import { CustomerPatchSchema, patch } from "@rapport/core/customer/update";
import { IdSchema } from "@rapport/core/fields";
import { erase } from "@rapport/core/privacy/erase";
import { Rep } from "@rapport/core/rep/index";
import type { FormState } from "@rapport/web/pages/index";
import type { AppEnv } from "./auth.ts";
import { asAdmin, one, readAdminForm, type Admin } from "./admin-console.ts";
import { activeOf, filtersOf, idOf, invalid, isStale, noticeOf, pagesOf, refused, versionsOf } from "./admin-edit.ts";

const CustomerId = IdSchema("cus");
const NOTICES = { saved: "Saved.", deactivated: "Deactivated: they get no email of any kind.", reactivated: "Reactivated.", erased: "Erased: their name, email and free texts are gone." };
const OPTIONAL = ["company", "segment", "valueTier", "language"] as const;

const pages = () => import("@rapport/web/pages/admin-customers");
const onePage = () => import("@rapport/web/pages/admin-customer");

/** Every rep, by name, as the pages offer them. */
const repChoices = async () => (await Rep.all()).sort((a, b) => a.name.localeCompare(b.name)).map((r) => ({ id: r.id, name: r.name, active: r.active, team: r.team }));

const customerId = (c: Context<AppEnv>) => idOf(CustomerId, c.req.param("id"), "customer_not_found", "customer");

async function customersPage(c: Context<AppEnv>, admin: Admin) {
  const { typed, cursor, parsed } = filtersOf(c, CustomerListQuerySchema, ["q", "repId", "team", "status", "tier"]);
  const page = parsed.success ? await list(parsed.output) : { items: [] };
  const filters: FormState = parsed.success ? { values: typed } : invalid(typed, parsed.issues);
  const reps = await repChoices();
  const teams = [...new Set(reps.flatMap((r) => (r.team ? [r.team] : [])))].sort();
  const notice = noticeOf(c, NOTICES);
  const html = (await pages()).renderCustomersPage({ chrome: admin.chrome, customers: page.items, reps, teams, filters, ...pagesOf("/admin/customers", typed, cursor, page.nextCursor), ...(notice ? { notice } : {}) });
  return c.html(html, parsed.success ? 200 : 400);
}

async function customerPage(c: Context<AppEnv>, admin: Admin, id: string, extra: { form?: FormState; notice?: string | undefined; stale?: boolean } = {}, status: 200 | 400 | 412 = 200) {
  const [customer, reps] = await Promise.all([Customer.mustGet(id), repChoices()]);
  const html = (await onePage()).renderCustomerPage({ chrome: admin.chrome, customer, reps, ...Object.fromEntries(Object.entries(extra).filter(([, x]) => x !== undefined)) });
  return c.html(html, status);
}

/**
 * The console's customers pages: search and filters a page at a time, the edit form (with the version it
 * was read at: a stale edit is refused), deactivation, the export link, and erasure behind a confirmation
 * page. Every change is the API's core verb, audited as the signed-in admin.
 */
export const adminCustomerPages = new Hono<AppEnv>()
  .get("/customers", asAdmin(async (c, admin) => customersPage(c, admin)))
  .get("/customers/:id", asAdmin(async (c, admin) => customerPage(c, admin, customerId(c), { notice: noticeOf(c, NOTICES) })))
  .post(
    "/customers/:id",
    asAdmin(async (c, admin) => {
      const id = customerId(c);
      const form = await readAdminForm(c, admin);
      const values = Object.fromEntries(["name", "email", "repId", ...OPTIONAL].map((name) => [name, one(form[name]).trim()]));
      const before = await Customer.mustGet(id);
      // An emptied optional field is cleared (when it held something); the rest is sent as typed.
      const cleared = OPTIONAL.flatMap((name): [string, string | null][] => (values[name] ? [[name, values[name]]] : before[name] !== undefined ? [[name, null]] : []));
      const parsed = v.safeParse(CustomerPatchSchema, { name: values.name, email: values.email, repId: values.repId, ...Object.fromEntries(cleared) });
      if (!parsed.success) return customerPage(c, admin, id, { form: invalid(values, parsed.issues) }, 400);
      try {
        await patch(id, parsed.output, admin.actor, versionsOf(form));
        return c.redirect(`/admin/customers/${id}?done=saved`, 303);
      } catch (error) {
        if (isStale(error)) return customerPage(c, admin, id, { stale: true }, 412);
        return customerPage(c, admin, id, { form: refused(values, error) }, 400);
      }
    }),
  )
  .post(
    "/customers/:id/active",
    asAdmin(async (c, admin) => {
      const id = customerId(c);
      const active = activeOf(await readAdminForm(c, admin));
      await patch(id, { active }, admin.actor);
      return c.redirect(`/admin/customers/${id}?done=${active ? "reactivated" : "deactivated"}`, 303);
    }),
  )
  .get(
    "/customers/:id/erase",
    asAdmin(async (c, admin) => {
      const customer = await Customer.mustGet(customerId(c));
      if (customer.erasedAt) return c.redirect(`/admin/customers/${customer.id}`, 303);
      return c.html((await onePage()).renderErasePage({ chrome: admin.chrome, customer }));
    }),
  )
  .post(
    "/customers/:id/erase",
    asAdmin(async (c, admin) => {
      const id = customerId(c);
      await readAdminForm(c, admin);
      await erase(id, admin.actor);
      return c.redirect(`/admin/customers/${id}?done=erased`, 303);
    }),
  );
