// Small behaviours without inline script (the Content-Security-Policy forbids it).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      el.form.submit();
    }
    // A header box that ticks every box of its form named by data-check-all.
    if (el.matches && el.matches("[data-check-all]") && el.form) {
      el.form.querySelectorAll("input[type=checkbox][name='" + el.getAttribute("data-check-all") + "']")
        .forEach(function (box) { box.checked = el.checked; });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // Guard against double submits on slow networks: the server refuses them too.
    if (!form.hasAttribute("data-allow-resubmit")) {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        window.setTimeout(function () { button.disabled = true; }, 0);
      });
    }
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form button[type=submit][disabled]").forEach(function (button) {
      button.disabled = false;
    });
  });
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
