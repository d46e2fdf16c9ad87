// Admin forms, made smoother. Everything works without this file: "add another" and
// "remove" are real submit buttons the server understands; here they act in place.
(function () {
  "use strict";

  function renumber(row, group, index) {
    var pattern = new RegExp("^" + group + "-\\d+-");
    row.querySelectorAll("[name], [id], label[for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        var value = el.getAttribute(attr);
        if (value && pattern.test(value)) {
          el.setAttribute(attr, value.replace(pattern, group + "-" + index + "-"));
        }
      });
    });
  }

  function clearRow(row) {
    row.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (el.type === "submit" || el.type === "button" || el.type === "hidden") { return; }
      if (el.tagName === "SELECT") {
        var preferred = el.querySelector("option[selected]");
        el.value = preferred ? preferred.value : el.options[0].value;
      } else if (el.type === "checkbox") {
        el.checked = false;
      } else {
        el.value = el.defaultValue && el.name.endsWith("-relation") ? "linked to" : "";
      }
      el.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".field-errors, .link-candidates, .lookup-results").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
  }

  function nextIndex(container, group) {
    var highest = -1;
    var pattern = new RegExp("^" + group + "-(\\d+)-");
    container.querySelectorAll("[name]").forEach(function (el) {
      var match = pattern.exec(el.getAttribute("name"));
      if (match) { highest = Math.max(highest, parseInt(match[1], 10)); }
    });
    return highest + 1;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row], [data-remove-row], [data-lookup], [data-choose]");
    if (!button) { return; }
    if (button.hasAttribute("data-add-row")) {
      var group = button.getAttribute("data-add-row");
      var container = button.closest(".repeat-group").querySelector(".repeat-rows");
      var rows = container.querySelectorAll(".repeat-row");
      var template = rows[rows.length - 1];
      var copy = template.cloneNode(true);
      renumber(copy, group, nextIndex(container, group));
      clearRow(copy);
      container.appendChild(copy);
      var first = copy.querySelector("input:not([type=hidden]):not([type=submit]), select, textarea");
      if (first) { first.focus(); }
      event.preventDefault();
    } else if (button.hasAttribute("data-remove-row")) {
      var row = button.closest(".repeat-row");
      var siblings = row.parentNode.querySelectorAll(".repeat-row");
      if (siblings.length > 1) { row.remove(); } else { clearRow(row); }
      event.preventDefault();
    } else if (button.hasAttribute("data-lookup")) {
      event.preventDefault();
      lookup(button.closest(".repeat-row"), button.getAttribute("data-lookup"));
    } else if (button.hasAttribute("data-choose")) {
      event.preventDefault();
      var linkRow = button.closest(".repeat-row");
      linkRow.querySelector("input[name$='-target_id']").value = button.getAttribute("data-choose");
      linkRow.querySelector("input[name$='-target_name']").value = button.getAttribute("data-name");
      button.closest(".lookup-results").remove();
    }
  });

  function lookup(row, url) {
    var name = row.querySelector("input[name$='-target_name']").value.trim();
    if (!name) { return; }
    fetch(url + "?q=" + encodeURIComponent(name), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var old = row.querySelector(".lookup-results");
        if (old) { old.remove(); }
        var list = document.createElement("ul");
        list.className = "lookup-results";
        (data.results || []).forEach(function (hit) {
          var item = document.createElement("li");
          var choose = document.createElement("button");
          choose.type = "button";
          choose.setAttribute("data-choose", String(hit.id));
          choose.setAttribute("data-name", hit.name);
          choose.textContent = hit.name + " (record " + hit.id + ")";
          item.appendChild(choose);
          list.appendChild(item);
        });
        if (!list.children.length) {
          var none = document.createElement("li");
          none.textContent = "No designation matches that name.";
          list.appendChild(none);
        }
        row.appendChild(list);
      });
  }

  // A "Find" button beside each link's name, to choose the linked designation by search.
  document.querySelectorAll(".link-lookup").forEach(function (slot) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Find";
    button.setAttribute("data-lookup", slot.getAttribute("data-lookup-url"));
    slot.appendChild(button);
  });
})();
