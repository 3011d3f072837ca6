/**
 * GET /admin/teams: the teams (a name and a manager; reps join one), a form to create one; and
 * GET /admin/teams/{id}: a team's edit form (name, manager, Slack incoming webhook, written but never shown
 * back) and its deactivate or reactivate button. Plain forms: they work without JavaScript.
 */
import type { TeamView } from "@rapport/core/team/index";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, FormErrors, TextInput, when, type AdminChrome, type FormState } from "./admin-frame.tsx";
import { ActiveToggle, Back, Notice, StateText, VersionField } from "./admin-people-fields.tsx";

const LABELS = { name: "Name", managerEmail: "Manager's email", slackWebhookUrl: "Slack incoming-webhook URL", form: "" };

/** "configured (hooks.slack.com)" or "not set": the URL itself is a secret and never shown. */
const slackText = (team: TeamView) => (team.slack.configured ? `configured (${team.slack.host})` : "not set");

export interface TeamsPageProps {
  chrome: AdminChrome;
  teams: TeamView[];
  form?: FormState;
  notice?: string;
}

function TeamsPage({ chrome, teams, form, notice }: TeamsPageProps) {
  return (
    <AdminFrame chrome={chrome} title="Teams" intro="Each team has a name and a manager; its reps report to that manager." current="/admin/teams">
      <Notice text={notice} />
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">Create a team</h2>
        <FormErrors state={form} title="The team was not created" labels={LABELS} />
        <AdminForm action="/admin/teams" csrf={chrome.csrf}>
          <TextInput name="name" label="Name" hint="Such as “West”." state={form} />
          <TextInput name="managerEmail" label="Manager's email" hint="The manager signs in with it and sees the team's dashboard." state={form} />
          <button type="submit" class="btn inline">
            Create team
          </button>
        </AdminForm>
      </section>
      <section class="card" aria-labelledby="teams-title">
        <h2 id="teams-title">Teams</h2>
        {teams.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Manager</th>
                  <th scope="col">Slack</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {teams.map((team) => (
                  <tr>
                    <th scope="row">
                      <a href={`/admin/teams/${team.id}`}>{team.name}</a>
                    </th>
                    <td>{team.managerEmail}</td>
                    <td>{slackText(team)}</td>
                    <td>
                      <StateText active={team.active} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No teams yet.</p>
        )}
      </section>
    </AdminFrame>
  );
}

export interface TeamPageProps {
  chrome: AdminChrome;
  team: TeamView;
  /** The form as posted when refused; else the team's own values. */
  form?: FormState;
  notice?: string;
  /** The edit was refused: someone changed the team since the form was opened. */
  stale?: boolean;
}

function TeamPage({ chrome, team, form, notice, stale }: TeamPageProps) {
  const state: FormState = form ?? { values: { name: team.name, managerEmail: team.managerEmail } };
  return (
    <AdminFrame chrome={chrome} title={`Team ${team.name}`} intro={`Managed by ${team.managerEmail}. Created ${when(team.createdAt, chrome.timezone)}.`} current="/admin/teams">
      <Back href="/admin/teams">All teams</Back>
      <p>
        <a href={`/admin/reps?teamId=${team.id}`}>The team's reps</a>
      </p>
      <Notice text={notice} />
      <Notice bad text={stale ? "This team changed since you opened it, so nothing was saved. The form now shows the team as it is: make your change again." : undefined} />
      <section class="card" aria-labelledby="edit-title">
        <h2 id="edit-title">Edit</h2>
        <p class="sub">A new manager takes over the team's reps. State: {team.active ? "active" : "deactivated"}.</p>
        <FormErrors state={form} title="The team was not saved" labels={LABELS} />
        <AdminForm action={`/admin/teams/${team.id}`} csrf={chrome.csrf}>
          <VersionField version={team.version} />
          <TextInput name="name" label="Name" state={state} />
          <TextInput name="managerEmail" label="Manager's email" state={state} />
          <TextInput
            name="slackWebhookUrl"
            label="Slack incoming-webhook URL"
            optional
            hint={`Now ${slackText(team)}. Case opened, escalated and recovered are posted there. Leave empty to keep it as it is; the URL is a secret and is never shown again.`}
            state={state}
            maxlength={500}
          />
          {team.slack.configured ? (
            <label class="check" for="slackRemove">
              <input type="checkbox" id="slackRemove" name="slackRemove" value="1" />
              <span>Remove the Slack webhook</span>
            </label>
          ) : null}
          <button type="submit" class="btn inline">
            Save team
          </button>
        </AdminForm>
      </section>
      <ActiveToggle
        action={`/admin/teams/${team.id}/active`}
        csrf={chrome.csrf}
        active={team.active}
        what="this team"
        explain={team.active ? "A deactivated team takes no new reps; its reps stay as they are." : "The team takes new reps again."}
      />
    </AdminFrame>
  );
}

export function renderTeamsPage(props: TeamsPageProps): string {
  return toDocument(<TeamsPage {...props} />);
}

export function renderTeamPage(props: TeamPageProps): string {
  return toDocument(<TeamPage {...props} />);
}
