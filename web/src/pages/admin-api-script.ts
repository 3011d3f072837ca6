/**
 * How an admin page's script calls the JSON API, interpolated into it (one script file per page, so the
 * Content-Security-Policy stays 'self'): with the signed-in admin's session cookie, and on a write the page's
 * CSRF value (its `data-csrf` attribute) in X-CSRF-Token. A 401 or 403 (signed out, no longer an admin)
 * goes to the page's `lock`, which says so. Each page defines `$` and `lock` itself.
 */
export const adminApiScript = `  var CSRF = (document.querySelector("[data-csrf]") || { getAttribute: function () { return ""; } }).getAttribute("data-csrf") || "";

  function apiMessage(data, status) {
    var error = data && data.error;
    if (error && error.message) return error.message;
    return "The server answered " + status + ".";
  }

  /** One JSON API call as the signed-in admin. */
  async function api(method, path, body) {
    var headers = { accept: "application/json" };
    var init = { method: method, headers: headers, cache: "no-store", credentials: "same-origin" };
    if (method !== "GET") headers["x-csrf-token"] = CSRF;
    if (body !== undefined) { headers["content-type"] = "application/json"; init.body = JSON.stringify(body); }
    var res = await fetch(path, init);
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.status === 401) lock("You are signed out: sign in again at /auth/login, then reload this page.");
    if (res.status === 403 && data && data.error && data.error.code === "not_admin") lock("You are no longer an admin.");
    return { status: res.status, ok: res.ok, data: data };
  }
`;
