// A form saved only by its own buttons (data-unsaved-guard: the secretary's nomination form)
// has the browser ask before the page is left while the form holds what was not saved: what
// it holds differs from what the page brought, or, with data-unsaved-guard="dirty", from the
// start (the page came back with errors: what it shows was never saved). The form's own
// submit is never asked about; a save brings a new page, clean again. Unlike the scorecard
// (data-save-on-leave in app.js), nothing is sent on leaving: a nomination is saved whole,
// with its checks, by the secretary's choice.
(function () {
  "use strict";
  // What the form holds, as one string: every named field (a file field by the files chosen;
  // buttons left out). Fields outside the form that name it (form="…") count too.
  function contents(form) {
    return Array.prototype.map.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.type === "submit" || field.type === "button") {
        return "";
      }
      if (field.type === "file") {
        return field.name + "=" + Array.prototype.map.call(field.files, function (file) {
          return file.name + ":" + file.size;
        }).join(",");
      }
      if (field.type === "checkbox" || field.type === "radio") {
        return field.name + "=" + field.checked;
      }
      return field.name + "=" + field.value;
    }).join("\n");
  }
  var guarded = Array.prototype.map.call(
    document.querySelectorAll("form[data-unsaved-guard]"),
    function (form) {
      var dirty = form.getAttribute("data-unsaved-guard") === "dirty";
      return { form: form, start: dirty ? null : contents(form) };
    }
  );
  var sending = false;
  // After app.js's handler (loaded first): a submit its question stopped is not sent.
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && event.target.hasAttribute("data-unsaved-guard")) {
      sending = true;
    }
  });
  window.addEventListener("pageshow", function () { sending = false; });
  window.addEventListener("beforeunload", function (event) {
    if (sending) { return; }
    var unsaved = guarded.some(function (entry) {
      return entry.start === null || contents(entry.form) !== entry.start;
    });
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";  // browsers show their own words; some ask only with this set
    }
  });
})();
