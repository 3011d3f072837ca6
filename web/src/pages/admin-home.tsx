/** GET /admin: the console's home, one tile per page. */
import { toDocument } from "./layout.tsx";
import { AdminFrame, type AdminChrome } from "./admin-frame.tsx";

const TILES = [
  { href: "/admin/teams", title: "Teams", text: "Create a team with its manager, rename it, give it a Slack channel, deactivate it." },
  { href: "/admin/reps", title: "Reps", text: "Find a rep by team, state, name or email; add one, edit one, deactivate one who left." },
  { href: "/admin/customers", title: "Customers", text: "Search, edit, deactivate; export a customer's data or erase it on request." },
  { href: "/admin/import", title: "Import CSV", text: "Upload a customers or reps file: every bad row reported by its line; a good file written in the background." },
  { href: "/admin/campaigns", title: "Campaigns", text: "Send report cards to many customers at once, watch them go out, stop one." },
  { href: "/admin/plan", title: "Compensation plan", text: "The report card's share of the bonus: its components, behaviours and ramps." },
  { href: "/admin/periods", title: "Periods", text: "Close a quarter to freeze its bonus inputs, or reopen it with a reason." },
  { href: "/admin/audit", title: "Audit log", text: "Who changed what and when, filtered by person or key, action, record and dates." },
  { href: "/admin/api-keys", title: "API keys", text: "Keys for integrations: create one with its scopes, see when each was last used, revoke." },
] as const;

function AdminHome({ chrome }: { chrome: AdminChrome }) {
  return (
    <AdminFrame chrome={chrome} title="Admin console" intro="Run the organization's report cards from here." current="/admin">
      <ul class="tiles">
        {TILES.map((tile) => (
          <li class="card">
            <h2>
              <a href={tile.href}>{tile.title}</a>
            </h2>
            <p class="sub">{tile.text}</p>
          </li>
        ))}
      </ul>
    </AdminFrame>
  );
}

export function renderAdminHome(props: { chrome: AdminChrome }): string {
  return toDocument(<AdminHome {...props} />);
}
