import { Hono, type Context } from "hono";
import { getCookie } from "hono/cookie";
import * as v from "valibot";
import { Auth, type Viewer } from "@rapport/core/auth/index";
import { Dashboard, teamSortColumns } from "@rapport/core/dashboard/index";
import { VisibleError } from "@rapport/core/error";
import { IdSchema } from "@rapport/core/fields";
import { PeriodSchema } from "@rapport/core/period/index";
import { pages } from "./pages.ts";
import { SESSION_COOKIE, signedIn, type AppEnv } from "./auth.ts";
import { brand, csrfFor, errorPage, fieldsOf, readForm, type Form } from "./customer-pages.ts";
import type { ResolveField } from "@rapport/web/pages/index";
import { now } from "@rapport/core/clock/index";
import { FollowUp, reachOf, RECOVERY_HOURS, ResolveSchema } from "@rapport/core/followup/index";
import { besideTheCases } from "@rapport/core/profile/beside-case";
import { Recognition } from "@rapport/core/recognition/index";
import { Insights } from "@rapport/core/followup/insights";
import { RecoveryLoop } from "@rapport/core/followup/loop";
import { endOfLocalDay } from "@rapport/core/followup/schedule";
import { LostDeals } from "@rapport/core/deal/insights";

export const DashboardQuerySchema = v.object({
  resolved: v.optional(v.picklist(["checkin", "touch", "done"])),
  period: v.optional(PeriodSchema),
  sort: v.optional(v.picklist(teamSortColumns, `must be ${teamSortColumns.join(", ").replace(/, (?=[^,]*$)/, " or ")}`)),
  dir: v.optional(v.picklist(["asc", "desc"], "must be asc or desc")),
});

export function chrome(c: Context, viewer: Viewer) {
  return {
    ...brand(),
    viewer: { name: viewer.name, email: viewer.email, role: viewer.role },
    timezone: viewer.timezone,
    signOut: { action: "/auth/logout", csrf: csrfFor(`logout:${getCookie(c, SESSION_COOKIE) ?? ""}`) },
  };
}

function query(c: Context) {
  const parsed = v.safeParse(DashboardQuerySchema, c.req.query());
  if (!parsed.success) throw new VisibleError("input", "invalid_query", "This page address has a value we do not understand.", fieldsOf(parsed.issues));
  return parsed.output;
}

/**
 * Open follow-ups of some reps that the reader may see: overdue, due today (in the reader's zone) and,
 * with `comingUp`, those due in the next 14 days, each with its resolve form (coming-up items are shown
 * without one). One Query per rep, bounded by the horizon.
 */
async function schedule(c: Context, viewer: Viewer, repIds: string[], names?: Map<string, string>, options: { comingUp?: boolean } = {}) {
  const at = now();
  const until = endOfLocalDay(at, viewer.timezone).toISOString();
  // Overdue and due today, plus every open recovery case: a case due tomorrow morning still needs action
  // today, and no case is due more than 24 hours ahead.
  const soon = new Date(at.getTime() + RECOVERY_HOURS * 3_600_000).toISOString();
  const today = (f: { dueAt: string; kind: string }) => f.dueAt < until || (f.kind === "recovery" && f.dueAt < soon);
  const horizon = [until, soon, ...(options.comingUp ? [Dashboard.comingUpUntil(at, viewer.timezone).toISOString()] : [])].sort().at(-1)!;
  const open = (await FollowUp.list({ repIds, status: "open", dueBefore: horizon })).filter((f) => (options.comingUp || today(f)) && FollowUp.readableBy(f, viewer));
  const session = getCookie(c, SESSION_COOKIE) ?? "";
  const { known, entries } = await besideTheCases(open);
  const items = open.map((f) => ({
    id: f.id,
    kind: f.kind,
    ...(f.anonymous ? { anonymous: true } : { customerName: f.customerName ?? "" }),
    dueAt: f.dueAt,
    overdue: f.dueAt < at.toISOString(),
    ...reachOf(f),
    ...(names ? { summary: `${names.get(f.repId) ?? ""}` } : f.kind === "touch" && f.cadence ? { summary: `${cadenceLabel[f.cadence] ?? f.cadence} update` } : {}),
    ...(f.lowBehaviours?.length ? { lowBehaviours: f.lowBehaviours.map((b) => ({ label: b.label, rating: b.rating })) } : {}),
    ...(f.comment ? { comment: f.comment } : {}),
    ...(f.source === "concern" ? { source: f.source, ...(f.urgency ? { urgency: f.urgency } : {}) } : {}),
    ...(known.get(f.id) ?? { ...(f.interests?.length ? { interests: f.interests } : {}), ...(f.sharedAboutThem ? { sharedAboutThem: f.sharedAboutThem } : {}) }),
    ...(f.anonymous === false && entries.get(f.id)?.length ? { profileEntries: entries.get(f.id) } : {}),
    ...(!f.anonymous && f.customerId ? { profileHref: `/dashboard/customers/${f.customerId}` } : {}),
    ...(f.suggestedActions?.length ? { suggestedActions: f.suggestedActions } : {}),
    ...(f.escalatedAt ? { escalatedAt: f.escalatedAt } : {}),
    // A case reopened to the manager is theirs to resolve; the rep sees it without the form.
    ...(FollowUp.mayResolve(f, viewer) ? { resolve: { action: `/dashboard/follow-ups/${f.id}/resolve`, csrf: csrfFor(`resolve:${f.id}:${session}`) } } : {}),
  }));
  const later = new Set(open.filter((f) => !today(f)).map((f) => f.id));
  return {
    overdue: items.filter((i) => i.overdue),
    dueToday: items.filter((i) => !i.overdue && !later.has(i.id)),
    comingUp: items.filter((i) => later.has(i.id)).map(({ resolve: _resolve, ...i }) => i),
  };
}

