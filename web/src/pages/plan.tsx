/**
 * GET /admin/plan: the compensation plan editor, for a signed-in admin. Its one same-origin script
 * (plan-script.ts) reads GET /v1/plans/current and the survey's behaviours with the admin's session, and
 * publishes with POST /v1/plans (the page's CSRF value in X-CSRF-Token).
 */
import type { PlanInput } from "@rapport/core/plan/index";
import { toDocument } from "./layout.tsx";
import { AdminFrame, type AdminChrome } from "./admin-frame.tsx";

export { planScript } from "./plan-script.ts";

interface PlanPageProps {
  chrome: AdminChrome;
  /** The page's script, served from this origin (the Content-Security-Policy allows 'self' only). */
  script: string;
  /** The seeds' plan (Plan.seedsPlan) without its start date: what "Start from the seeds' plan" fills in. */
  seeds: Omit<PlanInput, "startDate">;
}

/** What the plan page adds to the shell: text and date inputs, fieldsets, the component cards, the sum of caps. */
const css = `[hidden]{display:none!important}
.card{margin:0 0 1rem}
.card>h2{margin-bottom:.5rem}
.sub{margin:0 0 1rem;color:var(--muted);font-size:.9375rem}
input[type=text],input[type=password],input[type=date]{display:block;width:100%;min-height:3rem;padding:.625rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem}
input[type=checkbox],input[type=radio]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
fieldset{margin:0 0 1rem;padding:.75rem;border:1px solid var(--line);border-radius:.5rem;min-width:0}
legend{font-weight:700;padding:0 .25rem}
.btn.quiet{background:#fff;color:var(--ink);border-color:var(--muted)}
.btn:disabled{opacity:.6;cursor:progress}
.small-btn{font:inherit;font-size:.9375rem;font-weight:600;min-height:2.75rem;padding:.25rem .75rem;border:1.5px solid var(--accent);border-radius:.375rem;background:#fff;color:var(--accent);cursor:pointer}
.small-btn:disabled{opacity:.6;cursor:not-allowed}
.note-line{margin:.75rem 0 0;color:var(--muted)}
.grid{display:grid;gap:0 1rem;grid-template-columns:minmax(0,1fr)}
.comp{border-left:4px solid var(--accent)}
.comp>legend{font-size:1.0625rem}
.behaviours{display:grid;gap:.375rem;margin:0 0 .75rem}
.beh-choice{display:flex;align-items:center;gap:.625rem;min-height:2.75rem;line-height:1.3;overflow-wrap:anywhere}
.beh-choice.taken{color:var(--muted)}
.point{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 .75rem;align-items:end}
.point-name{margin:.25rem 0 .25rem;font-weight:700;font-size:.9375rem}
.point .small-btn{grid-column:1/-1;justify-self:start;margin:0 0 .75rem}
.share{margin:0 0 .75rem;font-weight:600}
.sum{font-weight:700;font-size:1.0625rem;margin:0 0 .5rem}
.sum.over{color:var(--bad)}
.row-actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:0 0 1rem}
.done{margin:0 0 1rem;border-left:.375rem solid var(--ok);padding:.5rem .75rem;background:var(--ok-bg);font-weight:600}
.done:empty{margin:0;padding:0;border:0}
details.own{margin:.25rem 0 .75rem}
@media (min-width:40rem){.btn.inline{display:inline-block;width:auto}.grid{grid-template-columns:repeat(3,minmax(0,1fr))}.point{grid-template-columns:minmax(0,1fr) minmax(0,1fr) auto}.point .small-btn{grid-column:auto;margin-bottom:1rem}}`;

/** A text field of the plan form: its label, hint and the slot for the API's message about it (ids as the API names the field). */
function NumberField({ id, label, hint, optional }: { id: string; label: string; hint?: string; optional?: boolean }) {
  const described = [hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label class="label" for={id}>
        {label} {optional ? <span class="req">(optional)</span> : null}
      </label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <p class="error" id={`${id}-error`} hidden></p>
      <input type="text" id={id} inputmode="decimal" autocomplete="off" spellcheck={false} maxlength={20} aria-describedby={described} />
    </div>
  );
}

