/** GET /p/{token}: "What we know about you": everything stored about the customer, each item deletable, and consent withdrawable. No script. */
import { formatDate } from "@rapport/core/clock/format-date";
import type { Brand } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf } from "./fields.tsx";
import { ConcernLink } from "./concern-link.tsx";

/** Something the customer shared, as their own page shows it: with its id (to delete it), the form it came on and when. */
export interface SharedItemProps {
  id: string;
  field: "interests" | "personalInterests" | "aboutMe";
  text?: string | undefined;
  interests?: string[] | undefined;
  source: "onboarding" | "report-card";
  at: string;
}

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

const fieldLabel: Record<SharedItemProps["field"], string> = {
  interests: "What matters to you",
  personalInterests: "Personal interests you shared",
  aboutMe: "What you wanted us to know about you",
};
const sourceLabel: Record<SharedItemProps["source"], string> = { onboarding: "the preferences form", "report-card": "a report card" };
const notices = { deleted: "Deleted. It is gone from everything our team sees.", withdrawn: "Your consent is withdrawn, and what we kept about you is deleted." };

function DeleteButton(p: { action: string; csrf: string; id: string; what: string }) {
  return (
    <form method="post" action={p.action} class="item-form">
      <Csrf value={p.csrf} />
      <input type="hidden" name="item" value={p.id} />
      <button type="submit" class="btn secondary">
        Delete<span class="vh">: {p.what}</span>
      </button>
    </form>
  );
}

function CustomerProfilePage(p: CustomerProfilePageProps) {
  const nothing = !p.preferences.length && !p.shared.length && !p.notes.length;
  return (
    <Layout brand={p} title="What we know about you">
      <h1>What we know about you</h1>
      <p class="lead">
        Everything {p.orgName} keeps about you, beyond your ratings. Delete anything you no longer want us to keep, or withdraw your consent and we delete it all.
      </p>
      {p.notice ? (
        <div class="notice" role="status">
          <p>{notices[p.notice]}</p>
        </div>
      ) : null}
      {p.consentWithdrawnAt ? <p>You withdrew your consent on {formatDate(p.consentWithdrawnAt, p.timezone)}. Anything you share from now on is kept again, until you delete it.</p> : null}
      <ConcernLink href={p.concernUrl} />

      <h2>Your contact details</h2>
      <dl>
        <dt>Name</dt>
        <dd>{p.contact.name}</dd>
        <dt>Email</dt>
        <dd>{p.contact.email}</dd>
        {p.contact.company ? (
          <>
            <dt>Company</dt>
            <dd>{p.contact.company}</dd>
          </>
        ) : null}
      </dl>

      <h2>How you like to work with us</h2>
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
        <p>You have not told us yet.</p>
      )}

      <h2>What you shared with us</h2>
      {p.shared.length ? (
        <ul class="items">
          {p.shared.map((item) => {
            const value = item.interests ? item.interests.join(", ") : (item.text ?? "");
            return (
              <li class="item">
                <p class="item-label">{fieldLabel[item.field]}</p>
                <p class="item-text">{value}</p>
                <p class="hint">
                  From {sourceLabel[item.source]}, {formatDate(item.at, p.timezone)}
                </p>
                <DeleteButton action={p.deleteAction} csrf={p.csrf} id={item.id} what={`${fieldLabel[item.field]}, ${value}`} />
              </li>
            );
          })}
        </ul>
      ) : (
        <p>Nothing at the moment.</p>
      )}

      <h2>Notes our team wrote about you</h2>
      {p.notes.length ? (
        <ul class="items">
          {p.notes.map((note) => (
            <li class="item">
              <p class="item-text">{note.text}</p>
              <p class="hint">
                Written by {note.author}, {formatDate(note.at, p.timezone)}
              </p>
              <DeleteButton action={p.deleteAction} csrf={p.csrf} id={note.id} what={`the note by ${note.author}, ${note.text}`} />
            </li>
          ))}
        </ul>
      ) : (
        <p>None at the moment.</p>
      )}

      <h2>Withdraw your consent</h2>
      <p>
        We then delete what you shared, our team's notes and your preferences. If you agreed to be contacted about a report card, nobody will be: your answers stay counted in
        the totals, without your name.
      </p>
      {nothing ? <p>There is nothing to delete right now.</p> : null}
      <form method="post" action={p.withdrawAction}>
        <Csrf value={p.csrf} />
        <div class={p.withdrawError ? "field invalid" : "field"}>
          <label class="choice" for="confirm">
            <input type="checkbox" id="confirm" name="confirm" value="yes" required aria-describedby={p.withdrawError ? "confirm-error" : undefined} aria-invalid={p.withdrawError ? "true" : undefined} />
            <span>I understand this deletes what I shared, the notes and my preferences, and cannot be undone.</span>
          </label>
          {p.withdrawError ? (
            <p class="error" id="confirm-error" role="alert">
              {p.withdrawError}
            </p>
          ) : null}
        </div>
        <button type="submit" class="btn">
          Withdraw my consent
        </button>
      </form>
    </Layout>
  );
}

/** The customer's own profile page at /p/{token}. */
export function renderCustomerProfilePage(props: CustomerProfilePageProps): string {
  return toDocument(<CustomerProfilePage {...props} />);
}
