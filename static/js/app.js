// Small behaviours without inline script (the Content-Security-Policy forbids it).
(function () {
  "use strict";
  // A button that opens the browser's print dialog (the printable notice's 打印).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) { window.print(); }
  });
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]") && el.form) {
      // The language switch of a page shared from the cache carries its path only: the
      // visitor's own filters and page come back from the address bar. Only then: a page shown
      // in answer to a form names the page the form was sent from (the form's own address
      // takes only the form).
      var next = el.form.querySelector("input[name=next]");
      if (next && el.form.classList.contains("language-switch") && next.value === window.location.pathname) {
        next.value = window.location.pathname + window.location.search;
      }
      el.form.submit();
    }
    // A header box that ticks every box of its form named by data-check-all.
    if (el.matches && el.matches("[data-check-all]") && el.form) {
      el.form.querySelectorAll("input[type=checkbox][name='" + el.getAttribute("data-check-all") + "']")
        .forEach(function (box) { box.checked = el.checked; });
    }
  });
  // A search box that narrows the options of the select named by data-filter-select (by id):
  // options whose text lacks the words are hidden, and so is a group left empty; the first
  // match is chosen when the choice is empty or hidden.
  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!(box.matches && box.matches("[data-filter-select]"))) { return; }
    var select = document.getElementById(box.getAttribute("data-filter-select"));
    if (!select) { return; }
    var words = box.value.trim().toLowerCase();
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) { return; }
      var group = option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
      var text = (group + " " + option.text).toLowerCase();
      option.hidden = words !== "" && text.indexOf(words) === -1;
    });
    select.querySelectorAll("optgroup").forEach(function (group) {
      group.hidden = !Array.prototype.some.call(group.children, function (o) { return !o.hidden; });
    });
    var chosen = select.options[select.selectedIndex];
    if (words !== "" && (!chosen || !chosen.value || chosen.hidden)) {
      var first = Array.prototype.find.call(select.options, function (o) { return o.value && !o.hidden; });
      select.value = first ? first.value : "";
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    // The question may sit on the form or on the button that submitted it.
    var question = (event.submitter && event.submitter.getAttribute("data-confirm")) ||
      form.getAttribute("data-confirm");
    // A form the browser can already tell is wrong (a box out of its min/max/step, one left
    // empty) shows where, before a question that says the step cannot be undone: a novalidate
    // form (an autosaved draft) is checked here, on the confirmed button only.
    if (question && form.noValidate && !form.checkValidity()) {
      form.reportValidity();
      event.preventDefault();
      return;
    }
    // A form that acts on the ticked rows (data-needs-ticked: the boxes' name) says so when
    // none is ticked, rather than asking whether to go on with nothing.
    var needs = form.getAttribute("data-needs-ticked");
    if (needs && !form.querySelector("input[type=checkbox][name='" + needs + "']:checked")) {
      window.alert(form.getAttribute("data-needs-ticked-message"));
      event.preventDefault();
      return;
    }
    if (question && form.dataset.confirmed !== "1" && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    delete form.dataset.confirmed;
    // An autosaved draft's post waits while an autosave is on its way: its answer hands the
    // form the record's next version, and a post made from the one before would be refused
    // as made in another window. Sent again then, not asked again.
    if (form.hasAttribute("data-save-on-leave") && form.classList.contains("htmx-request")) {
      event.preventDefault();
      var submitter = event.submitter;
      form.dataset.confirmed = "1";
      form.addEventListener("htmx:afterRequest", function () {
        window.setTimeout(function () { form.requestSubmit(submitter); }, 0);
      }, { once: true });
      return;
    }
    // Guard against double submits on slow networks: the server refuses them too. The buttons
    // it disables are marked, so that coming back to the page (pageshow) enables those only:
    // a button the page was served disabled (what cannot be done yet, its reason beside it)
    // stays disabled.
    if (!form.hasAttribute("data-allow-resubmit")) {
      form.querySelectorAll("button[type=submit]:not([disabled])").forEach(function (button) {
        window.setTimeout(function () {
          button.disabled = true;
          button.setAttribute("data-sent", "");
        }, 0);
      });
    }
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form button[type=submit][data-sent]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-sent");
    });
  });
  // A draft saved as typed (data-save-on-leave on a form posting to its autosave address):
  // what was typed since the last save is sent as the page is left, so a reviewer who goes
  // back within the autosave's delay loses nothing. A beacon outlives the page; it carries
  // the form's CSRF token like any post of the form.
  // Each input counts an edit; an autosave clears the mark only if nothing was typed while
  // it was on its way (that typing is not in what it saved).
  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.hasAttribute("data-save-on-leave")) {
      form.dataset.edits = String(Number(form.dataset.edits || 0) + 1);
      form.dataset.unsaved = "1";
    }
  });
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.dataset) { form.dataset.sentEdits = form.dataset.edits || "0"; }
  });
  // An answer saying nothing was saved ([data-not-saved]: the card taken back, changed in
  // another window) leaves the mark too: the typing is sent again as the page is left, and
  // this tab keeps a copy of it (what the page of a card taken back lists on a reload).
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    var answer = event.detail.target;
    if (form && form.dataset && event.detail.successful &&
        (form.dataset.edits || "0") === form.dataset.sentEdits &&
        !(answer && answer.querySelector && answer.querySelector("[data-not-saved]"))) {
      delete form.dataset.unsaved;
    }
  });
  // An autosave answered with an error the page has no line for (a 404, a 500) or not at
  // all (the network): its status says it failed, rather than keep an earlier "saved" time.
  ["htmx:responseError", "htmx:sendError"].forEach(function (name) {
    document.body.addEventListener(name, function (event) {
      var form = event.detail.elt;
      var status = document.getElementById("autosave-status");
      if (!form || !form.hasAttribute || !form.hasAttribute("data-save-on-leave") ||
          !status || !status.dataset.failed) { return; }
      var line = document.createElement("span");
      line.className = "text-danger";
      line.setAttribute("role", "alert");
      line.textContent = status.dataset.failed;
      status.replaceChildren(line);
    });
  });
  document.addEventListener("submit", function (event) {
    // the form's own post carries everything (unless a question stopped it)
    if (!event.defaultPrevented) { delete event.target.dataset.unsaved; }
  });
  window.addEventListener("pagehide", function () {
    document.querySelectorAll("form[data-save-on-leave][data-unsaved]").forEach(function (form) {
      var data = new FormData(form);
      // An autosave still on its way moves the record's version by one when it is saved:
      // what was typed since follows it.
      if (form.classList.contains("htmx-request") && data.has("version")) {
        data.set("version", String(Number(data.get("version")) + 1));
      }
      var address = form.getAttribute("data-save-on-leave");
      if (navigator.sendBeacon(address, data)) {
        delete form.dataset.unsaved;
        // Saved, it moves the version by one like any save. The page that follows in this
        // tab (a reload) may be served before it lands, made from the version before: this
        // tab alone (sessionStorage) notes the version it will produce, for that page to
        // take (adoptLeaveSave). Another tab does not, and is refused as it should be.
        // With it, what the save carries: that page shows the boxes as they were before it,
        // and would otherwise save them back empty.
        if (data.has("version")) {
          try {
            window.sessionStorage.setItem(LEAVE_SAVE + address, JSON.stringify({
              version: Number(data.get("version")) + 1, typed: typedPairs(form, data)
            }));
          } catch (error) { /* storage off: the reload is refused, nothing is lost */ }
        }
      }
    });
  });
  // A page served before its tab's save-on-leave landed carries the version just before the
  // one that save produces: it takes that one, once, with the boxes as that save has them.
  // Any other version (another save since, or the save refused) is left as served.
  var LEAVE_SAVE = "leave-save:";
  function adoptLeaveSave() {
    document.querySelectorAll("form[data-save-on-leave]").forEach(function (form) {
      var key = LEAVE_SAVE + form.getAttribute("data-save-on-leave");
      var field = form.querySelector("input[name=version]");
      var noted;
      try {
        noted = JSON.parse(window.sessionStorage.getItem(key));
        window.sessionStorage.removeItem(key);
      } catch (error) { return; }
      if (!field || field.value === "" || !noted || Number(field.value) + 1 !== noted.version) {
        return;
      }
      field.value = String(noted.version);
      fillTyped(form, noted.typed);
    });
  }
  // What a form holds that was typed or picked, as [name, value] pairs kept in sessionStorage
  // (the scorecard's save-on-leave above; static/js/keep-alive.js): no file, no version, no
  // CSRF token. ``data``: the form's FormData, when already made.
  function typedPairs(form, data) {
    var typed = [];
    (data || new FormData(form)).forEach(function (value, name) {
      if (typeof value === "string" && name !== "version" && name !== "csrfmiddlewaretoken") {
        typed.push([name, value]);
      }
    });
    return typed;
  }
  // Puts such pairs back into the form's boxes (hidden fields are left as the page has them);
  // returns the boxes whose value changed.
  function fillTyped(form, pairs) {
    var typed = new Map(pairs);
    var changed = [];
    form.querySelectorAll("input[name], textarea[name], select[name]").forEach(function (box) {
      if (box.type === "hidden" || box.type === "submit" || box.type === "file") { return; }
      var before = box.type === "checkbox" || box.type === "radio" ? box.checked : box.value;
      if (box.type === "checkbox") {
        box.checked = typed.has(box.name);
      } else if (box.type === "radio") {
        box.checked = typed.get(box.name) === box.value;
      } else if (typed.has(box.name)) {
        box.value = typed.get(box.name);
      }
      if (before !== (box.type === "checkbox" || box.type === "radio" ? box.checked : box.value)) {
        changed.push(box);
      }
    });
    return changed;
  }
  window.portalForms = { typedPairs: typedPairs, fillTyped: fillTyped };
  // A long form's typing kept in this tab (static/js/keep-alive.js, which notes the key of
  // what it sends): the page that answers the send drops it if it says it was saved (a
  // success message); the sign-in pages on the way back ([data-sign-in]) leave the note to
  // the page after them. What was not saved stays, for the form's page to offer back.
  // The sign-in page says so, under its "what you typed was not saved" ([data-kept-note]).
  try {
    var sent = window.sessionStorage.getItem("kept-typing-sent");
    var note = document.querySelector("[data-kept-note]");
    if (sent && note && window.sessionStorage.getItem(sent)) { note.hidden = false; }
    if (sent && !document.querySelector("[data-sign-in]")) {
      window.sessionStorage.removeItem("kept-typing-sent");
      if (document.querySelector(".messages .alert-success")) {
        window.sessionStorage.removeItem(sent);
      }
    }
  } catch (error) { /* storage off: nothing was kept */ }
  // What this tab keeps of the user's typing (keep-alive.js's "kept-typing:" entries and its
  // note of the form sent last, the save-on-leave's "leave-save:" ones) goes as a form marked
  // data-forget-typing is sent (not one a question stopped): the sign-out form (navbar) takes
  // all of it, so the next one at a shared computer finds none; a draft's delete form, what
  // was kept for the address it names (the draft's form).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-forget-typing")) { return; }
    var page = form.getAttribute("data-forget-typing");
    function forget(key) {
      if (!page) {
        return key.indexOf("kept-typing:") === 0 || key.indexOf(LEAVE_SAVE) === 0 ||
          key === "kept-typing-sent";
      }
      var kept = key === "kept-typing-sent" ? window.sessionStorage.getItem(key) : key;
      return kept.indexOf("kept-typing:") === 0 && kept.indexOf(":" + page) !== -1;
    }
    try {
      Object.keys(window.sessionStorage).filter(forget).forEach(function (key) {
        window.sessionStorage.removeItem(key);
      });
    } catch (error) { /* storage off: nothing was kept */ }
  });
  adoptLeaveSave();
  // The page of a card taken back, on a reload ([data-kept-from]: the card's autosave
  // address): what this tab's save-on-leave kept of the card, typed and never saved, filled
  // into the rows and labels the page has for it ([data-kept]: a box's name; [data-kept-veto]:
  // the veto ticked, "on", or not, "off"). The copy stays for the tab's life, so that a
  // second reload shows it again; the card's scoring form takes it if it comes back.
  function showKeptTyping() {
    var kept = document.querySelector("[data-kept-from]");
    var noted;
    if (!kept) { return; }
    try {
      noted = JSON.parse(window.sessionStorage.getItem(LEAVE_SAVE + kept.getAttribute("data-kept-from")));
    } catch (error) { return; }
    if (!noted || !Array.isArray(noted.typed)) { return; }
    var typed = new Map(noted.typed);
    var veto = typed.has("veto");
    var anything = veto;
    kept.querySelectorAll("[data-kept]").forEach(function (cell) {
      var value = String(typed.get(cell.getAttribute("data-kept")) || "").trim();
      if (!value) { return; }
      anything = true;
      // Line breaks kept, as the page's own list shows them (linebreaksbr); text, never HTML.
      cell.replaceChildren();
      value.split("\n").forEach(function (line, i) {
        if (i) { cell.appendChild(document.createElement("br")); }
        cell.appendChild(document.createTextNode(line));
      });
    });
    var reason = String(typed.get("veto_reason") || "").trim();
    kept.querySelectorAll("[data-kept-veto]").forEach(function (line) {
      line.hidden = line.getAttribute("data-kept-veto") === "on" ? !veto : veto || !reason;
    });
    kept.hidden = !anything;
  }
  showKeptTyping();
  // A page shown again from the back-forward cache is the one that sent the save.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { adoptLeaveSave(); }
  });
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
  // The box a page opens at (data-focus-first: a scorecard's first empty or wrong box) takes
  // the keyboard on a wide screen only: on a phone, focusing it scrolled the page past the
  // candidate's details at its top.
  var first = document.querySelector("[data-focus-first]");
  if (first && window.matchMedia("(min-width: 768px)").matches) { first.focus(); }
})();
