import type { Child } from "hono/jsx";
import { formatDate } from "@rapport/core/clock/format-date";
import type { Brand } from "./props.ts";
import type { BonusEstimate, CommentItem, FollowUpItem, RepDashboardProps, ScoreFigure } from "./dashboard-props.ts";
import { contrastRatio, Head, safeBrandColor, textOn, toDocument } from "./layout.tsx";
import { Csrf, ErrorMessage, describedBy, idOf } from "./fields.tsx";
import { IntervalBar, TrendChart, formatInterval, formatNumber, formatPercent, formatScore } from "./charts.tsx";

const ink = "#1b1f24";
const pageBackground = "#f4f5f7";

/** The brand colour where it must read on white and on the page (links, bars, the chart line), else ink. */
function accentFor(brand: string): string {
  return contrastRatio(brand, pageBackground) >= 4.5 ? brand : ink;
}

function stylesheet(brand: string): string {
  const accent = accentFor(brand);
  return `:root{--brand:${brand};--on-brand:${textOn(brand)};--accent:${accent};--ink:${ink};--muted:#4a5159;--line:#d5d9de;--soft:#e4e7eb;--bg:${pageBackground};--ok:#146c2e;--ok-bg:#e5f3e8;--warn:#7a4500;--warn-bg:#fdf0d9;--bad:#b3261e;--bad-bg:#fce9e7}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
a{color:var(--accent);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:.5rem;background:#fff;color:var(--ink);padding:.5rem .75rem;border-radius:.375rem;z-index:2}
.skip:focus{left:1rem}
.bar{background:var(--brand);color:var(--on-brand)}
.bar :focus-visible{outline-color:var(--on-brand)}
.bar-in{max-width:76rem;margin:0 auto;padding:.5rem 1rem;min-height:3.5rem;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 1rem}
.org{margin:0;font-weight:700;font-size:1.0625rem;letter-spacing:.01em}
.org .app{font-weight:500;margin-left:.5rem;padding-left:.5rem;border-left:1px solid currentColor}
.who{display:flex;align-items:center;gap:.75rem;font-size:.9375rem;margin-left:auto}
.who form{margin:0}
.ghost{font:inherit;font-weight:600;font-size:.9375rem;color:var(--on-brand);background:transparent;border:1.5px solid currentColor;border-radius:.375rem;padding:.3rem .75rem;min-height:2.25rem;cursor:pointer}
main{display:block;max-width:76rem;margin:0 auto;padding:1.25rem 1rem 3rem}
main.narrow{max-width:29rem;padding-top:2.5rem}
h1{font-size:1.5rem;line-height:1.2;margin:0}
h2{font-size:1.0625rem;line-height:1.3;margin:0 0 .25rem}
h3{font-size:.9375rem;margin:0 0 .5rem}
p{margin:0 0 .75rem}
.muted{color:var(--muted)}
.small{font-size:.875rem}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.head{display:flex;flex-wrap:wrap;align-items:flex-end;justify-content:space-between;gap:.75rem 1.5rem;margin:0 0 1.25rem}
.head p{margin:.25rem 0 0}
.back{display:inline-block;margin:0 0 .5rem;font-weight:600;font-size:.9375rem}
.head nav{max-width:100%;min-width:0}
.periods{display:flex;flex-wrap:nowrap;overflow-x:auto;scrollbar-width:thin;gap:.375rem;list-style:none;margin:0;padding:.125rem .125rem .375rem}
.periods li{flex:none}
.periods a{display:inline-flex;align-items:center;min-height:2rem;padding:.125rem .625rem;border:1px solid var(--line);border-radius:999px;background:#fff;color:var(--ink);text-decoration:none;font-size:.875rem;font-weight:550}
.periods a:hover{border-color:var(--accent)}
.periods a[aria-current=page]{background:var(--accent);border-color:var(--accent);color:${textOn(accent)};font-weight:700}
.card{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:1rem 1.125rem;min-width:0}
.card>h2+.sub{margin:0 0 1rem;color:var(--muted);font-size:.875rem}
.block{margin:0 0 1rem}
.scores{display:grid;gap:.75rem;grid-template-columns:1fr 1fr;margin:0 0 1rem}
.scores .lead,.scores.two .card,.scores.pair .card{grid-column:1/-1}
.kicker{margin:0 0 .125rem;font-size:.8125rem;font-weight:650;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
.fig{margin:0;font-size:1.75rem;font-weight:700;line-height:1.15;letter-spacing:-.01em}
.fig .ci{font-size:.9375rem;font-weight:500;color:var(--muted);letter-spacing:0;white-space:nowrap}
.lead .fig{font-size:3rem}
.lead .fig .ci{font-size:1.125rem}
.figcap{margin:.125rem 0 0;font-size:.875rem;color:var(--muted)}
.why{margin:.5rem 0 0;font-size:.875rem;max-width:34rem}
.ivbar{display:block;width:100%;max-width:18rem;height:auto;margin:.5rem 0 .25rem}
.lead .ivbar{max-width:18rem}
.ivbar.compact{max-width:9rem;margin:.25rem 0 0}
.iv-axis{stroke:#9aa1a9;stroke-width:1.5}
.iv-tick{stroke:#9aa1a9;stroke-width:1}
.iv-band{fill:var(--accent);fill-opacity:.3}
.iv-dot{fill:var(--accent);stroke:#fff;stroke-width:1.5}
.iv-label{font-size:10px;fill:var(--muted)}
.pill{display:inline-flex;align-items:center;gap:.375rem;margin:.75rem 0 0;padding:.25rem .75rem;border-radius:999px;font-size:.875rem;font-weight:650}
.pill.ok{background:var(--ok-bg);color:var(--ok)}
.pill.warn{background:var(--warn-bg);color:var(--warn)}
.cols{display:grid;gap:1rem;margin:0 0 1rem}
.fu-cols{display:grid;gap:1rem}
.fu-list{list-style:none;margin:0;padding:0;display:grid;gap:.625rem}
.fu{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:.5rem;padding:.625rem .75rem}
.fu.overdue{border-left-color:var(--bad)}
.fu-top{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem .75rem}
.fu-name{font-weight:650}
.tag{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.8125rem;font-weight:650;background:var(--soft);color:var(--ink)}
.tag.recovery{background:var(--bad-bg);color:var(--bad)}
.fu-due{margin:.125rem 0 .25rem;font-size:.875rem;color:var(--muted)}
.fu.overdue .fu-due{color:var(--bad);font-weight:600}
.fu-sum{margin:0 0 .375rem;font-size:.9375rem}
.prefs{display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:.25rem .75rem;margin:.375rem 0 0;padding:.5rem .625rem;background:var(--bg);border-radius:.375rem;font-size:.875rem}
.prefs dt{color:var(--muted);font-size:.75rem;font-weight:650;text-transform:uppercase;letter-spacing:.04em}
.prefs dd{margin:0;overflow-wrap:anywhere}
.fu-stack{display:grid;gap:1.25rem}
.fu-stack>div>h3,.fu-cols>div>h3{font-size:1rem}
h4.fu-name{margin:0;font-size:1.0625rem;line-height:1.3;font-weight:700}
.fu h5{margin:0 0 .375rem;font-size:.75rem;font-weight:650;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}
.tag.check-in{background:var(--ok-bg);color:var(--ok)}
.fu-esc{display:inline-block;margin:0 0 .375rem;padding:.125rem .5rem;border-radius:.25rem;background:var(--bad-bg);color:var(--bad);font-size:.875rem;font-weight:650}
.fu-rep{margin:.125rem 0 0;font-size:.9375rem}
.fu-body{display:grid;gap:1rem;margin-top:.625rem}
.fu-case{display:grid;gap:1rem;min-width:0}
.fu-reach{min-width:0}
.fu-reach .prefs{margin:0}
.low{list-style:none;margin:0 0 .625rem;padding:0;display:grid;gap:.375rem}
.low li{display:flex;align-items:baseline;justify-content:space-between;gap:.75rem;line-height:1.35}
.rate{flex:none;padding:0 .5rem;border-radius:999px;background:var(--bad-bg);color:var(--bad);font-weight:700;font-size:.875rem;white-space:nowrap}
.quote{margin:0;padding:.5rem .75rem;border-left:3px solid var(--line);background:var(--bg);border-radius:0 .375rem .375rem 0}
.quote blockquote{margin:0 0 .25rem;white-space:pre-wrap;overflow-wrap:anywhere}
.quote figcaption{font-size:.8125rem;color:var(--muted)}
.chips{list-style:none;margin:0 0 .5rem;padding:0;display:flex;flex-wrap:wrap;gap:.375rem}
.chips li{padding:.0625rem .625rem;border:1px solid var(--line);border-radius:999px;background:#fff;font-size:.875rem}
.shared{margin:0;overflow-wrap:anywhere}
.actions{margin:0;padding-left:1.25rem;display:grid;gap:.25rem}
.resolve{margin:0;padding-top:.875rem;border-top:1px solid var(--soft);min-width:0}
.resolve.invalid{border-left:4px solid var(--bad);padding-left:.75rem}
.hint{margin:0 0 .375rem;font-size:.875rem;color:var(--muted)}
.req{font-weight:500;font-size:.875rem;color:var(--muted)}
textarea{display:block;width:100%;min-height:5.5rem;padding:.5rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem;resize:vertical}
textarea[aria-invalid=true]{border-color:var(--bad);border-width:3px}
.resolve .btn{margin-top:.625rem}
.errors{background:#fff;border:3px solid var(--bad);border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1.25rem}
.errors h2{margin:0 0 .375rem;font-size:1.0625rem}
.errors ul{margin:0;padding-left:1.25rem}
.errors a{color:var(--bad);font-weight:650}
.notice.done{border-left-color:var(--ok);font-weight:600}
.empty{margin:0;padding:.75rem;border:1px dashed var(--line);border-radius:.5rem;color:var(--muted);font-size:.9375rem}
.beh{list-style:none;margin:0;padding:0;display:grid;gap:.875rem}
.beh li{display:grid;grid-template-columns:1fr 7.5rem;gap:.25rem .625rem;align-items:center}
.b-label{grid-column:1/-1;font-size:.9375rem;line-height:1.35}
.b-track{position:relative;height:.625rem;border-radius:999px;background:var(--soft);background-image:linear-gradient(90deg,transparent calc(25% - 1px),#fff calc(25% - 1px),#fff 25%,transparent 25%,transparent calc(50% - 1px),#fff calc(50% - 1px),#fff 50%,transparent 50%,transparent calc(75% - 1px),#fff calc(75% - 1px),#fff 75%,transparent 75%);overflow:hidden}
.b-fill{position:absolute;left:0;top:0;bottom:0;border-radius:999px;background:var(--accent)}
.b-val{font-size:.875rem;color:var(--muted);white-space:nowrap}
.b-val strong{color:var(--ink);font-size:1rem;margin-right:.25rem}
.b-val em{font-style:normal}
.scale{position:relative;height:1rem;margin:.375rem calc(7.5rem + .625rem) 0 0;font-size:.75rem;color:var(--muted)}
.scale span{position:absolute;top:0;transform:translateX(-50%)}
.scale span:first-child{transform:none}
.scale span:last-child{transform:translateX(-100%)}
.trend{display:block;width:100%;max-width:34rem;height:auto;margin:0 auto}
.trend .grid{stroke:#e1e4e8;stroke-width:1}
.trend .grid.base{stroke:#9aa1a9}
.trend .axis-label{font-size:12px;fill:var(--muted)}
.trend .axis-title{font-size:12px;font-weight:600;fill:var(--muted)}
.trend .line{fill:none;stroke:var(--accent);stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}
.trend .pt{fill:var(--accent);stroke:#fff;stroke-width:1.5}
.trend .pt-label{font-size:11.5px;fill:var(--ink)}
.trend .pt-label.last{font-weight:700}
details{margin:.75rem 0 0;font-size:.9375rem}
summary{cursor:pointer;color:var(--accent);font-weight:600;min-height:1.75rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.5rem .5rem;border-bottom:1px solid var(--soft);vertical-align:top}
thead th{font-size:.8125rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);border-bottom:1px solid var(--line)}
.num{text-align:right}
.mini th,.mini td{padding:.25rem .5rem}
.comments{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.comments figure{margin:0;padding:.75rem .875rem;background:var(--bg);border-radius:.5rem}
.comments blockquote{margin:0 0 .375rem;white-space:pre-wrap;overflow-wrap:anywhere}
.comments figcaption{font-size:.875rem;color:var(--muted)}
.who-said{font-weight:600;color:var(--ink)}
.headline{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .625rem;margin:0 0 .75rem}
.headline strong{font-size:2rem;line-height:1.1}
.lock{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.8125rem;font-weight:700;background:var(--ink);color:#fff;vertical-align:.1em}
.steps{list-style:none;margin:0;padding:0;counter-reset:step;display:grid;gap:.625rem}
.steps li{counter-increment:step;position:relative;padding-left:2rem}
.steps li::before{content:counter(step);position:absolute;left:0;top:.05rem;width:1.375rem;height:1.375rem;border-radius:50%;background:var(--soft);font-size:.8125rem;font-weight:700;text-align:center;line-height:1.375rem}
.steps .w{font-weight:650}
.steps .small{display:block}
.math{display:block;margin-top:.125rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.875rem;overflow-wrap:anywhere;color:var(--ink)}
.note{margin:.875rem 0 0;font-size:.875rem;color:var(--muted)}
.status{margin:0 0 1rem;padding:.5rem .75rem;border-radius:.5rem;background:var(--bg);font-size:.9375rem}
.table-wrap{overflow-x:auto}
.sort{display:inline-flex;align-items:center;gap:.25rem;color:inherit;text-decoration:none;min-height:1.5rem}
.sort:hover{color:var(--accent);text-decoration:underline}
th[aria-sort] .sort{color:var(--ink)}
.arrow{font-size:.75rem}
.reps td,.reps th{padding:.625rem .25rem;vertical-align:middle}
.arrow.idle{display:none}
.reps thead th{font-size:.8125rem;letter-spacing:0;text-transform:none}
.reps td:first-child,.reps th:first-child{padding-left:0}
.reps tbody th{font-weight:650}
.reps .ci{display:block;font-size:.8125rem;color:var(--muted)}
.reps .score{font-weight:650}
.reps .ivbar{display:none}
.ins-team+.ins-team{margin-top:1.5rem}
.ins,.ins thead,.ins tbody{display:block}
.ins tr{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:.25rem .5rem;padding:.625rem 0;border-bottom:1px solid var(--soft)}
.ins thead tr{border-bottom-color:var(--line);padding-top:0;align-items:end}
.ins th,.ins td{display:block;padding:0;border:0}
.ins thead th{font-size:.75rem;letter-spacing:0;text-transform:none;line-height:1.3}
.ins thead .ins-b{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.ins tbody th{grid-column:1/-1;font-weight:600;line-height:1.35}
.ins td{font-size:1rem}
.ins td strong{font-weight:700}
.ins .of{font-size:.8125rem;color:var(--muted);white-space:nowrap}
.ins .aside{display:block;font-size:.8125rem;color:var(--muted);line-height:1.3}
.yes{color:var(--ok);font-weight:650}
.no{color:var(--warn);font-weight:650}
.field{margin:0 0 1rem}
.label{display:block;font-weight:650;margin:0 0 .375rem}
input[type=email]{display:block;width:100%;min-height:3rem;padding:.625rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem}
input[aria-invalid=true]{border-color:var(--bad);border-width:3px}
.error{color:var(--bad);font-weight:650;margin:0 0 .5rem}
.btn{display:block;width:100%;min-height:3rem;padding:.75rem 1.25rem;border:2px solid transparent;border-radius:.5rem;background:var(--brand);color:var(--on-brand);font:inherit;font-weight:700;font-size:1.0625rem;text-align:center;cursor:pointer}
.btn.big{min-height:3.5rem;font-size:1.1875rem}
.notice{border-left:.375rem solid var(--accent);background:#fff;padding:.75rem 1rem;margin:0 0 1.25rem;border-radius:0 .5rem .5rem 0}
.notice p{margin:0}
.fine{margin:1rem 0 0;font-size:.875rem;color:var(--muted)}
.solo{padding:1.5rem 1.25rem}
.solo h1{margin:0 0 .75rem}
.solo .notice{background:var(--bg)}
@media (min-width:30rem){.trend .axis-label,.trend .axis-title{font-size:8.5px}.trend .pt-label{font-size:8.5px}}
@media (min-width:40rem){.periods{flex-wrap:wrap;overflow:visible}.arrow.idle{display:inline}.reps td,.reps th{padding:.625rem .625rem}.reps thead th{font-size:.8125rem;letter-spacing:.04em;text-transform:uppercase}.scores.two .card,.scores.pair .card{grid-column:auto}h1{font-size:1.75rem}.scores{grid-template-columns:2fr 1fr 1fr}.scores .lead{grid-column:auto}.scores.two{grid-template-columns:1fr 1fr}.scores.pair{grid-template-columns:2fr 1fr}.fu-cols{grid-template-columns:1fr 1fr}.reps .ivbar{display:block}.reps .ci{display:inline;margin-left:.375rem}.ins{display:table;table-layout:fixed}.ins thead{display:table-header-group}.ins tbody{display:table-row-group}.ins tr{display:table-row}.ins th,.ins td{display:table-cell;padding:.5rem .75rem;border-bottom:1px solid var(--soft)}.ins thead th{font-size:.8125rem;letter-spacing:.04em;text-transform:uppercase;vertical-align:bottom;border-bottom-color:var(--line)}.ins thead .ins-b{position:static;width:38%;height:auto;overflow:visible;clip:auto;white-space:normal}.ins th:first-child{padding-left:0}.ins th:last-child,.ins td:last-child{padding-right:0}.ins tbody th{font-weight:550}.ins .of{margin-left:.25rem}}
@media (min-width:48rem){.fu{padding:.875rem 1.125rem}.fu-body{grid-template-columns:minmax(0,3fr) minmax(0,2fr);grid-template-areas:"form reach";align-items:start;gap:1rem 1.5rem}.fu-body.has-case{grid-template-areas:"case reach" "form reach";grid-template-rows:auto 1fr}.fu-case{grid-area:case}.fu-reach{grid-area:reach}.resolve{grid-area:form}.resolve .btn{width:auto;min-width:10rem}.fu-body:not(.has-case) .resolve{border-top:0;padding-top:0}.fu-reach .prefs{grid-template-columns:1fr 1fr}}
@media (min-width:64rem){.cols{grid-template-columns:1fr 1fr}main{padding:1.75rem 1.5rem 3rem}.bar-in{padding:.5rem 1.5rem}}`;
}

