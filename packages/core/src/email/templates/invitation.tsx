import { headerName } from "../headers.ts";

/** What an invitation email needs. In a bulk send, values may be SES `{{placeholders}}`. */
export interface InvitationEmailProps {
  kind: "onboarding" | "report-card";
  reminder: boolean;
  orgName: string;
  brandColor: string;
  customerName: string;
  repName: string;
  /** The form link; `?score=N` is appended for the one-click rating row. */
  surveyUrl: string;
  /** The statement rated by the one-click row (the survey's first behaviour). */
  firstBehaviour: string;
  unsubscribeUrl: string;
  expiresOn: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The name closing a sentence: "Acme Inc." keeps its one full stop. */
export function sentence(name: string): string {
  return name.endsWith(".") ? name : `${name}.`;
}

function subjectOf(p: InvitationEmailProps): string {
  const prefix = p.reminder ? "Reminder: " : "";
  return p.kind === "report-card"
    ? `${prefix}How is ${headerName(p.repName)} doing for you?`
    : `${prefix}How would you like ${headerName(p.orgName)} to work with you?`;
}

const Button = (props: { href: string; color: string; children: string }) => (
  <a
    href={props.href}
    style={`display:inline-block;background:${props.color};color:#ffffff;text-decoration:none;font-weight:600;padding:12px 22px;border-radius:6px;font-size:16px`}
  >
    {props.children}
  </a>
);

function Body(p: InvitationEmailProps) {
  const isCard = p.kind === "report-card";
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{subjectOf(p)}</title>
      </head>
      <body style="margin:0;padding:0;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1b1f24">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">
          <tr>
            <td align="center" style="padding:16px">
              <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px">
                <tr>
                  <td style={`background:${p.brandColor};color:#ffffff;padding:16px 20px;border-radius:8px 8px 0 0;font-size:18px;font-weight:700`}>{p.orgName}</td>
                </tr>
                <tr>
                  <td style="padding:20px;font-size:16px;line-height:1.5">
                    <p style="margin:0 0 12px">Hi {p.customerName},</p>
                    {isCard ? (
                      <>
                        <p style="margin:0 0 12px">
                          {p.reminder ? "A quick reminder: " : ""}
                          {p.repName} looks after your account. Would you tell us, in under a minute, how they are doing? Your answers shape how we work
                          with you.
                        </p>
                        <p style="margin:16px 0 8px;font-weight:600">
                          {p.repName} {p.firstBehaviour.charAt(0).toLowerCase() + p.firstBehaviour.slice(1)}:
                        </p>
                        <table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 6px">
                          <tr>
                            {[1, 2, 3, 4, 5].map((n) => (
                              <td style="padding:0 6px 0 0">
                                <a
                                  href={`${p.surveyUrl}?score=${n}`}
                                  aria-label={`${n} out of 5`}
                                  style={`display:inline-block;width:44px;height:44px;line-height:44px;text-align:center;border:2px solid ${p.brandColor};border-radius:6px;color:${p.brandColor};font-weight:700;text-decoration:none;font-size:18px`}
                                >
                                  {String(n)}
                                </a>
                              </td>
                            ))}
                          </tr>
                        </table>
                        <p style="margin:0 0 16px;font-size:13px;color:#4a5159">1 = not at all, 5 = always. You confirm on the next page.</p>
                        <Button href={p.surveyUrl} color={p.brandColor}>
                          Open the report card
                        </Button>
                      </>
                    ) : (
                      <>
                        <p style="margin:0 0 12px">
                          {p.reminder ? "A quick reminder: " : ""}
                          Thank you for choosing {sentence(p.orgName)} {p.repName} will be your contact. Tell us how and when you would like to hear from us, how
                          fast you expect answers and what matters to you, and we will work that way.
                        </p>
                        <Button href={p.surveyUrl} color={p.brandColor}>
                          Set my preferences
                        </Button>
                      </>
                    )}
                    <p style="margin:16px 0 0;font-size:13px;color:#4a5159">This link is personal to you and works until {p.expiresOn}.</p>
                  </td>
                </tr>
                <tr>
                  <td style="padding:12px 20px 20px;font-size:12px;color:#4a5159;border-top:1px solid #e3e5e8">
                    You received this because you are a customer of {sentence(p.orgName)}{" "}
                    <a href={p.unsubscribeUrl} style="color:#4a5159">
                      Unsubscribe
                    </a>
                  </td>
                </tr>
              </table>
            </td>
          </tr>
        </table>
      </body>
    </html>
  );
}

function textOf(p: InvitationEmailProps): string {
  const lines = [`Hi ${p.customerName},`, ""];
  if (p.kind === "report-card") {
    lines.push(
      `${p.reminder ? "A quick reminder: " : ""}${p.repName} looks after your account. Would you tell us, in under a minute, how they are doing?`,
      "",
      `${p.repName} ${p.firstBehaviour.charAt(0).toLowerCase() + p.firstBehaviour.slice(1)} (1 = not at all, 5 = always):`,
      ...[1, 2, 3, 4, 5].map((n) => `  ${n}: ${p.surveyUrl}?score=${n}`),
      "",
      `Or open the whole report card: ${p.surveyUrl}`,
    );
  } else {
    lines.push(
      `${p.reminder ? "A quick reminder: " : ""}Thank you for choosing ${sentence(p.orgName)} ${p.repName} will be your contact.`,
      "Tell us how and when you would like to hear from us, and we will work that way:",
      p.surveyUrl,
    );
  }
  lines.push("", `This link is personal to you and works until ${p.expiresOn}.`, "", `Unsubscribe: ${p.unsubscribeUrl}`);
  return lines.join("\n");
}

/** The invitation or reminder email: subject, phone-friendly HTML and plain text. */
export function renderInvitationEmail(p: InvitationEmailProps): RenderedEmail {
  return { subject: subjectOf(p), html: `<!doctype html>${(<Body {...p} />).toString()}`, text: textOf(p) };
}
