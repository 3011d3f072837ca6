import { messagesFor } from "@rapport/core/i18n/index";
import type { ConfirmRatingPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf } from "./fields.tsx";
import { statement } from "./report-card.tsx";

/** One question, one button: short enough that Send shows without scrolling on a phone. */
function ConfirmRatingPage(p: ConfirmRatingPageProps) {
  const t = messagesFor(p.locale);
  const said = statement(p.repName, p.behaviour.label);
  return (
    <Layout brand={p} title={t.confirm.title(p.repName, p.rating)}>
      <h1>{t.confirm.title(p.repName, p.rating)}</h1>
      <p class="lead">{t.confirm.for(said)}</p>
      <form method="post" action={p.action}>
        <Csrf value={p.csrf} />
        <input type="hidden" name={`ratings.${p.behaviour.id}`} value={p.rating} />
        <input type="hidden" name="tap" value="1" />
        <button type="submit" class="btn">
          {t.common.send}
        </button>
      </form>
      <p>
        {t.confirm.nothingYet} <a href={p.fullFormUrl}>{t.confirm.fullForm}</a>
      </p>
    </Layout>
  );
}

/** The page a rating tapped in the invitation email opens (GET records nothing; its POST records the rating). */
export function renderConfirmRatingPage(props: ConfirmRatingPageProps): string {
  return toDocument(<ConfirmRatingPage {...props} />);
}
