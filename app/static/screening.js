// Screening progress: ask the status endpoint every few moments and move the progress
// bar; when the job is finished, reload for the summary and the download link.
// Without this file the page offers a "Refresh" link instead.
(function () {
  "use strict";
  var job = document.getElementById("screening-job");
  if (!job || job.dataset.state === "done" || job.dataset.state === "failed") { return; }
  var bar = document.getElementById("screening-progress");
  var done = document.getElementById("screening-done");
  var refresh = document.getElementById("screening-refresh");
  var counts = {
    "match": document.getElementById("screening-count-match"),
    "no match": document.getElementById("screening-count-no-match"),
    "error": document.getElementById("screening-count-error")
  };
  var interval = parseInt(job.dataset.pollMs, 10) || 1000;
  if (refresh) { refresh.parentNode.hidden = true; }

  function show(status) {
    bar.value = status.done;
    done.textContent = status.done.toLocaleString();
    Object.keys(counts).forEach(function (key) {
      if (counts[key]) { counts[key].textContent = (status.counts[key] || 0).toLocaleString(); }
    });
  }

  function poll() {
    fetch(job.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.state === "done" || status.state === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, interval);
        }
      })
      .catch(function () { if (refresh) { refresh.parentNode.hidden = false; } });
  }
  window.setTimeout(poll, interval);
})();
