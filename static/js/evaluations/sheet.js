// Running total of a scoring sheet, updated as levels are chosen. The server recomputes the same
// figures exactly (evaluations/scoring.py) when the sheet is saved; this is only a preview.
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

  form.addEventListener("change", function (event) {
    if (event.target.classList.contains("level-input")) update();
  });
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  update();
})();
