/**
 * GET /admin/customers: customers, rep by rep, searched by a name or email prefix and filtered by rep, team,
 * state and value tier (a plain GET form), a page at a time. Each links to its page (admin-customer.tsx).
 */
import type { Customer } from "@rapport/core/customer/index";
import { ValueTierSchema } from "@rapport/core/customer/tier";
import { toDocument } from "./layout.tsx";
import { AdminFrame, FormErrors, TextInput, type AdminChrome, type FormState } from "./admin-frame.tsx";
import { Notice, Pager, SelectInput, StateText } from "./admin-people-fields.tsx";

const LABELS = { q: "Name or email starts with", repId: "Rep", team: "Team", status: "State", tier: "Value tier", cursor: "Page" };

/** A rep as the customer pages offer them. */
export type RepChoice = { id: string; name: string; active: boolean };

/** The value tiers as choices. */
export const TIERS = ValueTierSchema.options.map((tier) => ({ value: tier, label: tier }));

export interface CustomersPageProps {
  chrome: AdminChrome;
  customers: Customer[];
  reps: RepChoice[];
  teams: string[];
  filters: FormState;
  next?: string;
  first?: string;
  notice?: string;
}

function CustomersPage({ chrome, customers, reps, teams, filters, next, first, notice }: CustomersPageProps) {
  const repName = new Map(reps.map((r) => [r.id, r.name]));
  return (
    <AdminFrame chrome={chrome} title="Customers" intro="The people who rate your reps. Deactivated customers get no email of any kind." current="/admin/customers">
      <Notice text={notice} />
      <section class="card" aria-labelledby="filter-title">
        <h2 id="filter-title">Find customers</h2>
        <FormErrors state={filters.errors ? filters : undefined} title="These filters could not be used" labels={LABELS} />
        <form method="get" action="/admin/customers" novalidate>
          <div class="filters">
            <TextInput name="q" label="Name or email starts with" optional state={filters} />
            <SelectInput name="repId" label="Rep" options={[{ value: "", label: "Every rep" }, ...reps.map((r) => ({ value: r.id, label: r.active ? r.name : `${r.name} (deactivated)` }))]} state={filters} />
            <SelectInput name="team" label="Team" options={[{ value: "", label: "Every team" }, ...teams.map((t) => ({ value: t, label: t }))]} state={filters} />
            <SelectInput name="status" label="State" options={[{ value: "", label: "Active and deactivated" }, { value: "active", label: "Active" }, { value: "inactive", label: "Deactivated" }]} state={filters} />
            <SelectInput name="tier" label="Value tier" options={[{ value: "", label: "Every tier" }, ...TIERS]} state={filters} />
          </div>
          <button type="submit" class="btn inline">
            Show customers
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="customers-title">
        <h2 id="customers-title">Customers</h2>
        <p class="sub">By rep, then by name. To add many at once, <a href="/admin/import">import a CSV file</a>.</p>
        {customers.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Company</th>
                  <th scope="col">Rep</th>
                  <th scope="col">Tier</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {customers.map((c) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/customers/${c.id}`}>{c.name}</a>
                    </th>
                    <td>{c.email}</td>
                    <td>{c.company ?? ""}</td>
                    <td>{repName.get(c.repId) ?? c.repId}</td>
                    <td>{c.valueTier ?? ""}</td>
                    <td>{c.erasedAt ? <span class="status-bad">Erased</span> : <StateText active={c.active !== false} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No customers match these filters{next ? " on this page; the next page may hold more" : ""}.</p>
        )}
        <Pager label="Customer pages" first={first} next={next} />
      </section>
    </AdminFrame>
  );
}

export function renderCustomersPage(props: CustomersPageProps): string {
  return toDocument(<CustomersPage {...props} />);
}
