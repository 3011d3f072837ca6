/** GET /admin/audit: the audit log, filtered by who, what, which record and which days, a page at a time (a plain GET form). */
import type { AuditEntry } from "@rapport/core/audit/index";
import { toDocument } from "./layout.tsx";
import { AdminFrame, FormErrors, TextInput, when, type AdminChrome, type FormState } from "./admin-frame.tsx";

export interface AuditPageProps {
  chrome: AdminChrome;
  entries: AuditEntry[];
  /** The filters as applied (their defaults filled in), or as typed when refused. */
  form: FormState;
  /** The next page's address, when there is one. */
  next?: string;
  /** Whether this is a later page (then the first page is linked). */
  paged: boolean;
}

const LABELS = { actor: "Who", action: "Action", entityId: "Record id", from: "From", to: "To" };

const KIND: Record<AuditEntry["actor"]["kind"], string> = { "api-key": "API key", user: "", cli: "Command line", system: "Rapport", customer: "Customer" };

function Who({ actor }: { actor: AuditEntry["actor"] }) {
  const label = KIND[actor.kind];
  return (
    <>
      {label ? `${label} ` : ""}
      {actor.id}
      {actor.onBehalfOf ? <span class="muted"> for {actor.onBehalfOf}</span> : null}
    </>
  );
}

function AuditPage({ chrome, entries, form, next, paged }: AuditPageProps) {
  return (
    <AdminFrame chrome={chrome} title="Audit log" intro="Who changed what, and when. Newest first." current="/admin/audit">
      <section class="card" aria-labelledby="filter-title">
        <h2 id="filter-title">Filter</h2>
        <FormErrors state={form.errors ? form : undefined} title="These filters could not be used" labels={LABELS} />
        <form method="get" action="/admin/audit" novalidate>
          <div class="filters">
            <TextInput name="actor" label="Who" optional hint="An email address or an API key id (key_…)." state={form} />
            <TextInput name="action" label="Action" optional hint="Such as api-key.revoke, or api-key for every key action." state={form} />
            <TextInput name="entityId" label="Record id" optional hint="A rep, customer, key, period or email address." state={form} />
            <TextInput name="from" label="From" type="date" hint="The first day (UTC)." state={form} />
            <TextInput name="to" label="To" type="date" hint="The last day (UTC)." state={form} />
          </div>
          <button type="submit" class="btn inline">
            Show entries
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="entries-title">
        <h2 id="entries-title">Entries</h2>
        {entries.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Record</th>
                  <th scope="col">Detail</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr>
                    <td>{when(e.at, chrome.timezone)}</td>
                    <td>
                      <Who actor={e.actor} />
                    </td>
                    <td>{e.action}</td>
                    <td>{e.entityId}</td>
                    <td>
                      {e.detail ? (
                        <details class="detail">
                          <summary>
                            Show<span class="vh"> the detail of {e.action} on {e.entityId}</span>
                          </summary>
                          <pre>{JSON.stringify(e.detail, null, 2)}</pre>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No entries match these filters.</p>
        )}
        {next || paged ? (
          <nav class="pager" aria-label="Audit pages">
            {paged ? <a href={firstPage(form)}>First page</a> : null}
            {next ? <a href={next}>Next page</a> : null}
          </nav>
        ) : null}
      </section>
    </AdminFrame>
  );
}

/** The address of the first page of these filters. */
function firstPage(form: FormState): string {
  const query = new URLSearchParams(Object.entries(form.values ?? {}).flatMap(([name, value]) => (typeof value === "string" && value ? [[name, value]] : [])));
  return `/admin/audit${query.size ? `?${query}` : ""}`;
}

export function renderAuditPage(props: AuditPageProps): string {
  return toDocument(<AuditPage {...props} />);
}
