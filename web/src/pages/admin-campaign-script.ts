/**
 * The campaign page's script, served as /admin/campaign.js (same origin: the Content-Security-Policy needs no
 * exception). While the campaign is queued or sending it reads GET /v1/campaigns/{id} once a second with the
 * admin's session cookie and writes the answer (its totals as core counted them: handled, skippedTotal,
 * percent) into the bar and the counts with textContent; once the campaign is done, cancelled or failed it
 * stops and hides the cancel button.
 */
export const campaignScript = `(function () {
  "use strict";
  var section = document.getElementById("progress");
  if (!section || section.getAttribute("data-live") !== "true") return;
  var id = section.getAttribute("data-campaign");
  var STATUS = { queued: "Queued: waiting for the campaign worker", sending: "Sending", done: "Done", cancelled: "Cancelled", failed: "Failed: the customers could not be read" };
  var numbers = new Intl.NumberFormat("en-GB");
  var times = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  function n(value) { return numbers.format(value); }
  function set(id, text) { var el = document.getElementById(id); if (el && el.textContent !== text) el.textContent = text; }
  function render(c) {
    var live = c.status === "queued" || c.status === "sending";
    var bar = document.getElementById("progress-bar");
    bar.max = c.total > 0 ? c.total : 1;
    bar.value = c.total > 0 ? c.handled : live ? 0 : 1;
    bar.textContent = c.percent + "%";
    set("progress-text", n(c.handled) + " of " + n(c.total) + " customers handled (" + c.percent + "%): " + n(c.sent) + " sent, " + n(c.skippedTotal) + " skipped, " + n(c.failed) + " failed. " + (STATUS[c.status] || c.status) + ".");
    set("count-status", STATUS[c.status] || c.status);
    set("count-sent", n(c.sent));
    set("count-skipped", n(c.skippedTotal));
    ["suppressed", "capped", "unsubscribed", "unknown", "inactive"].forEach(function (reason) { set("count-" + reason, n(c.skipped[reason] || 0)); });
    set("count-failed", n(c.failed));
    if (c.startedAt) set("time-started", times.format(new Date(c.startedAt)));
    if (c.finishedAt) set("time-finished", times.format(new Date(c.finishedAt)));
    document.getElementById("live-actions").hidden = !live;
    return live;
  }
  async function tick() {
    try {
      var res = await fetch("/v1/campaigns/" + encodeURIComponent(id), { headers: { accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      if (res.ok && !render(await res.json())) return;
    } catch (e) { /* the next tick tries again */ }
    setTimeout(tick, 1000);
  }
  setTimeout(tick, 1000);
})();
`;
