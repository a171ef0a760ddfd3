// Files on a slow line. A file field with data-max-bytes (a nomination's photo, an attachment)
// checks a chosen file at once against the server's own limits and words
// (selection/uploads.py: browser_checks): one too large or of another type is taken out of the
// field, with the reason beside it, instead of being refused after minutes of sending. The
// server checks again. A form with data-upload-status shows, while it is sent with a file,
// that it is uploading (the element named by that id, its words in data-uploading-pattern).
(function () {
  "use strict";
  // The size as Django's filesizeformat writes it (1024-based, one decimal, a no-break space).
  function sizeLabel(bytes) {
    var units = ["bytes", "KB", "MB", "GB"];
    var size = bytes;
    var unit = 0;
    while (size >= 1024 && unit < units.length - 1) {
      size /= 1024;
      unit += 1;
    }
    return (unit === 0 ? String(bytes) : size.toFixed(1)) + "\u00a0" + units[unit];
  }

  function problem(field, file) {
    var extensions = (field.getAttribute("data-extensions") || "").split(",");
    var dot = file.name.lastIndexOf(".");
    var extension = dot === -1 ? "" : file.name.slice(dot).toLowerCase();
    if (extensions.indexOf(extension) === -1) {
      return field.getAttribute("data-bad-type");
    }
    if (file.size > Number(field.getAttribute("data-max-bytes"))) {
      return field.getAttribute("data-too-large").replace("__SIZE__", sizeLabel(file.size));
    }
    return "";
  }

  // The field's own message element, made the first time a file is refused.
  function note(field) {
    var id = field.id + "-check";
    var element = document.getElementById(id);
    if (!element) {
      element = document.createElement("div");
      element.id = id;
      element.className = "invalid-feedback d-block upload-check";
      element.setAttribute("role", "alert");
      field.insertAdjacentElement("afterend", element);
    }
    return element;
  }

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field.matches && field.matches("input[type=file][data-max-bytes]"))) { return; }
    var refused = Array.prototype.map.call(field.files, function (file) {
      return problem(field, file);
    }).filter(Boolean);
    var element = note(field);
    element.textContent = refused.join(" ");
    element.hidden = refused.length === 0;
    field.classList.toggle("is-invalid", refused.length > 0);
    // The refusal is announced beside the field's own help (its limits), never instead of it.
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== element.id;
    });
    if (refused.length) {
      field.value = "";  // never sent
      field.setAttribute("aria-invalid", "true");
      described.push(element.id);
    } else {
      field.removeAttribute("aria-invalid");
    }
    if (described.length) {
      field.setAttribute("aria-describedby", described.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  });

  // After app.js's handler (loaded first): a submit its question stopped is not sent.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-upload-status")) { return; }
    var bytes = 0;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.type === "file" && !field.disabled) {
        Array.prototype.forEach.call(field.files, function (file) { bytes += file.size; });
      }
    });
    var status = document.getElementById(form.getAttribute("data-upload-status"));
    if (!bytes || !status) { return; }
    status.textContent = form.getAttribute("data-uploading-pattern").replace("__SIZE__", sizeLabel(bytes));
    status.hidden = false;
  });
  // Back to the page from the browser's cache: it is no longer being sent.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-upload-status]").forEach(function (form) {
      var status = document.getElementById(form.getAttribute("data-upload-status"));
      if (status) { status.hidden = true; }
    });
  });
})();
