import { Hono, type Context } from "hono";
import * as v from "valibot";
import { IdSchema } from "@rapport/core/fields";
import { Rep, RepSchema } from "@rapport/core/rep/index";
import { list as listReps, RepListQuerySchema } from "@rapport/core/rep/list";
import { patch, RepPatchSchema } from "@rapport/core/rep/update";
import { editTeam } from "@rapport/core/team/edit";
import { Team, TeamPatchSchema, TeamSchema } from "@rapport/core/team/index";
import type { FormState } from "@rapport/web/pages/index";
import type { AppEnv } from "./auth.ts";
import { asAdmin, one, readAdminForm, type Admin } from "./admin-console.ts";
import { activeOf, filtersOf, idOf, invalid, isStale, noticeOf, pagesOf, refused, versionsOf } from "./admin-edit.ts";

const TeamId = IdSchema("team");
const RepId = IdSchema("rep");

const NOTICES = { created: "Created.", saved: "Saved.", deactivated: "Deactivated.", reactivated: "Reactivated." };

const people = () => import("@rapport/web/pages/admin-teams");
const repPages = () => import("@rapport/web/pages/admin-reps");

/** The teams a rep may join (active ones), by name. */
const activeTeams = async () => (await Team.list({ status: "active" })).items.map((t) => ({ id: t.id, name: t.name }));

async function teamsPage(c: Context<AppEnv>, admin: Admin, extra: { form?: FormState; notice?: string } = {}, status: 200 | 400 = 200) {
  const teams = (await Team.list()).items.map(Team.view);
  return c.html((await people()).renderTeamsPage({ chrome: admin.chrome, teams, ...extra }), status);
}

async function teamPage(c: Context<AppEnv>, admin: Admin, id: string, extra: { form?: FormState; notice?: string; stale?: boolean } = {}, status: 200 | 400 | 412 = 200) {
  const team = Team.view(await Team.mustGet(id));
  return c.html((await people()).renderTeamPage({ chrome: admin.chrome, team, ...Object.fromEntries(Object.entries(extra).filter(([, x]) => x !== undefined)) }), status);
}

async function repsPage(c: Context<AppEnv>, admin: Admin, extra: { form?: FormState; notice?: string } = {}, status: 200 | 400 = 200) {
  const { typed, cursor, parsed } = filtersOf(c, RepListQuerySchema, ["teamId", "status", "q"]);
  const page = parsed.success ? await listReps(parsed.output) : { items: [] };
  const filters: FormState = parsed.success ? { values: typed } : invalid(typed, parsed.issues);
  const html = (await repPages()).renderRepsPage({ chrome: admin.chrome, reps: page.items, teams: await activeTeams(), filters, ...pagesOf("/admin/reps", typed, cursor, page.nextCursor), ...extra });
  return c.html(html, parsed.success ? status : 400);
}

async function repPage(c: Context<AppEnv>, admin: Admin, id: string, extra: { form?: FormState; notice?: string; stale?: boolean } = {}, status: 200 | 400 | 412 = 200) {
  const rep = await Rep.mustGet(id);
  const html = (await repPages()).renderRepPage({ chrome: admin.chrome, rep, teams: await activeTeams(), ...Object.fromEntries(Object.entries(extra).filter(([, x]) => x !== undefined)) });
  return c.html(html, status);
}

/**
 * The console's teams and reps pages: lists with filters and pages, create forms, edit forms that carry the
 * version they were read at (a stale edit is refused and the page shows the record as it now is), and
 * deactivation. Every change goes through the same core verb as the API, audited as the signed-in admin.
 */
