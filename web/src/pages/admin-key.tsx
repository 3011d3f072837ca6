/** The admin pages' key form: where an admin gives the API key their page's script then calls the API with. */
export function AdminKeySection() {
  return (
    <section class="card" aria-labelledby="key-title">
      <h2 id="key-title">Sign in with an API key</h2>
      <p class="sub">
        Kept in this browser tab only (session storage, shared by the admin pages) and sent to this site's API; never put in a cookie or the address. Closing the tab forgets
        it.
      </p>
      <form id="key-form" novalidate>
        <div class="field">
          <label class="label" for="api-key">
            Admin API key
          </label>
          <p class="error" id="api-key-error" hidden></p>
          <input type="password" id="api-key" name="apiKey" autocomplete="off" spellcheck={false} aria-describedby="api-key-error" />
        </div>
        <button type="submit" class="btn inline">
          Use this key
        </button>
      </form>
      <p id="key-status" class="note-line" role="status"></p>
      <button type="button" id="forget-key" class="btn quiet inline" hidden>
        Forget the key
      </button>
    </section>
  );
}
