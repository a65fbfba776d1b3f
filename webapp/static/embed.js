// Embed mode: tell the intranet page that frames Veiviser how tall the content is, so it can
// size the frame, and after each step that it should scroll to the frame's top. An enhancement
// only: every page works without it.
//
// The message goes only to origins on the allow-list (data-allowed-origins), never to "*": to
// the framing page's origin when the browser names it, else to each allowed origin, and the
// browser delivers it only to the one that is really our parent.
(function () {
  "use strict";

  // After a refused form, focus goes to the error summary (as GOV.UK's does). Outside a frame
  // the summary's autofocus attribute does it without JavaScript; browsers ignore autofocus in
  // a cross-origin frame, so here it takes a script.
  var summary = document.querySelector("[data-error-summary]");
  if (summary && document.activeElement !== summary) {
    summary.focus();
  }

  var script = document.currentScript;
  if (!script || window.parent === window) {
    return;
  }
  var allowed = (script.getAttribute("data-allowed-origins") || "").split(/\s+/).filter(Boolean);
  if (!allowed.length) {
    return;
  }

  function originOf(url) {
    try {
      return new URL(url).origin;
    } catch (error) {
      return null;
    }
  }

  function targetOrigins() {
    // Chromium and Safari name the framing page's origin; that answer is authoritative.
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length) {
      return allowed.indexOf(ancestors[0]) >= 0 ? [ancestors[0]] : [];
    }
    // Elsewhere the referrer names it, but only on the first page of the frame.
    var referrer = document.referrer ? originOf(document.referrer) : null;
    if (referrer && allowed.indexOf(referrer) >= 0) {
      return [referrer];
    }
    return allowed;
  }

  var targets = targetOrigins();
  var lastHeight = -1;
  // A page reached from one of our own (the next step, or the same step with its errors) asks
  // the intranet page to scroll to the top of the frame, where the new page begins. The first
  // page of the frame does not: the applicant has not started yet.
  var scrollHint = Boolean(document.referrer) && originOf(document.referrer) === window.location.origin;

  function postHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight) {
      return;
    }
    lastHeight = height;
    var message = { type: "veiviser:height", height: height };
    if (scrollHint) {
      message.scroll = "top";
      scrollHint = false;
    }
    targets.forEach(function (origin) {
      window.parent.postMessage(message, origin);
    });
  }

  if (typeof window.ResizeObserver === "function") {
    new window.ResizeObserver(postHeight).observe(document.documentElement);
  }
  window.addEventListener("load", postHeight);
  postHeight();
})();
