import { headerName } from "../headers.ts";
import { messagesFor } from "../../i18n/index.ts";
import { ENGLISH, type Locale } from "../../i18n/languages.ts";
import { sentence } from "../../i18n/sentence.ts";
import { Button, EmailFrame, P, paletteOf, RatingRow, toHtml, type Palette } from "./layout.tsx";

/** What an invitation email needs. In a bulk send, values may be SES `{{placeholders}}`. */
export interface InvitationEmailProps {
  kind: "onboarding" | "report-card" | "lost-deal";
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
  /** "What we know about you": everything stored about the customer, to delete any of it or withdraw consent. */
  profileUrl: string;
  /** "Something not right? Tell us": the customer's concern form, open at any time. */
  concernUrl: string;
  expiresOn: string;
  /** The customer's language (English without one): the words, and `lang` on the email's <html>. */
  locale?: Locale | undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export { sentence };

/** The catalog's words for this email, and the text of "<rep> <first statement, lower-cased>". */
const wordsOf = (p: InvitationEmailProps) => messagesFor(p.locale).emails;
const statementOf = (p: InvitationEmailProps) => `${p.repName} ${p.firstBehaviour.charAt(0).toLowerCase() + p.firstBehaviour.slice(1)}`;

function subjectOf(p: InvitationEmailProps): string {
  const t = wordsOf(p);
  const prefix = p.reminder ? t.reminder : "";
  if (p.kind === "lost-deal") return `${prefix}${t.lostDeal.question}`;
  return p.kind === "report-card" ? `${prefix}${t.reportCard.subject(headerName(p.repName))}` : `${prefix}${t.onboarding.subject(headerName(p.orgName))}`;
}

/** The line the inbox shows beside the subject. */
function preheaderOf(p: InvitationEmailProps): string {
  const t = wordsOf(p);
  const line = p.kind === "lost-deal" ? t.lostDeal.preheader(p.repName) : p.kind === "report-card" ? t.reportCard.preheader(p.repName) : t.onboarding.preheader(p.orgName);
  return p.reminder ? `${t.quickReminder}${line}` : line.charAt(0).toUpperCase() + line.slice(1);
}

/** The lost-deal card's intro and button: no rating row (the card is short, and the question that matters is in words). */
function LostDealBody({ p, c }: { p: InvitationEmailProps; c: Palette }) {
  const t = wordsOf(p);
  return (
    <>
      <P style="margin:0 0 16px 0">
        {p.reminder ? t.quickReminder : ""}
        {t.lostDeal.question} {t.lostDeal.intro(p.repName, p.orgName)} {t.lostDeal.noSelling}
      </P>
      <Button href={p.surveyUrl} palette={c}>
        {t.lostDeal.button}
      </Button>
    </>
  );
}

function Body(p: InvitationEmailProps) {
  const isCard = p.kind === "report-card";
  const c = paletteOf(p.brandColor);
  const t = wordsOf(p);
  const footer = (
    <>
      <a href={p.concernUrl} style={`display:inline-block;line-height:44px;font-size:15px;font-weight:bold;color:${c.accent};text-decoration:underline`}>
        {t.concern}
      </a>
      <br />
      {p.kind === "lost-deal" ? t.becauseTalked(p.orgName) : t.becauseCustomer(p.orgName)}{" "}
      <a href={p.profileUrl} style={`color:${c.muted};text-decoration:underline`}>
        {t.profile}
      </a>
      {" · "}
      <a href={p.unsubscribeUrl} style={`color:${c.muted};text-decoration:underline`}>
        {t.unsubscribe}
      </a>
    </>
  );
  return (
    <EmailFrame palette={c} lang={(p.locale ?? ENGLISH).tag} title={subjectOf(p)} preheader={preheaderOf(p)} heading={p.orgName} footer={footer}>
      <P>{t.hi(p.customerName)}</P>
      {p.kind === "lost-deal" ? (
        <LostDealBody p={p} c={c} />
      ) : isCard ? (
        <>
          <P>
            {p.reminder ? t.quickReminder : ""}
            {t.reportCard.intro(p.repName)} {t.reportCard.shapes}
          </P>
          <P style="margin:16px 0 8px 0;font-weight:bold">
            {statementOf(p)}
            {t.colon}
          </P>
          <RatingRow url={p.surveyUrl} palette={c} label={t.outOfFive} />
          <P style={`margin:0 0 16px 0;font-size:13px;line-height:20px;color:${c.muted}`}>{t.reportCard.scale}</P>
          <Button href={p.surveyUrl} palette={c}>
            {t.reportCard.button}
          </Button>
        </>
      ) : (
        <>
          <P style="margin:0 0 16px 0">
            {p.reminder ? t.quickReminder : ""}
            {t.onboarding.thanks(p.orgName, p.repName)} {t.onboarding.tellUs}
          </P>
          <Button href={p.surveyUrl} palette={c}>
            {t.onboarding.button}
          </Button>
        </>
      )}
      <P style={`margin:16px 0 0 0;font-size:13px;line-height:20px;color:${c.muted}`}>{t.personalUntil(p.expiresOn)}</P>
    </EmailFrame>
  );
}

function textOf(p: InvitationEmailProps): string {
  const t = wordsOf(p);
  const again = p.reminder ? t.quickReminder : "";
  const lines = [t.hi(p.customerName), ""];
  if (p.kind === "lost-deal") {
    lines.push(`${again}${t.lostDeal.question} ${t.lostDeal.intro(p.repName, p.orgName)}`, t.lostDeal.noSelling, "", `${t.lostDeal.button}${t.colon} ${p.surveyUrl}`);
  } else if (p.kind === "report-card") {
    lines.push(
      `${again}${t.reportCard.intro(p.repName)}`,
      "",
      `${statementOf(p)} ${t.reportCard.scaleText}${t.colon}`,
      ...[1, 2, 3, 4, 5].map((n) => `  ${n}: ${p.surveyUrl}?score=${n}`),
      "",
      t.reportCard.whole(p.surveyUrl),
    );
  } else {
    lines.push(`${again}${t.onboarding.thanks(p.orgName, p.repName)}`, t.onboarding.tellUsText, p.surveyUrl);
  }
  lines.push("", t.personalUntil(p.expiresOn), "", `${t.concern}${t.colon} ${p.concernUrl}`, `${t.profile}${t.colon} ${p.profileUrl}`, `${t.unsubscribe}${t.colon} ${p.unsubscribeUrl}`);
  return lines.join("\n");
}

/** The invitation or reminder email in the customer's language: subject, phone-friendly HTML and plain text. */
export function renderInvitationEmail(p: InvitationEmailProps): RenderedEmail {
  return { subject: subjectOf(p), html: toHtml(<Body {...p} />), text: textOf(p) };
}
