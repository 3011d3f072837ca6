/** The frame of the signed-in pages (and sign-in): the brand bar, who is signed in, one <main>, and their stylesheet. */
import type { Child } from "hono/jsx";
import type { Brand } from "./props.ts";
import { accentFor, Head, ink, pageBackground, safeBrandColor, textOn } from "./layout.tsx";
import { Csrf } from "./fields.tsx";

/** The signed-in pages' stylesheet: the brand bar, score cards, follow-ups, tables and charts, phone first. */
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
.resolve .label,.resolve legend{display:block;font-weight:650;margin:.75rem 0 .25rem;padding:0}
.resolve>.label:first-of-type{margin-top:0}
.resolve-set{margin:.75rem 0 0;padding:0;border:0;min-width:0}
.resolve .choices{display:grid;gap:.375rem;margin:0 0 .5rem}
.resolve .choice{display:flex;align-items:center;gap:.625rem;min-height:2.75rem;padding:.375rem .625rem;border:1px solid var(--line);border-radius:.375rem;background:#fff;cursor:pointer;overflow-wrap:anywhere}
.resolve .choice:has(:checked){border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
.resolve input[type=radio],.resolve input[type=checkbox]{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:var(--accent)}
.resolve input[type=text]{display:block;width:100%;min-height:2.75rem;padding:.5rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem}
.resolve .sub-label{font-weight:600;font-size:.9375rem}
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
.components .small{display:block;font-weight:400}
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
.ins tr{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.25rem .5rem;padding:.625rem 0;border-bottom:1px solid var(--soft)}
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
  /** CSS a page adds to the shell's stylesheet (the admin pages' form controls). */
  css?: string;
  children?: Child;
}

/** The frame of the signed-in pages (and sign-in): brand bar with who is signed in and a sign-out form, one <main>, no script. */
export function Shell({ brand, title, viewer, signOut, narrow, css, children }: ShellProps) {
  const color = safeBrandColor(brand.brandColor);
  return (
    <html lang="en">
      <Head title={`${title} – ${brand.orgName} Rapport`} css={stylesheet(color) + (css ?? "")} />
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
