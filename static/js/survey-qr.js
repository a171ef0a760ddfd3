// The QR codes of the printable sheet of survey codes (民主测评码) are drawn here, not on the server:
// drawn there, a sheet of 500 codes costs more than its second (bench/survey.py) and megabytes of
// HTML. Each slip carries its link (data-survey-url, also printed as text, so a slip works without
// the code); its image (class survey-qr) gets an SVG of that link: error correction M, 3 px a
// module and a two-module quiet zone, as segno drew it. Drawn on DOMContentLoaded, so before any
// printing.
(function () {
  "use strict";
  var CELL = 3;
  var MARGIN = 2 * CELL;
  function draw(slip) {
    var img = slip.querySelector("img.survey-qr");
    if (!img) { return; }
    var qr = qrcode(0, "M"); // the smallest version that holds the link
    qr.addData(slip.getAttribute("data-survey-url"));
    qr.make();
    var size = qr.getModuleCount() * CELL + 2 * MARGIN;
    img.src = "data:image/svg+xml," + encodeURIComponent(qr.createSvgTag(CELL, MARGIN));
    img.width = size;
    img.height = size;
  }
  function drawAll() {
    document.querySelectorAll("[data-survey-url]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
