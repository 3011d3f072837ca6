import type { RenderedEmail } from "./invitation.tsx";

export interface SignInEmailProps {
  orgName: string;
  brandColor: string;
  name: string;
  url: string;
  minutes: number;
}

/** The magic-link email: one button, and the link in plain text. */
export function renderSignInEmail(p: SignInEmailProps): RenderedEmail {
  const html = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>Your sign-in link</title>
      </head>
      <body style="margin:0;padding:16px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1b1f24">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:8px">
          <tr>
            <td style={`background:${p.brandColor};color:#ffffff;padding:16px 20px;border-radius:8px 8px 0 0;font-size:18px;font-weight:700`}>{p.orgName} · Rapport</td>
          </tr>
          <tr>
            <td style="padding:20px;font-size:16px;line-height:1.5">
              <p style="margin:0 0 12px">Hi {p.name},</p>
              <p style="margin:0 0 16px">Here is your link to sign in to Rapport. It works once, for {String(p.minutes)} minutes.</p>
              <a href={p.url} style={`display:inline-block;background:${p.brandColor};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px`}>
                Sign in to Rapport
              </a>
              <p style="margin:16px 0 0;font-size:13px;color:#4a5159">If you did not ask for this, ignore this email; nobody can sign in without the link.</p>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
  return {
    subject: "Your Rapport sign-in link",
    html: `<!doctype html>${html.toString()}`,
    text: `Hi ${p.name},\n\nSign in to Rapport (the link works once, for ${p.minutes} minutes):\n${p.url}\n\nIf you did not ask for this, ignore this email.`,
  };
}