async function repPage(c: Context, viewer: Viewer, repId: string, period: string, extra: { notice?: string; resolveError?: { id: string; message: string; note: string } } = {}, status = 200) {
  const [data, followUps, loop] = await Promise.all([Dashboard.forRep(repId, period), schedule(c, viewer, [repId], undefined, { comingUp: true }), RecoveryLoop.forReps([repId], period, viewer)]);
  const lostDeals = await LostDeals.coaching([{ id: data.rep.id, name: data.rep.name }], period, { own: viewer.repId === repId });
  return c.html(
    (await pages()).renderRepDashboard({
      ...chrome(c, viewer),
      ...data,
      followUps,
      loop,
      lostDeals,
      ...(viewer.managerOf.includes(repId) ? { backToTeam: `/dashboard?period=${period}` } : {}),
      basePath: viewer.repId === repId ? "/dashboard" : `/dashboard/reps/${repId}`,
      ...extra,
    }),
    status as 200,
  );
}

const cadenceLabel: Record<string, string> = { daily: "Daily", weekly: "Weekly", biweekly: "Every two weeks", monthly: "Monthly" };

function noticeFor(kind: string): string {
  if (kind === "checkin") return "Resolved. A check-in with the customer is on your schedule in 21 days.";
  if (kind === "touch") return "Done. The next update is on your schedule.";
  return "Resolved.";
}

const one = (value: Form[string] | undefined) => (typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : "");

/**
 * The resolve form's fields as the API's input: the gesture picked from the suggestions ("suggested") or
 * written ("own"), its cost, the profile entries ticked; and the values as posted, to show them again.
 */
function resolveForm(form: Form) {
  const values = {
    note: one(form.note),
    gesture: one(form.gesture) || "none",
    gestureOwn: one(form.gestureOwn),
    gestureCost: one(form.gestureCost).trim(),
    inspiredBy: (Array.isArray(form.inspiredBy) ? form.inspiredBy : [form.inspiredBy]).filter((x): x is string => typeof x === "string" && x !== ""),
  };
  const own = values.gesture === "own";
  const cost = values.gestureCost === "" ? undefined : Number(values.gestureCost.replace(/^[^\d-]+/, ""));
  const gesture =
    values.gesture !== "none"
      ? { description: own ? values.gestureOwn : values.gesture, ...(cost !== undefined ? { cost } : {}), ...(own ? {} : { suggested: true }) }
      : cost !== undefined
        ? { description: "", cost }
        : undefined;
  return { values, input: { note: values.note, ...(gesture ? { gesture } : {}), ...(values.inspiredBy.length ? { inspiredBy: values.inspiredBy } : {}) } };
}

