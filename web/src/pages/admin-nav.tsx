/** The admin pages' navigation: each page links to the others, the current one marked. */
const PAGES = [
  { href: "/admin/campaigns", label: "Campaigns" },
  { href: "/admin/plan", label: "Compensation plan" },
] as const;

export function AdminNav({ current }: { current: (typeof PAGES)[number]["href"] }) {
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
