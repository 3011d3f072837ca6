import { Hono } from "hono";
import * as v from "valibot";
import { Campaign, CampaignSchema } from "@rapport/core/campaign/index";
import { VisibleError } from "@rapport/core/error";
import { CursorSchema, IdSchema } from "@rapport/core/fields";
import type { AppEnv } from "./auth.ts";
import { asAdmin, one, readAdminForm, refusal, type Admin } from "./admin-console.ts";
import { fieldsOf } from "./customer-pages.ts";
import { pages } from "./pages.ts";

/** The plan page's one script, served from this origin so the Content-Security-Policy needs no exception. */
const PLAN_SCRIPT = "/admin/plan.js";
/** The campaign page's progress script, likewise. */
const CAMPAIGN_SCRIPT = "/admin/campaign.js";
const CAMPAIGNS_PER_PAGE = 20;

/** The seeds' plan the plan page offers to start from: its settings and components, without a start date. */
async function seeds() {
  const [{ Plan }, { now }] = await Promise.all([import("@rapport/core/plan/index"), import("@rapport/core/clock/index")]);
  const { startDate: _, ...plan } = Plan.seedsPlan(now().toISOString().slice(0, 10));
  return plan;
}

const script = (body: string) => ({ body, headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" } });

/** The campaigns page: the start form (refused values shown again) and a page of campaigns. */
async function campaignsPage(c: Parameters<Parameters<typeof asAdmin>[0]>[0], admin: Admin, form?: { errors: Record<string, string>; values: Record<string, string> }) {
  const cursor = v.safeParse(CursorSchema, c.req.query("cursor"));
  if (!cursor.success) throw new VisibleError("input", "invalid_cursor", "This page address has a value we do not understand.");
  const page = await Campaign.list({ limit: CAMPAIGNS_PER_PAGE, ...(cursor.output ? { cursor: cursor.output } : {}) });
  const html = (await pages()).renderCampaignsPage({
    chrome: admin.chrome,
    campaigns: page.items,
    ...(page.cursor ? { older: `/admin/campaigns?cursor=${encodeURIComponent(page.cursor)}` } : {}),
    ...(form ? { form } : {}),
  });
  return c.html(html, form ? 400 : 200);
}

const CampaignId = IdSchema("cmp");

/**
 * The admin console (admin-console.ts says who may see it). Every page works without JavaScript: plain
 * forms, POST then redirect, errors beside their fields. The plan editor keeps its script, which calls the
 * JSON API with the admin's session.
 */
export const adminPages = new Hono<AppEnv>()
  .get("/", asAdmin(async (c, admin) => c.html((await pages()).renderAdminHome({ chrome: admin.chrome }))))
  .get("/campaigns", asAdmin(async (c, admin) => campaignsPage(c, admin)))
  .post(
    "/campaigns",
    asAdmin(async (c, admin) => {
      const form = await readAdminForm(c, admin);
      const values = { repId: one(form.repId).trim(), segment: one(form.segment).trim(), valueTier: one(form.valueTier) };
      const input = { kind: "report-card", ...Object.fromEntries(Object.entries(values).filter(([, value]) => value !== "")) };
      const parsed = v.safeParse(CampaignSchema, input);
      if (!parsed.success) return campaignsPage(c, admin, { errors: fieldsOf(parsed.issues), values });
      try {
        const campaign = await Campaign.start(parsed.output, admin.actor);
        return c.redirect(`/admin/campaigns/${campaign.id}`, 303);
      } catch (error) {
        const errors = error instanceof VisibleError && error.code === "rep_not_found" ? { repId: "names no rep" } : refusal(error);
        return campaignsPage(c, admin, { errors, values });
      }
    }),
  )
  .get(
    "/campaigns/:id",
    asAdmin(async (c, admin) => {
      const id = v.safeParse(CampaignId, c.req.param("id"));
      if (!id.success) throw new VisibleError("not-found", "campaign_not_found", "There is no such campaign.");
      const notice = c.req.query("cancelled") ? "Cancelled: nothing not yet sent will go out." : c.req.query("finished") ? "This campaign had already finished; nothing was cancelled." : undefined;
      return c.html((await pages()).renderCampaignPage({ chrome: admin.chrome, campaign: await Campaign.get(id.output), script: CAMPAIGN_SCRIPT, ...(notice ? { notice } : {}) }));
    }),
  )
  .post(
    "/campaigns/:id/cancel",
    asAdmin(async (c, admin) => {
      await readAdminForm(c, admin);
      const id = v.safeParse(CampaignId, c.req.param("id"));
      if (!id.success) throw new VisibleError("not-found", "campaign_not_found", "There is no such campaign.");
      try {
        await Campaign.cancel(id.output, admin.actor);
        return c.redirect(`/admin/campaigns/${id.output}?cancelled=1`, 303);
      } catch (error) {
        if (error instanceof VisibleError && error.status === 409) return c.redirect(`/admin/campaigns/${id.output}?finished=1`, 303);
        throw error;
      }
    }),
  )
  .get("/campaign.js", async (c) => {
    const { campaignScript } = await import("@rapport/web/pages/admin-campaign");
    const { body, headers } = script(campaignScript);
    return c.body(body, 200, headers);
  })
  .get("/plan", asAdmin(async (c, admin) => c.html((await pages()).renderPlanPage({ chrome: admin.chrome, script: PLAN_SCRIPT, seeds: await seeds() }))))
  .get("/plan.js", async (c) => {
    const { planScript } = await import("@rapport/web/pages/plan");
    const { body, headers } = script(planScript);
    return c.body(body, 200, headers);
  });
