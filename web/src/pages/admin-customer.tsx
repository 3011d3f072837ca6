/**
 * GET /admin/customers/{id}: a customer's edit form (name, email, company, rep, segment, value tier,
 * language; it carries the version it was read at), deactivate or reactivate, the link to their data as
 * JSON, and the way to erase them; GET /admin/customers/{id}/erase: what erasing keeps and removes, and
 * the button that does it.
 */
import type { Customer } from "@rapport/core/customer/index";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, FormErrors, TextInput, when, type AdminChrome, type FormState } from "./admin-frame.tsx";
import { ActiveToggle, Back, Notice, SelectInput, VersionField } from "./admin-people-fields.tsx";
import { TIERS, type RepChoice } from "./admin-customers.tsx";

const LABELS = { name: "Name", email: "Email", company: "Company", repId: "Rep", segment: "Segment", valueTier: "Value tier", language: "Language", form: "" };

export interface CustomerPageProps {
  chrome: AdminChrome;
  customer: Customer;
  reps: RepChoice[];
  form?: FormState;
  notice?: string;
  stale?: boolean;
}

function CustomerPage({ chrome, customer: c, reps, form, notice, stale }: CustomerPageProps) {
  const state: FormState = form ?? {
    values: { name: c.name, email: c.email, company: c.company ?? "", repId: c.repId, segment: c.segment ?? "", valueTier: c.valueTier ?? "", language: c.language ?? "" },
  };
  // The customer's rep stays a choice even when deactivated; other deactivated reps cannot take customers.
  const choices = reps.filter((r) => r.active || r.id === c.repId).map((r) => ({ value: r.id, label: r.active ? r.name : `${r.name} (deactivated)` }));
  const active = c.active !== false;
  return (
    <AdminFrame chrome={chrome} title={c.name} intro={`Customer since ${when(c.createdAt, chrome.timezone)}.`} current="/admin/customers">
      <Back href="/admin/customers">All customers</Back>
      <Notice text={notice} />
      <Notice bad text={stale ? "This customer changed since you opened it, so nothing was saved. The form now shows the customer as they are: make your change again." : undefined} />
      {c.erasedAt ? (
        <section class="card" aria-labelledby="erased-title">
          <h2 id="erased-title">Erased</h2>
          <p>This customer was erased on request {when(c.erasedAt, chrome.timezone)}: they are never emailed and cannot be edited.</p>
        </section>
      ) : (
        <>
          <section class="card" aria-labelledby="edit-title">
            <h2 id="edit-title">Edit</h2>
            <p class="sub">
              State: {active ? "active" : `deactivated ${when(c.deactivatedAt, chrome.timezone)}`}. Id <code>{c.id}</code>. A new rep is credited from now on; past invitations keep crediting the rep they were sent for.
            </p>
            <FormErrors state={form} title="The customer was not saved" labels={LABELS} />
            <AdminForm action={`/admin/customers/${c.id}`} csrf={chrome.csrf}>
              <VersionField version={c.version ?? 0} />
              <TextInput name="name" label="Name" state={state} />
              <TextInput name="email" label="Email" state={state} />
              <TextInput name="company" label="Company" optional state={state} />
              <SelectInput name="repId" label="Rep" options={choices} state={state} />
              <TextInput name="segment" label="Segment" optional state={state} />
              <SelectInput name="valueTier" label="Value tier" optional options={[{ value: "", label: "None" }, ...TIERS]} state={state} />
              <TextInput name="language" label="Language" optional hint="A language tag such as fr-CA: their forms and emails are in it. Empty: their browser's, else the organization's." state={state} />
              <button type="submit" class="btn inline">
                Save customer
              </button>
            </AdminForm>
          </section>
          <ActiveToggle
            action={`/admin/customers/${c.id}/active`}
            csrf={chrome.csrf}
            active={active}
            what={`the customer ${c.name}`}
            explain={active ? "They get no email of any kind (invitations, reminders, campaigns) until reactivated; their history stays." : "They may be emailed again from now on."}
          />
        </>
      )}
      <section class="card" aria-labelledby="data-title">
        <h2 id="data-title">Their data</h2>
        <p>
          <a href={`/v1/customers/${c.id}/export`}>Export everything stored about {c.erasedAt ? "this customer" : c.name} (JSON)</a>
        </p>
        {c.erasedAt ? null : (
          <p>
            <a href={`/admin/customers/${c.id}/erase`}>Erase this customer…</a> (you confirm on the next page)
          </p>
        )}
      </section>
    </AdminFrame>
  );
}

function ErasePage({ chrome, customer: c }: { chrome: AdminChrome; customer: Customer }) {
  return (
    <AdminFrame chrome={chrome} title={`Erase ${c.name}?`} intro="On the customer's request: this cannot be undone." current="/admin/customers">
      <Back href={`/admin/customers/${c.id}`}>Back to {c.name}</Back>
      <section class="card" aria-labelledby="erase-title">
        <h2 id="erase-title">What erasing does</h2>
        <p>Removed everywhere:</p>
        <ul>
          <li>their name and email, replaced by “Erased customer” and an address that receives nothing;</li>
          <li>every free text they wrote or reps wrote about them: comments, “about me”, concerns, onboarding answers, notes; their profile is deleted.</li>
        </ul>
        <p>Kept:</p>
        <ul>
          <li>their ratings, the scores and aggregates built from them, and closed periods' snapshots, unchanged (a closed period's hash still verifies);</li>
          <li>their address only as a one-way hash on the suppression list, so they are never emailed again;</li>
          <li>an audit entry saying who erased them and when, with no personal data.</li>
        </ul>
        <p>
          Export their data first if they asked for it: <a href={`/v1/customers/${c.id}/export`}>export as JSON</a>.
        </p>
        <AdminForm action={`/admin/customers/${c.id}/erase`} csrf={chrome.csrf}>
          <button type="submit" class="btn stop inline">
            Erase {c.name} for good
          </button>
        </AdminForm>
      </section>
    </AdminFrame>
  );
}

export function renderCustomerPage(props: CustomerPageProps): string {
  return toDocument(<CustomerPage {...props} />);
}

export function renderErasePage(props: { chrome: AdminChrome; customer: Customer }): string {
  return toDocument(<ErasePage {...props} />);
}
