/**
 * GET /admin/import: the upload form for a customers or reps CSV file, the file's bad rows when it was
 * refused, and the latest imports; GET /admin/import/{id}: one import's progress (a bar and counts, followed
 * by its one same-origin script, or reloaded by hand without JavaScript), then its report.
 */
import type { ImportError } from "@rapport/core/import/index";
import type { ImportJob } from "@rapport/core/import/job";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, when, type AdminChrome } from "./admin-frame.tsx";
import { Back, Notice } from "./admin-people-fields.tsx";
import { Csrf } from "./fields.tsx";

export { importScript } from "./admin-import-script.ts";

const STATUS = { queued: "Waiting for the worker", importing: "Importing", done: "Done" } as const;

export interface ImportJobView extends ImportJob {
  status: keyof typeof STATUS;
}

/**
 * How far an import has got, for the page and for its script (GET /admin/import/{id}/progress serves it): the
 * share of rows written in whole percent, the status in words and the bar's sentence, "120 of 200 rows written
 * (60%): 118 created, 2 updated, 0 unchanged, 0 refused. Importing."
 */
export function importProgress(job: ImportJobView) {
  const percent = job.rows > 0 ? Math.floor((100 * job.processed) / job.rows) : 100;
  const statusText = STATUS[job.status];
  const text = `${job.processed} of ${job.rows} rows written (${percent}%): ${job.created} created, ${job.updated} updated, ${job.unchanged} unchanged, ${job.failed} refused. ${statusText}.`;
  return { percent, statusText, text };
}

function ErrorReport({ errors, id, title }: { errors: ImportError[]; id: string; title: string }) {
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div class="table-wrap">
        <table class="list" id="row-errors">
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr>
                <td>{e.line}</td>
                <td>{e.field || "(the row)"}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export interface ImportPageProps {
  chrome: AdminChrome;
  jobs: ImportJobView[];
  /** The file just refused: its name and every bad row. */
  refused?: { file: string; errors: ImportError[] };
  /** A refusal of the upload itself (no file, too large, not text). */
  problem?: string;
  maxKb: number;
}

function ImportPage({ chrome, jobs, refused, problem, maxKb }: ImportPageProps) {
  return (
    <AdminFrame chrome={chrome} title="Import CSV" intro="Add or update many customers, or reps, from a spreadsheet saved as CSV." current="/admin/import">
      {refused ? (
        <div class="errors" tabindex={-1} autofocus role="alert">
          <h2>Nothing was imported</h2>
          <p>
            {refused.file} has {refused.errors.length} {refused.errors.length === 1 ? "problem" : "problems"}, listed below by line. Fix them and upload the whole file again: an
            import is all of its rows or none, and rows already in Rapport are updated, never duplicated.
          </p>
        </div>
      ) : null}
      <section class="card" aria-labelledby="upload-title">
        <h2 id="upload-title">Upload a file</h2>
        <p class="sub">
          A customers file has the columns name, email, rep_email and optionally company, segment, value_tier; a reps file name, email and optionally manager_email, team, timezone.
          The header row names them, in any order. Up to {maxKb / 1024} MB. Every row is checked first; then the rows are written in the background and you can follow them here.
        </p>
        <form method="post" action="/admin/import" enctype="multipart/form-data" novalidate>
          <Csrf value={chrome.csrf} />
          <div class="field">
            <label class="label" for="file">
              CSV file
            </label>
            {problem ? (
              <p class="error" id="file-error">
                {problem}
              </p>
            ) : null}
            <input type="file" id="file" name="file" accept=".csv,text/csv" {...(problem ? { "aria-invalid": "true", "aria-describedby": "file-error" } : {})} />
          </div>
          <button type="submit" class="btn inline">
            Check and import
          </button>
        </form>
      </section>
      {refused ? <ErrorReport errors={refused.errors} id="report-title" title={`Problems in ${refused.file}`} /> : null}
      <section class="card" aria-labelledby="jobs-title">
        <h2 id="jobs-title">Latest imports</h2>
        {jobs.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Started</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/import/${job.id}`}>{job.file}</a>
                    </th>
                    <td>{when(job.createdAt, chrome.timezone)}</td>
                    <td>
                      {job.processed} of {job.rows} {job.kind}
                    </td>
                    <td>{STATUS[job.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No imports yet.</p>
        )}
      </section>
    </AdminFrame>
  );
}

export interface ImportJobPageProps {
  chrome: AdminChrome;
  job: ImportJobView;
  script: string;
  notice?: string;
}

function ImportJobPage({ chrome, job, script, notice }: ImportJobPageProps) {
  const p = importProgress(job);
  const live = job.status !== "done";
  const row = (id: string, label: string, value: string | number) => [<dt>{label}</dt>, <dd id={id}>{String(value)}</dd>];
  return (
    <AdminFrame chrome={chrome} title={`Import of ${job.file}`} intro={`${job.rows} ${job.kind}, started ${when(job.createdAt, chrome.timezone)} by ${job.actor.id}.`} current="/admin/import">
      <Back href="/admin/import">All imports</Back>
      <Notice text={notice ?? (live ? undefined : job.failed ? "Done, with rows refused: see the report below." : "Done: every row is written.")} />
      <section class="card" aria-labelledby="progress-title" id="progress" data-import={job.id} data-live={live ? "true" : "false"}>
        <h2 id="progress-title">Progress</h2>
        <label class="label" for="progress-bar">
          Rows written
        </label>
        <progress id="progress-bar" max={String(Math.max(job.rows, 1))} value={String(job.processed)}>
          {p.percent}%
        </progress>
        <p id="progress-text" class="live" aria-live="polite" aria-atomic="true">
          {p.text}
        </p>
        <dl class="counts">
          {row("count-status", "Status", STATUS[job.status])}
          {row("count-created", "Created", job.created)}
          {row("count-updated", "Updated", job.updated)}
          {row("count-unchanged", "Unchanged (already as in the file)", job.unchanged)}
          {row("count-failed", "Refused while writing", job.failed)}
        </dl>
        {live ? (
          <div id="live-actions">
            <p class="sub" id="refresh-hint">
              <a href={`/admin/import/${job.id}`}>Reload the progress</a> (with JavaScript on, this page follows it by itself).
            </p>
            <p class="sub">If the bar has not moved for several minutes, give the rows not yet written to the worker again (no row is written or counted twice).</p>
            <AdminForm action={`/admin/import/${job.id}/requeue`} csrf={chrome.csrf}>
              <button type="submit" class="btn quiet inline">
                Write the remaining rows again
              </button>
            </AdminForm>
          </div>
        ) : null}
      </section>
      {job.errors.length ? <ErrorReport errors={job.errors} id="report-title" title="Rows refused while writing" /> : null}
      {live ? <script src={script} defer></script> : null}
    </AdminFrame>
  );
}

export function renderImportPage(props: ImportPageProps): string {
  return toDocument(<ImportPage {...props} />);
}

export function renderImportJobPage(props: ImportJobPageProps): string {
  return toDocument(<ImportJobPage {...props} />);
}
