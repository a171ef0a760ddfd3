// A long form (the secretary's nomination form) takes more than SESSION_IDLE_MINUTES to write,
// and typing sends no request: the session would end under the writer, and the save land on
// the sign-in page with the text gone. The first form of the page marked so gets:
//
// - data-keep-alive="<address>" (with data-idle-seconds): while there is typing, one request
//   to the keep-alive address every few minutes at most (config.views.keep_alive). No typing,
//   no request: an idle user is still signed out on time. Its answer shows when the user was
//   signed out after all (in another tab, or idle before typing again): the notice says what
//   was typed is kept and how to sign in again. Nothing typed for nearly the limit: a notice
//   says the sign-out is near, with a button that keeps the session.
// - data-keep-typing="<user id>": what is typed is kept in this tab (sessionStorage, as the
//   scorecard's save-on-leave in app.js, with its helpers), under the user and the page's
//   address, never sent anywhere. It is gone when the tab is closed or the user signs out
//   (app.js, data-forget-typing; a draft's also when the draft is deleted): only then is it
//   out of reach of the next one at a shared office computer. A page after the form was sent
//   that says it was saved (a success message) drops it (app.js). Coming back to the form
//   after signing in again, what differs from what the page brought is put back, with a notice
//   and a button to drop it; if the record changed since (its version field), only on the
//   user's word. Only the fields changed in this tab are kept and put back: a field another
//   tab changed and saved meanwhile keeps that change.
(function () {
  "use strict";
  var PREFIX = "kept-typing:";
  var SENT = "kept-typing-sent";  // the key of the form sent last from this tab (app.js)

  function read(key) {
    try { return JSON.parse(window.sessionStorage.getItem(key)); } catch (error) { return null; }
  }
  function write(key, value) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify(value));
    } catch (error) { /* storage off or full: nothing kept, as before */ }
  }
  function drop(key) {
    try { window.sessionStorage.removeItem(key); } catch (error) { /* storage off */ }
  }

  var form = document.querySelector("form[data-keep-typing], form[data-keep-alive]");
  if (!form) { return; }
  var key = form.hasAttribute("data-keep-typing") ?
    PREFIX + form.getAttribute("data-keep-typing") + ":" + window.location.pathname +
      window.location.search : null;

  var notices = document.querySelector("[data-kept-typing]");
  function show(name, shown) {
    var notice = notices && notices.querySelector("[data-kept=" + name + "]");
    if (notice) { notice.hidden = !shown; }
  }
  function version() {
    var field = form.querySelector("input[name=version]");
    return field ? field.value : "";
  }
  // Pairs as typedPairs makes them, by name: each name's values, as one comparable string.
  function byName(pairs) {
    var values = Object.create(null);
    pairs.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(
        String(pair[1]).replace(/\r\n/g, "\n").trim());
    });
    Object.keys(values).forEach(function (name) { values[name] = JSON.stringify(values[name]); });
    return values;
  }
  // The form as the page served it, as typedPairs has it: its boxes' defaults, not what the
  // user (or the browser, filling a page it shows again) put in since.
  function served() {
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (box) {
      if (!box.name || box.disabled || box.name === "version" ||
          box.name === "csrfmiddlewaretoken" || /^(submit|button|reset|file)$/.test(box.type)) {
        return;
      }
      if (box.type === "checkbox" || box.type === "radio") {
        if (box.defaultChecked) { pairs.push([box.name, box.value]); }
      } else if (box.tagName === "SELECT") {
        var options = Array.prototype.filter.call(box.options, function (option) {
          return option.defaultSelected;
        });
        if (!options.length && !box.multiple && box.options.length) { options = [box.options[0]]; }
        options.forEach(function (option) { pairs.push([box.name, option.value]); });
      } else {
        pairs.push([box.name, box.defaultValue]);
      }
    });
    return pairs;
  }
  // The names of the fields kept (kept before names were: all it holds).
  function keptNames(kept) {
    return Array.isArray(kept.names) ? kept.names : kept.typed.map(function (pair) {
      return pair[0];
    });
  }

  if (key) {
    // Only the fields changed in this tab are kept (and put back): not the others, which
    // another tab may have changed and saved meanwhile. Changed: differing from what the page
    // served, or changed already on the page before (one that came back with errors: it
    // serves what was sent).
    var start = served();
    var earlier = [];
    var keep = function () {
      var now = window.portalForms.typedPairs(form);
      var values = byName(now);
      var was = byName(start);
      var names = earlier.slice();
      Object.keys(values).concat(Object.keys(was)).forEach(function (name) {
        if (names.indexOf(name) < 0 && values[name] !== was[name]) { names.push(name); }
      });
      write(key, { version: version(), names: names, typed: now.filter(function (pair) {
        return names.indexOf(pair[0]) >= 0;
      }) });
    };
    var pending = null;
    document.addEventListener("input", function (event) {
      if (event.target.form !== form) { return; }
      window.clearTimeout(pending);
      pending = window.setTimeout(keep, 300);
    });
    document.addEventListener("change", function (event) {
      if (event.target.form === form) { keep(); }
    });
    // After app.js's handler (loaded first): a submit its question stopped is not sent.
    document.addEventListener("submit", function (event) {
      if (event.target !== form || event.defaultPrevented) { return; }
      window.clearTimeout(pending);
      keep();
      // Read by app.js on the page that answers (a success message drops what was kept).
      try { window.sessionStorage.setItem(SENT, key); } catch (error) { /* storage off */ }
    });

    var kept = read(key);
    var success = document.querySelector(".messages .alert-success");
    if (form.getAttribute("data-unsaved-guard") === "dirty" || success) {
      // The page shows what was sent (with its errors), or says it was saved: nothing to offer.
      earlier = kept && Array.isArray(kept.typed) ? keptNames(kept) : [];
      drop(key);
      if (!success) { keep(); }
    } else if (kept && Array.isArray(kept.typed)) {
      // After the other scripts of the page (unsaved-guard.js notes what the page brought).
      document.addEventListener("DOMContentLoaded", function () {
        var brought = window.portalForms.typedPairs(form);
        var names = keptNames(kept);
        var mine = byName(kept.typed);
        var now = byName(brought);
        if (names.every(function (name) { return mine[name] === now[name]; })) {
          drop(key);
          return;
        }
        // The page's own values, with the kept fields' in their place.
        var filled = brought.filter(function (pair) {
          return names.indexOf(pair[0]) < 0;
        }).concat(kept.typed);
        var restore = function () {
          window.portalForms.fillTyped(form, filled).forEach(function (box) {
            box.dispatchEvent(new Event("input", { bubbles: true }));  // counters, storage
          });
          show("newer", false);
          show("restored", true);
        };
        if (String(kept.version || "") === version()) {
          restore();
        } else {
          show("newer", true);
        }
        if (!notices) { return; }
        notices.querySelectorAll("[data-kept-restore]").forEach(function (button) {
          button.addEventListener("click", restore);
        });
        notices.querySelectorAll("[data-kept-discard]").forEach(function (button) {
          button.addEventListener("click", function () {
            window.portalForms.fillTyped(form, brought).forEach(function (box) {
              box.dispatchEvent(new Event("input", { bubbles: true }));
            });
            drop(key);
            show("newer", false);
            show("restored", false);
          });
        });
      });
    }
  }

  var address = form.getAttribute("data-keep-alive");
  if (!address) { return; }
  // A third of the idle limit, at most five minutes apart (at least ten seconds).
  var idle = Number(form.getAttribute("data-idle-seconds")) || 1800;
  var every = Math.max(10, Math.min(300, Math.floor(idle / 3))) * 1000;
  var last = Date.now();  // the page itself was a request
  var timer = null;
  // Nothing typed for nearly the idle limit: a notice says the sign-out is near (a third of
  // the limit before, two minutes at most), with a button that keeps the session.
  var warning = null;
  function warnLater() {
    window.clearTimeout(warning);
    warning = window.setTimeout(function () { show("idle", true); },
      idle * 1000 - Math.min(120000, Math.floor(idle / 3) * 1000));
  }
  warnLater();
  function ping() {
    timer = null;
    last = Date.now();
    warnLater();
    show("idle", false);
    window.fetch(address, { credentials: "same-origin", redirect: "manual", cache: "no-store" })
      .then(function (answer) {
        // Signed out: Django's redirect to the sign-in page (unread, "opaqueredirect").
        if (answer.type === "opaqueredirect" || answer.status === 401 || answer.status === 403) {
          window.clearTimeout(warning);
          show("idle", false);
          show("signed-out", true);
        }
      }, function () { /* offline: the next typing tries again */ });
  }
  document.addEventListener("input", function (event) {
    // The user's own typing only (not a restore's events).
    if (!event.isTrusted || event.target.form !== form || timer !== null) { return; }
    timer = window.setTimeout(ping, Math.max(0, last + every - Date.now()));
  });
  if (notices) {
    notices.querySelectorAll("[data-kept-alive]").forEach(function (button) {
      button.addEventListener("click", function () { window.clearTimeout(timer); ping(); });
    });
  }
})();
