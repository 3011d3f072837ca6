import { Hono, type Context } from "hono";
import * as v from "valibot";
import { Webhook, WebhookSchema, webhookEvents } from "@rapport/core/webhook/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import type { FormState } from "@rapport/web/pages/index";
import type { AppEnv } from "./auth.ts";
import { asAdmin, one, readAdminForm, refusal, type Admin } from "./admin-console.ts";
import { fieldsOf } from "./customer-pages.ts";
import { pages } from "./pages.ts";

const WebhookId = IdSchema("whk");

/** The subscription id in the path, or the console's 404 page. */
function idOf(c: Context<AppEnv>): string {
  const id = v.safeParse(WebhookId, c.req.param("id"));
  if (!id.success) throw new VisibleError("not-found", "webhook_not_found", "There is no such webhook subscription.");
  return id.output;
}

const notices: Record<string, string> = {
  deleted: "The subscription is deleted: nothing more is sent to it.",
  tested: "A test event is queued for this subscription: its delivery shows in the log below (reload the page to see how it went).",
  enabled: "The subscription is active again: events from now on are delivered to it.",
};
const noticeOf = (c: Context<AppEnv>) => notices[c.req.query("done") ?? ""];

type Created = Awaited<ReturnType<typeof Webhook.create>>;

async function listPage(c: Context<AppEnv>, admin: Admin, extra: { created?: Created; form?: FormState; notice?: string | undefined } = {}, status: 200 | 201 | 400 = 200) {
  const { notice, ...rest } = extra;
  const html = (await pages()).renderWebhooksPage({ chrome: admin.chrome, webhooks: await Webhook.list(), events: webhookEvents, ...rest, ...(notice ? { notice } : {}) });
  return c.html(html, status);
}

/** The form's errors by field: the events' issues (one per ticked value) said once. */
function formErrors(issues: Parameters<typeof fieldsOf>[0], ticked: string[]): Record<string, string> {
  const errors = fieldsOf(issues);
  const events = Object.entries(errors).find(([path]) => path.startsWith("events"));
  const named = Object.fromEntries(Object.entries(errors).filter(([path]) => !path.startsWith("events")));
  return { ...named, ...(events ? { events: ticked.length ? "must be events from the list" : "must include at least one: tick the events to send" } : {}) };
}

/**
 * The console's webhooks pages: the subscriptions and the form that makes one, and each subscription's
 * page with its delivery log and buttons. The same verbs as /v1/webhooks, audited under the admin. A new
 * subscription's secret is shown on the answer to the form that made it (201, never cached), not after a
 * redirect: it must not travel in an address or be stored to be shown later.
 */
export const adminWebhookPages = new Hono<AppEnv>()
  .get(
    "/",
    asAdmin(async (c, admin) => listPage(c, admin, { notice: noticeOf(c) })),
  )
  .post(
    "/",
    asAdmin(async (c, admin) => {
      const form = await readAdminForm(c, admin, { all: true });
      const ticked = (Array.isArray(form.events) ? form.events : [form.events]).filter((e): e is string => typeof e === "string");
      const values = { url: one(form.url).trim(), events: ticked };
      const parsed = v.safeParse(WebhookSchema, values);
      if (!parsed.success) return listPage(c, admin, { form: { errors: formErrors(parsed.issues, ticked), values } }, 400);
      try {
        return await listPage(c, admin, { created: await Webhook.create(parsed.output, admin.actor) }, 201);
      } catch (error) {
        return listPage(c, admin, { form: { errors: refusal(error), values } }, 400);
      }
    }),
  )
  .get(
    "/:id",
    asAdmin(async (c, admin) => {
      const id = idOf(c);
      const { deliveries, ...webhook } = await Webhook.detail(id);
      const notice = noticeOf(c);
      return c.html((await pages()).renderWebhookPage({ chrome: admin.chrome, webhook, deliveries, ...(notice ? { notice } : {}) }));
    }),
  )
  .post(
    "/:id/test",
    asAdmin(async (c, admin) => {
      await readAdminForm(c, admin);
      const id = idOf(c);
      await Webhook.sendTest(id, admin.actor);
      return c.redirect(`/admin/webhooks/${id}?done=tested`, 303);
    }),
  )
  .post(
    "/:id/enable",
    asAdmin(async (c, admin) => {
      await readAdminForm(c, admin);
      const id = idOf(c);
      await Webhook.enable(id, admin.actor);
      return c.redirect(`/admin/webhooks/${id}?done=enabled`, 303);
    }),
  )
  .post(
    "/:id/delete",
    asAdmin(async (c, admin) => {
      await readAdminForm(c, admin);
      await Webhook.remove(idOf(c), admin.actor);
      return c.redirect("/admin/webhooks?done=deleted", 303);
    }),
  );
