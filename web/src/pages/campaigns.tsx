/**
 * GET /admin/campaigns: start report-card campaigns (a plain form: POST, then the campaign's own page) and
 * the newest campaigns, a page at a time. Works without JavaScript.
 */
import type { CampaignView } from "@rapport/core/campaign/index";
import { ValueTierSchema } from "@rapport/core/customer/tier";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, FormErrors, TextInput, valueOf, when, type AdminChrome, type FormState } from "./admin-frame.tsx";

export interface CampaignsPageProps {
  chrome: AdminChrome;
  campaigns: CampaignView[];
  /** The link to the next (older) page, when there is one. */
  older?: string;
  /** The start form refused: its errors and values. */
  form?: FormState;
}

export const STATUS: Record<CampaignView["status"], string> = {
  queued: "Queued: waiting for the campaign worker",
  sending: "Sending",
  done: "Done",
  cancelled: "Cancelled",
  failed: "Failed: the customers could not be read",
};

const numbers = new Intl.NumberFormat("en-GB");
export const n = (value: number) => numbers.format(value);

/** Whose customers a campaign covers, in words. */
export function scopeText(scope: CampaignView["scope"]): string {
  const parts = [scope.repId ? `the customers of rep ${scope.repId}` : scope.customers !== undefined ? `${n(scope.customers)} listed customers` : "the customers of every rep"];
  if (scope.segment !== undefined) parts.push(`segment ${scope.segment}`);
  if (scope.valueTier !== undefined) parts.push(`value tier ${scope.valueTier}`);
  return parts.join(", ");
}

const LABELS = { repId: "Rep id", segment: "Segment", valueTier: "Value tier" };

function CampaignsPage({ chrome, campaigns, older, form }: CampaignsPageProps) {
  const tierError = form?.errors?.valueTier;
  const tier = valueOf(form, "valueTier");
  return (
    <AdminFrame chrome={chrome} title="Campaigns" intro="Send report cards to many customers and follow them as they go out." current="/admin/campaigns">
      <section class="card" aria-labelledby="start-title">
        <h2 id="start-title">Start a report-card campaign</h2>
        <p class="sub">Customers surveyed in the last 60 days, unsubscribed or bounced are skipped. The campaign is sent in the background; you can close this page.</p>
        <FormErrors state={form} title="The campaign was not started" labels={LABELS} />
        <AdminForm action="/admin/campaigns" csrf={chrome.csrf}>
          <TextInput name="repId" label="Rep id" optional hint="Only this rep's customers (rep_…). Leave empty for the customers of every rep." state={form} />
          <TextInput name="segment" label="Segment" optional hint="Only customers of this segment, as imported." state={form} />
          <div class="field">
            <label class="label" for="valueTier">
              Value tier <span class="req">(optional)</span>
            </label>
            {tierError ? (
              <p class="error" id="valueTier-error">
                Value tier {tierError}.
              </p>
            ) : null}
            <select id="valueTier" name="valueTier" {...(tierError ? { "aria-invalid": "true", "aria-describedby": "valueTier-error" } : {})}>
              <option value="" selected={tier === ""}>
                Every tier
              </option>
              {ValueTierSchema.options.map((t) => (
                <option value={t} selected={tier === t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="btn inline">
            Start campaign
          </button>
        </AdminForm>
      </section>

      <section class="card" aria-labelledby="list-title">
        <h2 id="list-title">Campaigns</h2>
        <p class="sub">Newest first.</p>
        {campaigns.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Customers</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr>
                    <td>
                      <a href={`/admin/campaigns/${c.id}`}>{when(c.createdAt, chrome.timezone)}</a>
                    </td>
                    <td>{scopeText(c.scope)}</td>
                    <td>{STATUS[c.status]}</td>
                    <td>
                      {n(c.sent)} of {n(c.total)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No campaigns yet.</p>
        )}
        {older ? (
          <p class="pager">
            <a href={older}>Older campaigns</a>
          </p>
        ) : null}
      </section>
    </AdminFrame>
  );
}

export function renderCampaignsPage(props: CampaignsPageProps): string {
  return toDocument(<CampaignsPage {...props} />);
}
