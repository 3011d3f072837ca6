import { sentence } from "@rapport/core/email/templates/invitation";
import type { ReportCardPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ChoiceGroup, Csrf, ErrorSummary, RevisableNotice, TextField, errorItems, idOf, type FieldRef } from "./fields.tsx";

/** The answers a behaviour can get, in the order shown. */
export const ratingOptions = [
  { value: "1", label: "1 – Not at all" },
  { value: "2", label: "2 – Rarely" },
  { value: "3", label: "3 – Sometimes" },
  { value: "4", label: "4 – Often" },
  { value: "5", label: "5 – Always" },
  { value: "na", label: "Not applicable" },
];

/** "Ana" + "Listens and understands what matters to me" → "Ana listens and understands what matters to me". */
export function statement(repName: string, label: string): string {
  return `${repName} ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

function fieldsOf(p: ReportCardPageProps) {
  const ratings: FieldRef[] = p.behaviours.map((b) => {
    const name = `ratings.${b.id}`;
    return { name, target: idOf(name, "1"), label: statement(p.repName, b.label), choose: `Choose an answer for “${statement(p.repName, b.label)}”` };
  });
  const improve: FieldRef = { name: "improve", target: "improve", label: `Your suggestion for ${p.repName}` };
  const aboutMe: FieldRef = { name: "aboutMe", target: "aboutMe", label: `What you'd like ${p.repName} to know` };
  const shareName: FieldRef = { name: "shareName", target: "shareName", label: "Sharing your name" };
  const contactOk: FieldRef = { name: "contactOk", target: "contactOk", label: "Being contacted" };
  const anyRating: FieldRef = { name: "ratings", target: ratings[0]?.target ?? "main", label: "Your ratings", choose: "Rate at least one statement" };
  return { ratings, improve, aboutMe, shareName, contactOk, anyRating };
}

/** An optional, unticked consent: a checkbox, what it means, and its error if any. */
export function Consent(props: { field: FieldRef; checked: boolean; label: string; hint: string; error?: string | undefined; errorText?: string | undefined }) {
  const { field, error } = props;
  const hintId = `${field.target}-hint`;
  const errorId = `${field.target}-error`;
  return (
    <div class={error !== undefined ? "field invalid" : "field"}>
      <label class="choice" for={field.target}>
        <input
          type="checkbox"
          id={field.target}
          name={field.name}
          value="on"
          checked={props.checked}
          aria-describedby={error !== undefined ? `${hintId} ${errorId}` : hintId}
          aria-invalid={error !== undefined ? "true" : undefined}
        />
        <span>
          {props.label}
          <span class="opt-tag"> (optional)</span>
        </span>
      </label>
      <p class="hint" id={hintId}>
        {props.hint}
      </p>
      {error !== undefined ? (
        <p class="error" id={errorId}>
          <span class="vh">Error: </span>
          {props.errorText}
        </p>
      ) : null}
    </div>
  );
}

function ReportCardPage(p: ReportCardPageProps) {
  const f = fieldsOf(p);
  const items = errorItems(p.errors, [f.anyRating, ...f.ratings, f.improve, f.aboutMe, f.shareName, f.contactOk]);
  const revisable = p.state === "revisable";
  const errorText = (field: FieldRef) => items.find((i) => i.href === `#${field.target}`)?.text;
  return (
    <Layout brand={p} title={`${items.length ? "Error: " : ""}How is ${p.repName} doing for you?`}>
      <ErrorSummary items={items} />
      <h1>How is {p.repName} doing for you?</h1>
      {p.tapped ? (
        <div class="notice">
          <p>
            Thank you: your rating of {p.tapped.rating} out of 5 for “{p.tapped.statement}” is recorded. Everything below is optional, and each time you send
            it updates the same report card.
          </p>
        </div>
      ) : revisable ? (
        <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} />
      ) : null}
      <p class="lead">
        Hi {p.customerFirstName}, {p.repName} looks after your account at {sentence(p.orgName)} This takes about a minute.
      </p>
      <p>Rate the statements you can from 1 (not at all) to 5 (always), or choose “Not applicable”; skip any you would rather not answer. The rest is optional.</p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        {p.behaviours.map((b, i) => {
          const field = f.ratings[i]!;
          const value = p.values.ratings[b.id];
          return (
            <ChoiceGroup
              field={field}
              type="radio"
              legend={field.label}
              options={ratingOptions}
              checked={value === undefined ? [] : [value]}
              error={p.errors[field.name]}
            />
          );
        })}
        <h2>In your own words</h2>
        <TextField field={f.improve} label={`What could ${p.repName} do better?`} value={p.values.improve} multiline maxLength={2000} error={p.errors[f.improve.name]} />
        <TextField
          field={f.aboutMe}
          label={`Anything you'd like ${p.repName} to know about you?`}
          hint={`For example your goals, how you like to work, or what matters to you. It is shared with ${p.repName} and the team looking after you, so they can serve you better.`}
          value={p.values.aboutMe}
          multiline
          maxLength={2000}
          error={p.errors[f.aboutMe.name]}
        />
        <h2>Your name and being contacted</h2>
        <Consent
          field={f.shareName}
          checked={p.values.shareName}
          label={`Share my name with ${p.repName}`}
          hint={`If you leave this unticked, ${p.repName} sees your ratings and your suggestion without your name.`}
          error={p.errors[f.shareName.name]}
          errorText={errorText(f.shareName)}
        />
        <Consent
          field={f.contactOk}
          checked={p.values.contactOk}
          label={`May ${p.repName} or their manager contact me about my answers?`}
          hint={`If you leave this unticked, nobody will contact you about these answers, and if something went wrong, ${p.repName}'s manager works on it without knowing who you are.`}
          error={p.errors[f.contactOk.name]}
          errorText={errorText(f.contactOk)}
        />
        <button type="submit" class="btn">
          {revisable ? "Update my answers" : "Send"}
        </button>
      </form>
    </Layout>
  );
}

/** The report card form at GET /s/{token} (and re-rendered with errors after a rejected POST). */
export function renderReportCardPage(props: ReportCardPageProps): string {
  return toDocument(<ReportCardPage {...props} />);
}
