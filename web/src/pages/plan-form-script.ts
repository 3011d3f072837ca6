/**
 * The plan page script's form half (plan-script.ts wraps it with the key and the API): it draws the plan's
 * components and score-to-factor maps from a plan, reads them back as the body of POST /v1/plans, and keeps
 * the sum of caps, this plan year's shares and the behaviours other components hold up to date as the admin
 * types. Every control's id is its field's path in the API (`components.1.weightCap` is
 * `components-1-weightCap`), so the API's field errors find their place. Text is written with textContent only.
 */
export const planFormScript = `
  var MAX_COMPONENTS = 5;
  var PERCENT = { weightBase: true, weightStep: true, weightCap: true, minResponseRate: true };
  var TOP = ["minResponses", "k", "fallbackFactor", "capFactor"];
  var OWN = [
    ["minResponses", "Minimum responses"],
    ["k", "k (prior strength)"],
    ["fallbackFactor", "Fallback factor"],
    ["capFactor", "Cap factor"]
  ];
  /** The survey's behaviours, [{id, label}], and the plan's behaviour weights, which the page keeps as they are. */
  var behaviours = [];
  var weights = {};
  var dates = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs.text;
      else if (attrs[name] !== undefined && attrs[name] !== false) node.setAttribute(name, attrs[name] === true ? "" : attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function value(id) { var input = $(id); return input ? input.value.trim() : ""; }
  function percentOf(ratio) { return typeof ratio === "number" ? String(Math.round(ratio * 1e6) / 1e4) : ""; }
  function plain(n) { return typeof n === "number" ? String(n) : ""; }
  function pct(n) { return Math.round(n * 100) / 100 + "%"; }

  /** A number as typed: empty is left out (the API then says it is required, or uses the plan's); text the API calls not a number. */
  function numberOf(text) {
    var t = text.replace(/^(\\d*),(\\d+)$/, "$1.$2");
    if (!t) return undefined;
    var n = Number(t);
    return isFinite(n) ? n : text;
  }
  function ratioOf(text) { var n = numberOf(text); return typeof n === "number" ? Math.round(n * 1e4) / 1e6 : n; }

  /** One text input with its label (text, or nodes), optional hint and the slot for the API's message about it. */
  function field(id, label, text, hint, optional) {
    var described = (hint ? id + "-hint " : "") + id + "-error";
    var lab = el("label", { class: "label", for: id }, typeof label === "string" ? [document.createTextNode(label + " ")] : label);
    if (optional) lab.appendChild(el("span", { class: "req", text: "(optional)" }));
    return el("div", { class: "field" }, [
      lab,
      hint ? el("p", { class: "hint", id: id + "-hint", text: hint }) : null,
      el("p", { class: "error", id: id + "-error", hidden: true }),
      el("input", { type: "text", id: id, inputmode: "decimal", autocomplete: "off", spellcheck: "false", maxlength: "20", value: text, "aria-describedby": described })
    ]);
  }

  /** A score-to-factor map's points under \`prefix\` (factorMap or components-1-factorMap), each with its own remove button. */
  function drawPoints(prefix, points) {
    var box = $(prefix + "-points");
    box.textContent = "";
    points.forEach(function (point, i) {
      var remove = el("button", { type: "button", class: "small-btn", text: "Remove point " + (i + 1) });
      remove.addEventListener("click", function () {
        var kept = readPoints(prefix);
        kept.splice(i, 1);
        drawPoints(prefix, kept);
        var next = $(prefix + "-" + Math.min(i, kept.length - 1) + "-score");
        (next || $(prefix + "-add")).focus();
      });
      var named = function (what) { return [el("span", { class: "vh", text: "Point " + (i + 1) + ": " }), document.createTextNode(what)]; };
      box.appendChild(el("p", { class: "point-name", text: "Point " + (i + 1) }));
      box.appendChild(el("div", { class: "point" }, [
        field(prefix + "-" + i + "-score", named("Score"), point.score),
        field(prefix + "-" + i + "-factor", named("Factor"), point.factor),
        remove
      ]));
    });
  }
  function readPoints(prefix) {
    var points = [];
    for (var i = 0; $(prefix + "-" + i + "-score"); i++) points.push({ score: value(prefix + "-" + i + "-score"), factor: value(prefix + "-" + i + "-factor") });
    return points;
  }
  function addPoint(prefix) {
    var points = readPoints(prefix);
    points.push({ score: "", factor: "" });
    drawPoints(prefix, points);
    $(prefix + "-" + (points.length - 1) + "-score").focus();
  }
  function mapOf(points) { return points.map(function (p) { return { score: numberOf(p.score), factor: numberOf(p.factor) }; }); }
  function pointsOf(map) { return (map || []).map(function (p) { return { score: plain(p.score), factor: plain(p.factor) }; }); }

  /** The behaviours a component may tick: the survey's, and any the plan names that the survey no longer asks. */
  function choices(form) {
    var list = behaviours.slice();
    form.components.forEach(function (c) {
      c.behaviours.forEach(function (id) {
        if (!list.some(function (b) { return b.id === id; })) list.push({ id: id, label: id + " (no longer on the report card)" });
      });
    });
    return list;
  }

  /** One component's fieldset: id, behaviours, ramp, this year's share and its own settings. */
  function drawComponent(c, i, count, list) {
    var p = "components-" + i;
    var boxes = list.map(function (b) {
      var id = p + "-b-" + b.id;
      return el("div", { class: "beh-choice" }, [
        el("input", { type: "checkbox", id: id, value: b.id, checked: c.behaviours.indexOf(b.id) >= 0, "data-behaviour": b.id }),
        el("label", { for: id }, [document.createTextNode(b.label + " "), el("span", { class: "small muted", id: id + "-taken" })])
      ]);
    });
    var group = el("fieldset", { id: p + "-behaviours", "aria-describedby": p + "-behaviours-hint " + p + "-behaviours-error" }, [
      el("legend", { text: "Behaviours it pays for" }),
      el("p", { class: "hint", id: p + "-behaviours-hint", text: "A behaviour another component holds is shown as taken." }),
      el("p", { class: "error", id: p + "-behaviours-error", hidden: true }),
      el("div", { class: "behaviours" }, boxes)
    ]);
    var own = OWN.map(function (o) { return field(p + "-" + o[0], o[1], c[o[0]], "Empty: the plan's.", true); });
    var ownMapId = p + "-ownMap";
    var mapGroup = el("fieldset", { id: p + "-factorMap", "aria-describedby": p + "-factorMap-error", hidden: !c.ownMap }, [
      el("legend", { text: "Its score-to-factor map" }),
      el("p", { class: "error", id: p + "-factorMap-error", hidden: true }),
      el("div", { id: p + "-factorMap-points" }),
      el("button", { type: "button", class: "small-btn", id: p + "-factorMap-add", text: "Add a point" })
    ]);
    var details = el("details", { class: "own", open: c.open }, [
      el("summary", { text: "Its own settings (optional)" }),
      el("div", { class: "grid" }, own),
      el("div", { class: "beh-choice" }, [
        el("input", { type: "checkbox", id: ownMapId, checked: c.ownMap }),
        el("label", { for: ownMapId, text: "Its own score-to-factor map (otherwise the plan's)" })
      ]),
      mapGroup
    ]);
    var remove = el("button", { type: "button", class: "small-btn", text: "Remove component " + (i + 1), disabled: count === 1 });
    var node = el("fieldset", { class: "comp", id: p, "aria-describedby": p + "-error" }, [
      el("legend", { text: "Component " + (i + 1) }),
      el("p", { class: "error", id: p + "-error", hidden: true }),
      field(p + "-id", "Name", c.id, "Lower-case letters, digits and underscores, such as secret_gathering."),
      group,
      el("div", { class: "grid" }, [
        field(p + "-weightBase", "Base (%)", c.weightBase, "Its share in plan year 1."),
        field(p + "-weightStep", "Step (%)", c.weightStep, "Added each plan year."),
        field(p + "-weightCap", "Cap (%)", c.weightCap, "Its share never goes above it.")
      ]),
      el("p", { class: "share", id: p + "-share" }),
      details,
      remove
    ]);
    $("components").appendChild(node);
    drawPoints(p + "-factorMap", c.factorMap);
    $(p + "-factorMap-add").addEventListener("click", function () { addPoint(p + "-factorMap"); });
    $(ownMapId).addEventListener("change", function () { mapGroup.hidden = !this.checked; });
    remove.addEventListener("click", function () {
      var form = readForm();
      form.components.splice(i, 1);
      drawComponents(form);
      $("components-" + Math.max(0, i - 1)).querySelector("input").focus();
    });
  }

  function drawComponents(form) {
    $("components").textContent = "";
    var list = choices(form);
    form.components.forEach(function (c, i) { drawComponent(c, i, form.components.length, list); });
    refresh();
  }

  function readForm() {
    var form = { startDate: value("startDate"), minResponseRate: value("minResponseRate"), factorMap: readPoints("factorMap"), components: [] };
    form.lostDealCards = $("lostDealCards-counted").checked ? "counted" : "coaching";
    TOP.forEach(function (name) { form[name] = value(name); });
    for (var i = 0; $("components-" + i); i++) {
      var p = "components-" + i;
      var c = { id: value(p + "-id"), weightBase: value(p + "-weightBase"), weightStep: value(p + "-weightStep"), weightCap: value(p + "-weightCap") };
      c.behaviours = Array.prototype.map.call($(p + "-behaviours").querySelectorAll("input:checked"), function (box) { return box.value; });
      OWN.forEach(function (o) { c[o[0]] = value(p + "-" + o[0]); });
      c.ownMap = $(p + "-ownMap").checked;
      c.factorMap = readPoints(p + "-factorMap");
      c.open = $(p).querySelector("details").open;
      form.components.push(c);
    }
    return form;
  }

  /** A plan as the API answers it, as the form's text. */
  function formOf(plan) {
    var form = { startDate: plan.startDate || "", minResponseRate: percentOf(plan.minResponseRate), factorMap: pointsOf(plan.factorMap), lostDealCards: plan.lostDealCards || "coaching" };
    TOP.forEach(function (name) { form[name] = plain(plan[name]); });
    form.components = (plan.components || []).map(function (c) {
      var own = { id: c.id, behaviours: c.behaviours || [], weightBase: percentOf(c.weightBase), weightStep: percentOf(c.weightStep), weightCap: percentOf(c.weightCap) };
      OWN.forEach(function (o) { own[o[0]] = plain(c[o[0]]); });
      own.ownMap = Boolean(c.factorMap);
      own.factorMap = pointsOf(c.factorMap || plan.factorMap);
      own.open = OWN.some(function (o) { return own[o[0]] !== ""; }) || own.ownMap;
      return own;
    });
    return form;
  }

  /** The form as the body of POST /v1/plans; what the API refuses, it names by these paths. */
  function bodyOf(form) {
    var body = { startDate: form.startDate || undefined, behaviourWeights: weights, factorMap: mapOf(form.factorMap) };
    TOP.forEach(function (name) { body[name] = numberOf(form[name]); });
    if (form.minResponseRate) body.minResponseRate = ratioOf(form.minResponseRate);
    body.lostDealCards = form.lostDealCards;
    body.components = form.components.map(function (c) {
      var out = { id: c.id, weightBase: ratioOf(c.weightBase), weightStep: ratioOf(c.weightStep), weightCap: ratioOf(c.weightCap) };
      if (c.behaviours.length) out.behaviours = c.behaviours;
      OWN.forEach(function (o) { var n = numberOf(c[o[0]]); if (n !== undefined) out[o[0]] = n; });
      if (c.ownMap) out.factorMap = mapOf(c.factorMap);
      return out;
    });
    return body;
  }

  function drawForm(form) {
    $("startDate").value = form.startDate;
    $("minResponseRate").value = form.minResponseRate;
    $("lostDealCards-" + (form.lostDealCards === "counted" ? "counted" : "coaching")).checked = true;
    TOP.forEach(function (name) { $(name).value = form[name]; });
    drawPoints("factorMap", form.factorMap);
    drawComponents(form);
  }

  /** Plan year 1 starts on the start date; a start date still to come is year 1. */
  function planYear(startDate) {
    var m = /^(\\d{4})-(\\d{2})-(\\d{2})$/.exec(startDate);
    if (!m) return 1;
    var today = new Date();
    var years = today.getUTCFullYear() - Number(m[1]);
    var anniversary = Date.UTC(today.getUTCFullYear(), Number(m[2]) - 1, Number(m[3]));
    if (Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) < anniversary) years -= 1;
    return Math.max(1, years + 1);
  }

  /** The sum of caps, this plan year's shares, the behaviours other components hold, and what may be added or removed. */
  function refresh() {
    var form = readForm();
    var year = planYear(form.startDate);
    var caps = 0;
    var total = 0;
    var readable = true;
    var owner = {};
    form.components.forEach(function (c, i) {
      var base = Number(c.weightBase), step = Number(c.weightStep), cap = Number(c.weightCap);
      var ok = c.weightBase !== "" && c.weightStep !== "" && c.weightCap !== "" && isFinite(base + step + cap);
      var share = Math.min(cap, base + step * (year - 1));
      $("components-" + i + "-share").textContent = "This plan year (year " + year + "): " + (ok ? pct(share) + " of the bonus." : "fill in the base, step and cap.");
      if (c.weightCap === "" || !isFinite(cap)) readable = false; else caps += cap;
      if (ok) total += share;
      c.behaviours.forEach(function (b) { if (!(b in owner)) owner[b] = c.id || "component " + (i + 1); });
    });
    var sum = $("caps-sum");
    var over = readable && caps > 100 + 1e-7;
    sum.className = over ? "sum over" : "sum";
    sum.textContent = !readable ? "Caps add up to: fill in every cap." : "Caps add up to " + pct(caps) + " of the bonus" + (over ? ": more than 100%, which the plan does not allow." : " (at most 100%).");
    $("year-share").textContent = "This plan year is year " + year + (form.startDate ? " (year 1 started " + dates.format(new Date(form.startDate + "T00:00:00Z")) + ")" : "") + ": the components pay " + pct(total) + " of the bonus in all.";
    form.components.forEach(function (c, i) {
      Array.prototype.forEach.call($("components-" + i + "-behaviours").querySelectorAll("input[data-behaviour]"), function (box) {
        var b = box.value;
        var taken = !box.checked && b in owner;
        box.disabled = taken;
        $(box.id + "-taken").textContent = taken ? "(taken by " + owner[b] + ")" : "";
      });
    });
    $("add-component").disabled = form.components.length >= MAX_COMPONENTS;
    $("add-component").textContent = form.components.length >= MAX_COMPONENTS ? "Add a component (five at most)" : "Add a component";
  }

  $("plan-form").addEventListener("input", refresh);
  $("plan-form").addEventListener("change", refresh);
  $("factorMap-add").addEventListener("click", function () { addPoint("factorMap"); });
  $("add-component").addEventListener("click", function () {
    var form = readForm();
    if (form.components.length >= MAX_COMPONENTS) return;
    form.components.push({ id: "", behaviours: [], weightBase: "", weightStep: "0", weightCap: "", minResponses: "", k: "", fallbackFactor: "", capFactor: "", ownMap: false, factorMap: form.factorMap, open: false });
    drawComponents(form);
    $("components-" + (form.components.length - 1) + "-id").focus();
  });
`;
