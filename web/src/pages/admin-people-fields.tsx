/** The controls the people pages (teams, reps, customers, import) share beyond the console's frame. */
import type { Child } from "hono/jsx";
import { AdminForm, sentence, valueOf, type FormState } from "./admin-frame.tsx";

/** A drop-down with its label, optional hint, and the error beside it. */
export function SelectInput(p: { name: string; id?: string; label: string; options: { value: string; label: string }[]; hint?: string; optional?: boolean; state?: FormState }) {
  const error = p.state?.errors?.[p.name];
  const chosen = valueOf(p.state, p.name);
  const id = p.id ?? p.name;
  const described = [p.hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label class="label" for={id}>
        {p.label} {p.optional ? <span class="req">(optional)</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {sentence(p.label, error)}
        </p>
      ) : null}
      <select id={id} name={p.name} {...(described ? { "aria-describedby": described } : {})} {...(error ? { "aria-invalid": "true" } : {})}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === chosen}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A status line above a page's sections (a saved change, a refused one). */
export function Notice({ text, bad }: { text?: string | undefined; bad?: boolean }) {
  if (!text) return null;
  return (
    <div class={bad ? "errors" : "notice"} role={bad ? "alert" : "status"}>
      <p>{text}</p>
    </div>
  );
}

/** The deactivate or reactivate button of a team, rep or customer, posting `active` to `action`. */
export function ActiveToggle(p: { action: string; csrf: string; active: boolean; what: string; explain: string }) {
  return (
    <section class="card" aria-labelledby="state-title">
      <h2 id="state-title">{p.active ? "Deactivate" : "Reactivate"}</h2>
      <p class="sub">{p.explain}</p>
      <AdminForm action={p.action} csrf={p.csrf}>
        <input type="hidden" name="active" value={p.active ? "false" : "true"} />
        <button type="submit" class={p.active ? "btn stop inline" : "btn inline"}>
          {p.active ? `Deactivate ${p.what}` : `Reactivate ${p.what}`}
        </button>
      </AdminForm>
    </section>
  );
}

/** The "first page / next page" links of a list read a page at a time. */
export function Pager(p: { label: string; first?: string | undefined; next?: string | undefined }) {
  if (!p.first && !p.next) return null;
  return (
    <nav class="pager" aria-label={p.label}>
      {p.first ? <a href={p.first}>First page</a> : null}
      {p.next ? <a href={p.next}>Next page</a> : null}
    </nav>
  );
}

/** "Active", or "Deactivated" in the console's warning colour. */
export const StateText = ({ active }: { active: boolean }) => (active ? <span>Active</span> : <span class="status-bad">Deactivated</span>);

/** The hidden version an edit form was read at: a stale edit is refused instead of overwriting. */
export const VersionField = ({ version }: { version: number }) => <input type="hidden" name="version" value={String(version)} />;

/** A back link above a record's page. */
export const Back = ({ href, children }: { href: string; children?: Child }) => (
  <p>
    <a class="back" href={href}>
      {children}
    </a>
  </p>
);
