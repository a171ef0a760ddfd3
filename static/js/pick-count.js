// The "已选 N 名" counter of a choice form (a node's pool, the results page's shortlist) follows
// the ticks as they are made, without a reload. A counter names the boxes it counts
// (data-pick-count), the places (data-quota) and its sentence with __N__ for the number
// (data-pattern, translated on the server). Past the places it turns to a warning and shows
// the element named by data-over (by id); the server refuses an over-quota choice all the same.
(function () {
  "use strict";
  function update(form) {
    form.querySelectorAll("[data-pick-count]").forEach(function (counter) {
      var name = counter.getAttribute("data-pick-count");
      var ticked = form.querySelectorAll(
        "input[type=checkbox][name='" + name + "']:checked"
      ).length;
      var over = ticked > parseInt(counter.getAttribute("data-quota"), 10);
      counter.textContent = counter.getAttribute("data-pattern").replace("__N__", String(ticked));
      counter.setAttribute("data-count", String(ticked));
      counter.classList.toggle("over-quota", over);
      var note = document.getElementById(counter.getAttribute("data-over"));
      if (note) { note.hidden = !over; }
    });
  }
  // Said for the ticks the page was rendered with (who joins and who leaves a confirmed list):
  // once a box changes, that comparison is hidden.
  function stale(form) {
    form.querySelectorAll("[data-stale-on-change]").forEach(function (note) { note.hidden = true; });
  }
  // A confirm button over a confirmed list (data-confirm-leaving: the list's id) asks from the
  // ticks as they are now: naming whoever of the list is no longer ticked, with the question
  // its item for that many carries (__NAMES__ for their names, translated on the server), and
  // its plain question (data-confirm-plain) only when nobody leaves.
  function leaving(form) {
    form.querySelectorAll("[data-confirm-leaving]").forEach(function (button) {
      var list = document.getElementById(button.getAttribute("data-confirm-leaving"));
      if (!list) { return; }
      var ticked = {};
      form.querySelectorAll(
        "input[type=checkbox][name='" + list.getAttribute("data-boxes") + "']:checked"
      ).forEach(function (box) { ticked[box.value] = true; });
      var items = Array.prototype.slice.call(list.querySelectorAll("[data-nomination]"));
      var gone = items.filter(function (item) { return !ticked[item.getAttribute("data-nomination")]; });
      var question = button.getAttribute("data-confirm-plain");
      if (gone.length) {
        var names = gone.map(function (item) { return item.getAttribute("data-name"); });
        question = items[gone.length - 1].getAttribute("data-question")
          .replace("__NAMES__", function () { return names.join(list.getAttribute("data-separator")); });
      }
      button.setAttribute("data-confirm", question);
    });
  }
  // The warning that the ticks depart from rank order (data-rank-order: the choosable
  // nominations' ids in rank order, as far as the page's boxes reach), shown exactly when the
  // ids ticked are not the first of that order, as many as are ticked: the services' own test,
  // which still decides on submit. While shown, the reason field (data-reason, by id) is
  // described by it, since the reason is then required.
  function departure(form) {
    form.querySelectorAll("[data-rank-order]").forEach(function (warning) {
      var ticked = {};
      form.querySelectorAll(
        "input[type=checkbox][name='" + warning.getAttribute("data-boxes") + "']:checked"
      ).forEach(function (box) { ticked[box.value] = true; });
      var ids = Object.keys(ticked);
      var first = warning.getAttribute("data-rank-order").split(" ").slice(0, ids.length);
      warning.hidden = !ids.some(function (id) { return first.indexOf(id) === -1; });
      describe(warning);
    });
  }
  function describe(warning) {
    var field = document.getElementById(warning.getAttribute("data-reason"));
    if (!field) { return; }
    var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== warning.id;
    });
    if (!warning.hidden) { ids.push(warning.id); }
    if (ids.length) {
      field.setAttribute("aria-describedby", ids.join(" "));
    } else {
      field.removeAttribute("aria-describedby");
    }
  }
  document.querySelectorAll("[data-rank-order]").forEach(describe);
  // After app.js's own handler (loaded first), so a box that ticks the whole page has done so.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox]") && box.form) {
      update(box.form);
      stale(box.form);
      leaving(box.form);
      departure(box.form);
    }
  });
})();
