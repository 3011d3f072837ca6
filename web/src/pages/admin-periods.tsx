/**
 * GET /admin/periods: the recent quarters, open or closed. Closing one freezes its bonus inputs as a
 * snapshot (early, with a reason, before it ends); reopening one, with a reason, makes them live again.
 * Plain forms, answered by the page again.
 */
import type { Snapshot } from "@rapport/core/period/snapshot";
import type { PeriodState } from "@rapport/core/period/state";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, sentence, when, type AdminChrome } from "./admin-frame.tsx";

export interface PeriodRow {
  period: string;
  start: string;
  end: string;
  /** Whether the quarter is over (a close needs no reason then). */
  ended: boolean;
  /** The snapshot its last close froze, and why it was closed early (if it was). */
  closed?: Snapshot & Pick<PeriodState, "earlyCloseReason">;
  openFlags: number;
}

export interface PeriodsPageProps {
  chrome: AdminChrome;
  periods: PeriodRow[];
  notice?: string;
  /** A refused close or reopen: which period, the field at fault (if one), the message and the reason as typed. */
  error?: { period: string; field?: "reason"; message: string; reason?: string };
}

const day = (iso: string, timezone: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: timezone }).format(new Date(iso));

function Reason({ id, label, hint, error, value }: { id: string; label: string; hint: string; error?: string; value?: string }) {
  return (
    <div class="field">
      <label class="label" for={id}>
        {label}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input type="text" id={id} name="reason" value={value ?? ""} maxlength={1000} autocomplete="off" aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`} {...(error ? { "aria-invalid": "true" } : {})} />
    </div>
  );
}

function PeriodCard({ row, chrome, error }: { row: PeriodRow; chrome: AdminChrome; error?: PeriodsPageProps["error"] }) {
  const mine = error?.period === row.period ? error : undefined;
  const fieldError = mine?.field === "reason" ? sentence("Reason", mine.message) : undefined;
  const id = `reason-${row.period}`;
  return (
    <section class="card" aria-labelledby={`title-${row.period}`}>
      <h2 id={`title-${row.period}`}>{row.period}</h2>
      <p class="sub">
        {day(row.start, chrome.timezone)} to {day(row.end, chrome.timezone)} · {row.closed ? <strong class="status-done">Closed</strong> : <strong>Open</strong>}
        {row.ended ? "" : " · not over yet"}
        {row.openFlags ? ` · ${row.openFlags} open bias flag${row.openFlags === 1 ? "" : "s"}` : ""}
      </p>
      {row.closed ? (
        <p>
          Snapshot version {row.closed.version}, closed {when(row.closed.closedAt, chrome.timezone)}
          {row.closed.earlyCloseReason ? ` before it ended: ${row.closed.earlyCloseReason}` : ""}. SHA-256 <code>{row.closed.sha256.slice(0, 12)}…</code>
        </p>
      ) : null}
      {mine && !fieldError ? (
        <p class="error" role="alert">
          {sentence("", mine.message)}
        </p>
      ) : null}
      {row.closed ? (
        <AdminForm action={`/admin/periods/${row.period}/reopen`} csrf={chrome.csrf}>
          <Reason id={id} label="Reason to reopen" hint="At least 5 characters; kept in the audit log. The next close writes a new snapshot version." error={fieldError} value={mine?.reason} />
          <button type="submit" class="btn quiet inline">
            Reopen {row.period}
          </button>
        </AdminForm>
      ) : (
        <AdminForm action={`/admin/periods/${row.period}/close`} csrf={chrome.csrf}>
          {row.ended ? null : (
            <Reason id={id} label="Reason to close early" hint="The quarter is not over, so its numbers still move: say why it closes now. Kept in the audit log." error={fieldError} value={mine?.reason} />
          )}
          <button type="submit" class="btn inline">
            {row.ended ? `Close ${row.period}` : `Close ${row.period} early`}
          </button>
        </AdminForm>
      )}
    </section>
  );
}

function PeriodsPage({ chrome, periods, notice, error }: PeriodsPageProps) {
  return (
    <AdminFrame chrome={chrome} title="Periods" intro="Closing a quarter freezes its bonus inputs for payroll; every close and reopen is audited." current="/admin/periods">
      {notice ? (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {periods.map((row) => (
        <PeriodCard row={row} chrome={chrome} error={error} />
      ))}
    </AdminFrame>
  );
}

export function renderPeriodsPage(props: PeriodsPageProps): string {
  return toDocument(<PeriodsPage {...props} />);
}
