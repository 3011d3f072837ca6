/** A period switcher: one link per period (`?period=`, plus any extra query), the shown one marked aria-current. */
export function PeriodNav({ period, periods, extra = "", base = "" }: { period: string; periods: string[]; extra?: string; base?: string }) {
  const all = periods.includes(period) ? periods : [period, ...periods];
  return (
    <nav aria-label="Periods">
      <ul class="periods">
        {all.map((p) => (
          <li>
            <a href={`${base}?period=${encodeURIComponent(p)}${extra}`} aria-current={p === period ? "page" : undefined}>
              {p}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
