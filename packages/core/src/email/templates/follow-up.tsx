import { formatDate } from "../../clock/format-date.ts";
import { headerName } from "../headers.ts";
import type { FollowUp } from "../../followup/index.ts";
import { urgencyWords } from "../../concern/urgency.ts";
import { sentence, type RenderedEmail } from "./invitation.tsx";
import { Button, EmailFrame, P, paletteOf, toHtml } from "./layout.tsx";

/**
 * A recovery case as an email shows it: named (the customer agreed to be contacted) or anonymous, when
 * nothing in the email may say who answered. The follow-up's own fields, with its low ratings and actions.
 */
export interface CaseSummary
  extends Pick<
    FollowUp,
    "customerName" | "anonymous" | "company" | "repName" | "dueAt" | "comment" | "channel" | "contact" | "bestHours" | "timezone" | "interests" | "sharedAboutThem" | "source" | "urgency" | "answer"
  > {
  lowBehaviours: Pick<NonNullable<FollowUp["lowBehaviours"]>[number], "label" | "rating">[];
  actions: string[];
}

export interface RecoveryEmailProps {
  orgName: string;
  brandColor: string;
  /** "opened": a new case, told to the manager at once; "overdue": the escalation when it is late; "reopened": the customer's verdict reopened it to the manager. */
  reason: "opened" | "overdue" | "reopened";
  /** The rep whose customer it is, or their manager. */
  reader: "rep" | "manager";
  caseSummary: CaseSummary;
  dashboardUrl: string;
  /** The reader's time zone (IANA): the due time is shown in it, named. */
  timezone: string;
}

/** A concern the customer raised: how urgent they said it is, instead of ratings. */
const raisedConcern = (c: CaseSummary) => `raised a concern${c.urgency ? ` (${urgencyWords[c.urgency]})` : ""}`;

function caseLines(c: CaseSummary, zone: string): string[] {
  const concern = c.source === "concern";
  const ratings = concern ? [`Raised a concern: ${c.urgency ? urgencyWords[c.urgency] : "no urgency given"}`] : c.lowBehaviours.map((b) => `Rated ${b.rating === "na" ? "n/a" : `${b.rating}/5`}: ${b.label}`);
  const comment = c.comment ? [`${concern ? "What happened" : "What could we do better"}: "${c.comment}"`] : [];
  if (c.anonymous) return [`Rep: ${c.repName}`, ...ratings, ...comment];
  return [
    `Customer: ${c.customerName}${c.company ? ` (${c.company})` : ""}`,
    `Rep: ${c.repName}`,
    `Due: ${formatDate(c.dueAt, zone)}`,
    ...ratings,
    ...comment,
    ...(c.answer ? [`Did we make it right? ${c.answer.rating}/5${c.answer.comment ? `: "${c.answer.comment}"` : ""}`] : []),
    `Reach them: ${[c.channel, c.contact].filter(Boolean).join(", ") || "no preference given"}${c.bestHours ? `, best hours ${c.bestHours}` : ""}${c.timezone ? ` (their time zone: ${c.timezone})` : ""}`,
    ...(c.interests?.length ? [`What matters to them: ${c.interests.join(", ")}`] : []),
    ...(c.sharedAboutThem ? [`What they shared about themselves: ${c.sharedAboutThem}`] : []),
  ];
}

function wording(p: RecoveryEmailProps): { subject: string; intro: string } {
  const c = p.caseSummary;
  // Names in a Subject are one line, without control characters, and cut at 60 characters.
  const [customer, rep] = [headerName(c.customerName ?? ""), headerName(c.repName)];
  if (c.source === "concern" && p.reason === "opened") return concernWording(p, customer, rep);
  if (c.source === "check-in" && p.reason === "opened" && !c.anonymous) {
    const due = formatDate(c.dueAt, p.timezone);
    const told = `At the check-in after their recovery, ${c.customerName} told us things are still not right`;
    return p.reader === "rep"
      ? { subject: `Check-in: ${customer} says things are not right yet`, intro: `${told}. Please reach them the way they prefer and put it right by ${due}.` }
      : { subject: `Check-in: ${customer}, a customer of ${rep}, says things are not right yet`, intro: `${told}. A new recovery case is open and due by ${due}.` };
  }
  if (c.anonymous) {
    return {
      subject: `Service recovery: a customer rated ${rep} poorly`,
      intro: `A customer gave ${c.repName} a poor rating and did not agree to be contacted, so nobody will reach out to them and this case names nobody. Use it to find and fix the cause.`,
    };
  }
  if (p.reason === "reopened") {
    return {
      subject: `Reopened: ${customer} says we did not make it right`,
      intro: `The customer says we did not make it right: ${c.customerName} was asked whether ${c.repName}'s recovery put it right and said no. The case is open again and yours, due by ${formatDate(c.dueAt, p.timezone)}.`,
    };
  }
  if (p.reason === "overdue") {
    return { subject: `Overdue: recovery for ${customer} is past its due time`, intro: `The recovery case for ${c.customerName} was due by ${formatDate(c.dueAt, p.timezone)} and is still open. Please step in.` };
  }
  if (p.reader === "rep") {
    return {
      subject: `Service recovery: ${customer} needs you by ${formatDate(c.dueAt, p.timezone)}`,
      intro: `${c.customerName} rated you poorly and agreed to be contacted. Please reach them the way they prefer and put it right by ${formatDate(c.dueAt, p.timezone)}.`,
    };
  }
  return {
    subject: `Service recovery: ${customer} rated ${rep} poorly`,
    intro: `${c.customerName} gave ${c.repName} a poor rating and agreed to be contacted. A recovery case is open and due by ${formatDate(c.dueAt, p.timezone)}.`,
  };
}

