/**
 * What both admin pages' scripts do with the admin API key, interpolated into each (one script file per
 * page, so the Content-Security-Policy stays 'self'): keep it in this tab's sessionStorage only (one entry,
 * so one key serves both pages), call the JSON API with it, and show why a key was refused. Each page
 * defines `$` and `lock` (what a 401 hides) itself.
 */
export const adminKeyScript = `  var STORE = "rapport.adminApiKey";
  function storedKey() { try { return sessionStorage.getItem(STORE) || ""; } catch (e) { return ""; } }
  function storeKey(key) { try { sessionStorage.setItem(STORE, key); } catch (e) { /* the key then lasts until the page closes */ } }
  function dropKey() { try { sessionStorage.removeItem(STORE); } catch (e) { /* nothing stored */ } }
  var memoryKey = storedKey();

  function apiMessage(data, status) {
    var error = data && data.error;
    if (error && error.message) return error.message;
    return "The server answered " + status + ".";
  }

  /** One JSON API call with the key; a 401 forgets the key and asks for it again. */
  async function api(method, path, body, key) {
    var headers = { authorization: "Bearer " + (key || memoryKey), accept: "application/json" };
    var init = { method: method, headers: headers, cache: "no-store", credentials: "omit" };
    if (body !== undefined) { headers["content-type"] = "application/json"; init.body = JSON.stringify(body); }
    var res = await fetch(path, init);
    var data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (res.status === 401 && !key) lock("The API no longer accepts the key: " + apiMessage(data, 401) + " Enter an admin API key again.");
    return { status: res.status, ok: res.ok, data: data };
  }

  function keyError(text) {
    var error = $("api-key-error");
    error.textContent = text;
    error.hidden = !text;
    if (text) $("api-key").setAttribute("aria-invalid", "true"); else $("api-key").removeAttribute("aria-invalid");
  }
`;
