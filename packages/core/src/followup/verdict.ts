/**
 * Asking the customer after a recovery. Two days after a recovery case that names them is resolved, the
 * customer gets "Did we make it right?"; at the check-in three weeks later, "How are things now?". Each is one
 * email with five one-tap links to a confirm page (`/r/{token}`: a signed link for the follow-up and the round
 * it asks, good for VERDICT_LINK_DAYS, recording only while that round is the current one). The job runs both steps claimed, so two
 * runs never email twice. Nobody is emailed whose address is suppressed, whose customer record is gone or
 * who withdrew their consent: the follow-up records why (`notAsked`) and keeps no verdict. Seven days
 * without an answer make a recovery's verdict `no-answer`.
 */
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { db } from "../db/index.ts";
import { config } from "../config.ts";
import { now } from "../clock/index.ts";
import { formatDate } from "../clock/format-date.ts";
import { emailLocale } from "../i18n/choose.ts";
import { Customer } from "../customer/index.ts";
import { Suppression } from "../suppression/index.ts";
import { Email } from "../email/index.ts";
import { renderVerdictEmail } from "../email/templates/verdict.tsx";
import { SignedLink } from "../link/index.ts";
import { VisibleError } from "../error.ts";
import { linkUrl } from "../profile/link.ts";
import { concernUrl } from "../concern/link.ts";
import { ANSWER_DAYS, claim, nextAction, settle, type FollowUp } from "./index.ts";

const DAY = 86_400_000;
/** A question's link opens its page this long after it was sent (answers are taken for ANSWER_DAYS; later, the page says the question closed). */
export const VERDICT_LINK_DAYS = 30;

/**
 * Which question a follow-up is on: a check-in asks once; a recovery case once per resolution, so its round is
 * the times it was reopened plus one, or, while it is open again, the round whose answer reopened it.
 */
export function roundOf(f: Pick<FollowUp, "kind" | "status" | "reopened">): number {
  if (f.kind !== "recovery") return 1;
  const reopened = f.reopened ?? 0;
  return f.status === "open" ? reopened : reopened + 1;
}

/** The token of the question sent about follow-up `f` at `askedAt`: it signs the follow-up's id with its round (`fup_…r2`). */
export function verdictToken(f: Pick<FollowUp, "id" | "kind" | "status" | "reopened">, askedAt: Date): string {
  return SignedLink.sign("verdict", `${f.id}r${roundOf(f)}`, VERDICT_LINK_DAYS, askedAt);
}

/** The follow-up and the round a question link was sent for: 404 for a malformed or tampered token, 410 once it expired. */
export function questionOf(token: string): { id: string; round: number } {
  const subject = /^(fup_[0-9A-Z]{26})r(\d{1,4})$/.exec(SignedLink.open("verdict", token));
  if (!subject) throw new VisibleError("not-found", "unknown_link", "This link is not valid.");
  return { id: subject[1]!, round: Number(subject[2]) };
}

/** Whether a link sent for `round` asks the follow-up's current question; an earlier round's does not. */
export function isCurrentRound(f: FollowUp, round: number): boolean {
  return Boolean(f.askedAt) && roundOf(f) === round;
}

/** Until when the customer's answer is taken: ANSWER_DAYS after the question was sent. */
export function answerBy(f: Pick<FollowUp, "askedAt">): string | undefined {
  return f.askedAt ? new Date(new Date(f.askedAt).getTime() + ANSWER_DAYS * DAY).toISOString() : undefined;
}

/** Why the customer may not be asked anything, if so. */
async function notAskedBecause(f: FollowUp, customer: Customer | undefined): Promise<NonNullable<FollowUp["notAsked"]> | undefined> {
  // A question more than ANSWER_DAYS after it was due (the job was stopped, or the case was resolved
  // long ago under an older version) would ask about something the customer has moved on from.
  if (f.askAt && now().getTime() > Date.parse(f.askAt) + ANSWER_DAYS * DAY) return "too-late";
  if (!customer) return "no-customer";
  if (customer.consentWithdrawnAt && customer.consentWithdrawnAt >= f.createdAt) return "consent-withdrawn";
  if (await Suppression.isSuppressed(customer.email)) return "suppressed";
  return undefined;
}

/**
 * The job's "ask" step: claims the follow-up, then emails the customer the one question (a recovery's
 * verdict becomes `awaiting`), or records why they were not asked. Answers "sent", "not-asked", or false
 * when another run has it or there is nothing to ask.
 */
export async function ask(seen: FollowUp): Promise<"sent" | "not-asked" | false> {
  if (nextAction(seen)?.action !== "ask") return false;
  const claimed = await claim(seen, "ask");
  if (!claimed) return false;
  const { lease, current: f } = claimed;
  if (nextAction(f)?.action !== "ask") return false;
  const customer = f.customerId ? await Customer.get(f.customerId) : undefined;
  const why = await notAskedBecause(f, customer);
  if (why || !customer) {
    await settle({ ...f, notAsked: why ?? "no-customer" }, lease);
    return "not-asked";
  }
  const at = now();
  const unsubscribe = Suppression.unsubscribeLink(customer.email);
  const { orgName, brandColor, appUrl } = config();
  const locale = emailLocale(customer.language);
  const email = renderVerdictEmail({
    locale,
    kind: f.kind === "recovery" ? "verdict" : "check-in",
    orgName,
    brandColor,
    customerName: customer.name.split(/\s+/)[0] ?? customer.name,
    repName: f.repName,
    answerUrl: `${appUrl}/r/${verdictToken(f, at)}`,
    unsubscribeUrl: unsubscribe.url,
    profileUrl: linkUrl(customer.id, at),
    concernUrl: concernUrl(customer.id, at),
    ...(customer.stage === "prospect" ? { prospect: true } : {}),
    answerBy: formatDate(new Date(at.getTime() + ANSWER_DAYS * DAY).toISOString(), Customer.zoneOf(customer), locale.tag),
  });
  await db().send(new PutCommand(Suppression.tokenItem(customer.email).Put));
  await Email.send({ purpose: "question", to: customer.email, ...email, headers: unsubscribe.headers });
  await settle({ ...f, askedAt: at.toISOString(), ...(f.kind === "recovery" ? { verdict: "awaiting" as const } : {}) }, lease);
  return "sent";
}

/** The job's "expire-ask" step: a recovery's verdict still awaited 7 days after the question becomes `no-answer` (unless the customer answers first). */
export async function expireAsk(seen: FollowUp): Promise<boolean> {
  if (nextAction(seen)?.action !== "expire-ask") return false;
  const claimed = await claim(seen, "expire-ask");
  if (!claimed || claimed.current.verdict !== "awaiting") return false;
  return settle({ ...claimed.current, verdict: "no-answer" }, claimed.lease);
}

export const Verdict = { ask, expireAsk, verdictToken, questionOf, isCurrentRound, answerBy, VERDICT_LINK_DAYS };
