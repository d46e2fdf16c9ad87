// Search-as-you-type: after a pause in typing, submit the search form.
// The page works the same without this file.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var box = form.querySelector("input[name=q]");
  var timer = null;
  var last = box ? box.value : "";
  var DELAY_MS = 600;
  var MIN_LENGTH = 3;
  if (!box) { return; }
  box.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var value = box.value.trim();
      if (value.length >= MIN_LENGTH && value !== last) {
        last = value;
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    }, DELAY_MS);
  });
  // Keep the caret at the end after a reload caused by typing.
  if (document.activeElement !== box && box.value && window.location.pathname.indexOf("/search") === 0) {
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }
})();
