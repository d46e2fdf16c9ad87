// The "Print" button (hidden without JavaScript: the browser's own Print works too).
(function () {
  "use strict";
  var button = document.querySelector(".print-button");
  if (!button) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
