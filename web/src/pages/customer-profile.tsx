/** GET /p/{token}: "What we know about you": everything stored about the customer, each item deletable, and consent withdrawable. No script. */
import { formatDate } from "@rapport/core/clock/format-date";
import { messagesFor } from "@rapport/core/i18n/index";
import type { SharedEntry } from "@rapport/core/profile/index";
import type { Brand } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf } from "./fields.tsx";
import { ConcernLink } from "./concern-link.tsx";

/** Something the customer shared, as their own page shows it: with its id (to delete it), the form it came on and when. */
export type SharedItemProps = Pick<SharedEntry, "id" | "field" | "text" | "interests" | "source" | "at">;

export interface CustomerProfilePageProps extends Brand {
  /** Where each item's Delete posts (`item` and `csrf`), and where Withdraw posts (`csrf`). */
  deleteAction: string;
  withdrawAction: string;
  csrf: string;
  /** The customer's time zone (their onboarding answers, else the organization's): times are shown in it, named. */
  timezone: string;
  contact: { name: string; email: string; company?: string | undefined };
  /** Their onboarding answers as question → answer rows (what they shared is listed apart, deletable). */
  preferences: { question: string; answer: string }[];
  shared: SharedItemProps[];
  notes: { id: string; text: string; at: string; author: string }[];
  consentWithdrawnAt?: string | undefined;
  /** A one-line confirmation after a post. */
  notice?: "deleted" | "withdrawn" | undefined;
  /** Why a withdrawal was not taken (its confirmation box was left unticked). */
  withdrawError?: string | undefined;
  /** "Something not right? Tell us": the customer's concern form. */
  concernUrl?: string | undefined;
}

function DeleteButton(p: { action: string; csrf: string; id: string; what: string; label: string }) {
  return (
    <form method="post" action={p.action} class="item-form">
      <Csrf value={p.csrf} />
      <input type="hidden" name="item" value={p.id} />
      <button type="submit" class="btn secondary">
        {p.label}
        <span class="vh">: {p.what}</span>
      </button>
    </form>
  );
}

function CustomerProfilePage(p: CustomerProfilePageProps) {
  const nothing = !p.preferences.length && !p.shared.length && !p.notes.length;
  const t = messagesFor(p.locale).profile;
  const when = (at: string) => formatDate(at, p.timezone, p.locale?.tag);
  return (
    <Layout brand={p} title={t.title}>
      <h1>{t.title}</h1>
      <p class="lead">{t.lead(p.orgName)}</p>
      {p.notice ? (
        <div class="notice" role="status">
          <p>{t[p.notice]}</p>
        </div>
      ) : null}
      {p.consentWithdrawnAt ? <p>{t.withdrewOn(when(p.consentWithdrawnAt))}</p> : null}
      <ConcernLink href={p.concernUrl} />

      <h2>{t.contactDetails}</h2>
      <dl>
        <dt>{t.name}</dt>
        <dd>{p.contact.name}</dd>
        <dt>{t.email}</dt>
        <dd>{p.contact.email}</dd>
        {p.contact.company ? (
          <>
            <dt>{t.company}</dt>
            <dd>{p.contact.company}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t.howYouWork}</h2>
      {p.preferences.length ? (
        <dl>
          {p.preferences.map((row) => (
            <>
              <dt>{row.question}</dt>
              <dd>{row.answer}</dd>
            </>
          ))}
        </dl>
      ) : (
        <p>{t.notYet}</p>
      )}

      <h2>{t.shared}</h2>
      {p.shared.length ? (
        <ul class="items">
          {p.shared.map((item) => {
            const value = item.interests ? item.interests.join(", ") : (item.text ?? "");
            return (
              <li class="item">
                <p class="item-label">{t.fields[item.field]}</p>
                <p class="item-text">{value}</p>
                <p class="hint">
                  {t.from(t.sources[item.source], when(item.at))}
                </p>
                <DeleteButton action={p.deleteAction} csrf={p.csrf} id={item.id} what={`${t.fields[item.field]}, ${value}`} label={t.delete} />
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{t.nothing}</p>
      )}

      <h2>{t.notes}</h2>
      {p.notes.length ? (
        <ul class="items">
          {p.notes.map((note) => (
            <li class="item">
              <p class="item-text">{note.text}</p>
              <p class="hint">
                {t.writtenBy(note.author, when(note.at))}
              </p>
              <DeleteButton action={p.deleteAction} csrf={p.csrf} id={note.id} what={t.noteBy(note.author, note.text)} label={t.delete} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.none}</p>
      )}

      <h2>{t.withdraw}</h2>
      <p>{t.withdrawLead}</p>
      {nothing ? <p>{t.nothingToDelete}</p> : null}
      <form method="post" action={p.withdrawAction}>
        <Csrf value={p.csrf} />
        <div class={p.withdrawError ? "field invalid" : "field"}>
          <label class="choice" for="confirm">
            <input type="checkbox" id="confirm" name="confirm" value="yes" required aria-describedby={p.withdrawError ? "confirm-error" : undefined} aria-invalid={p.withdrawError ? "true" : undefined} />
            <span>{t.understand}</span>
          </label>
          {p.withdrawError ? (
            <p class="error" id="confirm-error" role="alert">
              {p.withdrawError}
            </p>
          ) : null}
        </div>
        <button type="submit" class="btn">
          {t.withdrawButton}
        </button>
      </form>
    </Layout>
  );
}

/** The customer's own profile page at /p/{token}. */
export function renderCustomerProfilePage(props: CustomerProfilePageProps): string {
  return toDocument(<CustomerProfilePage {...props} />);
}
