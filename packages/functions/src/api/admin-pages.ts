import { Hono } from "hono";
import type { AppEnv } from "./auth.ts";
import { brand } from "./customer-pages.ts";
import { pages } from "./pages.ts";

/** The campaigns page's one script, served from this origin so the Content-Security-Policy needs no exception. */
const CAMPAIGNS_SCRIPT = "/admin/campaigns.js";
/** The plan page's one script, likewise. */
const PLAN_SCRIPT = "/admin/plan.js";

/** The seeds' plan the plan page offers to start from: its settings and components, without a start date. */
async function seeds() {
  const [{ Plan }, { now }] = await Promise.all([import("@rapport/core/plan/index"), import("@rapport/core/clock/index")]);
  const { startDate: _, ...plan } = Plan.seedsPlan(now().toISOString().slice(0, 10));
  return plan;
}

/**
 * The admin console's pages. Admins hold API keys, not sessions: each page is static (no personal data)
 * and its script asks for the key and calls the JSON API with it.
 */
export const adminPages = new Hono<AppEnv>()
  .get("/", (c) => c.redirect("/admin/campaigns", 303))
  .get("/campaigns", async (c) => {
    c.header("cache-control", "no-store");
    return c.html((await pages()).renderCampaignsPage({ ...brand(), script: CAMPAIGNS_SCRIPT }));
  })
  .get("/campaigns.js", async (c) => {
    const { campaignsScript } = await import("@rapport/web/pages/campaigns");
    return c.body(campaignsScript, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" });
  })
  .get("/plan", async (c) => {
    c.header("cache-control", "no-store");
    return c.html((await pages()).renderPlanPage({ ...brand(), script: PLAN_SCRIPT, seeds: await seeds() }));
  })
  .get("/plan.js", async (c) => {
    const { planScript } = await import("@rapport/web/pages/plan");
    return c.body(planScript, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" });
  });
