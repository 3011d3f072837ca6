/** The frame of every admin console page: the dashboard's shell, the console's navigation, and its form controls. */
import type { Child } from "hono/jsx";
import type { Brand } from "./props.ts";
import { Shell } from "./shell.tsx";
import { AdminNav, type AdminPage } from "./admin-nav.tsx";
import { Csrf } from "./fields.tsx";

/** What every admin page gets from the server: the brand, who is signed in, the sign-out form and the session's CSRF value. */
export interface AdminChrome extends Brand {
  viewer: { name: string };
  signOut: { action: string; csrf: string };
  /** The session's CSRF value: each form's hidden `csrf` field, and the X-CSRF-Token a page's script sends. */
  csrf: string;
  /** The zone the admin reads times in, named beside each time. */
  timezone: string;
}

/** Field errors by posted field name, and the values as posted, to show a refused form again. */
export interface FormState {
  errors?: Record<string, string>;
  values?: Record<string, string | string[]>;
}

/** The admin pages' form controls and tables, added to the shell's stylesheet. */
export const adminCss = `[hidden]{display:none!important}
.card{margin:0 0 1rem}
.card>h2{margin-bottom:.5rem}
.sub{margin:0 0 1rem;color:var(--muted);font-size:.9375rem}
input[type=text],input[type=password],input[type=date],select{display:block;width:100%;min-height:3rem;padding:.625rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem}
select[aria-invalid=true]{border-color:var(--bad);border-width:3px}
input[type=checkbox],input[type=radio]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
fieldset{margin:0 0 1rem;padding:.75rem;border:1px solid var(--line);border-radius:.5rem;min-width:0}
fieldset[aria-invalid=true]{border:3px solid var(--bad)}
legend{font-weight:700;padding:0 .25rem}
.checks{display:grid;gap:.375rem}
.check{display:flex;align-items:center;gap:.625rem;min-height:2.75rem;overflow-wrap:anywhere}
.btn.inline{display:block}
.btn.quiet{background:#fff;color:var(--ink);border-color:var(--muted)}
.btn.stop{background:var(--bad);color:#fff}
.small-btn{font:inherit;font-size:.9375rem;font-weight:600;min-height:2.75rem;padding:.25rem .75rem;border:1.5px solid var(--accent);border-radius:.375rem;background:#fff;color:var(--accent);cursor:pointer}
.small-btn.stop{border-color:var(--bad);color:var(--bad)}
.inline-form{margin:0}
progress{display:block;width:100%;height:1.5rem;margin:.25rem 0 .5rem;accent-color:var(--accent)}
.live{font-weight:600;font-size:1.0625rem;margin:0 0 1rem}
.counts{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:.25rem 1rem;margin:0 0 1rem}
.counts dt{color:var(--muted)}
.counts dd{margin:0;font-weight:600;overflow-wrap:break-word}
.counts .sub-count{padding-left:1rem}
.list{width:100%;border-collapse:collapse;font-size:.9375rem}
.list th,.list td{text-align:left;vertical-align:top;padding:.5rem .5rem .5rem 0;border-bottom:1px solid var(--soft);overflow-wrap:anywhere}
.list thead th{font-size:.8125rem;color:var(--muted);border-bottom-color:var(--line)}
.table-wrap{overflow-x:auto}
.secret{display:block;padding:.75rem;background:var(--bg);border:2px dashed var(--accent);border-radius:.375rem;font-size:1rem;overflow-wrap:anywhere;user-select:all}
.filters{display:grid;gap:0 1rem;grid-template-columns:minmax(0,1fr)}
.pager{display:flex;gap:1rem;margin:1rem 0 0}
.tiles{display:grid;gap:1rem;list-style:none;margin:0;padding:0}
.tiles h2 a{color:var(--ink)}
.status-done{color:var(--ok);font-weight:650}
.status-bad{color:var(--bad);font-weight:650}
details.detail summary{cursor:pointer;color:var(--accent)}
details.detail pre{white-space:pre-wrap;overflow-wrap:anywhere;font-size:.8125rem;margin:.25rem 0 0}
@media (min-width:40rem){.btn.inline{display:inline-block;width:auto}.counts{grid-template-columns:max-content minmax(0,1fr)}.filters{grid-template-columns:repeat(3,minmax(0,1fr))}.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}}`;

/** An admin console page: heading, intro and navigation above its sections. */
export function AdminFrame(p: { chrome: AdminChrome; title: string; intro: string; current: AdminPage; css?: string; children?: Child }) {
  const { chrome } = p;
  return (
    <Shell brand={chrome} title={`${p.title} · Admin`} viewer={{ name: chrome.viewer.name, role: "rep" }} signOut={chrome.signOut} css={adminCss + (p.css ?? "")}>
      <div class="head">
        <div>
          <h1>{p.title}</h1>
          <p class="muted">{p.intro}</p>
        </div>
        <AdminNav current={p.current} />
      </div>
      {p.children}
    </Shell>
  );
}

/** The first value posted for a field, or "". */
export const valueOf = (state: FormState | undefined, name: string): string => {
  const value = state?.values?.[name];
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
};

/** The errors of a refused form as a list above it, each linking to its field. */
export function FormErrors({ state, title, labels }: { state?: FormState; title: string; labels: Record<string, string> }) {
  const errors = Object.entries(state?.errors ?? {});
  if (!errors.length) return null;
  return (
    <div class="errors" tabindex={-1} autofocus aria-labelledby="form-errors-title">
      <h2 id="form-errors-title">{title}</h2>
      <ul>
        {errors.map(([name, message]) => (
          <li>{labels[name] ? <a href={`#${name}`}>{sentence(labels[name], message)}</a> : sentence("", message)}</li>
        ))}
      </ul>
    </div>
  );
}

/** "Name" + "is required" → "Name is required."; a message that is already a sentence stays as it is. */
export function sentence(label: string, message: string): string {
  const text = /^[A-Z]/.test(message) || !label ? message : `${label} ${message}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A one-line text (or date) field with its label, optional hint, and the error beside it. */
export function TextInput(p: { name: string; label: string; hint?: string; optional?: boolean; type?: "text" | "date"; state?: FormState; maxlength?: number }) {
  const error = p.state?.errors?.[p.name];
  const described = [p.hint ? `${p.name}-hint` : "", error ? `${p.name}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label class="label" for={p.name}>
        {p.label} {p.optional ? <span class="req">(optional)</span> : null}
      </label>
      {p.hint ? (
        <p class="hint" id={`${p.name}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${p.name}-error`}>
          {sentence(p.label, error)}
        </p>
      ) : null}
      <input
        type={p.type ?? "text"}
        id={p.name}
        name={p.name}
        value={valueOf(p.state, p.name)}
        autocomplete="off"
        spellcheck={false}
        maxlength={p.maxlength ?? 200}
        {...(described ? { "aria-describedby": described } : {})}
        {...(error ? { "aria-invalid": "true" } : {})}
      />
    </div>
  );
}

/** A POST form of the console, with the session's CSRF value. */
export function AdminForm(p: { action: string; csrf: string; class?: string; children?: Child }) {
  return (
    <form method="post" action={p.action} class={p.class} novalidate>
      <Csrf value={p.csrf} />
      {p.children}
    </form>
  );
}

/** "2 Nov 2026, 09:15 UTC": an instant in the reader's zone, named. */
export function when(iso: string | null | undefined, timezone: string): string {
  if (!iso) return "Never";
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: timezone, timeZoneName: "short" }).format(new Date(iso));
}
