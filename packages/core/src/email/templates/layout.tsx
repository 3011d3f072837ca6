/**
 * What every email shares, built to render the same in Outlook for Windows (Word's engine), Gmail and Apple
 * Mail: table layout, inline styles only (no <style> block, no media query, no rounded corners, nothing
 * `doiuse-email` reports as unsupported by those clients), a hidden preheader, a button that Outlook draws
 * in VML, a palette that reads in light and dark mode, and `lang` on <html>.
 */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { accentFor, ink, pageBackground, safeBrandColor, textOn } from "../../brand/colour.ts";

/** The colours of one email. Every cell that holds text sets its own background, so a client that inverts or darkens them keeps the pairs. */
export interface Palette {
  page: string;
  card: string;
  ink: string;
  muted: string;
  line: string;
  brand: string;
  onBrand: string;
  accent: string;
  alert: string;
}

export function paletteOf(brandColor: string): Palette {
  const brand = safeBrandColor(brandColor);
  return { page: pageBackground, card: "#ffffff", ink, muted: "#4a5159", line: "#d5d8dc", brand, onBrand: textOn(brand), accent: accentFor(brand), alert: "#a4161a" };
}

export const font = "-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif";

/** Text made safe inside HTML, attribute values included. */
export const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** Markup only Outlook for Windows reads (a conditional comment); every other client skips it. */
const forOutlook = (markup: string) => raw(`<!--[if mso]>${markup}<![endif]-->`);

/** Zero-width joiners and no-break spaces after the preheader, so the body's first words do not trail into the inbox preview. */
const previewFiller = "\u200c\u00a0".repeat(60);

export interface EmailFrameProps {
  palette: Palette;
  /** The language the email is written in (a BCP 47 tag; en without one). */
  lang?: string;
  title: string;
  /** The preview line the inbox shows beside the subject; hidden in the email itself. */
  preheader: string;
  /** The header band's words (the organisation's name). */
  heading: string;
  children: Child;
  /** The small print under the card (why you got this, how to unsubscribe). */
  footer?: Child;
}

/**
 * The document around an email's content: a card at most 600 px wide on a grey page (fluid below that, so a
 * 390 px phone shows it without sideways scrolling), the organisation's name in a band of the brand colour.
 */
export function EmailFrame(p: EmailFrameProps) {
  const c = p.palette;
  return (
    <html lang={p.lang ?? "en"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{p.title}</title>
        {forOutlook(
          '<xml><o:OfficeDocumentSettings xmlns:o="urn:schemas-microsoft-com:office:office"><o:PixelsPerInch>96</o:PixelsPerInch></o:OfficeDocumentSettings></xml>',
        )}
      </head>
      <body style={`margin:0;padding:0;background-color:${c.page};color:${c.ink};font-family:${font}`}>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border={0} bgcolor={c.page} style={`background-color:${c.page}`}>
          <tr>
            <td align="center" bgcolor={c.page} style={`padding:16px 8px;background-color:${c.page}`}>
              <div aria-hidden="true" style={`font-size:1px;line-height:1px;color:${c.page};mso-hide:all`}>
                {p.preheader}
                {previewFiller}
              </div>
              {forOutlook('<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" align="center"><tr><td>')}
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border={0} bgcolor={c.card} style={`max-width:600px;background-color:${c.card}`}>
                <tr>
                  <td bgcolor={c.brand} style={`padding:16px 20px;background-color:${c.brand};color:${c.onBrand};font-family:${font};font-size:18px;line-height:24px;font-weight:bold;word-break:break-word`}>
                    {p.heading}
                  </td>
                </tr>
                <tr>
                  <td bgcolor={c.card} style={`padding:20px;background-color:${c.card};color:${c.ink};font-family:${font};font-size:16px;line-height:24px;word-break:break-word`}>
                    {p.children}
                  </td>
                </tr>
                {p.footer ? (
                  <tr>
                    <td bgcolor={c.card} style={`padding:12px 20px 20px;background-color:${c.card};color:${c.muted};font-family:${font};font-size:13px;line-height:20px;border-top:1px solid ${c.line};word-break:break-word`}>
                      {p.footer}
                    </td>
                  </tr>
                ) : null}
              </table>
              {forOutlook("</td></tr></table>")}
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

/** An email document as the string SES sends. */
export function toHtml(frame: Child): string {
  return `<!doctype html>${String(frame)}`;
}

/**
 * A bulletproof button: a link padded inside a cell of the brand colour for every client, and the same link
 * as a VML rectangle for Outlook for Windows, which ignores padding on links (the whole rectangle is clickable).
 */
export function Button(props: { href: string; palette: Palette; children: string; width?: number }) {
  const c = props.palette;
  const width = props.width ?? 260;
  return (
    <table role="presentation" cellpadding="0" cellspacing="0" border={0}>
      <tr>
        <td align="center" bgcolor={c.brand} style={`background-color:${c.brand}`}>
          {forOutlook(
            `<v:rect xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w="urn:schemas-microsoft-com:office:word" href="${escapeHtml(props.href)}" style="height:48px;v-text-anchor:middle;width:${width}px;" stroke="f" fillcolor="${c.brand}"><w:anchorlock/><center style="color:${c.onBrand};font-family:Segoe UI,Arial,sans-serif;font-size:16px;font-weight:bold;">${escapeHtml(props.children)}</center></v:rect>`,
          )}
          {raw("<!--[if !mso]><!-->")}
          <a
            href={props.href}
            style={`display:inline-block;padding:14px 24px;background-color:${c.brand};color:${c.onBrand};font-family:${font};font-size:16px;line-height:20px;font-weight:bold;text-decoration:none`}
          >
            {props.children}
          </a>
          {raw("<!--<![endif]-->")}
        </td>
      </tr>
    </table>
  );
}

/** A paragraph with the email's spacing (margins set in full, as Outlook needs). */
export function P(props: { children: Child; style?: string }) {
  return <p style={`margin:0 0 12px 0;${props.style ?? ""}`}>{props.children}</p>;
}

/**
 * The one-click rating row: five 48 px squares (a link 44 px tall inside each: a comfortable tap on a phone),
 * each a link to `url` with `?score=N`. The page it opens records nothing until the reader confirms.
 */
export function RatingRow({ url, palette: c, label = (n) => `${n} out of 5` }: { url: string; palette: Palette; label?: (n: string) => string }) {
  return (
    <table role="presentation" cellpadding="0" cellspacing="0" border={0} style="margin:0 0 6px 0">
      <tr>
        {[1, 2, 3, 4, 5].map((n) => (
          <>
            {n > 1 ? <td width="8" style="font-size:1px;line-height:1px">&nbsp;</td> : null}
            <td width="48" height="48" align="center" valign="middle" bgcolor={c.card} style={`border:2px solid ${c.accent};background-color:${c.card}`}>
              <a
                href={`${url}?score=${n}`}
                aria-label={label(String(n))}
                style={`display:block;width:44px;line-height:44px;text-align:center;color:${c.accent};font-family:${font};font-size:18px;font-weight:bold;text-decoration:none`}
              >
                {String(n)}
              </a>
            </td>
          </>
        ))}
      </tr>
    </table>
  );
}