/** A new case a customer's concern opened: "raised a concern" and how urgent, where a card's case speaks of a poor rating. */
function concernWording(p: RecoveryEmailProps, customer: string, rep: string): { subject: string; intro: string } {
  const c = p.caseSummary;
  const due = formatDate(c.dueAt, p.timezone);
  if (c.anonymous) {
    return {
      subject: `Service recovery: a customer of ${rep} raised a concern`,
      intro: `A customer of ${c.repName} ${raisedConcern(c)} and did not want to be contacted, so nobody will reach out to them and this case names nobody. Use it to find and fix the cause.`,
    };
  }
  if (p.reader === "rep") {
    return { subject: `Concern from ${customer}: please reach them by ${due}`, intro: `${c.customerName} ${raisedConcern(c)} and asked to be contacted. Please reach them and put it right by ${due}.` };
  }
  return { subject: `Concern from ${customer}, a customer of ${rep}`, intro: `${c.customerName} ${raisedConcern(c)} and asked to be contacted. A recovery case is open and due by ${due}.` };
}

/** The inbox preview line: what is asked of the reader, naming nobody on an anonymous case. */
function recoveryPreheader(p: RecoveryEmailProps): string {
  const c = p.caseSummary;
  if (c.anonymous) return `${c.source === "concern" ? "A concern" : "A poor rating"} with no contact allowed: find and fix the cause.`;
  if (p.reason === "reopened") return `The customer says we did not make it right. Due by ${formatDate(c.dueAt, p.timezone)}.`;
  if (p.reason === "overdue") return `Still open after its due time of ${formatDate(c.dueAt, p.timezone)}: please step in.`;
  return `Due by ${formatDate(c.dueAt, p.timezone)}. How to reach them is inside.`;
}

/** The email the rep and the manager get when a recovery case opens, and the manager's (once) if it is overdue. */
export function renderRecoveryEmail(p: RecoveryEmailProps): RenderedEmail {
  const c = p.caseSummary;
  const { subject, intro } = wording(p);
  const palette = paletteOf(p.brandColor);
  const html = (
    <EmailFrame palette={palette} title={subject} preheader={recoveryPreheader(p)} heading={`${p.orgName} · Rapport`}>
      <P>{intro}</P>
      <ul style="margin:0 0 12px 0;padding:0 0 0 20px">
        {caseLines(c, p.timezone).map((line) => (
          <li style="margin:0 0 4px 0">{line}</li>
        ))}
      </ul>
      <P style="margin:0 0 6px 0;font-weight:bold">Suggested recovery</P>
      <ol style="margin:0 0 16px 0;padding:0 0 0 20px">
        {c.actions.map((a) => (
          <li style="margin:0 0 4px 0">{a}</li>
        ))}
      </ol>
      <Button href={p.dashboardUrl} palette={palette}>
        Open the dashboard
      </Button>
    </EmailFrame>
  );
  const text = [intro, "", ...caseLines(c, p.timezone), "", "Suggested recovery:", ...c.actions.map((a, i) => `${i + 1}. ${a}`), "", `Dashboard: ${p.dashboardUrl}`].join("\n");
  return { subject, html: toHtml(html), text };
}

/** A digest line: what is due, for whom, and how the customer likes to be reached (the follow-up's own fields). */
export interface DigestItem extends Pick<FollowUp, "kind" | "source" | "customerName" | "dueAt" | "channel" | "contact" | "bestHours" | "timezone"> {
  overdue: boolean;
}

export interface DigestEmailProps {
  orgName: string;
  brandColor: string;
  repName: string;
  items: DigestItem[];
  dashboardUrl: string;
  /** The rep's time zone (IANA): "today" and every due time are theirs, named. */
  timezone: string;
}

const kindLabel = { recovery: "Service recovery", "check-in": "Check-in", touch: "Scheduled update" } as const;

function itemLine(i: DigestItem, zone: string): string {
  const reach = [i.channel, i.contact].filter(Boolean).join(", ");
  return `${i.overdue ? "OVERDUE " : ""}${i.source === "concern" ? "Concern" : kindLabel[i.kind]}: ${i.customerName}, due ${formatDate(i.dueAt, zone)}${reach ? ` · ${reach}` : ""}${i.bestHours ? ` · ${i.bestHours}` : ""}${i.timezone ? ` (${i.timezone})` : ""}`;
}

/** A rep's morning digest of what is due today (and anything overdue). */
export function renderDigestEmail(p: DigestEmailProps): RenderedEmail {
  const subject = `Today: ${p.items.length} follow-up${p.items.length === 1 ? "" : "s"} due`;
  const overdue = p.items.filter((i) => i.overdue).length;
  const preheader = `${p.items.length} due today${overdue ? `, ${overdue} of them overdue` : ""}, with how each customer likes to be reached.`;
  const palette = paletteOf(p.brandColor);
  const html = (
    <EmailFrame palette={palette} title={subject} preheader={preheader} heading={`${p.orgName} · Rapport`}>
      <P>
        Good morning {p.repName}, here is what your customers are waiting for today at {sentence(p.orgName)}
      </P>
      <ul style="margin:0 0 16px 0;padding:0 0 0 20px">
        {p.items.map((i) => (
          <li style={`margin:0 0 4px 0;${i.overdue ? `color:${palette.alert};font-weight:bold` : ""}`}>{itemLine(i, p.timezone)}</li>
        ))}
      </ul>
      <Button href={p.dashboardUrl} palette={palette}>
        Open the dashboard
      </Button>
    </EmailFrame>
  );
  const text = [`Good morning ${p.repName}, here is what is due today:`, "", ...p.items.map((i) => itemLine(i, p.timezone)), "", `Dashboard: ${p.dashboardUrl}`].join("\n");
  return { subject, html: toHtml(html), text };
}
