import type { Child } from "hono/jsx";
import type { Brand } from "./props.ts";
import { accentFor, ink, pageBackground, safeBrandColor, textOn } from "@rapport/core/brand/colour";
import { ENGLISH } from "@rapport/core/i18n/languages";
import { LocaleContext } from "./locale.tsx";

export { accentFor, contrastRatio, ink, pageBackground, safeBrandColor, textOn } from "@rapport/core/brand/colour";

function stylesheet(brand: string): string {
  return `:root{--brand:${brand};--on-brand:${textOn(brand)};--accent:${accentFor(brand)};--ink:${ink};--muted:#4a5159;--line:#8a9099;--error:#b3261e;--bg:${pageBackground}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.top{background:var(--brand);color:var(--on-brand)}
.top p{margin:0 auto;max-width:40rem;padding:.875rem 1rem;font-weight:700;font-size:1.125rem}
main{display:block;max-width:40rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 .75rem}
h2{font-size:1.2rem;margin:2rem 0 .75rem}
p{margin:0 0 1rem}
a{color:var(--accent);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--ink);outline-offset:2px}
.lead{font-size:1.125rem}
.notice{background:#fff;border-left:.375rem solid var(--accent);padding:.75rem 1rem;margin:0 0 1.25rem}
.notice p{margin:0}
.errors{background:#fff;border:3px solid var(--error);padding:.875rem 1rem;margin:0 0 1.5rem}
.errors h2{margin:0 0 .5rem;font-size:1.125rem}
.errors ul{margin:0;padding-left:1.25rem}
.errors li{margin:.375rem 0}
.errors a{color:var(--error);font-weight:600}
.field{background:#fff;border:1px solid #d5d8dc;border-radius:.5rem;padding:1rem;margin:0 0 1rem;min-width:0}
.field.invalid{border:2px solid var(--error);border-left-width:.375rem}
fieldset.field{padding-top:.5rem}
legend,.label{display:block;font-weight:650;font-size:1.0625rem;margin:0 0 .375rem;padding:0}
legend{float:left;width:100%;padding-top:.5rem}
legend+*{clear:both}
.req,.opt-tag{font-weight:400;color:var(--muted)}
.hint{color:var(--muted);margin:0 0 .625rem;font-size:1rem}
.error{color:var(--error);font-weight:650;margin:0 0 .625rem}
.choice~.hint,.choice~.error{margin:.5rem 0 0}
.choices{display:grid;gap:.5rem;clear:both}
.choice{display:flex;align-items:center;gap:.75rem;min-height:3rem;padding:.5rem .75rem;border:1px solid var(--line);border-radius:.5rem;background:#fff;cursor:pointer}
.choice:has(:checked){border:2px solid var(--accent);background:#eef1f6;font-weight:600;padding:calc(.5rem - 1px) calc(.75rem - 1px)}
.choice:has(:focus-visible){border-color:var(--ink)}
input[type=radio],input[type=checkbox]{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
input[type=text],select,textarea{display:block;width:100%;min-height:3rem;padding:.625rem .75rem;font:inherit;font-size:max(1rem,16px);color:var(--ink);background:#fff;border:2px solid var(--muted);border-radius:.375rem}
textarea{min-height:7rem;resize:vertical}
[aria-invalid=true]{border-color:var(--error)}
.btn{display:block;width:100%;min-height:3rem;padding:.75rem 1.25rem;border:2px solid transparent;border-radius:.5rem;background:var(--brand);color:var(--on-brand);font:inherit;font-weight:700;font-size:1.125rem;text-align:center;text-decoration:none;cursor:pointer}
.after{margin-top:1.25rem}
.btn.secondary{background:#fff;color:var(--ink);border-color:var(--muted);font-size:1rem;min-height:2.75rem;padding:.5rem 1rem}
.items{list-style:none;margin:0 0 1.5rem;padding:0}
.item{background:#fff;border:1px solid #d5d8dc;border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.item p{margin:0 0 .5rem;overflow-wrap:anywhere;white-space:pre-wrap}
.item-label{font-weight:650}
.link-btn{display:inline-flex;align-items:center;min-height:2.75rem;font-weight:600}
dl{background:#fff;border:1px solid #d5d8dc;border-radius:.5rem;padding:.5rem 1rem;margin:0 0 1.5rem}
dt{font-weight:650;margin-top:.75rem}
dd{margin:0 0 .75rem;white-space:pre-wrap;overflow-wrap:anywhere}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:40rem){.btn{display:inline-block;width:auto}h1{font-size:1.75rem}}`;
}

export interface LayoutProps {
  brand: Brand;
  /** The page's own title; the organisation name is appended. */
  title: string;
  children?: Child;
}

/**
 * The <head> of every page: phone viewport, kept out of search engines, links' tokens never sent to
 * other sites in a Referer, and the page's one inline stylesheet.
 */
export function Head({ title, css }: { title: string; css: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="robots" content="noindex, nofollow" />
      <meta name="referrer" content="same-origin" />
      <meta name="color-scheme" content="light" />
      <title>{title}</title>
      <style dangerouslySetInnerHTML={{ __html: css }} />
    </head>
  );
}

/** The frame every customer page shares: brand header, one <main>, one small inline stylesheet, no script; in the customer's language. */
export function Layout({ brand, title, children }: LayoutProps) {
  const color = safeBrandColor(brand.brandColor);
  const locale = brand.locale ?? ENGLISH;
  return (
    <html lang={locale.tag}>
      <Head title={`${title} – ${brand.orgName}`} css={stylesheet(color)} />
      <body>
        <header class="top">
          <p>{brand.orgName}</p>
        </header>
        <main id="main">
          <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>
        </main>
      </body>
    </html>
  );
}

/** A rendered layout as a complete HTML document string. */
export function toDocument(node: Child): string {
  return `<!doctype html>${String(node)}`;
}
