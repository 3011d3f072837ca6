import { Hono, type Context } from "hono";
import { getCookie } from "hono/cookie";
import * as v from "valibot";
import { Auth, type Viewer } from "@rapport/core/auth/index";
import { Dashboard } from "@rapport/core/dashboard/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import { PeriodSchema } from "@rapport/core/period/index";
import { renderRepDashboard, renderTeamDashboard } from "@rapport/web/pages/index";
import { SESSION_COOKIE, type AppEnv } from "./auth.ts";
import { brand, csrfFor, errorPage, fieldsOf } from "./customer-pages.ts";

export const DashboardQuerySchema = v.object({
  period: v.optional(PeriodSchema),
  sort: v.optional(v.picklist(["name", "responses", "adjustedScore", "eligible"], "must be name, responses, adjustedScore or eligible")),
  dir: v.optional(v.picklist(["asc", "desc"], "must be asc or desc")),
});

async function signedIn(c: Context): Promise<Viewer | undefined> {
  const session = getCookie(c, SESSION_COOKIE);
  return session ? Auth.fromSession(session) : undefined;
}

function chrome(c: Context, viewer: Viewer) {
  return {
    ...brand(),
    viewer: { name: viewer.name, email: viewer.email, role: viewer.role },
    signOut: { action: "/auth/logout", csrf: csrfFor(`logout:${getCookie(c, SESSION_COOKIE) ?? ""}`) },
  };
}

function query(c: Context) {
  const parsed = v.safeParse(DashboardQuerySchema, c.req.query());
  if (!parsed.success) throw new VisibleError("input", "invalid_query", "This page address has a value we do not understand.", fieldsOf(parsed.issues));
  return parsed.output;
}

async function repPage(c: Context, viewer: Viewer, repId: string, period: string) {
  const data = await Dashboard.forRep(repId, period);
  return c.html(
    renderRepDashboard({
      ...chrome(c, viewer),
      ...data,
      followUps: { overdue: [], dueToday: [] },
      ...(viewer.managerOf.includes(repId) ? { backToTeam: `/dashboard?period=${period}` } : {}),
    }),
  );
}

export const dashboard = new Hono<AppEnv>()
  .get("/", async (c) => {
    try {
      const viewer = await signedIn(c);
      if (!viewer) return c.redirect("/auth/login", 303);
      const q = query(c);
      const period = q.period ?? Dashboard.currentPeriod();
      if (viewer.role === "manager") {
        const sort = { column: q.sort ?? "name", direction: q.dir ?? (q.sort && q.sort !== "name" ? "desc" : "asc") } as const;
        const data = await Dashboard.forTeam(viewer.email, period, sort);
        return c.html(
          renderTeamDashboard({
            ...chrome(c, viewer),
            viewer: { name: viewer.name, email: viewer.email, role: "manager" },
            ...data,
            rows: data.rows.map((row) => ({ ...row, href: `/dashboard/reps/${row.repId}?period=${period}` })),
            sort,
          }),
        );
      }
      return await repPage(c, viewer, viewer.repId!, period);
    } catch (error) {
      return errorPage(c, error);
    }
  })
  .get("/reps/:repId", async (c) => {
    try {
      const viewer = await signedIn(c);
      if (!viewer) return c.redirect("/auth/login", 303);
      const repId = v.safeParse(IdSchema("rep"), c.req.param("repId"));
      if (!repId.success) throw new VisibleError("not-found", "unknown_rep", "There is no such rep.");
      if (!Auth.maySee(viewer, repId.output)) throw new VisibleError("forbidden", "not_your_rep", "You can see your own scores and your team's.");
      return await repPage(c, viewer, repId.output, query(c).period ?? Dashboard.currentPeriod());
    } catch (error) {
      return errorPage(c, error);
    }
  });
