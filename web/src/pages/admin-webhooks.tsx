/**
 * GET /admin/webhooks: the webhook subscriptions (host, events, state, created) and the form that makes one
 * (its signing secret shown once, on the answer to the form). GET /admin/webhooks/{id}: one subscription,
 * its delivery log, and its buttons: send a test event, enable it again once disabled, delete it.
 * Plain forms, post then redirect; works without JavaScript.
 */
import type { DeliveryView, WebhookView } from "@rapport/core/webhook/index";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, FormErrors, TextInput, when, type AdminChrome, type FormState } from "./admin-frame.tsx";

export interface WebhooksPageProps {
  chrome: AdminChrome;
  webhooks: WebhookView[];
  /** Every event a subscription may ask for. */
  events: readonly string[];
  /** The subscription just made, with its secret: shown this once. */
  created?: WebhookView & { secret: string };
  form?: FormState;
  notice?: string;
}

export interface WebhookPageProps {
  chrome: AdminChrome;
  webhook: WebhookView;
  deliveries: DeliveryView[];
  notice?: string;
}

const hostOf = (url: string) => new URL(url).host;

function Notice({ text }: { text?: string | undefined }) {
  return text ? (
    <div class="notice" role="status">
      <p>{text}</p>
    </div>
  ) : null;
}

function State({ webhook, timezone }: { webhook: WebhookView; timezone: string }) {
  return webhook.status === "active" ? (
    <span class="status-done">Active</span>
  ) : (
    <span class="status-bad">Disabled {webhook.disabledAt ? when(webhook.disabledAt, timezone) : ""}</span>
  );
}

