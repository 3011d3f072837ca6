/**
 * GET /admin/api-keys: the keys integrations use. Create one with its scopes (the secret is shown once, on
 * the answer to the form, and never stored), see when each was last used, revoke one. Works without JavaScript.
 */
import type { ApiKeyView, NewApiKey, Scope } from "@rapport/core/api-key/index";
import { toDocument } from "./layout.tsx";
import { AdminForm, AdminFrame, FormErrors, TextInput, when, type AdminChrome, type FormState } from "./admin-frame.tsx";

export interface ApiKeysPageProps {
  chrome: AdminChrome;
  keys: ApiKeyView[];
  /** Every scope a key may hold, with what it grants. */
  scopes: { scope: Scope; grants: string }[];
  /** The key just created, with its secret: shown this once. */
  created?: NewApiKey;
  form?: FormState;
  notice?: string;
}

function ApiKeysPage({ chrome, keys, scopes, created, form, notice }: ApiKeysPageProps) {
  const scopeError = form?.errors?.scopes;
  const ticked = new Set([form?.values?.scopes ?? []].flat());
  return (
    <AdminFrame chrome={chrome} title="API keys" intro="Keys for integrations: a CRM, a help desk, payroll. Each holds only the scopes it needs." current="/admin/api-keys">
      {notice ? (
        <div class="notice" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      {created ? (
        <section class="card" aria-labelledby="created-title">
          <h2 id="created-title" tabindex={-1} autofocus>
            Key “{created.name}” created
          </h2>
          <p>Copy the secret now and store it where the integration keeps its secrets. It is shown only this once: Rapport keeps only its SHA-256.</p>
          <p class="label" id="secret-label">
            Secret
          </p>
          <code class="secret" id="new-secret">
            {created.key}
          </code>
        </section>
      ) : null}
      <section class="card" aria-labelledby="create-title">
        <h2 id="create-title">Create a key</h2>
        <FormErrors state={form} title="The key was not created" labels={{ name: "Name", scopes: "Scopes" }} />
        <AdminForm action="/admin/api-keys" csrf={chrome.csrf}>
          <TextInput name="name" label="Name" hint="Who or what uses it, such as “Help desk”." state={form} />
          <fieldset id="scopes" {...(scopeError ? { "aria-invalid": "true", "aria-describedby": "scopes-error" } : {})}>
            <legend>Scopes</legend>
            {scopeError ? (
              <p class="error" id="scopes-error">
                Scopes {scopeError}.
              </p>
            ) : null}
            <div class="checks">
              {scopes.map(({ scope, grants }) => (
                <label class="check" for={`scope-${scope}`}>
                  <input type="checkbox" id={`scope-${scope}`} name="scopes" value={scope} checked={ticked.has(scope)} />
                  <span>
                    <strong>{scope}</strong>: {grants}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <button type="submit" class="btn inline">
            Create key
          </button>
        </AdminForm>
      </section>
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <p class="sub">Newest first. “Last used” is recorded at most once a minute per key.</p>
        {keys.length ? (
          <div class="table-wrap">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Scopes</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr>
                    <th scope="row">{key.name}</th>
                    <td>{key.scopes.join(", ")}</td>
                    <td>{when(key.createdAt, chrome.timezone)}</td>
                    <td>{when(key.lastUsedAt, chrome.timezone)}</td>
                    <td>
                      {key.revokedAt ? (
                        <span class="status-bad">Revoked {when(key.revokedAt, chrome.timezone)}</span>
                      ) : (
                        <AdminForm action={`/admin/api-keys/${key.id}/revoke`} csrf={chrome.csrf} class="inline-form">
                          <button type="submit" class="small-btn stop">
                            Revoke<span class="vh"> the key {key.name}</span>
                          </button>
                        </AdminForm>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>No keys yet.</p>
        )}
      </section>
    </AdminFrame>
  );
}

export function renderApiKeysPage(props: ApiKeysPageProps): string {
  return toDocument(<ApiKeysPage {...props} />);
}
