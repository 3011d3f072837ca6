/**
 * The import page's script, served as /admin/import.js (same origin: the Content-Security-Policy needs no
 * exception). While the import runs it reads GET /admin/import/{id}/progress once a second with the admin's
 * session cookie and writes what it answers (the counts, and the percentage and sentences the page's own
 * importProgress made) into the bar and the list with textContent; once the import is done it loads the page
 * again, which then shows the report of any row refused while writing.
 */
export const importScript = `(function () {
  "use strict";
  var section = document.getElementById("progress");
  if (!section || section.getAttribute("data-live") !== "true") return;
  var id = section.getAttribute("data-import");
  function set(id, text) { var el = document.getElementById(id); if (el && el.textContent !== String(text)) el.textContent = String(text); }
  function render(job) {
    var bar = document.getElementById("progress-bar");
    bar.max = Math.max(job.rows, 1);
    bar.value = job.processed;
    bar.textContent = job.percent + "%";
    set("progress-text", job.text);
    set("count-status", job.statusText);
    ["created", "updated", "unchanged", "failed"].forEach(function (name) { set("count-" + name, job[name]); });
    return job.status !== "done";
  }
  async function tick() {
    try {
      var res = await fetch("/admin/import/" + encodeURIComponent(id) + "/progress", { headers: { accept: "application/json" }, credentials: "same-origin", cache: "no-store" });
      if (res.ok && !render(await res.json())) { window.location.reload(); return; }
    } catch (e) { /* the next tick tries again */ }
    setTimeout(tick, 1000);
  }
  setTimeout(tick, 1000);
})();
`;
