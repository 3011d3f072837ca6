/**
 * The campaigns page's script, served as /admin/campaigns.js (same origin: the Content-Security-Policy
 * needs no exception). It keeps the admin API key in sessionStorage only, starts campaigns with
 * POST /v1/campaigns, lists them, and polls GET /v1/campaigns/{id} once a second while one is going.
 * Everything the API answers is written with textContent, never as HTML.
 */
import { adminKeyScript } from "./admin-key-script.ts";

export const campaignsScript = `(function () {
  "use strict";
  var FIELDS = { repId: "Rep id", segment: "Segment", valueTier: "Value tier" };
  var LIVE = { queued: true, sending: true };
  var STATUS = {
    queued: "Queued: waiting for the campaign worker",
    sending: "Sending",
    done: "Done",
    cancelled: "Cancelled",
    failed: "Failed: the customers could not be read"
  };
  var numbers = new Intl.NumberFormat();
  var times = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });
  var following = 0;
  var timer = 0;
  var shownId = "";
  /** Whether the progress note says polling ran into trouble (cleared by the next good answer). */
  var troubled = false;

  function $(id) { return document.getElementById(id); }
  function n(value) { return numbers.format(value); }
  function at(iso) { return iso ? times.format(new Date(iso)) : "Not yet"; }
  function setText(id, text) { var el = $(id); if (el.textContent !== text) el.textContent = text; }

${adminKeyScript}

  /** Hides everything that needs a key, stops following, and shows why. */
  function lock(message) {
    memoryKey = "";
    dropKey();
    following += 1;
    clearTimeout(timer);
    ["start-section", "progress-section", "list-section"].forEach(function (id) { $(id).hidden = true; });
    $("forget-key").hidden = true;
    $("key-form").hidden = false;
    setText("key-status", "");
    keyError(message || "");
    if (message) $("api-key").focus();
  }

  function unlock(list) {
    keyError("");
    $("api-key").value = "";
    $("forget-key").hidden = false;
    $("key-form").hidden = true;
    setText("key-status", "Using the admin API key kept in this tab.");
    $("start-section").hidden = false;
    $("list-section").hidden = false;
    if (list) renderList(list); else refreshList();
    var wanted = location.hash.slice(1);
    if (/^cmp_[0-9A-Z]{26}$/.test(wanted) && wanted !== shownId) follow(wanted);
  }

  $("key-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    var key = $("api-key").value.trim().replace(/^Bearer\\s+/i, "");
    if (!key) { keyError("Enter the admin API key."); $("api-key").focus(); return; }
    setText("key-status", "Checking the key…");
    try {
      var res = await api("GET", "/v1/campaigns?limit=10", undefined, key);
      if (res.ok) { memoryKey = key; storeKey(key); unlock(res.data); return; }
      setText("key-status", "");
      if (res.status === 401) keyError("The API refused this key: " + apiMessage(res.data, 401) + " Check that you copied the whole key.");
      else if (res.status === 403) keyError("This key does not have the admin scope; campaigns need an admin API key.");
      else keyError(apiMessage(res.data, res.status));
      $("api-key").focus();
    } catch (e) {
      setText("key-status", "");
      keyError("Could not reach the server. Check your connection and try again.");
    }
  });

  $("forget-key").addEventListener("click", function () {
    lock("");
    setText("key-status", "The key is forgotten.");
    $("api-key").focus();
  });

  function clearStartErrors() {
    $("start-errors").hidden = true;
    $("start-error-list").textContent = "";
    Object.keys(FIELDS).forEach(function (name) {
      var error = $(name + "-error");
      error.textContent = "";
      error.hidden = true;
      $(name).removeAttribute("aria-invalid");
    });
  }

  function fieldMessage(name, message) {
    return /^[A-Z]/.test(message) ? message : FIELDS[name] + " " + message;
  }

  /** The API's 4xx: each field's message beside its input, and all of them in the summary above the form. */
  function showStartErrors(data, status) {
    var error = (data && data.error) || {};
    var fields = Object.assign({}, error.fields || {});
    if (error.code === "rep_not_found" && !fields.repId) fields.repId = error.message;
    var list = $("start-error-list");
    var shown = 0;
    Object.keys(fields).forEach(function (name) {
      var item = document.createElement("li");
      if (FIELDS[name]) {
        var text = fieldMessage(name, String(fields[name]));
        var slot = $(name + "-error");
        slot.textContent = text;
        slot.hidden = false;
        $(name).setAttribute("aria-invalid", "true");
        var link = document.createElement("a");
        link.href = "#" + name;
        link.textContent = text;
        item.appendChild(link);
      } else {
        item.textContent = name + ": " + fields[name];
      }
      list.appendChild(item);
      shown += 1;
    });
    if (!shown) {
      var only = document.createElement("li");
      only.textContent = apiMessage(data, status);
      list.appendChild(only);
    }
    $("start-errors").hidden = false;
    $("start-errors").focus();
  }

  $("start-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    clearStartErrors();
    var body = { kind: "report-card" };
    Object.keys(FIELDS).forEach(function (name) {
      var value = $(name).value.trim();
      if (value) body[name] = value;
    });
    var button = $("start-button");
    button.disabled = true;
    try {
      var res = await api("POST", "/v1/campaigns", body);
      if (res.status === 202) {
        $("start-form").reset();
        follow(res.data.id, res.data);
        refreshList();
        $("progress-title").focus();
      } else if (res.status !== 401) {
        showStartErrors(res.data, res.status);
      }
    } catch (e) {
      showStartErrors({ error: { message: "Could not reach the server. Check your connection and try again." } }, 0);
    } finally {
      button.disabled = false;
    }
  });

  function skippedOf(c) { return c.skipped.suppressed + c.skipped.capped + c.skipped.unsubscribed + c.skipped.unknown + (c.skipped.inactive || 0); }

  function scopeText(scope) {
    var parts = [scope.repId ? "the customers of rep " + scope.repId : scope.customers !== undefined ? n(scope.customers) + " listed customers" : "the customers of every rep"];
    if (scope.segment !== undefined) parts.push("segment " + scope.segment);
    if (scope.valueTier !== undefined) parts.push("value tier " + scope.valueTier);
    return parts.join(", ");
  }

  /** The progress section for one campaign as the API last answered it. */
  function render(c) {
    var skipped = skippedOf(c);
    var handled = c.sent + skipped + c.failed;
    var live = Boolean(LIVE[c.status]);
    var bar = $("progress-bar");
    var percent = c.total > 0 ? Math.floor((100 * Math.min(handled, c.total)) / c.total) : live ? 0 : 100;
    bar.max = c.total > 0 ? c.total : 1;
    bar.value = c.total > 0 ? Math.min(handled, c.total) : live ? 0 : 1;
    bar.textContent = percent + "%";
    setText("progress-id", c.id);
    setText("progress-scope", scopeText(c.scope));
    setText("progress-text", n(handled) + " of " + n(c.total) + " customers handled (" + percent + "%): " + n(c.sent) + " sent, " + n(skipped) + " skipped, " + n(c.failed) + " failed. " + (STATUS[c.status] || c.status) + ".");
    setText("count-status", STATUS[c.status] || c.status);
    setText("count-sent", n(c.sent));
    setText("count-skipped", n(skipped));
    ["suppressed", "capped", "unsubscribed", "unknown"].forEach(function (reason) { setText("count-" + reason, n(c.skipped[reason])); });
    setText("count-failed", n(c.failed));
    setText("time-created", at(c.createdAt));
    setText("time-started", at(c.startedAt));
    setText("time-finished", at(c.finishedAt));
    $("cancel-button").hidden = !live;
  }

  /** Shows one campaign and polls it once a second until it is done, cancelled or failed. */
  function follow(id, first) {
    following += 1;
    var mine = following;
    clearTimeout(timer);
    shownId = id;
    if (location.hash !== "#" + id) history.replaceState(null, "", "#" + id);
    $("progress-section").hidden = false;
    troubled = false;
    setText("progress-note", "");
    if (first) render(first);
    async function tick() {
      if (mine !== following) return;
      try {
        var res = await api("GET", "/v1/campaigns/" + encodeURIComponent(id));
        if (mine !== following) return;
        if (res.ok) {
          if (troubled) { troubled = false; setText("progress-note", ""); }
          render(res.data);
          if (LIVE[res.data.status]) timer = setTimeout(tick, 1000);
          else refreshList();
          return;
        }
        if (res.status === 401) return;
        troubled = true;
        setText("progress-note", apiMessage(res.data, res.status));
        if (res.status === 404 || res.status === 400) return;
      } catch (e) {
        if (mine !== following) return;
        troubled = true;
        setText("progress-note", "Lost contact with the server; trying again.");
      }
      timer = setTimeout(tick, 1000);
    }
    timer = setTimeout(tick, first ? 1000 : 0);
  }

  $("cancel-button").addEventListener("click", async function () {
    var id = shownId;
    var button = $("cancel-button");
    button.disabled = true;
    try {
      var res = await api("POST", "/v1/campaigns/" + encodeURIComponent(id) + "/cancel");
      if (id !== shownId) return;
      if (res.ok) {
        render(res.data);
        setText("progress-note", "Cancelled: nothing not yet sent will go out.");
        refreshList();
      } else if (res.status !== 401) {
        setText("progress-note", apiMessage(res.data, res.status));
      }
    } catch (e) {
      setText("progress-note", "Could not reach the server; the campaign was not cancelled.");
    } finally {
      button.disabled = false;
    }
  });

  function renderList(page) {
    var list = $("campaign-list");
    list.textContent = "";
    page.items.forEach(function (c) {
      var item = document.createElement("li");
      item.className = c.status;
      var top = document.createElement("p");
      var status = document.createElement("strong");
      status.textContent = STATUS[c.status] || c.status;
      top.appendChild(status);
      top.appendChild(document.createTextNode(" · " + n(c.sent) + " of " + n(c.total) + " sent"));
      var detail = document.createElement("p");
      detail.className = "small muted";
      detail.textContent = at(c.createdAt) + " · " + scopeText(c.scope);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "small-btn";
      button.textContent = "Show";
      var hidden = document.createElement("span");
      hidden.className = "vh";
      hidden.textContent = " the campaign created " + at(c.createdAt);
      button.appendChild(hidden);
      button.addEventListener("click", function () { follow(c.id); $("progress-title").focus(); });
      item.appendChild(top);
      item.appendChild(detail);
      item.appendChild(button);
      list.appendChild(item);
    });
    $("list-empty").hidden = page.items.length > 0;
  }

  async function refreshList() {
    try {
      var res = await api("GET", "/v1/campaigns?limit=10");
      if (res.ok) renderList(res.data);
    } catch (e) { /* the list stays as it was; Refresh tries again */ }
  }

  $("refresh-list").addEventListener("click", refreshList);

  if (memoryKey) unlock();
})();
`;