/** The first refused field of a resolve form, as the field the page marks and a sentence naming it. */
function resolveErrorOf(fields: Record<string, string>, values: ReturnType<typeof resolveForm>["values"]): { field: ResolveField; message: string } {
  const [path = "note", problem = "is not valid"] = Object.entries(fields)[0] ?? [];
  if (path === "note") return { field: "note", message: `Note ${problem}.` };
  if (path === "gesture.cost") return { field: "cost", message: `Cost ${problem}.` };
  if (path.startsWith("inspiredBy")) return { field: "inspiredBy", message: `What inspired it ${problem}.` };
  if (values.gesture === "own" || values.gesture === "none") return { field: values.gesture === "own" ? "own" : "gesture", message: values.gesture === "own" ? `Your own gesture ${problem}.` : "Choose or describe the gesture the cost is for." };
  return { field: "gesture", message: `Personal gesture ${problem}.` };
}

export const dashboard = new Hono<AppEnv>()
  .get("/", async (c) => {
    try {
      const viewer = await signedIn(c);
      if (!viewer) return c.redirect("/auth/login", 303);
      if (!viewer.repId && viewer.role !== "manager") return c.redirect("/admin", 303);
      const q = query(c);
      const period = q.period ?? Dashboard.currentPeriod();
      if (viewer.role === "manager") {
        const sort = { column: q.sort ?? "name", direction: q.dir ?? (q.sort && q.sort !== "name" ? "desc" : "asc") } as const;
        const [data, insightRows, loop] = await Promise.all([
          Dashboard.forTeam(viewer.email, period, sort),
          Insights.forPeriod(period, viewer.managerOf),
          RecoveryLoop.forReps(viewer.managerOf, period, viewer),
        ]);
        const followUps = await schedule(c, viewer, viewer.managerOf, new Map(data.rows.map((r) => [r.repId, r.name])));
        return c.html(
          (await pages()).renderTeamDashboard({
            ...chrome(c, viewer),
            viewer: { name: viewer.name, email: viewer.email, role: "manager" },
            ...data,
            rows: data.rows.map((row) => ({ ...row, href: `/dashboard/reps/${row.repId}?period=${period}` })),
            sort,
            followUps,
            loop,
            insights: insightRows,
            secrets: await Recognition.forTeam(data.rows.map((r) => ({ id: r.repId, name: r.name })), period),
            lostDeals: await LostDeals.coaching(data.rows.map((r) => ({ id: r.repId, name: r.name })), period),
          }),
        );
      }
      const resolved = c.req.query("resolved");
      return await repPage(c, viewer, viewer.repId!, period, resolved ? { notice: noticeFor(resolved) } : {});
    } catch (error) {
      return errorPage(c, error);
    }
  })
  .post("/follow-ups/:id/resolve", async (c) => {
    try {
      const viewer = await signedIn(c);
      if (!viewer) return c.redirect("/auth/login", 303);
      const id = v.safeParse(IdSchema("fup"), c.req.param("id"));
      if (!id.success) throw new VisibleError("not-found", "follow_up_not_found", "There is no such follow-up.");
      const form = await readForm(c, `resolve:${id.output}:${getCookie(c, SESSION_COOKIE) ?? ""}`, { all: true });
      const existing = await FollowUp.get(id.output);
      if (!existing) throw new VisibleError("not-found", "follow_up_not_found", "There is no such follow-up.");
      if (!FollowUp.readableBy(existing, viewer)) throw new VisibleError("forbidden", "not_your_follow_up", "You can resolve your own follow-ups and your team's.");
      const back = viewer.repId === existing.repId ? "/dashboard" : `/dashboard/reps/${existing.repId}`;
      const posted = resolveForm(form);
      const refused = (fields: Record<string, string>) =>
        repPage(c, viewer, existing.repId, Dashboard.currentPeriod(), { resolveError: { id: existing.id, ...posted.values, ...resolveErrorOf(fields, posted.values) } }, 400);
      const parsed = v.safeParse(ResolveSchema, posted.input);
      if (!parsed.success) return await refused(fieldsOf(parsed.issues));
      const result = await FollowUp.resolve(existing.id, parsed.output, { kind: "user", id: viewer.email }).catch((error: unknown) => {
        if (error instanceof VisibleError && error.status === 400 && error.fields) return error.fields;
        throw error;
      });
      if (!("followUp" in result)) return await refused(result);
      const kind = result.checkIn ? "checkin" : result.next ? "touch" : "done";
      return c.redirect(`${back}?resolved=${kind}`, 303);
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
      const resolved = c.req.query("resolved");
      return await repPage(c, viewer, repId.output, query(c).period ?? Dashboard.currentPeriod(), resolved ? { notice: noticeFor(resolved) } : {});
    } catch (error) {
      return errorPage(c, error);
    }
  });
