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
  // once a box changes, that comparison is hidden and the confirm button asks its plain question.
  function stale(form) {
    form.querySelectorAll("[data-stale-on-change]").forEach(function (note) { note.hidden = true; });
    form.querySelectorAll("[data-confirm-plain]").forEach(function (button) {
      button.setAttribute("data-confirm", button.getAttribute("data-confirm-plain"));
    });
  }
  // After app.js's own handler (loaded first), so a box that ticks the whole page has done so.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("input[type=checkbox]") && box.form) {
      update(box.form);
      stale(box.form);
    }
  });
})();
