import type { ConfirmRatingPageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf } from "./fields.tsx";
import { statement } from "./report-card.tsx";

/** One question, one button: short enough that Send shows without scrolling on a phone. */
function ConfirmRatingPage(p: ConfirmRatingPageProps) {
  const said = statement(p.repName, p.behaviour.label);
  return (
    <Layout brand={p} title={`You rated ${p.repName} ${p.rating} out of 5`}>
      <h1>
        You rated {p.repName} {p.rating} out of 5
      </h1>
      <p class="lead">For “{said}”.</p>
      <form method="post" action={p.action}>
        <Csrf value={p.csrf} />
        <input type="hidden" name={`ratings.${p.behaviour.id}`} value={p.rating} />
        <input type="hidden" name="tap" value="1" />
        <button type="submit" class="btn">
          Send
        </button>
      </form>
      <p>
        Nothing is recorded until you press Send. The other questions are optional and follow on the next page.{" "}
        <a href={p.fullFormUrl}>Change the rating or see every question first</a>
      </p>
    </Layout>
  );
}

/** The page a rating tapped in the invitation email opens (GET records nothing; its POST records the rating). */
export function renderConfirmRatingPage(props: ConfirmRatingPageProps): string {
  return toDocument(<ConfirmRatingPage {...props} />);
}
