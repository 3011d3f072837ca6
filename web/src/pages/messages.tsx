import { formatDate } from "@rapport/core/clock/format-date";
import { messagesFor, type Messages } from "@rapport/core/i18n/index";
import type { MessagePageProps, ReceivedPageProps, ReportCardNext, ThankYouPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ConcernLink } from "./concern-link.tsx";

/** One sentence: who will contact the customer about their answers, or that nobody will. */
export function whatHappensNext(p: {
  kind: "onboarding" | "report-card" | "lost-deal";
  repName: string;
  timezone: string;
  next?: ReportCardNext | undefined;
  locale?: ThankYouPageProps["locale"];
}): string {
  const t = messagesFor(p.locale).after;
  if (p.kind === "onboarding") return t.onboardingNext(p.repName);
  const next = p.next ?? { contactOk: false, shareName: false };
  const seen = next.shareName ? t.withName : t.withoutName;
  // A lost-deal card does not ask to contact the customer (nothing would act on it): it never promises contact.
  if (p.kind === "lost-deal") return t.lostDealNext(p.repName, seen);
  if (next.recoveryDueAt) {
    return next.contactOk ? t.recoveryContact(p.repName, formatDate(next.recoveryDueAt, p.timezone, p.locale?.tag)) : t.recoveryAnonymous(p.repName, seen);
  }
  return next.contactOk ? t.mayContact(p.repName, seen) : t.noContact(p.repName, seen);
}

function leadOf(p: ThankYouPageProps, t: Messages["after"]): string {
  if (p.outcome === "unchanged") return t.unchangedLead(formatDate(p.answeredAt, p.timezone, p.locale?.tag));
  if (p.kind === "lost-deal") return t.lostDealLead(p.repName, p.orgName);
  return p.kind === "report-card" ? t.reportCardLead(p.repName) : t.onboardingLead(p.orgName);
}

function ThankYouPage(p: ThankYouPageProps) {
  const m = messagesFor(p.locale);
  const t = m.after;
  const heading = t[p.outcome];
  return (
    <Layout brand={p} title={heading}>
      <h1>{heading}</h1>
      <p class="lead">{leadOf(p, t)}</p>
      <h2>{t.next}</h2>
      <p>{whatHappensNext(p)}</p>
      <p>
        {t.changeUntil(formatDate(p.revisableUntil, p.timezone, p.locale?.tag))}
        <br />
        <a class="link-btn" href={p.editUrl}>
          {t.change}
        </a>
      </p>
      <ConcernLink href={p.concernUrl} />
      <p>{m.common.closePage}</p>
    </Layout>
  );
}

/** The page after a successful POST /s/{token}: what happens next, and until when the answers can change. */
export function renderThankYouPage(props: ThankYouPageProps): string {
  return toDocument(<ThankYouPage {...props} />);
}

function ReceivedPage(p: ReceivedPageProps) {
  const m = messagesFor(p.locale);
  const t = m.after;
  return (
    <Layout brand={p} title={t.receivedTitle}>
      <h1>{t.receivedTitle}</h1>
      <p class="lead">{t.receivedLead(formatDate(p.answeredAt, p.timezone, p.locale?.tag))}</p>
      <p>{whatHappensNext(p)}</p>
      {p.summary.length ? (
        <>
          <h2>{t.yourAnswers}</h2>
          <dl>
            {p.summary.map((row) => (
              <>
                <dt>{row.question}</dt>
                <dd>{row.answer || m.common.noAnswer}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
      <p>{t.final(p.repName)}</p>
      <ConcernLink href={p.concernUrl} />
    </Layout>
  );
}

/** The form link after its answers became final: what was received, and when. */
export function renderReceivedPage(props: ReceivedPageProps): string {
  return toDocument(<ReceivedPage {...props} />);
}

function nextStep(status: number, orgName: string, t: Messages["errors"]): string {
  if (status === 404) return t.next404;
  if (status === 410) return t.next410(orgName);
  if (status === 403 || status === 419) return t.next403;
  if (status === 429) return t.next429;
  if (status === 400 || status === 413 || status === 415 || status === 422) return t.next400;
  if (status >= 500) return t.next500;
  return t.nextOther;
}

function MessagePage(p: MessagePageProps) {
  return (
    <Layout brand={p} title={p.title}>
      <h1>{p.title}</h1>
      <p class="lead">{p.message}</p>
      <p>{p.nextStep ?? nextStep(p.status, p.orgName, messagesFor(p.locale).errors)}</p>
    </Layout>
  );
}

/** A short page for unknown (404) or expired (410) links and rejected requests: a title, a message and a gentle next step. */
export function renderMessagePage(props: MessagePageProps): string {
  return toDocument(<MessagePage {...props} />);
}
