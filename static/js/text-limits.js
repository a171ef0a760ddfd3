// Under each text box with a maxlength in a form marked data-text-limits: a counter of what
// was typed against the limit, and a note when a paste or a drop was cut at the limit (the
// browser cuts it without a word). The sentences come translated from the form, with
// placeholders: data-count-pattern (__N__ typed of __MAX__) and data-cut-pattern (__CUT__
// characters left out of __MAX__). Counted as the browser counts for maxlength (a line break
// is one character); the server checks the limits all the same.
(function () {
  "use strict";
  function fill(pattern, values) {
    return pattern.replace(/__([A-Z]+)__/g, function (whole, key) {
      return key in values ? String(values[key]) : whole;
    });
  }
  function lengthOf(text) { return text.replace(/\r\n?/g, "\n").length; }
  function note(box, suffix, className) {
    var element = document.createElement("div");
    element.id = box.id + suffix;
    element.className = className;
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + element.id);
    return element;
  }
  function limit(form, box) {
    var max = parseInt(box.getAttribute("maxlength"), 10);
    var counter = note(box, "_count", "form-text text-count");
    var cut = note(box, "_cut", "form-text text-danger text-cut");
    cut.hidden = true;
    cut.setAttribute("role", "status");
    box.insertAdjacentElement("afterend", cut);
    box.insertAdjacentElement("afterend", counter);
    function count() {
      var typed = lengthOf(box.value);
      counter.textContent = fill(form.getAttribute("data-count-pattern"), { N: typed, MAX: max });
      counter.classList.toggle("at-limit", typed >= max);
    }
    // What the box would hold had nothing been cut, checked once the browser has inserted it.
    function inserting(text, replaced) {
      var expected = lengthOf(box.value) - replaced + lengthOf(text);
      window.setTimeout(function () {
        var lost = expected - lengthOf(box.value);
        cut.hidden = lost <= 0;
        cut.textContent = lost > 0
          ? fill(form.getAttribute("data-cut-pattern"), { CUT: lost, MAX: max }) : "";
        count();
      }, 0);
    }
    box.addEventListener("paste", function (event) {
      var text = event.clipboardData ? event.clipboardData.getData("text") : "";
      inserting(text, Math.abs(box.selectionEnd - box.selectionStart));
    });
    box.addEventListener("drop", function (event) {
      inserting(event.dataTransfer ? event.dataTransfer.getData("text") : "", 0);
    });
    box.addEventListener("input", count);
    count();
  }
  document.querySelectorAll("form[data-text-limits]").forEach(function (form) {
    Array.prototype.forEach.call(form.elements, function (box) {
      var text = box.tagName === "TEXTAREA" || box.type === "text" || box.type === "search";
      if (text && box.id && box.getAttribute("maxlength")) { limit(form, box); }
    });
  });
})();
