import { headerName } from "../headers.ts";
import { messagesFor } from "../../i18n/index.ts";
import { ENGLISH, type Locale } from "../../i18n/languages.ts";
import type { RenderedEmail } from "./invitation.tsx";
import { EmailFrame, P, paletteOf, RatingRow, toHtml } from "./layout.tsx";

/**
 * The one question a customer is asked after a recovery: "Did we make it right?" two days after the case
 * was resolved, or "How are things now?" at the check-in three weeks later. Five one-tap links; the page
 * they open records nothing until the customer confirms.
 */
export interface VerdictEmailProps {
  kind: "verdict" | "check-in";
  orgName: string;
  brandColor: string;
  customerName: string;
  repName: string;
  /** The confirm page; `?score=N` is appended for each of the five taps. */
  answerUrl: string;
  unsubscribeUrl: string;
  /** "What we know about you". */
  profileUrl: string;
  /** "Something not right? Tell us": the concern form. */
  concernUrl: string;
  /** The last day an answer is taken (the link then says the question closed). */
  answerBy: string;
  /** A lost deal's contact (not a customer) who raised a concern: the footer says why they hear from us. */
  prospect?: boolean;
  /** The customer's language (English without one). */
  locale?: Locale | undefined;
}

const wordsOf = (p: VerdictEmailProps) => messagesFor(p.locale).emails;

function subjectOf(p: VerdictEmailProps): string {
  return wordsOf(p).verdict.subject[p.kind](headerName(p.customerName));
}

function Body(p: VerdictEmailProps) {
  const c = paletteOf(p.brandColor);
  const t = wordsOf(p);
  const link = `color:${c.muted};text-decoration:underline`;
  const footer = (
    <>
      {p.prospect ? t.becauseTalked(p.orgName) : t.becauseCustomer(p.orgName)}{" "}
      <a href={p.concernUrl} style={link}>
        {t.concern}
      </a>
      {" · "}
      <a href={p.profileUrl} style={link}>
        {t.profile}
      </a>
      {" · "}
      <a href={p.unsubscribeUrl} style={link}>
        {t.unsubscribe}
      </a>
    </>
  );
  return (
    <EmailFrame palette={c} lang={(p.locale ?? ENGLISH).tag} title={subjectOf(p)} preheader={t.verdict.preheader[p.kind](p.repName)} heading={p.orgName} footer={footer}>
      <P>{t.hi(p.customerName)}</P>
      <P>{t.verdict.intro[p.kind](p.repName)}</P>
      <P style="margin:16px 0 8px 0;font-weight:bold">{t.verdict.question[p.kind]}</P>
      <RatingRow url={p.answerUrl} palette={c} label={t.outOfFive} />
      <P style={`margin:0 0 16px 0;font-size:13px;line-height:20px;color:${c.muted}`}>
        {t.verdict.scale[p.kind]} {t.verdict.confirm}
      </P>
      <P style={`margin:16px 0 0 0;font-size:13px;line-height:20px;color:${c.muted}`}>{t.verdict.answerBy(p.answerBy)}</P>
    </EmailFrame>
  );
}

function textOf(p: VerdictEmailProps): string {
  const t = wordsOf(p);
  return [
    t.hi(p.customerName),
    "",
    t.verdict.intro[p.kind](p.repName),
    "",
    `${t.verdict.question[p.kind]} (${t.verdict.scale[p.kind]})`,
    ...[1, 2, 3, 4, 5].map((n) => `  ${n}: ${p.answerUrl}?score=${n}`),
    "",
    t.verdict.confirm,
    t.verdict.answerBy(p.answerBy),
    "",
    `${t.concern}${t.colon} ${p.concernUrl}`,
    `${t.profile}${t.colon} ${p.profileUrl}`,
    `${t.unsubscribe}${t.colon} ${p.unsubscribeUrl}`,
  ].join("\n");
}

/** The "Did we make it right?" or "How are things now?" email in the customer's language: subject, phone-friendly HTML and plain text. */
export function renderVerdictEmail(p: VerdictEmailProps): RenderedEmail {
  return { subject: subjectOf(p), html: toHtml(<Body {...p} />), text: textOf(p) };
}
