/**
 * GET /admin/campaigns: start report-card campaigns and follow their progress. Admins sign in with an API
 * key, not a session, so the page itself is static (no personal data) and its one same-origin script
 * (campaigns-script.ts) asks for the key, keeps it in sessionStorage and calls the JSON API with it.
 */
import type { Brand } from "./props.ts";
import { toDocument } from "./layout.tsx";
import { Shell } from "./shell.tsx";
import { AdminNav } from "./admin-nav.tsx";
import { AdminKeySection } from "./admin-key.tsx";

export { campaignsScript } from "./campaigns-script.ts";

interface CampaignsPageProps extends Brand {
  /** The page's script, served from this origin (the Content-Security-Policy allows 'self' only). */
  script: string;
}

/** What the campaigns page adds to the shell: text inputs, a select, the progress bar, the counts. */
const css = `[hidden]{display:none!important}
.card{margin:0 0 1rem}
.card>h2{margin-bottom:.5rem}
.sub{margin:0 0 1rem;color:var(--muted);font-size:.9375rem}
input[type=text],input[type=password],select{display:block;width:100%;min-height:3rem;padding:.625rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem}
select[aria-invalid=true]{border-color:var(--bad);border-width:3px}
.btn.quiet{background:#fff;color:var(--ink);border-color:var(--muted)}
.btn.stop{background:var(--bad);color:#fff}
.btn:disabled{opacity:.6;cursor:progress}
.small-btn{font:inherit;font-size:.9375rem;font-weight:600;min-height:2.25rem;padding:.25rem .75rem;border:1.5px solid var(--accent);border-radius:.375rem;background:#fff;color:var(--accent);cursor:pointer}
progress{display:block;width:100%;height:1.5rem;margin:.25rem 0 .5rem;accent-color:var(--accent)}
.live{font-weight:600;font-size:1.0625rem;margin:0 0 1rem}
.counts{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:.25rem 1rem;margin:0 0 1rem}
.counts dt{color:var(--muted)}
.counts dd{margin:0;font-weight:600;overflow-wrap:break-word}
.campaign-list{list-style:none;margin:0;padding:0;display:grid;gap:.625rem}
.campaign-list li{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:.5rem;padding:.625rem .75rem;display:grid;gap:.25rem .75rem;grid-template-columns:minmax(0,1fr) auto;align-items:center}
.campaign-list li.done{border-left-color:var(--ok)}
.campaign-list li.failed{border-left-color:var(--bad)}
.campaign-list p{margin:0;overflow-wrap:anywhere}
.campaign-list .small{grid-column:1}
.campaign-list button{grid-column:2;grid-row:1/span 2}
.counts .sub-count{padding-left:1rem}
.note-line{margin:.75rem 0 0;color:var(--muted)}
#key-form[hidden]+.note-line{margin-top:0}
#forget-key{margin-top:.75rem}
.sub code{overflow-wrap:anywhere}
@media (min-width:40rem){.btn.inline{display:inline-block;width:auto}.counts{grid-template-columns:max-content minmax(0,1fr)}}`;

/** A text field of the start form: its label, hint and the slot for the API's message about it. */
function TextField({ name, label, hint }: { name: string; label: string; hint: string }) {
  return (
    <div class="field">
      <label class="label" for={name}>
        {label} <span class="req">(optional)</span>
      </label>
      <p class="hint" id={`${name}-hint`}>
        {hint}
      </p>
      <p class="error" id={`${name}-error`} hidden></p>
      <input type="text" id={name} name={name} autocomplete="off" spellcheck={false} maxlength={200} aria-describedby={`${name}-hint ${name}-error`} />
    </div>
  );
}

