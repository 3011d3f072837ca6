import { sentence } from "../emails/invitation.tsx";
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
  return { ratings, improve, aboutMe, shareName };
}

function ReportCardPage(p: ReportCardPageProps) {
  const f = fieldsOf(p);
  const items = errorItems(p.errors, [...f.ratings, f.improve, f.aboutMe, f.shareName]);
  const revisable = p.state === "revisable";
  const shareError = p.errors[f.shareName.name];
  return (
    <Layout brand={p} title={`${items.length ? "Error: " : ""}How is ${p.repName} doing for you?`}>
      <ErrorSummary items={items} />
      <h1>How is {p.repName} doing for you?</h1>
      {revisable ? <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} /> : null}
      <p class="lead">
        Hi {p.customerFirstName}, {p.repName} looks after your account at {sentence(p.orgName)} This takes about a minute.
      </p>
      <p>
        Rate each statement from 1 (not at all) to 5 (always), or choose “Not applicable”. Every statement needs an answer; the comments at the end are
        optional.
      </p>
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
              required
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
        <div class={shareError !== undefined ? "field invalid" : "field"}>
          <label class="choice" for="shareName">
            <input
              type="checkbox"
              id="shareName"
              name="shareName"
              value="on"
              checked={p.values.shareName}
              aria-describedby={shareError !== undefined ? "shareName-hint shareName-error" : "shareName-hint"}
              aria-invalid={shareError !== undefined ? "true" : undefined}
            />
            <span>
              Share my name with {p.repName}
              <span class="opt-tag"> (optional)</span>
            </span>
          </label>
          <p class="hint" id="shareName-hint">
            If you leave this unticked, {p.repName} sees your ratings and your suggestion without your name.
          </p>
          {shareError !== undefined ? (
            <p class="error" id="shareName-error">
              <span class="vh">Error: </span>
              {items.find((i) => i.href === "#shareName")?.text}
            </p>
          ) : null}
        </div>
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
