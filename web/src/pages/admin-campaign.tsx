/**
 * GET /admin/campaigns/{id}: one campaign's progress. The page is complete as served (reload it for the
 * latest counts); while the campaign is queued or sending, its one same-origin script reads
 * GET /v1/campaigns/{id} every second and updates the bar and the counts in place (a live region says so).
 */
import type { CampaignView } from "@rapport/core/campaign/index";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, when, type AdminChrome } from "./admin-frame.tsx";
import { n, scopeText, STATUS } from "./campaigns.tsx";

export { campaignScript } from "./admin-campaign-script.ts";

export interface CampaignPageProps {
  chrome: AdminChrome;
  campaign: CampaignView;
  /** The progress script, served from this origin. */
  script: string;
  notice?: string;
}

/** The campaign's progress (counted by core: handled, skippedTotal, percent) as the bar and the sentence show it. */
export function progressOf(c: CampaignView) {
  const live = c.status === "queued" || c.status === "sending";
  return { live, text: `${n(c.handled)} of ${n(c.total)} customers handled (${c.percent}%): ${n(c.sent)} sent, ${n(c.skippedTotal)} skipped, ${n(c.failed)} failed. ${STATUS[c.status]}.` };
}

function CampaignPage({ chrome, campaign: c, script, notice }: CampaignPageProps) {
  const p = progressOf(c);
  const row = (id: string, label: string, value: string, sub?: boolean) => [<dt class={sub ? "sub-count" : undefined}>{label}</dt>, <dd id={id}>{value}</dd>];
  return (
    <AdminFrame chrome={chrome} title="Campaign" intro={`Report cards to ${scopeText(c.scope)}.`} current="/admin/campaigns">
      <p>
        <a class="back" href="/admin/campaigns">
          All campaigns
        </a>
      </p>
      {notice ? (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <section class="card" aria-labelledby="progress-title" id="progress" data-campaign={c.id} data-live={p.live ? "true" : "false"}>
        <h2 id="progress-title">Progress</h2>
        <p class="sub">
          Campaign <code>{c.id}</code>
        </p>
        <label class="label" for="progress-bar">
          Customers handled
        </label>
        <progress id="progress-bar" max={String(c.total > 0 ? c.total : 1)} value={String(c.total > 0 ? c.handled : p.live ? 0 : 1)}>
          {c.percent}%
        </progress>
        <p id="progress-text" class="live" aria-live="polite" aria-atomic="true">
          {p.text}
        </p>
        <dl class="counts">
          {row("count-status", "Status", STATUS[c.status])}
          {row("count-sent", "Sent", n(c.sent))}
          {row("count-skipped", "Skipped", n(c.skippedTotal))}
          {row("count-suppressed", "Suppressed (bounced or complained)", n(c.skipped.suppressed), true)}
          {row("count-capped", "Surveyed in the last 60 days", n(c.skipped.capped), true)}
          {row("count-unsubscribed", "Unsubscribed", n(c.skipped.unsubscribed), true)}
          {row("count-unknown", "No such customer", n(c.skipped.unknown), true)}
          {row("count-inactive", "Deactivated (the customer or their rep)", n(c.skipped.inactive ?? 0), true)}
          {row("count-failed", "Failed (SES refused)", n(c.failed))}
          {row("time-created", "Created", when(c.createdAt, chrome.timezone))}
          {row("time-started", "Started", c.startedAt ? when(c.startedAt, chrome.timezone) : "Not yet")}
          {row("time-finished", "Finished", c.finishedAt ? when(c.finishedAt, chrome.timezone) : "Not yet")}
        </dl>
        {p.live ? (
          <div id="live-actions">
            <p class="sub" id="refresh-hint">
              <a href={`/admin/campaigns/${c.id}`}>Reload the progress</a> (with JavaScript on, this page follows it by itself).
            </p>
            <AdminForm action={`/admin/campaigns/${c.id}/cancel`} csrf={chrome.csrf}>
              <button type="submit" class="btn stop inline">
                Cancel this campaign
              </button>
            </AdminForm>
          </div>
        ) : null}
      </section>
      {p.live ? <script src={script} defer></script> : null}
    </AdminFrame>
  );
}

export function renderCampaignPage(props: CampaignPageProps): string {
  return toDocument(<CampaignPage {...props} />);
}