function CampaignsPage(p: CampaignsPageProps) {
  return (
    <Shell brand={p} title="Campaigns" css={css}>
      <div class="head">
        <div>
          <h1>Campaigns</h1>
          <p class="muted">Send report cards to many customers and follow them as they go out.</p>
        </div>
        <AdminNav current="/admin/campaigns" />
      </div>
      <noscript>
        <div class="notice">
          <p>This page needs JavaScript. Without it, use the command line: npm run rapport -- campaign start --watch</p>
        </div>
      </noscript>

      <AdminKeySection />

      <section class="card" id="start-section" aria-labelledby="start-title" hidden>
        <h2 id="start-title">Start a report-card campaign</h2>
        <p class="sub">Customers surveyed in the last 60 days, unsubscribed or bounced are skipped. The campaign is sent in the background; you can close this page.</p>
        <div class="errors" id="start-errors" role="alert" tabindex={-1} hidden>
          <h3 id="start-errors-title">The campaign was not started</h3>
          <ul id="start-error-list"></ul>
        </div>
        <form id="start-form" novalidate>
          <TextField name="repId" label="Rep id" hint="Only this rep's customers (rep_…). Leave empty for the customers of every rep." />
          <TextField name="segment" label="Segment" hint="Only customers of this segment, as imported." />
          <div class="field">
            <label class="label" for="valueTier">
              Value tier <span class="req">(optional)</span>
            </label>
            <p class="error" id="valueTier-error" hidden></p>
            <select id="valueTier" name="valueTier" aria-describedby="valueTier-error">
              <option value="" selected>
                Every tier
              </option>
              <option value="A">A</option>
              <option value="B">B</option>
              <option value="C">C</option>
            </select>
          </div>
          <button type="submit" class="btn inline" id="start-button">
            Start campaign
          </button>
        </form>
      </section>

      <section class="card" id="progress-section" aria-labelledby="progress-title" hidden>
        <h2 id="progress-title" tabindex={-1}>
          Progress
        </h2>
        <p class="sub">
          Campaign <code id="progress-id"></code>, <span id="progress-scope"></span>
        </p>
        <label class="label" for="progress-bar">
          Customers handled
        </label>
        <progress id="progress-bar" max="1" value="0"></progress>
        <p id="progress-text" class="live" aria-live="polite" aria-atomic="true"></p>
        <dl class="counts">
          <dt>Status</dt>
          <dd id="count-status"></dd>
          <dt>Sent</dt>
          <dd id="count-sent"></dd>
          <dt>Skipped</dt>
          <dd id="count-skipped"></dd>
          <dt class="sub-count">Suppressed (bounced or complained)</dt>
          <dd id="count-suppressed"></dd>
          <dt class="sub-count">Surveyed in the last 60 days</dt>
          <dd id="count-capped"></dd>
          <dt class="sub-count">Unsubscribed</dt>
          <dd id="count-unsubscribed"></dd>
          <dt class="sub-count">No such customer</dt>
          <dd id="count-unknown"></dd>
          <dt>Failed (SES refused)</dt>
          <dd id="count-failed"></dd>
          <dt>Created</dt>
          <dd id="time-created"></dd>
          <dt>Started</dt>
          <dd id="time-started"></dd>
          <dt>Finished</dt>
          <dd id="time-finished"></dd>
        </dl>
        <button type="button" id="cancel-button" class="btn stop inline" hidden>
          Cancel this campaign
        </button>
        <p id="progress-note" class="note-line" role="status"></p>
      </section>

      <section class="card" id="list-section" aria-labelledby="list-title" hidden>
        <h2 id="list-title">Recent campaigns</h2>
        <p class="sub">The ten newest first.</p>
        <ul id="campaign-list" class="campaign-list"></ul>
        <p id="list-empty" class="empty" hidden>
          No campaigns yet.
        </p>
        <p class="note-line">
          <button type="button" id="refresh-list" class="small-btn">
            Refresh the list
          </button>
        </p>
      </section>
      <script src={p.script} defer></script>
    </Shell>
  );
}

/** GET /admin/campaigns: the page, the same for everyone; its script does the rest with the admin's API key. */
export function renderCampaignsPage(props: CampaignsPageProps): string {
  return toDocument(<CampaignsPage {...props} />);
}
