import { sentence } from "@rapport/core/email/templates/invitation";
import type { SignInConfirmPageProps, SignInPageProps } from "./dashboard-props.ts";
import { toDocument } from "./layout.tsx";
import { Csrf, ErrorMessage } from "./fields.tsx";
import { Shell } from "./shell.tsx";

/** The sentence shown after every request, known address or not, so the page never reveals who has an account. */
export function sentMessage(email: string): string {
  return `If ${email} belongs to a Rapport account, a sign-in link is on its way. It works once, for 15 minutes.`;
}

function SignInPage(p: SignInPageProps) {
  const error = p.error?.trim() ? p.error.trim() : undefined;
  const heading = p.sent ? "Check your email" : "Sign in to Rapport";
  return (
    <Shell brand={p} title={`${error ? "Error: " : ""}${heading}`} narrow>
      <div class="card solo">
        <h1>{heading}</h1>
        {p.sent ? (
          <div class="notice" role="status">
            <p>{sentMessage(p.email)}</p>
          </div>
        ) : (
          <p class="muted">
            We will email you a link that signs you in. No password needed.
          </p>
        )}
        {p.sent ? <p class="small muted">Nothing after a few minutes? Check your spam folder, or send another link.</p> : null}
        <form method="post" action={p.action} novalidate>
          <Csrf value={p.csrf} />
          <div class="field">
            <label class="label" for="email">
              Work email
            </label>
            {error ? <ErrorMessage id="email-error" text={error} /> : null}
            <input
              type="email"
              id="email"
              name="email"
              value={p.email}
              autocomplete="email"
              spellcheck={false}
              autocapitalize="none"
              required
              maxlength={254}
              aria-invalid={error ? "true" : undefined}
              aria-describedby={error ? "email-error" : undefined}
            />
          </div>
          <button type="submit" class="btn">
            Email me a sign-in link
          </button>
        </form>
      </div>
    </Shell>
  );
}

/** GET /auth/login (and the page after posting it): one email field; after sending, the same message whether or not the address is known. */
export function renderSignInPage(props: SignInPageProps): string {
  return toDocument(<SignInPage {...props} />);
}

function SignInConfirmPage(p: SignInConfirmPageProps) {
  return (
    <Shell brand={p} title="Finish signing in" narrow>
      <div class="card solo">
        <h1>Finish signing in</h1>
        <p class="muted">
          Press the button to sign in to Rapport for {sentence(p.orgName)}
        </p>
        <form method="post" action={p.action}>
          <Csrf value={p.csrf} />
          <input type="hidden" name="token" value={p.token} />
          <button type="submit" class="btn big">
            Sign in to Rapport
          </button>
        </form>
        <p class="fine">
          Why the extra click? Email security scanners open the links in your email before you do. Signing you in only when you press this button keeps
          a scanner from using up your link, which works once.
        </p>
      </div>
    </Shell>
  );
}

/** GET /auth/callback: the magic link's page; only the POST from its button signs in (a scanner's GET changes nothing). */
export function renderSignInConfirmPage(props: SignInConfirmPageProps): string {
  return toDocument(<SignInConfirmPage {...props} />);
}
