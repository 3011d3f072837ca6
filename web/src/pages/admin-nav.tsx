/** The admin console's navigation: each page links to the others, the current one marked. */
const PAGES = [
  { href: "/admin", label: "Home" },
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/reps", label: "Reps" },
  { href: "/admin/customers", label: "Customers" },
  { href: "/admin/import", label: "Import CSV" },
  { href: "/admin/campaigns", label: "Campaigns" },
  { href: "/admin/plan", label: "Compensation plan" },
  { href: "/admin/periods", label: "Periods" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/api-keys", label: "API keys" },
  { href: "/admin/webhooks", label: "Webhooks" },
] as const;

export type AdminPage = (typeof PAGES)[number]["href"];

export function AdminNav({ current }: { current: AdminPage }) {
  return (
    <nav aria-label="Admin pages">
      <ul class="periods">
        {PAGES.map((page) => (
          <li>
            <a href={page.href} aria-current={page.href === current ? "page" : undefined}>
              {page.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