export interface ShellProps {
  brand: Brand;
  /** The page's own title; the organisation and "Rapport" are appended. */
  title: string;
  viewer?: { name: string; role: "rep" | "manager" };
  signOut?: { action: string; csrf: string };
  narrow?: boolean;
  children?: Child;
}

/** The frame of the signed-in pages (and sign-in): brand bar with who is signed in and a sign-out form, one <main>, no script. */
export function Shell({ brand, title, viewer, signOut, narrow, children }: ShellProps) {
  const color = safeBrandColor(brand.brandColor);
  return (
    <html lang="en">
      <Head title={`${title} – ${brand.orgName} Rapport`} css={stylesheet(color)} />
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="bar">
          <div class="bar-in">
            <p class="org">
              {brand.orgName}{" "}
              <span class="app">Rapport</span>
            </p>
            {viewer && signOut ? (
              <div class="who">
                <span>
                  <span class="vh">Signed in as </span>
                  {viewer.name}
                  {viewer.role === "manager" ? <span class="vh"> (manager)</span> : null}
                </span>
                <form method="post" action={signOut.action}>
                  <Csrf value={signOut.csrf} />
                  <button type="submit" class="ghost">
                    Sign out
                  </button>
                </form>
              </div>
            ) : null}
          </div>
        </header>
        <main id="main" class={narrow ? "narrow" : undefined}>
          {children}
        </main>
      </body>
    </html>
  );
}

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

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One score card: a kicker, the score with its interval "(low–high)", an interval bar and the response count. */
export function ScoreCard(props: { id: string; kicker: string; note?: string | null; subject: string; figure: ScoreFigure; lead?: boolean; children?: Child }) {
  const { id, kicker, note, subject, figure, lead, children } = props;
  const interval = formatInterval(figure.ciLow, figure.ciHigh);
  return (
    <section class={lead ? "card lead" : "card"} aria-labelledby={`${id}-k`}>
      <h2 class="kicker" id={`${id}-k`}>
        {kicker}
      </h2>
      {figure.adjustedScore === null ? (
        <p class="fig">
          <span aria-hidden="true">—</span>
          <span class="vh">No score</span>
        </p>
      ) : (
        <p class="fig">
          {formatScore(figure.adjustedScore)}
          {interval ? (
            <>
              {" "}
              <span class="ci">({interval})</span>
            </>
          ) : null}
        </p>
      )}
      <IntervalBar id={`${id}-iv`} subject={subject} score={figure.adjustedScore} low={figure.ciLow} high={figure.ciHigh} labels={lead} />
      <p class="figcap">
        {note ? `${note} · ` : ""}
        {figure.responses === 0 ? "No responses yet" : plural(figure.responses, "response", "responses")}
        {interval ? " · 90% interval" : ""}
      </p>
      {children}
    </section>
  );
}