function PlanPage(p: PlanPageProps) {
  return (
    <AdminFrame chrome={p.chrome} title="Compensation plan" intro="The report card's share of the bonus: its components, their behaviours and their yearly ramps." current="/admin/plan" css={css}>
      <noscript>
        <div class="notice">
          <p>This page needs JavaScript. Without it, read the plan with GET /v1/plans/current and publish one with POST /v1/plans.</p>
        </div>
      </noscript>
      <p id="load-status" class="note-line" role="status"></p>

      <section class="card" id="plan-section" aria-labelledby="plan-title" data-csrf={p.chrome.csrf} hidden>
        <h2 id="plan-title">Edit the plan</h2>
        <p id="current-version" class="sub" role="status"></p>
        <p id="plan-status" class="done" role="status" tabindex={-1}></p>
        <div class="errors" id="plan-errors" role="alert" tabindex={-1} hidden>
          <h3>The plan was not published</h3>
          <ul id="plan-error-list"></ul>
        </div>
        <p class="row-actions">
          <button type="button" id="seeds-button" class="small-btn" data-plan={JSON.stringify(p.seeds)} aria-describedby="seeds-hint">
            Start from the seeds' plan
          </button>
        </p>
        <p class="hint" id="seeds-hint">
          Fills in three components: secret gathering 25%, customer first 20%, and relationship 20% rising 5 points a year to 40%. The start date stays as it is. Nothing is
          published until you press Publish.
        </p>
        <form id="plan-form" novalidate>
          <div class="field">
            <label class="label" for="startDate">
              Start date
            </label>
            <p class="hint" id="startDate-hint">
              Plan year 1 starts on this day; each component's share rises by its step on every anniversary.
            </p>
            <p class="error" id="startDate-error" hidden></p>
            <input type="date" id="startDate" aria-describedby="startDate-hint startDate-error" />
          </div>

          <fieldset>
            <legend>Plan-wide settings</legend>
            <p class="hint">A component uses these unless it sets its own.</p>
            <div class="grid">
              <NumberField id="minResponses" label="Minimum responses" hint="Counted report cards a rep needs to be eligible." />
              <NumberField id="k" label="k (prior strength)" hint="How many of the organisation's answers a small sample leans on." />
              <NumberField id="minResponseRate" label="Minimum response rate (%)" hint="Below it, no component is eligible. 0 turns it off." optional />
              <NumberField id="fallbackFactor" label="Fallback factor" hint="The payout factor of a rep who is not eligible." />
              <NumberField id="capFactor" label="Cap factor" hint="The payout factor never goes above it." />
            </div>
            <fieldset id="factorMap-group" aria-describedby="factorMap-hint factorMap-error">
              <legend>Score-to-factor map</legend>
              <p class="hint" id="factorMap-hint">
                Points from the adjusted score (1–5) to the payout factor, joined by straight lines: scores rising, factors never falling.
              </p>
              <p class="error" id="factorMap-error" hidden></p>
              <div id="factorMap-points"></div>
              <button type="button" class="small-btn" id="factorMap-add">
                Add a point
              </button>
            </fieldset>
          </fieldset>

          <fieldset id="lostDealCards-group" aria-describedby="lostDealCards-hint lostDealCards-error">
            <legend>Lost-deal cards</legend>
            <p class="hint" id="lostDealCards-hint">
              The card a lost deal's contact gets. The plan in force when it is answered decides how it counts.
            </p>
            <p class="error" id="lostDealCards-error" hidden></p>
            <label class="beh-choice" for="lostDealCards-coaching">
              <input type="radio" name="lostDealCards" id="lostDealCards-coaching" value="coaching" checked />
              For coaching only: insights and the rep's coaching section, never scores or pay
            </label>
            <label class="beh-choice" for="lostDealCards-counted">
              <input type="radio" name="lostDealCards" id="lostDealCards-counted" value="counted" />
              Counted: also moves scores and bonus inputs, exactly like a report card
            </label>
          </fieldset>

          <section aria-labelledby="components-title">
            <h3 id="components-title">Components</h3>
            <p class="hint">
              One to five. Each pays for its own behaviours (a behaviour counts toward one component at most) with its own ramp: this year's share is the base plus the step
              for each year since the start date, never above the cap. With one component and no behaviours ticked, it pays for every behaviour.
            </p>
            <p id="caps-sum" class="sum" aria-live="polite" aria-atomic="true"></p>
            <p id="year-share" class="hint" aria-live="polite" aria-atomic="true"></p>
            <p class="error" id="components-error" hidden></p>
            <div id="components"></div>
            <p class="row-actions">
              <button type="button" class="small-btn" id="add-component">
                Add a component
              </button>
            </p>
          </section>
          <p class="hint">Behaviour weights are kept as they are in the plan (set them with POST /v1/plans).</p>
          <button type="submit" class="btn inline" id="publish-button">
            Publish a new version
          </button>
        </form>
      </section>
      <script src={p.script} defer></script>
    </AdminFrame>
  );
}

/** GET /admin/plan: the page; its script does the rest with the admin's session. */
export function renderPlanPage(props: PlanPageProps): string {
  return toDocument(<PlanPage {...props} />);
}
