/**
 * The page a one-tap link in "Did we make it right?" or "How are things now?" opens (`/r/{token}`): the tapped
 * rating pre-selected, an optional comment and one button (opening it records nothing: mail scanners open
 * every link), then the thanks; or why no answer is taken. Every state carries "Something not right? Tell us".
 */
import { formatDate } from "@rapport/core/clock/format-date";
import type { Brand } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf, ErrorMessage, ErrorSummary, Optional, describedBy } from "./fields.tsx";

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

const question = (kind: VerdictPageProps["kind"]) => (kind === "verdict" ? "Did we make it right?" : "How are things now?");
const ends = (kind: VerdictPageProps["kind"]): [string, string] => (kind === "verdict" ? ["not at all", "completely"] : ["not well at all", "very well"]);

function nextSentence(p: VerdictPageProps): string {
  const by = p.next?.dueAt ? ` by ${formatDate(p.next.dueAt, p.timezone)}` : " soon";
  switch (p.next?.outcome) {
    case "recovered":
      return "We are glad we put it right. Thank you for telling us.";
    case "reopened":
      return `We are sorry it is still not right. ${p.repName}'s manager now has your case and will contact you${by} to put it right.`;
    case "new-case":
      return `We are sorry things are not going well. ${p.repName} or their manager will contact you${by} to put it right.`;
    default:
      return "We are glad to hear it. Thank you for telling us.";
  }
}

function Concern({ url }: { url?: string | undefined }) {
  return url ? (
    <p class="after">
      <a href={url}>Something not right? Tell us</a>
    </p>
  ) : null;
}

function ConfirmForm(p: VerdictPageProps) {
  const [low, high] = ends(p.kind);
  const ratingError = p.error?.field === "rating" ? "rating-error" : undefined;
  const commentError = p.error?.field === "comment" ? "comment-error" : undefined;
  return (
    <>
      {p.error ? <ErrorSummary items={[{ href: p.error.field === "rating" ? "#rating-1" : "#comment", text: p.error.message }]} /> : null}
      <h1>{question(p.kind)}</h1>
      <p class="lead">
        {p.kind === "verdict"
          ? `${p.repName} worked to put right what went wrong. Only you can tell us whether it worked.`
          : `Three weeks ago ${p.repName} worked to put right what went wrong. How are things now?`}
      </p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        <fieldset class={ratingError ? "field invalid" : "field"} aria-describedby={describedBy("rating-hint", ratingError)}>
          <legend>Your answer</legend>
          <p class="hint" id="rating-hint">
            1 = {low}, 5 = {high}.
          </p>
          {ratingError ? <ErrorMessage id={ratingError} text={p.error!.message} /> : null}
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
            Anything you would like to add?
            <Optional />
          </label>
          {commentError ? <ErrorMessage id={commentError} text={p.error!.message} /> : null}
          <textarea id="comment" name="comment" rows={3} maxlength={1000} aria-invalid={commentError ? "true" : undefined} aria-describedby={commentError}>
            {p.comment ?? ""}
          </textarea>
        </div>
        <button type="submit" class="btn">
          Send
        </button>
      </form>
      <p class="after">Nothing is recorded until you press Send.</p>
    </>
  );
}

function Answered(p: VerdictPageProps) {
  const thanks = p.state === "thanks";
  return (
    <>
      <h1>{thanks ? "Thank you" : "We already have your answer"}</h1>
      {p.answer ? (
        <p class="lead">
          You answered {p.answer.rating} out of 5 to “{question(p.kind)}”{thanks ? "." : ` on ${formatDate(p.answer.at, p.timezone)}.`}
        </p>
      ) : null}
      <p>{nextSentence(p)}</p>
      <p>You can close this page now.</p>
    </>
  );
}

function Closed(p: VerdictPageProps) {
  return p.state === "replaced" ? (
    <>
      <h1>We asked this again</h1>
      <p class="lead">A newer email from us asks the same question. Please answer there: only the newest email's answer counts.</p>
    </>
  ) : (
    <>
      <h1>This question has closed</h1>
      <p class="lead">We no longer take answers to “{question(p.kind)}” from this email.</p>
      <p>If something is still not right, please tell us: it reaches the team at once.</p>
    </>
  );
}

const titleOf = (p: VerdictPageProps) =>
  ({ open: question(p.kind), thanks: "Thank you", answered: "We already have your answer", closed: "This question has closed", replaced: "We asked this again" })[p.state];

function VerdictPage(p: VerdictPageProps) {
  return (
    <Layout brand={p} title={p.error ? `Error: ${titleOf(p)}` : titleOf(p)}>
      {p.state === "open" ? <ConfirmForm {...p} /> : p.state === "thanks" || p.state === "answered" ? <Answered {...p} /> : <Closed {...p} />}
      <Concern url={p.concernUrl} />
    </Layout>
  );
}

/** GET/POST /r/{token}: the confirm page (GET records nothing), the thanks, the answer already given, or a closed question. */
export function renderVerdictPage(props: VerdictPageProps): string {
  return toDocument(<VerdictPage {...props} />);
}
