/** GET /c/{token}: "Something not right? Tell us", the concern form a customer opens from any email; and the page after it. No script. */
import { formatDate } from "@rapport/core/clock/format-date";
import type { ConcernUrgency } from "@rapport/core/concern/urgency";
import type { ConcernPageProps, ConcernSentPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ChoiceGroup, Csrf, ErrorSummary, Required, TextField, errorItems, idOf, type FieldRef } from "./fields.tsx";
import { ConcernLink } from "./concern-link.tsx";

const TITLE = "Something not right? Tell us";

/** The form's choice for each urgency, in the customer's words. */
const urgencyChoices: Record<ConcernUrgency, string> = {
  today: "It needs attention today",
  "this-week": "This week is fine",
  "no-rush": "No rush",
};
const urgencies = Object.entries(urgencyChoices).map(([value, label]) => ({ value, label }));

function fieldsOf(p: ConcernPageProps) {
  const group = (name: string, first: string | undefined, label: string, choose?: string): FieldRef => ({ name, target: idOf(name, first ?? "0"), label, ...(choose ? { choose } : {}) });
  return {
    what: { name: "what", target: "what", label: "What happened" },
    urgency: group("urgency", urgencies[0]?.value, "How urgent it is", "Choose how urgent it is"),
    reply: group("reply", "contact", "Whether we may contact you", "Choose whether we may contact you about it"),
    channel: group("channel", p.choices.channels[0]?.value, "How to reach you"),
    contact: { name: "contact", target: "contact", label: "Contact" },
  } satisfies Record<string, FieldRef>;
}

function ConcernPage(p: ConcernPageProps) {
  const f = fieldsOf(p);
  const items = p.unsent ? [{ text: "What you wrote is still here: please send it again. If it keeps failing, reply to any email from us." }] : errorItems(p.errors, Object.values(f));
  const v = p.values;
  return (
    <Layout brand={p} title={`${items.length ? "Error: " : ""}${TITLE}`}>
      <ErrorSummary items={items} focus {...(p.unsent ? { title: "We could not send it; please try again" } : {})} />
      <h1>{TITLE}</h1>
      <p class="lead">
        Hi {p.customerFirstName}, tell us what went wrong and we will put it right. You do not have to wait for a survey, and nothing you write here changes anyone's
        ratings.
      </p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        <input type="hidden" name="submission" value={p.submission} />
        <TextField
          field={f.what}
          label="What happened?"
          marker={<Required />}
          hint={`A few words are enough, at most ${p.maxChars} characters.`}
          value={v.what}
          multiline
          maxLength={p.maxChars}
          error={p.errors.what}
        />
        <ChoiceGroup field={f.urgency} type="radio" legend="How urgent is it?" options={urgencies} checked={[v.urgency]} required error={p.errors.urgency} />
        <ChoiceGroup
          field={f.reply}
          type="radio"
          legend={`May ${p.repName} or their manager contact you about it?`}
          hint={`Please choose one. Without your name, nobody contacts you: ${p.hasManager ? "the manager uses" : "we keep"} what you wrote to fix the cause.`}
          options={[
            { value: "contact", label: "Yes, contact me about it" },
            { value: "anonymous", label: p.hasManager ? `No, tell ${p.repName}'s manager without my name` : "No, send it without my name" },
          ]}
          checked={[v.reply]}
          required
          error={p.errors.reply}
        />

        <h2>How to reach you</h2>
        <p>Only if you said yes above. We filled in what you told us before; change it if it is different this time.</p>
        <ChoiceGroup field={f.channel} type="radio" legend="How should we contact you?" options={p.choices.channels} checked={[v.channel]} error={p.errors.channel} />
        <TextField
          field={f.contact}
          label="Phone number, email address or video link"
          hint="For calls and texts a phone number (with the country code if you are abroad); for email, leave it empty to use the address we write to."
          value={v.contact}
          maxLength={200}
          error={p.errors.contact}
          autocomplete="off"
        />

        <button type="submit" class="btn">
          Send
        </button>
      </form>
    </Layout>
  );
}

/** The concern form, pre-filled with the customer's preferred channel and contact; with errors, the post as typed. */
export function renderConcernPage(props: ConcernPageProps): string {
  return toDocument(<ConcernPage {...props} />);
}

function ConcernSentPage(p: ConcernSentPageProps) {
  return (
    <Layout brand={p} title="Thank you, we have it">
      <h1>Thank you, we have it</h1>
      {p.reply === "contact" && p.contactBy ? (
        <p class="lead">
          {p.repName} or their manager will contact you by {formatDate(p.contactBy, p.timezone)} to put it right.
        </p>
      ) : p.managerSees ? (
        <p class="lead">
          {p.repName}'s manager will see what you wrote, without your name, and work on what went wrong. Nobody will contact you about it, as you asked.
        </p>
      ) : (
        <p class="lead">We have recorded what you wrote, without your name. Nobody will contact you about it, as you asked.</p>
      )}
      <ConcernLink href={p.concernUrl} text="Something else not right? Tell us" />
      <p>You can close this page now.</p>
    </Layout>
  );
}

/** The page after POST /c/{token}: who will contact the customer and by when, or that the manager sees it without their name. */
export function renderConcernSentPage(props: ConcernSentPageProps): string {
  return toDocument(<ConcernSentPage {...props} />);
}
