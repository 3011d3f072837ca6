/**
 * The plan page's script, served as /admin/plan.js (same origin: the Content-Security-Policy needs no
 * exception). It calls the JSON API with the signed-in admin's session cookie (writes carry the page's CSRF
 * value in X-CSRF-Token). It reads GET /v1/plans/current and GET /v1/surveys/current,
 * publishes with POST /v1/plans, and shows each of a 400's `error.fields` beside the field it names and in a
 * summary above the form. Everything the API answers is written with textContent, never as HTML.
 */
import { adminApiScript } from "./admin-api-script.ts";
import { planFormScript } from "./plan-form-script.ts";

const keyAndApi = `
  var times = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  var NAMES = {
    startDate: "Start date", minResponses: "minimum responses", k: "k", fallbackFactor: "fallback factor", capFactor: "cap factor",
    minResponseRate: "minimum response rate", factorMap: "score-to-factor map", components: "components", behaviourWeights: "behaviour weights", lostDealCards: "lost-deal cards",
    id: "name", behaviours: "behaviours", weightBase: "base", weightStep: "step", weightCap: "cap", score: "score", factor: "factor"
  };

${adminApiScript}

  /** Where a failure to load the plan is said (the page has no key to ask for: the admin is signed in). */
  function lock(message) {
    $("plan-section").hidden = true;
    $("load-status").textContent = message;
  }

  function showPlan(plan) {
    weights = plan.behaviourWeights || {};
    $("current-version").textContent = "Current plan: version " + plan.version + ", in force since " + times.format(new Date(plan.createdAt)) + ".";
    clearErrors();
    drawForm(formOf(plan));
  }

  /** Shows the editor with the current plan and the survey's behaviours; answers the failed call when one failed. */
  async function load() {
    var answers = await Promise.all([api("GET", "/v1/plans/current"), api("GET", "/v1/surveys/current")]);
    var bad = answers.filter(function (res) { return !res.ok; })[0];
    if (bad) return bad;
    behaviours = answers[1].data.behaviours;
    $("load-status").textContent = "";
    $("plan-section").hidden = false;
    showPlan(answers[0].data);
    return undefined;
  }
`;

const errorsAndPublish = `
  /** A field's path as a reader says it: components.1.weightCap is "Component 2 cap". */
  function nameOf(path) {
    var parts = path.split(".");
    var words = parts.map(function (part, i) {
      if (/^\\d+$/.test(part)) return (parts[i - 1] === "components" ? "component " : "point ") + (Number(part) + 1);
      if (parts[i + 1] !== undefined && /^\\d+$/.test(parts[i + 1]) && part === "components") return "";
      return NAMES[part] || part;
    }).filter(Boolean);
    var text = words.join(" ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /** The API's message in the page's terms: shares are percentages here, ratios in the API. */
  function messageOf(path, message) {
    var last = path.split(".").pop();
    var text = message.replace(/^(weightBase|weightStep|weightCap|minResponseRate) /, "").replace(/ \\(weightCap\\)/, "").replace(/\\bweightBase\\b/, "the base");
    if (PERCENT[last] || path === "components") text = text.replace(/at most 1\\b/, "at most 100%").replace(/at least 0\\b/, "at least 0%");
    return /^[A-Z]/.test(text) ? text : nameOf(path) + " " + text;
  }

  /** The slot for a field's message: its own, or the nearest enclosing one (components.0.behaviours.1 is shown at the behaviours). */
  function slotOf(path) {
    var parts = path.split(".");
    while (parts.length) {
      var slot = $(parts.join("-") + "-error");
      if (slot) return { id: parts.join("-"), slot: slot };
      parts.pop();
    }
    return undefined;
  }

  function clearErrors() {
    $("plan-errors").hidden = true;
    $("plan-error-list").textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll("#plan-section .error"), function (slot) { slot.textContent = ""; slot.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("#plan-section [aria-invalid]"), function (input) { input.removeAttribute("aria-invalid"); });
  }

  /** The API's 4xx: each field's message beside its field, and all of them in the summary above the form. */
  function showErrors(data, status) {
    var error = (data && data.error) || {};
    var fields = error.fields || {};
    var list = $("plan-error-list");
    Object.keys(fields).forEach(function (path) {
      var text = messageOf(path, String(fields[path]));
      var item = document.createElement("li");
      var place = slotOf(path);
      if (place) {
        place.slot.textContent = place.slot.textContent ? place.slot.textContent + " " + text : text;
        place.slot.hidden = false;
        var control = $(place.id);
        if (control && control.tagName === "INPUT") control.setAttribute("aria-invalid", "true");
        var details = place.slot.closest("details");
        if (details) details.open = true;
        var link = document.createElement("a");
        link.href = "#" + (control ? place.id : place.id + "-error");
        link.textContent = text;
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      list.appendChild(item);
    });
    if (!list.children.length) {
      var only = document.createElement("li");
      only.textContent = apiMessage(data, status);
      list.appendChild(only);
    }
    $("plan-errors").hidden = false;
    $("plan-errors").focus();
  }

  $("seeds-button").addEventListener("click", function () {
    var seeds = JSON.parse(this.getAttribute("data-plan"));
    weights = seeds.behaviourWeights;
    seeds.startDate = value("startDate");
    seeds.lostDealCards = $("lostDealCards-counted").checked ? "counted" : "coaching";
    clearErrors();
    drawForm(formOf(seeds));
    $("plan-status").textContent = "The seeds' plan is filled in: three components. Publish it to make it the current plan.";
  });

  $("plan-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    clearErrors();
    $("plan-status").textContent = "";
    var button = $("publish-button");
    button.disabled = true;
    try {
      var res = await api("POST", "/v1/plans", bodyOf(readForm()));
      if (res.status === 201) {
        showPlan(res.data);
        $("plan-status").textContent = "Published version " + res.data.version + ".";
        $("plan-status").focus();
      } else if (res.status !== 401) {
        showErrors(res.data, res.status);
      }
    } catch (e) {
      showErrors({ error: { message: "Could not reach the server. Check your connection and try again; nothing was published." } }, 0);
    } finally {
      button.disabled = false;
    }
  });

  $("load-status").textContent = "Loading the current plan…";
  load().then(
    function (bad) { if (bad && bad.status !== 401) lock(apiMessage(bad.data, bad.status)); },
    function () { lock("Could not reach the server. Reload the page to try again."); }
  );
`;

export const planScript = `(function () {
  "use strict";
${planFormScript}
${keyAndApi}
${errorsAndPublish}
})();
`;
