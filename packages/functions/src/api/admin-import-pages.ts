import { Hono, type Context } from "hono";
import { IdSchema } from "@rapport/core/fields";
import type { ImportError } from "@rapport/core/import/index";
import { ImportJobs, type ImportJob } from "@rapport/core/import/job";
import { requeue } from "@rapport/core/import/requeue";
import type { AppEnv } from "./auth.ts";
import { asAdmin, readAdminForm, type Admin } from "./admin-console.ts";
import { idOf } from "./admin-edit.ts";
import { MAX_IMPORT_BYTES } from "./body-size.ts";

/** The import page's progress script, served from this origin so the Content-Security-Policy needs no exception. */
const IMPORT_SCRIPT = "/admin/import.js";
const ImportId = IdSchema("imp");

const pages = () => import("@rapport/web/pages/admin-import");
const withStatus = (job: ImportJob) => ({ ...job, status: ImportJobs.statusOf(job) });
const importId = (c: Context<AppEnv>) => idOf(ImportId, c.req.param("id"), "import_not_found", "import");

async function importPage(c: Context<AppEnv>, admin: Admin, extra: { refused?: { file: string; errors: ImportError[] }; problem?: string } = {}, status: 200 | 400 = 200) {
  const jobs = (await ImportJobs.recent()).map(withStatus);
  return c.html((await pages()).renderImportPage({ chrome: admin.chrome, jobs, maxKb: MAX_IMPORT_BYTES / 1024, ...extra }), status);
}

/**
 * The console's CSV import: the upload (multipart, up to MAX_IMPORT_BYTES) is validated whole in the
 * request; a file with any bad row is answered with every bad row and nothing imported; a good one becomes
 * an import job the campaign worker writes in the background, followed on the job's page.
 */
export const adminImportPages = new Hono<AppEnv>()
  .get("/import", asAdmin(async (c, admin) => importPage(c, admin)))
  .post(
    "/import",
    asAdmin(async (c, admin) => {
      const form = await readAdminForm(c, admin);
      const file = form.file;
      if (!(file instanceof File) || file.size === 0) return importPage(c, admin, { problem: "CSV file: choose a file to upload." }, 400);
      if (file.size > MAX_IMPORT_BYTES) return importPage(c, admin, { problem: `CSV file: is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it and upload each part.` }, 400);
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
      } catch {
        return importPage(c, admin, { problem: "CSV file: is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and upload it again." }, 400);
      }
      const name = file.name.replace(/[^\p{L}\p{N} ._()-]/gu, "_").slice(0, 100) || "upload.csv";
      const started = await ImportJobs.start({ name, text }, admin.actor);
      if ("errors" in started) return importPage(c, admin, { refused: { file: name, errors: started.errors } }, 400);
      return c.redirect(`/admin/import/${started.job.id}`, 303);
    }),
  )
  .get(
    "/import/:id",
    asAdmin(async (c, admin) => {
      const job = withStatus(await ImportJobs.get(importId(c)));
      const notice = c.req.query("requeued") ? "The rows not yet written are with the worker again." : undefined;
      return c.html((await pages()).renderImportJobPage({ chrome: admin.chrome, job, script: IMPORT_SCRIPT, ...(notice ? { notice } : {}) }));
    }),
  )
  .post(
    "/import/:id/requeue",
    asAdmin(async (c, admin) => {
      const id = importId(c);
      await readAdminForm(c, admin);
      await requeue(id, admin.actor);
      return c.redirect(`/admin/import/${id}?requeued=1`, 303);
    }),
  )
  .get(
    "/import/:id/progress",
    asAdmin(async (c) => {
      const job = withStatus(await ImportJobs.get(importId(c)));
      const { errors: _, actor: __, ...counts } = job;
      return c.json({ ...counts, ...(await pages()).importProgress(job) });
    }),
  )
  .get("/import.js", async (c) => {
    const { importScript } = await pages();
    return c.body(importScript, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" });
  });
