/** A lost deal's card: how the rep did on their behaviours, and what would have made the customer choose us. */
import { messagesFor, type Messages } from "@rapport/core/i18n/index";
import type { LostDealPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ChoiceGroup, Csrf, ErrorSummary, RevisableNotice, TextField, errorItems, idOf, type FieldRef } from "./fields.tsx";
import { Consent, ratingOptions, statement } from "./report-card.tsx";

function fieldsOf(p: LostDealPageProps, t: Messages) {
  const ratings: FieldRef[] = p.behaviours.map((b) => {
    const name = `ratings.${b.id}`;
    return { name, target: idOf(name, "1"), label: statement(p.repName, b.label), choose: t.rating.chooseFor(statement(p.repName, b.label)) };
  });
  const l = t.lostDeal;
  const chooseUs: FieldRef = { name: "chooseUs", target: "chooseUs", label: l.chooseUsField };
  const shareName: FieldRef = { name: "shareName", target: "shareName", label: t.reportCard.shareNameField };
  const anyAnswer: FieldRef = { name: "ratings", target: "chooseUs", label: l.answersField, choose: l.answerOne };
  return { ratings, chooseUs, shareName, anyAnswer };
}

function LostDealPage(p: LostDealPageProps) {
  const t = messagesFor(p.locale);
  const l = t.lostDeal;
  const f = fieldsOf(p, t);
  const items = errorItems(p.errors, [f.anyAnswer, ...f.ratings, f.chooseUs, f.shareName], t);
  const revisable = p.state === "revisable";
  const errorText = (field: FieldRef) => items.find((i) => i.href === `#${field.target}`)?.text;
  return (
    <Layout brand={p} title={`${items.length ? t.common.errorPrefix : ""}${l.title}`}>
      <ErrorSummary items={items} />
      <h1>{l.title}</h1>
      {revisable ? <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} /> : null}
      <p class="lead">{l.lead(p.customerFirstName, p.orgName)}</p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        <TextField
          field={f.chooseUs}
          label={l.chooseUs}
          hint={l.chooseUsHint}
          value={p.values.chooseUs}
          multiline
          maxLength={2000}
          error={p.errors[f.chooseUs.name] ?? p.errors.ratings}
        />
        <h2>{l.howDid(p.repName)}</h2>
        <p>{t.rating.howTo}</p>
        {p.behaviours.map((b, i) => {
          const field = f.ratings[i]!;
          const value = p.values.ratings[b.id];
          return <ChoiceGroup field={field} type="radio" legend={field.label} options={ratingOptions(t)} checked={value === undefined ? [] : [value]} error={p.errors[field.name]} />;
        })}
        <h2>{l.yourName}</h2>
        <Consent
          field={f.shareName}
          checked={p.values.shareName}
          label={t.reportCard.shareName(p.repName)}
          hint={l.shareNameHint(p.repName)}
          error={p.errors[f.shareName.name]}
          errorText={errorText(f.shareName)}
        />
        <button type="submit" class="btn">
          {revisable ? t.common.update : t.common.send}
        </button>
      </form>
    </Layout>
  );
}

/** The lost-deal card at GET /s/{token} (and re-rendered with errors after a rejected POST). */
export function renderLostDealPage(props: LostDealPageProps): string {
  return toDocument(<LostDealPage {...props} />);
}