const kindLabel: Record<FollowUpItem["kind"], string> = { recovery: "Service recovery", "check-in": "Check-in", touch: "Scheduled update" };
const channelLabel: Record<string, string> = { email: "Email", phone: "Phone call", text: "Text message", video: "Video call" };

/** A mailto:/tel:/sms: link for a contact when it is clearly an address or a number, else undefined. */
function contactHref(channel: string | undefined, contact: string): string | undefined {
  if (/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(contact)) return `mailto:${contact}`;
  const digits = contact.replace(/[\s().-]/g, "");
  if ((channel === "phone" || channel === "text") && /^\+?\d{5,15}$/.test(digits)) return `${channel === "text" ? "sms" : "tel"}:${digits}`;
  return undefined;
}

/** The DOM ids of one follow-up's note field, its hint and its error. */
export function noteIds(item: Pick<FollowUpItem, "id">) {
  const base = idOf("fu", item.id, "note");
  return { note: base, hint: `${base}-hint`, error: `${base}-error` };
}

/** Who sees an escalation: the rep reads "your manager", the manager on a rep's page "the manager", the team page "you". */
export type EscalationReader = "rep" | "manager" | "team";

function Escalated({ at, reader, zone }: { at: string; reader: EscalationReader; zone: string }) {
  const to = reader === "rep" ? "your manager" : reader === "team" ? "you" : "the manager";
  return (
    <p class="fu-esc">
      <span aria-hidden="true">▲ </span>Escalated to {to} on {formatDate(at, zone)}
    </p>
  );
}

