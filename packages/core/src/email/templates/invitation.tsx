import { headerName } from "../headers.ts";
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

/** A lost deal's card: what it asks, in the subject and the first line. */
const LOST_DEAL_QUESTION = "You chose another supplier: would you tell us why?";

function subjectOf(p: InvitationEmailProps): string {
  const prefix = p.reminder ? "Reminder: " : "";
  if (p.kind === "lost-deal") return `${prefix}${LOST_DEAL_QUESTION}`;
  return p.kind === "report-card"
    ? `${prefix}How is ${headerName(p.repName)} doing for you?`
    : `${prefix}How would you like ${headerName(p.orgName)} to work with you?`;
}

/** The line the inbox shows beside the subject. */
function preheaderOf(p: InvitationEmailProps): string {
  if (p.kind === "lost-deal") return `${p.reminder ? "A quick reminder: " : ""}two minutes on how ${p.repName} did, and what would have made you choose us.`;
  const line = p.kind === "report-card" ? `under a minute to tell us how ${p.repName} is doing for you.` : `tell ${p.orgName} how and when you would like to hear from us.`;
  return p.reminder ? `A quick reminder: ${line}` : line.charAt(0).toUpperCase() + line.slice(1);
}

/** The lost-deal card's intro and button: no rating row (the card is short, and the question that matters is in words). */
function LostDealBody({ p, c }: { p: InvitationEmailProps; c: Palette }) {
  return (
    <>
      <P style="margin:0 0 16px 0">
        {p.reminder ? "A quick reminder: " : ""}
        {LOST_DEAL_QUESTION} In two minutes, tell us how {p.repName} did and what would have made you choose {sentence(p.orgName)} Your answers help us learn; nobody will try to
        sell you anything because of them.
      </P>
      <Button href={p.surveyUrl} palette={c}>
        Tell us why
      </Button>
    </>
  );
}

function Body(p: InvitationEmailProps) {
  const isCard = p.kind === "report-card";
  const c = paletteOf(p.brandColor);
  const footer = (
    <>
      <a href={p.concernUrl} style={`display:inline-block;line-height:44px;font-size:15px;font-weight:bold;color:${c.accent};text-decoration:underline`}>
        Something not right? Tell us
      </a>
      <br />
      {p.kind === "lost-deal" ? "You received this because you recently talked with" : "You received this because you are a customer of"} {sentence(p.orgName)}{" "}
      <a href={p.profileUrl} style={`color:${c.muted};text-decoration:underline`}>
        What we know about you
      </a>
      {" · "}
      <a href={p.unsubscribeUrl} style={`color:${c.muted};text-decoration:underline`}>
        Unsubscribe
      </a>
    </>
  );
  return (
    <EmailFrame palette={c} title={subjectOf(p)} preheader={preheaderOf(p)} heading={p.orgName} footer={footer}>
      <P>Hi {p.customerName},</P>
      {p.kind === "lost-deal" ? (
        <LostDealBody p={p} c={c} />
      ) : isCard ? (
        <>
          <P>
            {p.reminder ? "A quick reminder: " : ""}
            {p.repName} looks after your account. Would you tell us, in under a minute, how they are doing? Your answers shape how we work with you.
          </P>
          <P style="margin:16px 0 8px 0;font-weight:bold">
            {p.repName} {p.firstBehaviour.charAt(0).toLowerCase() + p.firstBehaviour.slice(1)}:
          </P>
          <RatingRow url={p.surveyUrl} palette={c} />
          <P style={`margin:0 0 16px 0;font-size:13px;line-height:20px;color:${c.muted}`}>1 = not at all, 5 = always. You confirm on the next page.</P>
          <Button href={p.surveyUrl} palette={c}>
            Open the report card
          </Button>
        </>
      ) : (
        <>
          <P style="margin:0 0 16px 0">
            {p.reminder ? "A quick reminder: " : ""}
            Thank you for choosing {sentence(p.orgName)} {p.repName} will be your contact. Tell us how and when you would like to hear from us, how fast you expect
            answers and what matters to you, and we will work that way.
          </P>
          <Button href={p.surveyUrl} palette={c}>
            Set my preferences
          </Button>
        </>
      )}
      <P style={`margin:16px 0 0 0;font-size:13px;line-height:20px;color:${c.muted}`}>This link is personal to you and works until {p.expiresOn}.</P>
    </EmailFrame>
  );
}

function textOf(p: InvitationEmailProps): string {
  const lines = [`Hi ${p.customerName},`, ""];
  if (p.kind === "lost-deal") {
    lines.push(
      `${p.reminder ? "A quick reminder: " : ""}${LOST_DEAL_QUESTION} In two minutes, tell us how ${p.repName} did and what would have made you choose ${sentence(p.orgName)}`,
      "Your answers help us learn; nobody will try to sell you anything because of them.",
      "",
      `Tell us why: ${p.surveyUrl}`,
    );
  } else if (p.kind === "report-card") {
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
  lines.push("", `This link is personal to you and works until ${p.expiresOn}.`, "", `Something not right? Tell us: ${p.concernUrl}`, `What we know about you: ${p.profileUrl}`, `Unsubscribe: ${p.unsubscribeUrl}`);
  return lines.join("\n");
}

/** The invitation or reminder email: subject, phone-friendly HTML and plain text. */
export function renderInvitationEmail(p: InvitationEmailProps): RenderedEmail {
  return { subject: subjectOf(p), html: toHtml(<Body {...p} />), text: textOf(p) };
}
