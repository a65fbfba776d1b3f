// Enhancements for every page; each page works without them.
(function () {
  "use strict";

  // After a refused form, focus goes to the error summary (as GOV.UK's does), so a screen reader
  // reads the problems first and a keyboard user is one Tab from the first link. The autofocus
  // attribute does this without JavaScript, except inside a cross-origin frame (an intranet),
  // where browsers ignore autofocus.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