/** How and when the customer wants to be reached, as they told us. */
function Reach({ item }: { item: FollowUpItem }) {
  const href = item.contact ? contactHref(item.channel, item.contact) : undefined;
  return (
    <dl class="prefs">
      <div>
        <dt>Channel</dt>
        <dd>{item.channel ? (channelLabel[item.channel] ?? item.channel) : "Not given"}</dd>
      </div>
      <div>
        <dt>Contact</dt>
        <dd>{item.contact ? href ? <a href={href}>{item.contact}</a> : item.contact : "Not given"}</dd>
      </div>
      <div>
        <dt>Best hours</dt>
        <dd>{item.bestHours || "Any time"}</dd>
      </div>
      <div>
        <dt>Time zone</dt>
        <dd>{item.timezone || "Not given"}</dd>
      </div>
    </dl>
  );
}

/** Who a follow-up is with, as a heading: never a name on an anonymous case. */
const who = (item: FollowUpItem) => (item.anonymous ? "Anonymous customer" : (item.customerName ?? ""));

const ratingText = (rating: number | "na") => (rating === "na" ? "not applicable" : `${rating} of 5`);

/** A recovery case's substance: what went wrong, what the customer shared about themselves, what to do. */
function RecoveryCase({ item }: { item: FollowUpItem }) {
  const low = item.lowBehaviours ?? [];
  const shared = Boolean(item.interests?.length || item.sharedAboutThem);
  if (!low.length && !item.comment && !shared && !item.suggestedActions?.length) return null;
  return (
    <div class="fu-case">
      {low.length || item.comment ? (
        <div class="fu-part">
          <h5>What went wrong</h5>
          {low.length ? (
            <ul class="low">
              {low.map((b) => (
                <li>
                  <span class="low-label">{b.label}</span> <span class="rate">{ratingText(b.rating)}</span>
                </li>
              ))}
            </ul>
          ) : null}
          {item.comment ? (
            <figure class="quote">
              <blockquote>{item.comment}</blockquote>
              <figcaption>{item.anonymous ? "The customer" : item.customerName}, asked what could be done better</figcaption>
            </figure>
          ) : null}
        </div>
      ) : null}
      {shared ? (
        <div class="fu-part">
          <h5>What they have shared with us</h5>
          {item.interests?.length ? (
            <ul class="chips" aria-label="Interests">
              {item.interests.map((interest) => (
                <li>{interest}</li>
              ))}
            </ul>
          ) : null}
          {item.sharedAboutThem ? <p class="shared">{item.sharedAboutThem}</p> : null}
        </div>
      ) : null}
      {item.suggestedActions?.length ? (
        <div class="fu-part">
          <h5>Suggested recovery</h5>
          <ol class="actions">
            {item.suggestedActions.map((action) => (
              <li>{action}</li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

const resolveHint: Record<FollowUpItem["kind"], string> = {
  recovery: "How you fixed it and what you did for them. A check-in follows in 3 weeks.",
  "check-in": "How the customer is doing now.",
  touch: "What you sent or talked about. The next update goes on your schedule.",
};

/** The no-JavaScript resolve form: a required note, the CSRF value and one button; the error and the note as typed when rejected. */
function ResolveForm({ item, error }: { item: FollowUpItem & { resolve: { action: string; csrf: string } }; error?: { message: string; note: string } }) {
  const ids = noteIds(item);
  return (
    <form class={error ? "resolve invalid" : "resolve"} method="post" action={item.resolve.action} novalidate>
      <Csrf value={item.resolve.csrf} />
      <label class="label" for={ids.note}>
        What did you do? <span class="req">(required)</span>
      </label>
      <p class="hint" id={ids.hint}>
        {item.anonymous ? "What you changed so that it does not happen again." : resolveHint[item.kind]}
      </p>
      {error ? <ErrorMessage id={ids.error} text={error.message} /> : null}
      <textarea
        id={ids.note}
        name="note"
        rows={3}
        maxlength={2000}
        required
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(ids.hint, error && ids.error)}
      >
        {error?.note ?? ""}
      </textarea>
      <button type="submit" class="btn">
        {item.kind === "touch" ? "Mark as done" : "Resolve"}
        <span class="vh">: {who(item)}</span>
      </button>
    </form>
  );
}

/** One follow-up on the rep's page: the case, the customer's preferences beside it, and its resolve form. */
function FollowUp({ item, reader, zone, error }: { item: FollowUpItem; reader: EscalationReader; zone: string; error?: { message: string; note: string } }) {
  const resolve = item.resolve;
  const hasCase = Boolean(item.lowBehaviours?.length || item.comment || item.interests?.length || item.sharedAboutThem || item.suggestedActions?.length);
  return (
    <li class={`fu${item.overdue ? " overdue" : ""}${item.kind === "recovery" ? " recovery" : ""}`}>
      <div class="fu-top">
        <h4 class="fu-name">{who(item)}</h4>
        <span class={`tag ${item.kind}`}>{kindLabel[item.kind]}</span>
      </div>
      <p class="fu-due">
        {item.overdue ? "Was due " : "Due "}
        {formatDate(item.dueAt, zone)}
      </p>
      {item.escalatedAt ? <Escalated at={item.escalatedAt} reader={reader} zone={zone} /> : null}
      {item.summary ? <p class="fu-sum">{item.summary}</p> : null}
      <div class={hasCase ? "fu-body has-case" : "fu-body"}>
        {hasCase ? <RecoveryCase item={item} /> : null}
        <div class="fu-reach">
          <h5>How to reach them</h5>
          {item.anonymous ? <p>This customer did not agree to be contacted, so nobody reaches out to them. Use the case to find and fix the cause.</p> : <Reach item={item} />}
        </div>
        {resolve ? <ResolveForm item={{ ...item, resolve }} {...(error ? { error } : {})} /> : null}
      </div>
    </li>
  );
}

/** One headed list of follow-ups ("Overdue", "Due today") with its count and an empty state; `render` draws each item. */
function FollowUpList(props: { id: string; heading: string; items: FollowUpItem[]; empty: string; render: (item: FollowUpItem) => Child }) {
  const { id, heading, items, empty, render } = props;
  return (
    <div>
      <h3 id={id}>
        {heading} <span class="muted">({items.length})</span>
      </h3>
      {items.length ? (
        <ul class="fu-list" aria-labelledby={id}>
          {items.map(render)}
        </ul>
      ) : (
        <p class="empty">{empty}</p>
      )}
    </div>
  );
}

/** A team follow-up on the manager's page: read-only, with the rep's name (linked to their page when the name is unambiguous). */
function TeamFollowUp({ item, repHref, zone }: { item: FollowUpItem; repHref?: string | undefined; zone: string }) {
  const low = item.lowBehaviours ?? [];
  return (
    <li class={`fu compact${item.overdue ? " overdue" : ""}${item.kind === "recovery" ? " recovery" : ""}`}>
      <div class="fu-top">
        <h4 class="fu-name">{who(item)}</h4>
        <span class={`tag ${item.kind}`}>{kindLabel[item.kind]}</span>
      </div>
      {item.summary ? <p class="fu-rep">Rep: {repHref ? <a href={repHref}>{item.summary}</a> : item.summary}</p> : null}
      <p class="fu-due">
        {item.overdue ? "Was due " : "Due "}
        {formatDate(item.dueAt, zone)}
      </p>
      {item.escalatedAt ? <Escalated at={item.escalatedAt} reader="team" zone={zone} /> : null}
      {low.length ? (
        <p class="fu-sum">
          Rated low: {low.map((b, i) => `${i ? "; " : ""}${b.label} (${ratingText(b.rating)})`).join("")}
        </p>
      ) : null}
    </li>
  );
}

/** A follow-up coming up in the next 14 days on the rep's page: who, what, when, and how to reach them. */
function UpcomingFollowUp({ item, zone }: { item: FollowUpItem; zone: string }) {
  const how = [item.channel ? (channelLabel[item.channel] ?? item.channel) : null, item.bestHours || null].filter(Boolean).join(", ");
  return (
    <li class={`fu compact${item.kind === "recovery" ? " recovery" : ""}`}>
      <div class="fu-top">
        <h4 class="fu-name">{who(item)}</h4>
        <span class={`tag ${item.kind}`}>{kindLabel[item.kind]}</span>
      </div>
      <p class="fu-due">Due {formatDate(item.dueAt, zone)}</p>
      {item.summary || how ? (
        <p class="fu-sum">
          {[item.summary, how ? `by ${how}` : null].filter(Boolean).join(" · ")}
        </p>
      ) : null}
    </li>
  );
}

/** The team's overdue and due-today follow-ups, read-only; the manager resolves them from the rep's page. */
export function TeamFollowUps({ followUps, repHref, zone }: { followUps: { overdue: FollowUpItem[]; dueToday: FollowUpItem[] }; repHref: (name: string | undefined) => string | undefined; zone: string }) {
  const render = (item: FollowUpItem) => <TeamFollowUp item={item} repHref={repHref(item.summary)} zone={zone} />;
  return (
    <div class="fu-cols">
      <FollowUpList id="att-overdue" heading="Overdue" items={followUps.overdue} empty="Nothing overdue" render={render} />
      <FollowUpList id="att-today" heading="Due today" items={followUps.dueToday} empty="Nothing due today" render={render} />
    </div>
  );
}

function Behaviours({ p }: { p: RepDashboardProps }) {
  return (
    <section class="card" aria-labelledby="beh-h">
      <h2 id="beh-h">Behaviours</h2>
      <p class="sub">Mean customer rating in {p.period}, on the 1–5 scale.</p>
      {p.behaviours.length ? (
        <>
          <ul class="beh">
            {p.behaviours.map((b) => (
              <li>
                <span class="b-label">{b.label}</span>
                <span class="b-track" aria-hidden="true">
                  {b.mean !== null ? <span class="b-fill" style={`width:${formatNumber(((Math.min(5, Math.max(1, b.mean)) - 1) / 4) * 100, 1)}%`} /> : null}
                </span>
                <span class="b-val">
                  {b.mean === null ? (
                    <em>no ratings yet</em>
                  ) : (
                    <>
                      <strong>{formatScore(b.mean)}</strong>{" "}
                      {plural(b.n, "rating", "ratings")}
                    </>
                  )}
                </span>
              </li>
            ))}
          </ul>
          <div class="scale" aria-hidden="true">
            {[1, 2, 3, 4, 5].map((tick) => (
              <span style={`left:${(tick - 1) * 25}%`}>{String(tick)}</span>
            ))}
          </div>
        </>
      ) : (
        <p class="empty">No behaviours are configured.</p>
      )}
    </section>
  );
}

function Trend({ p }: { p: RepDashboardProps }) {
  const first = p.trend[0]?.period;
  const last = p.trend[p.trend.length - 1]?.period;
  return (
    <section class="card" aria-labelledby="trend-h">
      <h2 id="trend-h">Trend</h2>
      <p class="sub">Adjusted score over the last {p.trend.length === 8 ? "eight" : String(p.trend.length)} periods.</p>
      <TrendChart id="trend" title={`${p.rep.name}'s adjusted score${first && last ? `, ${first} to ${last}` : ""}`} points={p.trend} />
      <details>
        <summary>Show the numbers</summary>
        <table class="mini">
          <caption class="vh">Adjusted score and responses by period</caption>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col" class="num">
                Score
              </th>
              <th scope="col" class="num">
                Responses
              </th>
            </tr>
          </thead>
          <tbody>
            {p.trend.map((t) => (
              <tr>
                <th scope="row">{t.period}</th>
                <td class="num">{t.adjustedScore === null ? "no score" : formatScore(t.adjustedScore)}</td>
                <td class="num">{String(t.responses)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

function Comment({ c, zone }: { c: CommentItem; zone: string }) {
  return (
    <li>
      <figure>
        <blockquote>{c.improve}</blockquote>
        <figcaption>
          <span class="who-said">{c.customerName ?? "A customer"}</span> · {formatDate(c.answeredAt, zone)}
          {c.repScore !== null ? ` · rated ${formatScore(c.repScore)}` : ""}
        </figcaption>
      </figure>
    </li>
  );
}

function Comments({ p }: { p: RepDashboardProps }) {
  return (
    <section class="card" aria-labelledby="comments-h">
      <h2 id="comments-h">What could {p.rep.name} do better?</h2>
      <p class="sub">Customers' own words from {p.period}. A name shows only when the customer chose to share it.</p>
      {p.comments.length ? (
        <ul class="comments">
          {p.comments.map((c) => (
            <Comment c={c} zone={p.timezone} />
          ))}
        </ul>
      ) : (
        <p class="empty">No comments in {p.period} yet.</p>
      )}
    </section>
  );
}

/** The two points of the map the factor was read between, or the end point it was held at. */
function mapStep(map: { score: number; factor: number }[], score: number): string | null {
  const points = [...map].sort((a, b) => a.score - b.score);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return null;
  if (score <= first.score) return `at or below ${formatNumber(first.score, 2)} the map gives ${formatNumber(first.factor)}`;
  if (score >= last.score) return `at or above ${formatNumber(last.score, 2)} the map gives ${formatNumber(last.factor)}`;
  const i = points.findIndex((pt) => pt.score >= score);
  const a = points[i - 1]!;
  const b = points[i]!;
  return `${formatNumber(a.factor)} + (${formatScore(score)} − ${formatNumber(a.score, 2)}) / (${formatNumber(b.score, 2)} − ${formatNumber(a.score, 2)}) × (${formatNumber(b.factor)} − ${formatNumber(a.factor)})`;
}

/** "(12 × 3.61 + 5 × 3.42) / (12 + 5) = 3.56", with the caller's numbers substituted. */
export function adjustedScoreArithmetic(b: Pick<BonusEstimate, "responses" | "k" | "prior" | "adjustedScore">, rawScore: number | null): string | null {
  if (b.adjustedScore === null || b.prior === null) return null;
  if (rawScore === null || b.responses === 0) return `(0 × — + ${formatNumber(b.k)} × ${formatScore(b.prior)}) / (0 + ${formatNumber(b.k)}) = ${formatScore(b.adjustedScore)}`;
  return `(${b.responses} × ${formatScore(rawScore)} + ${formatNumber(b.k)} × ${formatScore(b.prior)}) / (${b.responses} + ${formatNumber(b.k)}) = ${formatScore(b.adjustedScore)}`;
}

/**
 * One sentence, with the numbers, on why the adjusted score is not the raw average: few responses pull it
 * toward the organization's score. Null when there is no raw score or the two agree as shown.
 */
export function adjustedScoreReason(
  figure: Pick<ScoreFigure, "responses" | "rawScore" | "adjustedScore">,
  b: Pick<BonusEstimate, "k" | "prior">,
  whose: string,
): string | null {
  const { responses: n, rawScore: raw, adjustedScore: adjusted } = figure;
  if (raw === null || adjusted === null || b.prior === null || n === 0) return null;
  if (formatScore(raw) === formatScore(adjusted)) return null;
  const k = formatNumber(b.k);
  return `With ${plural(n, "response", "responses")}, ${whose} ${formatScore(raw)} average is pulled toward the organization's ${formatScore(b.prior)} (k = ${k}): (${n} × ${formatScore(raw)} + ${k} × ${formatScore(b.prior)}) ÷ ${formatNumber(n + b.k)} = ${formatScore(adjusted)}.`;
}

function Bonus({ p }: { p: RepDashboardProps }) {
  const b = p.bonus;
  const raw = b.rawScore !== undefined ? b.rawScore : p.score.rawScore;
  const arithmetic = adjustedScoreArithmetic(b, raw);
  const step = b.eligible && b.adjustedScore !== null && b.factorMap?.length ? mapStep(b.factorMap, b.adjustedScore) : null;
  const capped = b.eligible && b.payoutFactor >= b.capFactor;
  return (
    <section class="card" aria-labelledby="bonus-h">
      <h2 id="bonus-h">
        This period's bonus inputs (estimate) {b.locked ? <span class="lock">Locked</span> : null}
      </h2>
      <p class="sub">
        {b.locked
          ? `${b.period} is closed: these numbers are locked and will not change (plan version ${b.planVersion}).`
          : `${b.period} is still open: this estimate moves as responses arrive, until finance closes the period (plan version ${b.planVersion}).`}
      </p>
      <p class="headline">
        <strong>{formatPercent(b.bonusShare)}</strong>{" "}
        <span>of {p.viewer.role === "rep" ? "your" : `${p.rep.name}'s`} target bonus comes from the report card</span>
      </p>
      <ol class="steps">
        <li>
          <span class="w">
            Plan year {b.planYear}: report-card share {formatPercent(b.weight)}
          </span>
          <span class="math">weight = {formatNumber(b.weight, 4)}</span>
        </li>
        <li>
          <span class="w">Adjusted score = (n·raw + k·prior) / (n + k)</span>
          {arithmetic ? <span class="math">= {arithmetic}</span> : <span class="small muted">No score yet: nobody in the organization has been rated in {b.period}.</span>}
          <span class="small muted">
            n = {b.responses} responses, raw = {formatScore(raw)}, k = {formatNumber(b.k)}, prior = organization score {formatScore(b.prior)}
          </span>
        </li>
        <li>
          <span class="w">
            {b.eligible
              ? `Eligible: ${plural(b.responses, "response", "responses")}, ${b.minResponses} needed`
              : `Not eligible yet: ${plural(b.responses, "response", "responses")}, ${b.minResponses} needed`}
          </span>
        </li>
        <li>
          {b.eligible ? (
            <>
              <span class="w">
                Payout factor from the plan's map at {formatScore(b.adjustedScore)}: {formatNumber(b.payoutFactor)}
              </span>
              {step ? <span class="math">= {step}{capped ? `, capped at ${formatNumber(b.capFactor)}` : ""}</span> : null}
              <span class="small muted">Never above the cap factor {formatNumber(b.capFactor)}.</span>
            </>
          ) : (
            <span class="w">Payout factor: fallback factor {formatNumber(b.fallbackFactor)} (used while not eligible)</span>
          )}
        </li>
        <li>
          <span class="w">bonusShare = weight × factor</span>
          <span class="math">
            = {formatPercent(b.weight)} × {formatNumber(b.payoutFactor)} = {formatPercent(b.bonusShare)}
          </span>
        </li>
      </ol>
      <p class="note">Finance multiplies the bonus share by the target bonus in its own system. Numbers are shown rounded.</p>
    </section>
  );
}

/** The error summary at the top of the page when a resolve form was rejected; it links to the note field. */
function ResolveErrorSummary({ p, error }: { p: RepDashboardProps; error: NonNullable<RepDashboardProps["resolveError"]> }) {
  const item = [...p.followUps.overdue, ...p.followUps.dueToday].find((f) => f.id === error.id);
  const shown = Boolean(item?.resolve);
  return (
    <div class="errors" role="alert" aria-labelledby="error-summary-h">
      <h2 id="error-summary-h">{item ? `${who(item)}: not resolved yet` : "The follow-up is not resolved yet"}</h2>
      <ul>
        <li>{shown ? <a href={`#${noteIds(error).note}`}>{error.message}</a> : error.message}</li>
      </ul>
    </div>
  );
}

function RepDashboard(p: RepDashboardProps) {
  const own = p.viewer.role === "rep";
  const reader: EscalationReader = own ? "rep" : "manager";
  const error = p.resolveError;
  const renderItem = (item: FollowUpItem) => <FollowUp item={item} reader={reader} zone={p.timezone} {...(error && error.id === item.id ? { error } : {})} />;
  const reason = adjustedScoreReason(p.score, p.bonus, own ? "your" : `${p.rep.name}'s`);
  const eligibility = p.eligible ? (
    <p class="pill ok">
      <span aria-hidden="true">✓</span> Eligible for the report-card bonus
    </p>
  ) : (
    <p class="pill warn">Needs {plural(p.needsMore, "more response", "more responses")} to be eligible</p>
  );
  return (
    <Shell brand={p} title={`${p.resolveError ? "Error: " : ""}${own ? "Your report card" : `${p.rep.name}'s report card`}, ${p.period}`} viewer={p.viewer} signOut={p.signOut}>
      {p.resolveError ? <ResolveErrorSummary p={p} error={p.resolveError} /> : null}
      {p.notice ? (
        <div class="notice done" role="status">
          <p>
            <span aria-hidden="true">✓ </span>
            {p.notice}
          </p>
        </div>
      ) : null}
      <div class="head">
        <div>
          {p.backToTeam ? (
            <a class="back" href={p.backToTeam}>
              <span aria-hidden="true">← </span>Back to the team
            </a>
          ) : null}
          <h1>{p.rep.name}</h1>
          <p class="muted">
            Report card · {p.rep.team ? `${p.rep.team} · ` : ""}
            {p.period}
          </p>
        </div>
        <PeriodNav period={p.period} periods={p.periods} base={p.basePath ?? ""} />
      </div>

      <div class={p.team ? "scores" : "scores pair"}>
        <ScoreCard id="s-rep" kicker={`Adjusted score · ${p.period}`} subject={`${p.rep.name}'s adjusted score`} figure={p.score} lead>
          {reason ? <p class="why">{reason}</p> : null}
          {eligibility}
        </ScoreCard>
        {p.team ? <ScoreCard id="s-team" kicker="Team" note={p.rep.team} subject="The team's adjusted score" figure={p.team} /> : null}
        <ScoreCard id="s-org" kicker="Organization" subject="The organization's score" figure={p.organization} />
      </div>

      <section class="card block" aria-labelledby="fu-h">
        <h2 id="fu-h">Follow-ups</h2>
        <p class="sub">Overdue, due today and coming up in the next 14 days, with how and when each customer wants to be reached.</p>
        <div class="fu-stack">
          <FollowUpList id="fu-overdue" heading="Overdue" items={p.followUps.overdue} empty="Nothing overdue" render={renderItem} />
          <FollowUpList id="fu-today" heading="Due today" items={p.followUps.dueToday} empty="Nothing due today" render={renderItem} />
          {p.followUps.comingUp ? (
            <FollowUpList id="fu-soon" heading="Coming up" items={p.followUps.comingUp} empty="Nothing else in the next 14 days" render={(item) => <UpcomingFollowUp item={item} zone={p.timezone} />} />
          ) : null}
        </div>
      </section>

      <div class="cols">
        <Behaviours p={p} />
        <Trend p={p} />
      </div>
      <div class="cols">
        <Comments p={p} />
        <Bonus p={p} />
      </div>
    </Shell>
  );
}

/** GET /dashboard: a rep's own report card for one period (also what their manager sees when opening that rep). */
export function renderRepDashboard(props: RepDashboardProps): string {
  return toDocument(<RepDashboard {...props} />);
}
