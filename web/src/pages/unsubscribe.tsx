import type { UnsubscribePageProps } from "./props.ts";
import { Layout, toDocument } from "./layout.tsx";
import { Csrf } from "./fields.tsx";

function UnsubscribePage(p: UnsubscribePageProps) {
  if (p.done) {
    return (
      <Layout brand={p} title="You are unsubscribed">
        <h1>You are unsubscribed</h1>
        <p class="lead">
          We will not send feedback requests or reminders to {p.maskedEmail} any more. Your account with {p.orgName} is not affected.
        </p>
        <p>You can close this page now.</p>
      </Layout>
    );
  }
  return (
    <Layout brand={p} title={`Unsubscribe from ${p.orgName} feedback emails?`}>
      <h1>Unsubscribe from feedback emails?</h1>
      <p class="lead">
        {p.orgName} will stop sending feedback requests and reminders to {p.maskedEmail}. Your account with {p.orgName} is not affected.
      </p>
      <form method="post" action={p.action}>
        <Csrf value={p.csrf} />
        <button type="submit" class="btn">
          Unsubscribe
        </button>
      </form>
      <p class="after">Changed your mind? Just close this page; nothing changes until you press the button.</p>
    </Layout>
  );
}

/** GET /u/{token}: one button that unsubscribes (a mail scanner's GET changes nothing); with done, the confirmation. */
export function renderUnsubscribePage(props: UnsubscribePageProps): string {
  return toDocument(<UnsubscribePage {...props} />);
}
