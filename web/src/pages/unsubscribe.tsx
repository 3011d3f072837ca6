import { messagesFor } from "@rapport/core/i18n/index";
import type { UnsubscribePageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf } from "./fields.tsx";

function UnsubscribePage(p: UnsubscribePageProps) {
  const m = messagesFor(p.locale);
  const t = m.unsubscribe;
  if (p.done) {
    return (
      <Layout brand={p} title={t.doneTitle}>
        <h1>{t.doneTitle}</h1>
        <p class="lead">{t.doneLead(p.maskedEmail, p.orgName)}</p>
        <p>{m.common.closePage}</p>
      </Layout>
    );
  }
  return (
    <Layout brand={p} title={t.askTitle(p.orgName)}>
      <h1>{t.askHeading}</h1>
      <p class="lead">{t.askLead(p.orgName, p.maskedEmail)}</p>
      <form method="post" action={p.action}>
        <Csrf value={p.csrf} />
        <button type="submit" class="btn">
          {t.button}
        </button>
      </form>
      <p class="after">{t.changedMind}</p>
    </Layout>
  );
}

/** GET /u/{token}: one button that unsubscribes (a mail scanner's GET changes nothing); with done, the confirmation. */
export function renderUnsubscribePage(props: UnsubscribePageProps): string {
  return toDocument(<UnsubscribePage {...props} />);
}
