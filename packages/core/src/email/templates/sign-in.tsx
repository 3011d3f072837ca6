import type { RenderedEmail } from "./invitation.tsx";
import { Button, EmailFrame, P, paletteOf, toHtml } from "./layout.tsx";

export interface SignInEmailProps {
  orgName: string;
  brandColor: string;
  name: string;
  url: string;
  minutes: number;
}

/** The magic-link email: one button, and the link in plain text. */
export function renderSignInEmail(p: SignInEmailProps): RenderedEmail {
  const palette = paletteOf(p.brandColor);
  const html = (
    <EmailFrame palette={palette} title="Your sign-in link" preheader={`Your link works once, for ${p.minutes} minutes.`} heading={`${p.orgName} · Rapport`}>
      <P>Hi {p.name},</P>
      <P style="margin:0 0 16px 0">Here is your link to sign in to Rapport. It works once, for {String(p.minutes)} minutes.</P>
      <Button href={p.url} palette={palette}>
        Sign in to Rapport
      </Button>
      <P style={`margin:16px 0 0 0;font-size:13px;line-height:20px;color:${palette.muted}`}>If you did not ask for this, ignore this email; nobody can sign in without the link.</P>
    </EmailFrame>
  );
  return {
    subject: "Your Rapport sign-in link",
    html: toHtml(html),
    text: `Hi ${p.name},\n\nSign in to Rapport (the link works once, for ${p.minutes} minutes):\n${p.url}\n\nIf you did not ask for this, ignore this email.`,
  };
}
