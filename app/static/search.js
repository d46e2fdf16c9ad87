// Search-as-you-type: after a pause in typing, show the best few matches under the
// name box (from the JSON API). The form works the same without this file.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var box = form && form.querySelector("input[name=q]");
  if (!box) { return; }
  var DELAY_MS = 300;
  var MIN_LENGTH = 3;
  var LIMIT = 5;
  var timer = null;
  var latest = 0;

  var list = document.createElement("ul");
  list.className = "suggestions";
  list.id = "search-suggestions";
  list.setAttribute("aria-live", "polite");
  list.setAttribute("aria-label", "Best matches so far");
  box.setAttribute("aria-describedby", list.id);
  box.parentNode.appendChild(list);

  function clear() { while (list.firstChild) { list.removeChild(list.firstChild); } }

  function show(results) {
    clear();
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.name;  // textContent: names are never parsed as HTML
      var detail = document.createElement("span");
      detail.className = "hint";
      detail.textContent = " " + result.score.toFixed(2) + " · " + result.kind +
        (result.programs.length ? " · " + result.programs.join(", ") : "");
      item.appendChild(link);
      item.appendChild(detail);
      list.appendChild(item);
    });
  }

  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    var value = box.value.trim();
    if (value.length < MIN_LENGTH) { clear(); return; }
    timer = window.setTimeout(function () {
      var ticket = ++latest;
      var url = "/api/v1/search?limit=" + LIMIT + "&q=" + encodeURIComponent(value);
      fetch(url, { headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (body) { if (ticket === latest) { show(body.results || []); } })
        .catch(function () { clear(); });
    }, DELAY_MS);
  });
})();
