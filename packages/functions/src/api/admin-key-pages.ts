import { Hono, type Context } from "hono";
import * as v from "valibot";
import { ApiKey, ApiKeySchema, scopeGrants, scopes, type NewApiKey } from "@rapport/core/api-key/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import type { FormState } from "@rapport/web/pages/index";
import type { AppEnv } from "./auth.ts";
import { asAdmin, one, readAdminForm, type Admin } from "./admin-console.ts";
import { fieldsOf } from "./customer-pages.ts";
import { pages } from "./pages.ts";

async function keysPage(c: Context<AppEnv>, admin: Admin, extra: { created?: NewApiKey; form?: FormState; notice?: string } = {}, status: 200 | 201 | 400 = 200) {
  const html = (await pages()).renderApiKeysPage({
    chrome: admin.chrome,
    keys: await ApiKey.list(),
    scopes: scopes.map((scope) => ({ scope, grants: scopeGrants[scope] })),
    ...extra,
  });
  return c.html(html, status);
}

/**
 * The console's API keys page. A new key's secret is shown on the answer to the form that created it (201,
 * never cached), not after a redirect: it must not travel in an address or be stored to be shown later.
 */
export const adminKeyPages = new Hono<AppEnv>()
  .get(
    "/api-keys",
    asAdmin(async (c, admin) => keysPage(c, admin, c.req.query("revoked") ? { notice: "The key is revoked: it stopped working at once." } : {})),
  )
  .post(
    "/api-keys",
    asAdmin(async (c, admin) => {
      const form = await readAdminForm(c, admin, { all: true });
      const ticked = (Array.isArray(form.scopes) ? form.scopes : [form.scopes]).filter((s): s is string => typeof s === "string");
      const values = { name: one(form.name), scopes: ticked };
      const parsed = v.safeParse(ApiKeySchema, values);
      if (!parsed.success) {
        const errors = fieldsOf(parsed.issues);
        const scopesError = Object.entries(errors).find(([path]) => path.startsWith("scopes"))?.[1];
        const named = Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith("scopes")));
        return keysPage(c, admin, { form: { errors: { ...named, ...(scopesError ? { scopes: ticked.length ? "must be scopes from the list" : "must include at least one: tick the scopes the key needs" } : {}) }, values } }, 400);
      }
      return keysPage(c, admin, { created: await ApiKey.create(parsed.output, admin.actor) }, 201);
    }),
  )
  .post(
    "/api-keys/:id/revoke",
    asAdmin(async (c, admin) => {
      await readAdminForm(c, admin);
      const id = v.safeParse(IdSchema("key"), c.req.param("id"));
      if (!id.success) throw new VisibleError("not-found", "api_key_not_found", "There is no such API key.");
      await ApiKey.revoke(id.output, admin.actor);
      return c.redirect("/admin/api-keys?revoked=1", 303);
    }),
  );
