// Included by a page that answers a POST with a form again (its errors shown): the page's
// history entry becomes a plain visit of the same address, so that Back to it later — from
// the page the corrected form led to — loads the address again instead of offering to
// resubmit the first, refused form (Chrome's "Confirm form resubmission", ERR_CACHE_MISS).
(function () {
  "use strict";
  if (window.history && window.history.replaceState) {
    window.history.replaceState(window.history.state, "", window.location.href);
  }
})();
