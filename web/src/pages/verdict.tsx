/**
 * The page a one-tap link in "Did we make it right?" or "How are things now?" opens (`/r/{token}`): the tapped
 * rating pre-selected, an optional comment and one button (opening it records nothing: mail scanners open
 * every link), then the thanks; or why no answer is taken. Every state carries "Something not right? Tell us".
 */
import { formatDate } from "@rapport/core/clock/format-date";
import { messagesFor } from "@rapport/core/i18n/index";
import type { Brand } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf, ErrorMessage, ErrorSummary, Optional, describedBy, messageFor } from "./fields.tsx";

/** What happened after the customer's answer, for the sentence that tells them. */
export interface VerdictNext {
  outcome: "recovered" | "reopened" | "fine" | "new-case";
  /** When the reopened or new case is due: someone contacts them by then. */
  dueAt?: string;
}

export interface VerdictPageProps extends Brand {
  kind: "verdict" | "check-in";
  /** The confirm form; the thanks right after the answer; the answer already given; no answers taken any more; a newer email asks again. */
  state: "open" | "thanks" | "answered" | "closed" | "replaced";
  action: string;
  csrf: string;
  repName: string;
  /** "1".."5": tapped in the email, or posted with an error. */
  rating?: string | undefined;
  comment?: string | undefined;
  error?: { field: "rating" | "comment"; message: string } | undefined;
  /** The answer received (answered, thanks). */
  answer?: { rating: number; at: string } | undefined;
  next?: VerdictNext | undefined;
  /** The customer's time zone: times are shown in it, named. */
  timezone: string;
  /** "Something not right? Tell us". */
  concernUrl?: string | undefined;
}

const wordsOf = (p: VerdictPageProps) => messagesFor(p.locale).verdict;
const question = (p: VerdictPageProps) => wordsOf(p).question[p.kind];

function nextSentence(p: VerdictPageProps): string {
  const t = wordsOf(p);
  const by = p.next?.dueAt ? t.by(formatDate(p.next.dueAt, p.timezone, p.locale?.tag)) : t.soon;
  switch (p.next?.outcome) {
    case "recovered":
      return t.recovered;
    case "reopened":
      return t.reopened(p.repName, by);
    case "new-case":
      return t.newCase(p.repName, by);
    default:
      return t.fine;
  }
}

function Concern({ url, text }: { url?: string | undefined; text: string }) {
  return url ? (
    <p class="after">
      <a href={url}>{text}</a>
    </p>
  ) : null;
}

function ConfirmForm(p: VerdictPageProps) {
  const m = messagesFor(p.locale);
  const t = m.verdict;
  const [low, high] = t.ends[p.kind];
  const ratingError = p.error?.field === "rating" ? "rating-error" : undefined;
  const commentError = p.error?.field === "comment" ? "comment-error" : undefined;
  const errorText = p.error ? messageFor({ name: p.error.field, target: p.error.field, label: t.commentField }, p.error.message, m) : "";
  return (
    <>
      {p.error ? <ErrorSummary items={[{ href: p.error.field === "rating" ? "#rating-1" : "#comment", text: errorText }]} /> : null}
      <h1>{question(p)}</h1>
      <p class="lead">{p.kind === "verdict" ? t.leadVerdict(p.repName) : t.leadCheckIn(p.repName)}</p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        <fieldset class={ratingError ? "field invalid" : "field"} aria-describedby={describedBy("rating-hint", ratingError)}>
          <legend>{t.yourAnswer}</legend>
          <p class="hint" id="rating-hint">
            1 = {low}, 5 = {high}.
          </p>
          {ratingError ? <ErrorMessage id={ratingError} text={errorText} /> : null}
          <div class="choices">
            {["1", "2", "3", "4", "5"].map((n) => (
              <label class="choice" for={`rating-${n}`}>
                <input type="radio" id={`rating-${n}`} name="rating" value={n} checked={p.rating === n} required />
                <span>
                  {n}
                  {n === "1" ? ` – ${low}` : n === "5" ? ` – ${high}` : ""}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class={commentError ? "field invalid" : "field"}>
          <label class="label" for="comment">
            {t.comment}
            <Optional />
          </label>
          {commentError ? <ErrorMessage id={commentError} text={errorText} /> : null}
          <textarea id="comment" name="comment" rows={3} maxlength={1000} aria-invalid={commentError ? "true" : undefined} aria-describedby={commentError}>
            {p.comment ?? ""}
          </textarea>
        </div>
        <button type="submit" class="btn">
          {m.common.send}
        </button>
      </form>
      <p class="after">{t.nothingYet}</p>
    </>
  );
}

function Answered(p: VerdictPageProps) {
  const m = messagesFor(p.locale);
  const t = m.verdict;
  const thanks = p.state === "thanks";
  return (
    <>
      <h1>{thanks ? t.thanks : t.already}</h1>
      {p.answer ? (
        <p class="lead">
          {thanks ? t.answered(String(p.answer.rating), question(p)) : t.answeredOn(String(p.answer.rating), question(p), formatDate(p.answer.at, p.timezone, p.locale?.tag))}
        </p>
      ) : null}
      <p>{nextSentence(p)}</p>
      <p>{m.common.closePage}</p>
    </>
  );
}

function Closed(p: VerdictPageProps) {
  const t = wordsOf(p);
  return p.state === "replaced" ? (
    <>
      <h1>{t.replacedTitle}</h1>
      <p class="lead">{t.replaced}</p>
    </>
  ) : (
    <>
      <h1>{t.closedTitle}</h1>
      <p class="lead">{t.closed(question(p))}</p>
      <p>{t.stillWrong}</p>
    </>
  );
}

const titleOf = (p: VerdictPageProps) => {
  const t = wordsOf(p);
  return { open: question(p), thanks: t.thanks, answered: t.already, closed: t.closedTitle, replaced: t.replacedTitle }[p.state];
};

function VerdictPage(p: VerdictPageProps) {
  const m = messagesFor(p.locale);
  return (
    <Layout brand={p} title={p.error ? `${m.common.errorPrefix}${titleOf(p)}` : titleOf(p)}>
      {p.state === "open" ? <ConfirmForm {...p} /> : p.state === "thanks" || p.state === "answered" ? <Answered {...p} /> : <Closed {...p} />}
      <Concern url={p.concernUrl} text={m.common.concern} />
    </Layout>
  );
}

/** GET/POST /r/{token}: the confirm page (GET records nothing), the thanks, the answer already given, or a closed question. */
export function renderVerdictPage(props: VerdictPageProps): string {
  return toDocument(<VerdictPage {...props} />);
}
