/**
 * GET /admin/reps: reps by name, filtered by team, state and a name or email prefix (a plain GET form), a
 * page at a time, with a form to add one; and GET /admin/reps/{id}: a rep's edit form (name, email, team,
 * time zone) and their deactivate or reactivate button. An edit carries the version it was read at.
 */
import type { Rep } from "@rapport/core/rep/index";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, FormErrors, TextInput, when, type AdminChrome, type FormState } from "./admin-frame.tsx";
import { ActiveToggle, Back, Notice, Pager, SelectInput, StateText, VersionField } from "./admin-people-fields.tsx";

const LABELS = { name: "Name", email: "Email", teamId: "Team", timezone: "Time zone", form: "" };
const FILTER_LABELS = { q: "Name or email starts with", status: "State" };

/** The teams a rep may join, by id. */
export type TeamChoice = { id: string; name: string };

const teamOptions = (teams: TeamChoice[], none: string) => [{ value: "", label: none }, ...teams.map((t) => ({ value: t.id, label: t.name }))];

export interface RepsPageProps {
  chrome: AdminChrome;
  reps: Rep[];
  teams: TeamChoice[];
  /** The filters as applied, or as typed when refused. */
  filters: FormState;
  next?: string;
  first?: string;
  form?: FormState;
  notice?: string;
}

function RepsPage({ chrome, reps, teams, filters, next, first, form, notice }: RepsPageProps) {
  return (
    <AdminFrame chrome={chrome} title="Reps" intro="The people customers rate. A deactivated rep keeps their history but gets no new invitations." current="/admin/reps">
      <Notice text={notice} />
      <section class="card" aria-labelledby="filter-title">
        <h2 id="filter-title">Find reps</h2>
        <FormErrors state={filters.errors ? filters : undefined} title="These filters could not be used" labels={FILTER_LABELS} />
        <form method="get" action="/admin/reps" novalidate>
          <div class="filters">
            <SelectInput name="teamId" id="filter-teamId" label="Team" options={teamOptions(teams, "Every team")} state={filters} />
            <SelectInput name="status" label="State" options={[{ value: "", label: "Active and deactivated" }, { value: "active", label: "Active" }, { value: "inactive", label: "Deactivated" }]} state={filters} />
            <TextInput name="q" label="Name or email starts with" optional state={filters} />
          </div>
          <button type="submit" class="btn inline">
            Show reps
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="reps-title">
        <h2 id="reps-title">Reps</h2>
        {reps.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Team</th>
                  <th scope="col">Manager</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {reps.map((rep) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/reps/${rep.id}`}>{rep.name}</a>
                    </th>
                    <td>{rep.email}</td>
                    <td>{rep.team ?? ""}</td>
                    <td>{rep.managerEmail ?? ""}</td>
                    <td>
                      <StateText active={rep.active} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No reps match these filters{next ? " on this page; the next page may hold more" : ""}.</p>
        )}
        <Pager label="Rep pages" first={first} next={next} />
      </section>
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">Add a rep</h2>
        <FormErrors state={form} title="The rep was not added" labels={LABELS} />
        <AdminForm action="/admin/reps" csrf={chrome.csrf}>
          <TextInput name="name" label="Name" state={form} />
          <TextInput name="email" label="Email" hint="The rep signs in with it." state={form} />
          <SelectInput name="teamId" label="Team" optional hint="The team's manager becomes the rep's." options={teamOptions(teams, "No team")} state={form} />
          <TextInput name="timezone" label="Time zone" optional hint="Such as Europe/Berlin: the morning digest goes out at 08:00 there. Empty: the organization's." state={form} />
          <button type="submit" class="btn inline">
            Add rep
          </button>
        </AdminForm>
      </section>
    </AdminFrame>
  );
}

export interface RepPageProps {
  chrome: AdminChrome;
  rep: Rep;
  teams: TeamChoice[];
  form?: FormState;
  notice?: string;
  stale?: boolean;
}

function RepPage({ chrome, rep, teams, form, notice, stale }: RepPageProps) {
  const state: FormState = form ?? { values: { name: rep.name, email: rep.email, teamId: rep.teamId ?? "", timezone: rep.timezone ?? "" } };
  const choices = rep.teamId && !teams.some((t) => t.id === rep.teamId) ? [...teams, { id: rep.teamId, name: rep.team ?? rep.teamId }] : teams;
  return (
    <AdminFrame chrome={chrome} title={rep.name} intro={`Rep since ${when(rep.createdAt, chrome.timezone)}.${rep.managerEmail ? ` Reports to ${rep.managerEmail}.` : ""}`} current="/admin/reps">
      <Back href="/admin/reps">All reps</Back>
      <p>
        <a href={`/admin/customers?repId=${rep.id}`}>{rep.name}'s customers</a>
      </p>
      <Notice text={notice} />
      <Notice bad text={stale ? "This rep changed since you opened it, so nothing was saved. The form now shows the rep as they are: make your change again." : undefined} />
      <section class="card" aria-labelledby="edit-title">
        <h2 id="edit-title">Edit</h2>
        <p class="sub">
          State: {rep.active ? "active" : `deactivated ${when(rep.deactivatedAt, chrome.timezone)}`}. Id <code>{rep.id}</code>.
        </p>
        <FormErrors state={form} title="The rep was not saved" labels={LABELS} />
        <AdminForm action={`/admin/reps/${rep.id}`} csrf={chrome.csrf}>
          <VersionField version={rep.version ?? 0} />
          <TextInput name="name" label="Name" state={state} />
          <TextInput name="email" label="Email" hint="A new address becomes the rep's sign-in." state={state} />
          <SelectInput name="teamId" label="Team" optional hint="The team's manager becomes the rep's." options={teamOptions(choices, "No team")} state={state} />
          <TextInput name="timezone" label="Time zone" optional hint="Such as Europe/Berlin. Empty: the organization's." state={state} />
          <button type="submit" class="btn inline">
            Save rep
          </button>
        </AdminForm>
      </section>
      <ActiveToggle
        action={`/admin/reps/${rep.id}/active`}
        csrf={chrome.csrf}
        active={rep.active}
        what={`the rep ${rep.name}`}
        explain={
          rep.active
            ? "They keep their history, scores and snapshots, get no new invitations or follow-ups, and their open cases move to their manager."
            : "They get invitations and follow-ups again from now on."
        }
      />
    </AdminFrame>
  );
}

export function renderRepsPage(props: RepsPageProps): string {
  return toDocument(<RepsPage {...props} />);
}

export function renderRepPage(props: RepPageProps): string {
  return toDocument(<RepPage {...props} />);
}
