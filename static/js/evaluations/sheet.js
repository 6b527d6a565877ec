// Running total of a scoring sheet, updated as levels are chosen. The server recomputes the same
// figures exactly (evaluations/scoring.py) when the sheet is saved; this is only a preview.
// Also: the list of missing levels after a refused finalise moves focus to each level's buttons.
// Saving as the evaluator works is autosave.js (loaded after this file).
(function () {
  "use strict";
  var form = document.getElementById("sheet-form");
  var dataNode = document.getElementById("rubric-data");
  if (!form || !dataNode) return;
  var rubric = JSON.parse(dataNode.textContent);
  var scale = Math.pow(10, rubric.places);

  function round(value) {
    return Math.floor(value * scale + 0.5 + 1e-9) / scale;
  }

  function checkedLevels(selector) {
    return Array.prototype.map.call(form.querySelectorAll(selector + ":checked"), function (input) {
      return input;
    });
  }

  function update() {
    var part1Sum = 0;
    checkedLevels('input.level-input[data-part="1"]').forEach(function (input) {
      part1Sum += Number(input.value);
    });
    var part1 = rubric.rows ? (part1Sum / rubric.rows) * Number(rubric.part1_points) / rubric.top : 0;
    var part2Sum = 0;
    checkedLevels('input.level-input[data-part="2"]').forEach(function (input) {
      part2Sum += Number(input.value) * Number(rubric.criteria[input.dataset.criterion]) / rubric.top;
    });
    var part2 = rubric.issues ? part2Sum / rubric.issues : 0;
    part1 = round(part1);
    part2 = round(part2);
    document.getElementById("total-part1").textContent = part1.toFixed(rubric.places);
    document.getElementById("total-part2").textContent = part2.toFixed(rubric.places);
    document.getElementById("total-all").textContent = (part1 + part2).toFixed(rubric.places);
  }

  function focusLevel(input) {
    input.scrollIntoView({ block: "center" });
    input.focus({ preventScroll: true });
  }

  function clearInvalid(input) {
    var group = input.closest(".level-buttons");
    if (!group || !group.classList.contains("is-invalid")) return;
    group.classList.remove("is-invalid");
    group.removeAttribute("aria-invalid");
    group.querySelectorAll("input").forEach(function (radio) {
      radio.classList.remove("is-invalid");
      radio.removeAttribute("aria-invalid");
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.classList.contains("level-input")) {
      clearInvalid(event.target);
      update();
    }
  });
  form.addEventListener("autosave:restored", update);
  form.querySelectorAll("a.problem-link").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!target) return;
      event.preventDefault();
      focusLevel(target);
    });
  });
  var first = form.querySelector("a.problem-link");
  if (first) {
    var target = document.getElementById(decodeURIComponent(first.hash.slice(1)));
    if (target) focusLevel(target);
  }
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  update();
})();
