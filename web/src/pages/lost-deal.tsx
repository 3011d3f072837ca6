/** A lost deal's card: how the rep did on their behaviours, and what would have made the customer choose us. */
import { sentence } from "@rapport/core/email/templates/invitation";
import type { LostDealPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { ChoiceGroup, Csrf, ErrorSummary, RevisableNotice, TextField, errorItems, idOf, type FieldRef } from "./fields.tsx";
import { Consent, ratingOptions, statement } from "./report-card.tsx";

/** The question the card is for. */
export const CHOOSE_US = "What would have made you choose us?";

function fieldsOf(p: LostDealPageProps) {
  const ratings: FieldRef[] = p.behaviours.map((b) => {
    const name = `ratings.${b.id}`;
    return { name, target: idOf(name, "1"), label: statement(p.repName, b.label), choose: `Choose an answer for “${statement(p.repName, b.label)}”` };
  });
  const chooseUs: FieldRef = { name: "chooseUs", target: "chooseUs", label: "What would have made you choose us" };
  const shareName: FieldRef = { name: "shareName", target: "shareName", label: "Sharing your name" };
  const anyAnswer: FieldRef = { name: "ratings", target: "chooseUs", label: "Your answers", choose: "Rate a statement or tell us what would have made you choose us" };
  return { ratings, chooseUs, shareName, anyAnswer };
}

function LostDealPage(p: LostDealPageProps) {
  const f = fieldsOf(p);
  const items = errorItems(p.errors, [f.anyAnswer, ...f.ratings, f.chooseUs, f.shareName]);
  const revisable = p.state === "revisable";
  const errorText = (field: FieldRef) => items.find((i) => i.href === `#${field.target}`)?.text;
  return (
    <Layout brand={p} title={`${items.length ? "Error: " : ""}Would you tell us why?`}>
      <ErrorSummary items={items} />
      <h1>Would you tell us why?</h1>
      {revisable ? <RevisableNotice answeredAt={p.answeredAt} revisableUntil={p.revisableUntil} zone={p.timezone} /> : null}
      <p class="lead">
        Hi {p.customerFirstName}, you chose another supplier over {sentence(p.orgName)} We respect that, and we would like to learn from it. This takes about two minutes.
      </p>
      <form method="post" action={p.action} novalidate>
        <Csrf value={p.csrf} />
        <TextField
          field={f.chooseUs}
          label={CHOOSE_US}
          hint="Price, timing, what the other offer had, how we worked with you: anything helps."
          value={p.values.chooseUs}
          multiline
          maxLength={2000}
          error={p.errors[f.chooseUs.name] ?? p.errors.ratings}
        />
        <h2>How did {p.repName} do?</h2>
        <p>Rate the statements you can from 1 (not at all) to 5 (always), or choose “Not applicable”; skip any you would rather not answer.</p>
        {p.behaviours.map((b, i) => {
          const field = f.ratings[i]!;
          const value = p.values.ratings[b.id];
          return <ChoiceGroup field={field} type="radio" legend={field.label} options={ratingOptions} checked={value === undefined ? [] : [value]} error={p.errors[field.name]} />;
        })}
        <h2>Your name</h2>
        <Consent
          field={f.shareName}
          checked={p.values.shareName}
          label={`Share my name with ${p.repName}`}
          hint={`If you leave this unticked, ${p.repName} and their manager see your answers without your name.`}
          error={p.errors[f.shareName.name]}
          errorText={errorText(f.shareName)}
        />
        <button type="submit" class="btn">
          {revisable ? "Update my answers" : "Send"}
        </button>
      </form>
    </Layout>
  );
}

/** The lost-deal card at GET /s/{token} (and re-rendered with errors after a rejected POST). */
export function renderLostDealPage(props: LostDealPageProps): string {
  return toDocument(<LostDealPage {...props} />);
}
