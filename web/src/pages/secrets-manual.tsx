/** GET /dashboard/customers/{id}: a customer's secrets manual for their rep and the rep's manager, with the form that adds a note (no script). */
import { formatDate } from "@rapport/core/clock/format-date";
import type { ProfileView } from "@rapport/core/profile/view";
import type { RepDashboardProps } from "./dashboard-props.ts";
import { toDocument } from "./layout.tsx";
import { Shell } from "./shell.tsx";
import { Csrf, ErrorMessage, describedBy } from "./fields.tsx";

export interface SecretsManualPageProps extends Pick<RepDashboardProps, "orgName" | "brandColor" | "viewer" | "signOut" | "timezone"> {
  profile: ProfileView;
  /** Their onboarding answers as question → answer rows. */
  preferences: { question: string; answer: string }[];
  back: { href: string; label: string };
  /** The no-JavaScript note form: POST `text` and `csrf` to `action`; the error and the text as typed when rejected. Absent while the customer's consent is withdrawn. */
  noteForm?: { action: string; csrf: string; error?: string; text?: string };
  notice?: string;
}

const fieldLabel: Record<ProfileView["shared"][number]["field"], string> = { interests: "What matters to them", personalInterests: "Personal interests", aboutMe: "What they want you to know about them" };
const sourceLabel = { onboarding: "the preferences form", "report-card": "a report card" } as const;

const css = `.manual{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.manual li{padding:.75rem .875rem;background:var(--bg);border-radius:.5rem}
.manual p{margin:0 0 .25rem;white-space:pre-wrap;overflow-wrap:anywhere}
.manual .when{font-size:.875rem;color:var(--muted);margin:0}
.prefs.wide{grid-template-columns:repeat(auto-fill,minmax(12rem,1fr))}
.add-note{margin-top:1rem}
.add-note .btn{margin-top:.625rem}
@media (min-width:40rem){.add-note .btn{width:auto}}`;

function When({ item, zone }: { item: ProfileView["shared"][number]; zone: string }) {
  return (
    <p class="when">
      From {sourceLabel[item.source]}, {item.sharedAt ? formatDate(item.sharedAt, zone) : `in ${item.period}`}
    </p>
  );
}

function SecretsManual(p: SecretsManualPageProps) {
  const { profile } = p;
  return (
    <Shell brand={p} title={`${p.noteForm?.error ? "Error: " : ""}${profile.name}'s secrets manual`} viewer={p.viewer} signOut={p.signOut} css={css}>
      {p.notice ? (
        <div class="notice done" role="status">
          <p>{p.notice}</p>
        </div>
      ) : null}
      <div class="head">
        <div>
          <a class="back" href={p.back.href}>
            <span aria-hidden="true">← </span>
            {p.back.label}
          </a>
          <h1>{profile.name}'s secrets manual</h1>
          <p class="muted">{[profile.company, profile.valueTier ? `Tier ${profile.valueTier}` : undefined, profile.email].filter(Boolean).join(" · ")}</p>
        </div>
      </div>
      {profile.consentWithdrawnAt ? <p class="status">{profile.name} withdrew their consent on {formatDate(profile.consentWithdrawnAt, p.timezone)}: what was kept before was deleted.</p> : null}

      <section class="card block" aria-labelledby="prefs-h">
        <h2 id="prefs-h">How they like to work with us</h2>
        {p.preferences.length ? (
          <dl class="prefs wide">
            {p.preferences.map((row) => (
              <div>
                <dt>{row.question}</dt>
                <dd>{row.answer}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p class="empty">They have not answered the preferences form.</p>
        )}
      </section>

      <section class="card block" aria-labelledby="shared-h">
        <h2 id="shared-h">What they shared with us</h2>
        <p class="sub">In their own words. Shared on a report card without their name, it shows only the quarter, so it cannot tell you which answers were theirs.</p>
        {profile.shared.length ? (
          <ul class="manual">
            {profile.shared.map((item) => (
              <li>
                <p>
                  <strong>{fieldLabel[item.field]}:</strong> {item.interests ? item.interests.join(", ") : item.text}
                </p>
                <When item={item} zone={p.timezone} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">Nothing yet.</p>
        )}
      </section>

      <section class="card block" aria-labelledby="notes-h">
        <h2 id="notes-h">Notes from the team</h2>
        <p class="sub">What you learn in conversations. The customer can read every note and delete it.</p>
        {profile.notes.length ? (
          <ul class="manual">
            {profile.notes.map((note) => (
              <li>
                <p>{note.text}</p>
                <p class="when">
                  {note.author.name}, {formatDate(note.at, p.timezone)}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">No notes yet.</p>
        )}
        {p.noteForm ? <NoteForm form={p.noteForm} /> : <p class="note">They withdrew their consent: no notes are kept about them unless they share something with us again.</p>}
      </section>
    </Shell>
  );
}

/** The no-JavaScript form that adds a note: a required text, the CSRF value and one button; the error and the text as typed when refused. */
function NoteForm({ form }: { form: NonNullable<SecretsManualPageProps["noteForm"]> }) {
  const ids = { note: "note-text", hint: "note-hint", error: "note-error" };
  return (
    <form class="add-note" method="post" action={form.action} novalidate>
      <Csrf value={form.csrf} />
      <label class="label" for={ids.note}>
        Add a note <span class="req">(required)</span>
      </label>
      <p class="hint" id={ids.hint}>
        Something they told you that the next conversation should remember. At most 2000 characters.
      </p>
      {form.error ? <ErrorMessage id={ids.error} text={form.error} /> : null}
      <textarea id={ids.note} name="text" rows={3} maxlength={2000} required aria-invalid={form.error ? "true" : undefined} aria-describedby={describedBy(ids.hint, form.error && ids.error)}>
        {form.text ?? ""}
      </textarea>
      <button type="submit" class="btn">
        Add the note
      </button>
    </form>
  );
}

/** A customer's secrets manual page. */
export function renderSecretsManualPage(props: SecretsManualPageProps): string {
  return toDocument(<SecretsManual {...props} />);
}
