import { messagesFor, type Messages } from "@rapport/core/i18n/index";
import type { ReportCardPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ChoiceGroup, Csrf, ErrorSummary, Optional, RevisableNotice, TextField, errorItems, idOf, type FieldRef } from "./fields.tsx";
import { useMessages } from "./locale.tsx";

/** The answers a behaviour can get, in the order shown, in the customer's language. */
export function ratingOptions(t: Messages) {
  return [...t.rating.options.map((label, i) => ({ value: String(i + 1), label })), { value: "na", label: t.common.notApplicable }];
}

/** "Ana" + "Listens and understands what matters to me" → "Ana listens and understands what matters to me". */
export function statement(repName: string, label: string): string {
  return `${repName} ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
}

function fieldsOf(p: ReportCardPageProps, t: Messages) {
  const ratings: FieldRef[] = p.behaviours.map((b) => {
    const name = `ratings.${b.id}`;
    return { name, target: idOf(name, "1"), label: statement(p.repName, b.label), choose: t.rating.chooseFor(statement(p.repName, b.label)) };
  });
  const r = t.reportCard;
  const improve: FieldRef = { name: "improve", target: "improve", label: r.improveField(p.repName) };
  const aboutMe: FieldRef = { name: "aboutMe", target: "aboutMe", label: r.aboutMeField(p.repName) };
  const shareName: FieldRef = { name: "shareName", target: "shareName", label: r.shareNameField };
  const contactOk: FieldRef = { name: "contactOk", target: "contactOk", label: r.contactOkField };
  const anyRating: FieldRef = { name: "ratings", target: ratings[0]?.target ?? "main", label: r.ratingsField, choose: r.rateOne };
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
          <Optional />
        </span>
      </label>
      <p class="hint" id={hintId}>
        {props.hint}
      </p>
      {error !== undefined ? (
        <p class="error" id={errorId}>
          <span class="vh">{useMessages().common.errorPrefix}</span>
          {props.errorText}
        </p>
      ) : null}
    </div>
  );
}

function ReportCardPage(p: ReportCardPageProps) {
  const t = messagesFor(p.locale);
  const r = t.reportCard;
  const f = fieldsOf(p, t);
  const items = errorItems(p.errors, [f.anyRating, ...f.ratings, f.improve, f.aboutMe, f.shareName, f.contactOk], t);
  const revisable = p.state === "revisable";
  const errorText = (field: FieldRef) => items.find((i) => i.href === `#${field.target}`)?.text;
  return (
    <Layout brand={p} title={`${items.length ? t.common.errorPrefix : ""}${r.title(p.repName)}`}>
      <ErrorSummary items={items} />
      <h1>{r.title(p.repName)}</h1>
      {p.tapped ? (
        <div class="notice">
          <p>{r.tapped(p.tapped.rating, p.tapped.statement)}</p>
        </div>
      ) : revisable ? (
        <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} />
      ) : null}
      <p class="lead">{r.lead(p.customerFirstName, p.repName, p.orgName)}</p>
      <p>
        {t.rating.howTo} {r.restOptional}
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
              options={ratingOptions(t)}
              checked={value === undefined ? [] : [value]}
              error={p.errors[field.name]}
            />
          );
        })}
        <h2>{r.ownWords}</h2>
        <TextField field={f.improve} label={r.improve(p.repName)} value={p.values.improve} multiline maxLength={2000} error={p.errors[f.improve.name]} />
        <TextField
          field={f.aboutMe}
          label={r.aboutMe(p.repName)}
          hint={r.aboutMeHint(p.repName)}
          value={p.values.aboutMe}
          multiline
          maxLength={2000}
          error={p.errors[f.aboutMe.name]}
        />
        <h2>{r.consents}</h2>
        <Consent
          field={f.shareName}
          checked={p.values.shareName}
          label={r.shareName(p.repName)}
          hint={r.shareNameHint(p.repName)}
          error={p.errors[f.shareName.name]}
          errorText={errorText(f.shareName)}
        />
        <Consent
          field={f.contactOk}
          checked={p.values.contactOk}
          label={r.contactOk(p.repName)}
          hint={r.contactOkHint(p.repName)}
          error={p.errors[f.contactOk.name]}
          errorText={errorText(f.contactOk)}
        />
        <button type="submit" class="btn">
          {revisable ? t.common.update : t.common.send}
        </button>
      </form>
    </Layout>
  );
}

/** The report card form at GET /s/{token} (and re-rendered with errors after a rejected POST). */
export function renderReportCardPage(props: ReportCardPageProps): string {
  return toDocument(<ReportCardPage {...props} />);
}
