/*
 * When a page comes back with errors, move the keyboard focus to the error summary and bring
 * it into view, so a failed form never looks like nothing happened (screen readers announce it
 * too). Without a summary, the first error message (a flash) gets the same treatment.
 * Loaded from a file: the Content-Security-Policy forbids inline script.
 */
(function () {
  "use strict";

  function focusFirstError() {
    var target = document.querySelector(".error-summary") || document.querySelector(".flash-error");
    if (!target) {
      return;
    }
    if (!target.hasAttribute("tabindex")) {
      target.setAttribute("tabindex", "-1");
    }
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusFirstError);
  } else {
    focusFirstError();
  }
})();
