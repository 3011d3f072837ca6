import { Hono } from "hono";
import type { AppEnv } from "./auth.ts";
import { brand } from "./customer-pages.ts";
import { pages } from "./pages.ts";

/** The campaigns page's one script, served from this origin so the Content-Security-Policy needs no exception. */
const CAMPAIGNS_SCRIPT = "/admin/campaigns.js";

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
  });