export const adminPeople = new Hono<AppEnv>()
  .get("/teams", asAdmin(async (c, admin) => teamsPage(c, admin, { ...(noticeOf(c, NOTICES) ? { notice: noticeOf(c, NOTICES)! } : {}) })))
  .post(
    "/teams",
    asAdmin(async (c, admin) => {
      const form = await readAdminForm(c, admin);
      const values = { name: one(form.name), managerEmail: one(form.managerEmail) };
      const parsed = v.safeParse(TeamSchema, values);
      if (!parsed.success) return teamsPage(c, admin, { form: invalid(values, parsed.issues) }, 400);
      try {
        const team = await Team.create(parsed.output, admin.actor);
        return c.redirect(`/admin/teams/${team.id}?done=created`, 303);
      } catch (error) {
        return teamsPage(c, admin, { form: refused(values, error) }, 400);
      }
    }),
  )
  .get(
    "/teams/:id",
    asAdmin(async (c, admin) => teamPage(c, admin, idOf(TeamId, c.req.param("id"), "team_not_found", "team"), { notice: noticeOf(c, NOTICES) })),
  )
  .post(
    "/teams/:id",
    asAdmin(async (c, admin) => {
      const id = idOf(TeamId, c.req.param("id"), "team_not_found", "team");
      const form = await readAdminForm(c, admin);
      const values = { name: one(form.name), managerEmail: one(form.managerEmail), slackWebhookUrl: one(form.slackWebhookUrl).trim() };
      const slack = one(form.slackRemove) ? { slackWebhookUrl: null } : values.slackWebhookUrl ? { slackWebhookUrl: values.slackWebhookUrl } : {};
      const parsed = v.safeParse(TeamPatchSchema, { name: values.name, managerEmail: values.managerEmail, ...slack });
      if (!parsed.success) return teamPage(c, admin, id, { form: invalid(values, parsed.issues) }, 400);
      try {
        await editTeam(id, parsed.output, admin.actor, versionsOf(form));
        return c.redirect(`/admin/teams/${id}?done=saved`, 303);
      } catch (error) {
        if (isStale(error)) return teamPage(c, admin, id, { stale: true }, 412);
        return teamPage(c, admin, id, { form: refused(values, error) }, 400);
      }
    }),
  )
  .post(
    "/teams/:id/active",
    asAdmin(async (c, admin) => {
      const id = idOf(TeamId, c.req.param("id"), "team_not_found", "team");
      const active = activeOf(await readAdminForm(c, admin));
      await editTeam(id, { active }, admin.actor);
      return c.redirect(`/admin/teams/${id}?done=${active ? "reactivated" : "deactivated"}`, 303);
    }),
  )
  .get("/reps", asAdmin(async (c, admin) => repsPage(c, admin, { ...(noticeOf(c, NOTICES) ? { notice: noticeOf(c, NOTICES)! } : {}) })))
  .post(
    "/reps",
    asAdmin(async (c, admin) => {
      const form = await readAdminForm(c, admin);
      const values = { name: one(form.name), email: one(form.email), teamId: one(form.teamId), timezone: one(form.timezone).trim() };
      const input = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ""));
      const parsed = v.safeParse(RepSchema, input);
      if (!parsed.success) return repsPage(c, admin, { form: invalid(values, parsed.issues) }, 400);
      try {
        const rep = await Rep.create(parsed.output, admin.actor);
        return c.redirect(`/admin/reps/${rep.id}?done=created`, 303);
      } catch (error) {
        return repsPage(c, admin, { form: refused(values, error) }, 400);
      }
    }),
  )
  .get("/reps/:id", asAdmin(async (c, admin) => repPage(c, admin, idOf(RepId, c.req.param("id"), "rep_not_found", "rep"), { notice: noticeOf(c, NOTICES) })))
  .post(
    "/reps/:id",
    asAdmin(async (c, admin) => {
      const id = idOf(RepId, c.req.param("id"), "rep_not_found", "rep");
      const form = await readAdminForm(c, admin);
      const values = { name: one(form.name), email: one(form.email), teamId: one(form.teamId), timezone: one(form.timezone).trim() };
      const before = await Rep.mustGet(id);
      // An empty team or time zone clears it (when there was one); the rest is sent as typed.
      const changes = {
        name: values.name,
        email: values.email,
        ...(values.teamId ? { teamId: values.teamId } : before.teamId ? { teamId: null } : {}),
        ...(values.timezone ? { timezone: values.timezone } : before.timezone ? { timezone: null } : {}),
      };
      const parsed = v.safeParse(RepPatchSchema, changes);
      if (!parsed.success) return repPage(c, admin, id, { form: invalid(values, parsed.issues) }, 400);
      try {
        await patch(id, parsed.output, admin.actor, versionsOf(form));
        return c.redirect(`/admin/reps/${id}?done=saved`, 303);
      } catch (error) {
        if (isStale(error)) return repPage(c, admin, id, { stale: true }, 412);
        return repPage(c, admin, id, { form: refused(values, error) }, 400);
      }
    }),
  )
  .post(
    "/reps/:id/active",
    asAdmin(async (c, admin) => {
      const id = idOf(RepId, c.req.param("id"), "rep_not_found", "rep");
      const active = activeOf(await readAdminForm(c, admin));
      await patch(id, { active }, admin.actor);
      return c.redirect(`/admin/reps/${id}?done=${active ? "reactivated" : "deactivated"}`, 303);
    }),
  );
