// Background job progress: ask the job's status URL every few moments and update the
// page; once the job has finished, reload for its outcome. Without this file the page
// offers a "Refresh" link instead.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.dataset.state === "done" || box.dataset.state === "failed" || box.dataset.state === "cancelled") { return; }
  var interval = parseInt(box.dataset.pollMs, 10) || 1000;
  var refresh = box.querySelector("[data-job-refresh]");
  var waiting = {
    "queued": "Queued: it starts as soon as a worker is free.",
    "interrupted": "Interrupted by a restart of the server: it runs again shortly."
  };
  if (refresh) { refresh.hidden = true; }

  function set(name, text) {
    var field = box.querySelector('[data-job-field="' + name + '"]');
    if (field) { field.textContent = text; }
  }

  function show(status) {
    var bar = box.querySelector("[data-job-progress]");
    set("state", status.state);
    set("message", waiting[status.state] || status.message || "Working…");
    set("done", (status.done || 0).toLocaleString());
    set("total", status.total ? status.total.toLocaleString() : "…");
    var counter = box.querySelector("[data-job-counter]");
    if (counter) { counter.hidden = !status.total; }
    if (bar && status.total) {
      bar.max = status.total;
      bar.value = status.done || 0;
    }
    var counts = status.counts || {};
    Array.prototype.forEach.call(document.querySelectorAll("[data-job-count]"), function (cell) {
      cell.textContent = (counts[cell.dataset.jobCount] || 0).toLocaleString();
    });
  }

  function poll() {
    fetch(box.dataset.jobStatusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished || ["done", "failed", "cancelled"].indexOf(status.state) >= 0) {
          window.location.reload();
        } else {
          window.setTimeout(poll, interval);
        }
      })
      .catch(function () {
        if (refresh) { refresh.hidden = false; }
        window.setTimeout(poll, interval * 5);
      });
  }
  window.setTimeout(poll, interval);
})();