function WebhooksPage({ chrome, webhooks, events, created, form, notice }: WebhooksPageProps) {
  const eventsError = form?.errors?.events;
  const ticked = new Set([form?.values?.events ?? []].flat());
  return (
    <AdminFrame chrome={chrome} title="Webhooks" intro="Where Rapport posts what happens, signed per Standard Webhooks: a CRM, a help desk, a data warehouse." current="/admin/webhooks">
      <Notice text={notice} />
      {created ? (
        <section class="card" aria-labelledby="created-title">
          <h2 id="created-title" tabindex={-1} autofocus>
            Subscription to {hostOf(created.url)} created
          </h2>
          <p>Copy the signing secret now and give it to the receiver: it verifies each delivery with it. It is shown only this once.</p>
          <p class="label" id="secret-label">
            Signing secret
          </p>
          <code class="secret" id="new-secret">
            {created.secret}
          </code>
          <p>
            <a href={`/admin/webhooks/${created.id}`}>Open the subscription</a> to send it a test event and read its delivery log.
          </p>
        </section>
      ) : null}
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">Subscribe a URL</h2>
        <FormErrors state={form} title="The subscription was not created" labels={{ url: "URL", events: "Events" }} />
        <AdminForm action="/admin/webhooks" csrf={chrome.csrf}>
          <TextInput name="url" label="URL" hint="Where each event is posted: https, and not a private or internal address." state={form} maxlength={2000} />
          <fieldset id="events" {...(eventsError ? { "aria-invalid": "true", "aria-describedby": "events-error" } : {})}>
            <legend>Events</legend>
            {eventsError ? (
              <p class="error" id="events-error">
                Events {eventsError}.
              </p>
            ) : null}
            <div class="checks">
              {events.map((event) => (
                <label class="check" for={`event-${event}`}>
                  <input type="checkbox" id={`event-${event}`} name="events" value={event} checked={ticked.has(event)} />
                  <span>{event}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="btn inline">
            Create subscription
          </button>
        </AdminForm>
      </section>
      <section class="card" aria-labelledby="list-title">
        <h2 id="list-title">Subscriptions</h2>
        {webhooks.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Host</th>
                  <th scope="col">Events</th>
                  <th scope="col">State</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {webhooks.map((webhook) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/webhooks/${webhook.id}`}>{hostOf(webhook.url)}</a>
                    </th>
                    <td>{webhook.events.join(", ")}</td>
                    <td>
                      <State webhook={webhook} timezone={chrome.timezone} />
                    </td>
                    <td>{when(webhook.createdAt, chrome.timezone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No subscriptions yet.</p>
        )}
      </section>
    </AdminFrame>
  );
}

const STATUS: Record<DeliveryView["status"], string> = {
  sending: "Sending",
  delivered: "Delivered",
  retrying: "Failed, to be tried again",
  failed: "Failed for 24 hours",
  cancelled: "Cancelled",
};

function Answer({ delivery }: { delivery: DeliveryView }) {
  if (delivery.responseCode !== undefined) return <>{delivery.responseCode}</>;
  return <>{delivery.error ? `None (${delivery.error})` : "—"}</>;
}

function WebhookPage({ chrome, webhook, deliveries, notice }: WebhookPageProps) {
  const host = hostOf(webhook.url);
  return (
    <AdminFrame chrome={chrome} title={`Webhook: ${host}`} intro="A subscription, what it receives, and its latest deliveries." current="/admin/webhooks">
      <Notice text={notice} />
      <section class="card" aria-labelledby="subscription-title">
        <h2 id="subscription-title">Subscription</h2>
        <dl class="counts">
          <dt>URL</dt>
          <dd>{webhook.url}</dd>
          <dt>Events</dt>
          <dd>{webhook.events.join(", ")}</dd>
          <dt>State</dt>
          <dd>
            <State webhook={webhook} timezone={chrome.timezone} />
          </dd>
          <dt>Created</dt>
          <dd>{when(webhook.createdAt, chrome.timezone)}</dd>
          <dt>Last delivered</dt>
          <dd>{when(webhook.lastSuccessAt, chrome.timezone)}</dd>
        </dl>
        {webhook.status === "disabled" ? (
          <>
            <p>Its deliveries failed for 24 hours, so nothing is sent to it. Once the receiver works again, enable it: events from now on are delivered.</p>
            <AdminForm action={`/admin/webhooks/${webhook.id}/enable`} csrf={chrome.csrf}>
              <button type="submit" class="btn inline">
                Enable the subscription
              </button>
            </AdminForm>
          </>
        ) : (
          <AdminForm action={`/admin/webhooks/${webhook.id}/test`} csrf={chrome.csrf}>
            <p>A test event (webhook.test) goes to this subscription only, signed and retried like any other.</p>
            <button type="submit" class="btn inline">
              Send test event
            </button>
          </AdminForm>
        )}
      </section>
      <section class="card" aria-labelledby="log-title">
        <h2 id="log-title">Delivery log</h2>
        <p class="sub">The latest 20 deliveries, newest first. Reload the page to see a try that is under way. Payloads are not kept.</p>
        {deliveries.length ? (
          <div class="table-wrap">
            <table class="list" id="deliveries">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Event</th>
                  <th scope="col">Tries</th>
                  <th scope="col">Status</th>
                  <th scope="col">Response</th>
                  <th scope="col">Duration</th>
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr>
                    <th scope="row">{when(d.lastAt ?? d.firstAt, chrome.timezone)}</th>
                    <td>{d.event}</td>
                    <td>{d.attempt}</td>
                    <td>
                      {STATUS[d.status]}
                      {d.status === "retrying" && d.nextAt ? `, next ${when(d.nextAt, chrome.timezone)}` : ""}
                    </td>
                    <td>
                      <Answer delivery={d} />
                    </td>
                    <td>{d.durationMs !== undefined ? `${d.durationMs} ms` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Nothing delivered yet.</p>
        )}
      </section>
      <section class="card" aria-labelledby="delete-title">
        <h2 id="delete-title">Delete</h2>
        <p>Nothing more is delivered to it, retries included. This cannot be undone: a new subscription gets a new secret.</p>
        <AdminForm action={`/admin/webhooks/${webhook.id}/delete`} csrf={chrome.csrf}>
          <button type="submit" class="btn inline stop">
            Delete the subscription<span class="vh"> to {host}</span>
          </button>
        </AdminForm>
      </section>
    </AdminFrame>
  );
}

export function renderWebhooksPage(props: WebhooksPageProps): string {
  return toDocument(<WebhooksPage {...props} />);
}

export function renderWebhookPage(props: WebhookPageProps): string {
  return toDocument(<WebhookPage {...props} />);
}
