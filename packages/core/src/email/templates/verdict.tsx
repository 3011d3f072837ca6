import { headerName } from "../headers.ts";
import { sentence, type RenderedEmail } from "./invitation.tsx";
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
}

const question = (kind: VerdictEmailProps["kind"]) => (kind === "verdict" ? "Did we make it right?" : "How are things now?");

function subjectOf(p: VerdictEmailProps): string {
  return `${question(p.kind).slice(0, -1)}, ${headerName(p.customerName)}?`;
}

function preheaderOf(p: VerdictEmailProps): string {
  return p.kind === "verdict" ? `One tap tells ${p.repName} whether we put it right.` : `Three weeks on: one tap tells ${p.repName} how things are.`;
}

function intro(p: VerdictEmailProps): string {
  return p.kind === "verdict"
    ? `A few days ago you told us something was not right, and ${p.repName} worked to put it right. Only you can tell us whether we did.`
    : `Three weeks ago ${p.repName} worked to put right something that went wrong. We would like to know how things are now.`;
}

const scale = (kind: VerdictEmailProps["kind"]) => (kind === "verdict" ? "1 = not at all, 5 = completely." : "1 = not well at all, 5 = very well.");

function Body(p: VerdictEmailProps) {
  const c = paletteOf(p.brandColor);
  const link = `color:${c.muted};text-decoration:underline`;
  const footer = (
    <>
      {p.prospect ? "You received this because you recently talked with" : "You received this because you are a customer of"} {sentence(p.orgName)}{" "}
      <a href={p.concernUrl} style={link}>
        Something not right? Tell us
      </a>
      {" · "}
      <a href={p.profileUrl} style={link}>
        What we know about you
      </a>
      {" · "}
      <a href={p.unsubscribeUrl} style={link}>
        Unsubscribe
      </a>
    </>
  );
  return (
    <EmailFrame palette={c} title={subjectOf(p)} preheader={preheaderOf(p)} heading={p.orgName} footer={footer}>
      <P>Hi {p.customerName},</P>
      <P>{intro(p)}</P>
      <P style="margin:16px 0 8px 0;font-weight:bold">{question(p.kind)}</P>
      <RatingRow url={p.answerUrl} palette={c} />
      <P style={`margin:0 0 16px 0;font-size:13px;line-height:20px;color:${c.muted}`}>{scale(p.kind)} You confirm on the next page, where you can add a comment.</P>
      <P style={`margin:16px 0 0 0;font-size:13px;line-height:20px;color:${c.muted}`}>This link is personal to you. Please answer by {p.answerBy}.</P>
    </EmailFrame>
  );
}

function textOf(p: VerdictEmailProps): string {
  return [
    `Hi ${p.customerName},`,
    "",
    intro(p),
    "",
    `${question(p.kind)} (${scale(p.kind)})`,
    ...[1, 2, 3, 4, 5].map((n) => `  ${n}: ${p.answerUrl}?score=${n}`),
    "",
    "You confirm on the next page, where you can add a comment.",
    `This link is personal to you. Please answer by ${p.answerBy}.`,
    "",
    `Something not right? Tell us: ${p.concernUrl}`,
    `What we know about you: ${p.profileUrl}`,
    `Unsubscribe: ${p.unsubscribeUrl}`,
  ].join("\n");
}

/** The "Did we make it right?" or "How are things now?" email: subject, phone-friendly HTML and plain text. */
export function renderVerdictEmail(p: VerdictEmailProps): RenderedEmail {
  return { subject: subjectOf(p), html: toHtml(<Body {...p} />), text: textOf(p) };
}
