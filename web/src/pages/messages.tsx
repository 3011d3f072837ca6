import { formatDate } from "@rapport/core/clock/format-date";
import { sentence } from "@rapport/core/email/templates/invitation";
import type { MessagePageProps, ReceivedPageProps, ReportCardNext, ThankYouPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ConcernLink } from "./concern-link.tsx";

/** One sentence: who will contact the customer about their answers, or that nobody will. */
export function whatHappensNext(p: { kind: "onboarding" | "report-card" | "lost-deal"; repName: string; timezone: string; next?: ReportCardNext | undefined }): string {
  if (p.kind === "onboarding") return `${p.repName} will contact you the way you asked.`;
  const next = p.next ?? { contactOk: false, shareName: false };
  const seen = next.shareName ? "with your name" : "without your name";
  // A lost-deal card does not ask to contact the customer (nothing would act on it): it never promises contact.
  if (p.kind === "lost-deal") return `Nobody will contact you about these answers; ${p.repName} and their manager see them ${seen}.`;
  if (next.recoveryDueAt) {
    return next.contactOk
      ? `Because something was not right, ${p.repName} or their manager will contact you by ${formatDate(next.recoveryDueAt, p.timezone)} to put it right.`
      : `Nobody will contact you about these answers, as you asked; ${p.repName}'s manager sees them ${seen} and will work on what went wrong.`;
  }
  return next.contactOk
    ? `${p.repName} sees your answers ${seen}, and ${p.repName} or their manager may contact you about them.`
    : `Nobody will contact you about these answers; ${p.repName} sees them ${seen}.`;
}

const thankYouHeading: Record<ThankYouPageProps["outcome"], string> = {
  recorded: "Thank you!",
  revised: "Your answers are updated",
  unchanged: "We already have these answers",
};

function ThankYouPage(p: ThankYouPageProps) {
  return (
    <Layout brand={p} title={thankYouHeading[p.outcome]}>
      <h1>{thankYouHeading[p.outcome]}</h1>
      <p class="lead">
        {p.outcome === "unchanged"
          ? `We received these answers on ${formatDate(p.answeredAt, p.timezone)}, and nothing was counted twice.`
          : p.kind === "lost-deal"
            ? `Thank you for telling us. It helps ${p.repName} and all of us at ${sentence(p.orgName)}`
            : p.kind === "report-card"
            ? `Thank you for telling us how ${p.repName} is doing. It takes a minute and it makes a real difference.`
            : `Thank you for telling us how you would like to work with ${sentence(p.orgName)}`}
      </p>
      <h2>What happens next</h2>
      <p>{whatHappensNext(p)}</p>
      <p>
        You can change your answers until {formatDate(p.revisableUntil, p.timezone)}. After that, they are final.
        <br />
        <a class="link-btn" href={p.editUrl}>
          Change my answers
        </a>
      </p>
      <ConcernLink href={p.concernUrl} />
      <p>You can close this page now.</p>
    </Layout>
  );
}

/** The page after a successful POST /s/{token}: what happens next, and until when the answers can change. */
export function renderThankYouPage(props: ThankYouPageProps): string {
  return toDocument(<ThankYouPage {...props} />);
}

function ReceivedPage(p: ReceivedPageProps) {
  return (
    <Layout brand={p} title="We received your answers">
      <h1>We received your answers</h1>
      <p class="lead">We received your answers on {formatDate(p.answeredAt, p.timezone)}. Thank you.</p>
      <p>{whatHappensNext(p)}</p>
      {p.summary.length ? (
        <>
          <h2>Your answers</h2>
          <dl>
            {p.summary.map((row) => (
              <>
                <dt>{row.question}</dt>
                <dd>{row.answer || "No answer"}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
      <p>These answers can no longer be changed here. If something has changed, just tell {p.repName}.</p>
      <ConcernLink href={p.concernUrl} />
    </Layout>
  );
}

/** The form link after its answers became final: what was received, and when. */
export function renderReceivedPage(props: ReceivedPageProps): string {
  return toDocument(<ReceivedPage {...props} />);
}

function nextStep(status: number, orgName: string): string {
  if (status === 404)
    return "Please check that you opened the whole link from your email; some email apps break long links. If it still does not work, reply to that email and we will help.";
  if (status === 410) return `If you would still like to share your views, reply to the email that brought you here and ${orgName} will send you a new link.`;
  if (status === 403 || status === 419) return "This page may have been open for a long time. Please open the link from your email again.";
  if (status === 429) return "Please wait a minute, then try again.";
  if (status === 400 || status === 413 || status === 415 || status === 422) return "Please go back, check your answers and send them again.";
  if (status >= 500) return "This is our fault, not yours. Please try again in a few minutes.";
  return "If you need help, reply to the email that brought you here and we will sort it out.";
}

function MessagePage(p: MessagePageProps) {
  return (
    <Layout brand={p} title={p.title}>
      <h1>{p.title}</h1>
      <p class="lead">{p.message}</p>
      <p>{p.nextStep ?? nextStep(p.status, p.orgName)}</p>
    </Layout>
  );
}

/** A short page for unknown (404) or expired (410) links and rejected requests: a title, a message and a gentle next step. */
export function renderMessagePage(props: MessagePageProps): string {
  return toDocument(<MessagePage {...props} />);
}
