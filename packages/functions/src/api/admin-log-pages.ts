import { Hono, type Context } from "hono";
import * as v from "valibot";
import { Audit } from "@rapport/core/audit/index";
import { auditFilterOf, AuditQuerySchema } from "@rapport/core/audit/query";
import { now } from "@rapport/core/clock/index";
import { VisibleError } from "@rapport/core/error";
import { Period, PeriodSchema } from "@rapport/core/period/index";
import { stateOf } from "@rapport/core/period/state";
import type { PeriodRow } from "@rapport/web/pages/index";
import type { AppEnv } from "./auth.ts";
import { asAdmin, one, readAdminForm, type Admin } from "./admin-console.ts";
import { fieldsOf } from "./customer-pages.ts";
import { CloseSchema, ReopenSchema } from "./periods.ts";
import { pages } from "./pages.ts";

const ENTRIES_PER_PAGE = 50;
/** The periods page lists this quarter and the four before it. */
const QUARTERS = 5;

const PageQuerySchema = v.pick(AuditQuerySchema, ["actor", "action", "entityId", "from", "to", "cursor"]);

/** The filter form's values: blanks dropped, so an empty field filters nothing. */
function filtersOf(c: Context<AppEnv>): Record<string, string> {
  return Object.fromEntries(["actor", "action", "entityId", "from", "to", "cursor"].flatMap((name) => (c.req.query(name)?.trim() ? [[name, c.req.query(name)!.trim()]] : [])));
}

async function periodRows(): Promise<PeriodRow[]> {
  const at = now();
  const periods = [Period.periodOf(at)];
  while (periods.length < QUARTERS) periods.push(Period.previous(periods.at(-1)!));
  const states = await Promise.all(periods.map((period) => stateOf(period)));
  return periods.map((period, i) => {
    const { start, end } = Period.bounds(period);
    const state = states[i]!;
    return {
      period,
      start: start.toISOString(),
      end: new Date(end.getTime() - 1).toISOString(),
      ended: end.getTime() <= at.getTime(),
      openFlags: state.openFlags ?? 0,
      ...(state.closedAt && state.version && state.sha256
        ? { closed: { version: state.version, closedAt: state.closedAt, sha256: state.sha256, ...(state.earlyCloseReason ? { earlyCloseReason: state.earlyCloseReason } : {}) } }
        : {}),
    };
  });
}

async function periodsPage(c: Context<AppEnv>, admin: Admin, extra: { notice?: string; error?: { period: string; field?: "reason"; message: string; reason?: string } } = {}, status: 200 | 400 | 409 = 200) {
  return c.html((await pages()).renderPeriodsPage({ chrome: admin.chrome, periods: await periodRows(), ...extra }), status);
}

/** A period's close or reopen from its form: done and said, or refused beside the period with the reason as typed. */
async function periodAction(c: Context<AppEnv>, admin: Admin, action: "close" | "reopen") {
  const form = await readAdminForm(c, admin);
  const period = v.safeParse(PeriodSchema, c.req.param("period"));
  if (!period.success) throw new VisibleError("not-found", "period_not_found", "There is no such period.");
  const reason = one(form.reason);
  const refuse = (message: string, field?: "reason", status: 400 | 409 = 400) => periodsPage(c, admin, { error: { period: period.output, message, reason, ...(field ? { field } : {}) } }, status);
  try {
    if (action === "reopen") {
      const parsed = v.safeParse(ReopenSchema, { reason });
      if (!parsed.success) return await refuse(fieldsOf(parsed.issues).reason ?? "is not valid", "reason");
      await Period.reopen(period.output, parsed.output.reason, admin.actor);
    } else {
      const ended = Period.bounds(period.output).end.getTime() <= now().getTime();
      const parsed = v.safeParse(CloseSchema, ended ? {} : { force: true, reason });
      if (!parsed.success) return await refuse(fieldsOf(parsed.issues).reason ?? "is not valid", "reason");
      await Period.close(period.output, admin.actor, parsed.output);
    }
  } catch (error) {
    if (error instanceof VisibleError && (error.status === 400 || error.status === 409)) return await refuse(error.message, undefined, error.status);
    throw error;
  }
  return c.redirect(`/admin/periods?${action === "close" ? "closed" : "reopened"}=${period.output}`, 303);
}

/** The console's audit log and periods pages. */
export const adminLogPages = new Hono<AppEnv>()
  .get(
    "/audit",
    asAdmin(async (c, admin) => {
      const values = filtersOf(c);
      const parsed = v.safeParse(PageQuerySchema, values);
      if (!parsed.success) {
        return c.html((await pages()).renderAuditPage({ chrome: admin.chrome, entries: [], form: { errors: fieldsOf(parsed.issues), values }, paged: false }), 400);
      }
      const filter = auditFilterOf(parsed.output);
      const shown: Record<string, string> = { ...values, from: filter.from, to: filter.to };
      delete shown.cursor;
      try {
        const page = await Audit.search(filter, parsed.output.cursor, ENTRIES_PER_PAGE);
        const next = page.cursor ? `/admin/audit?${new URLSearchParams({ ...shown, cursor: page.cursor })}` : undefined;
        return c.html((await pages()).renderAuditPage({ chrome: admin.chrome, entries: page.items, form: { values: shown }, paged: Boolean(parsed.output.cursor), ...(next ? { next } : {}) }));
      } catch (error) {
        if (!(error instanceof VisibleError && error.status === 400)) throw error;
        return c.html((await pages()).renderAuditPage({ chrome: admin.chrome, entries: [], form: { errors: error.fields ?? { from: error.message }, values: shown }, paged: false }), 400);
      }
    }),
  )
  .get(
    "/periods",
    asAdmin(async (c, admin) => {
      const closed = c.req.query("closed");
      const reopened = c.req.query("reopened");
      const notice = closed ? `${closed} is closed: its bonus inputs are frozen.` : reopened ? `${reopened} is reopened: its bonus inputs are live again.` : undefined;
      return periodsPage(c, admin, notice && /^\d{4}-Q[1-4]$/.test(closed ?? reopened ?? "") ? { notice } : {});
    }),
  )
  .post("/periods/:period/close", asAdmin(async (c, admin) => periodAction(c, admin, "close")))
  .post("/periods/:period/reopen", asAdmin(async (c, admin) => periodAction(c, admin, "reopen")));
