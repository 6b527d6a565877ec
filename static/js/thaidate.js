// A calendar in Thai month names and Buddhist-era years beside every date field
// (input[data-thaidate], pa_portal.forms.ThaiDateInput). The field stays a text field that the
// server reads ("16/12/2569", "16 ธันวาคม 2569"); the calendar only writes "16 ธันวาคม 2569" into
// it. Keyboard: arrows move a day or a week, Page Up/Down a month (with Shift a year), Home/End
// the week's first and last day, Enter or Space choose, Escape closes.
(function () {
  "use strict";

  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
    "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
    "พ.ย.", "ธ.ค."];
  var DAYS = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"];
  var DAYS_SHORT = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var BE = 543;
  var counter = 0;

  function label(date) {
    return date.getDate() + " " + MONTHS[date.getMonth()] + " " + (date.getFullYear() + BE);
  }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
      a.getDate() === b.getDate();
  }

  function addDays(date, days) {
    return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
  }

  function addMonths(date, months) {
    var target = new Date(date.getFullYear(), date.getMonth() + months, 1);
    var last = new Date(target.getFullYear(), target.getMonth() + 1, 0).getDate();
    return new Date(target.getFullYear(), target.getMonth(), Math.min(date.getDate(), last));
  }

  function yearCe(text) {
    var year = parseInt(text, 10);
    if (text.length === 2) year += 2500;
    return year >= 2400 ? year - BE : null;
  }

  // What the field holds, as the server would read it (a best effort: the server decides).
  function parse(text) {
    text = (text || "").replace(/[๐-๙]/g, function (d) { return String(d.charCodeAt(0) - 0x0E50); })
      .replace(/พ\.\s*ศ\.?/, " ").replace(/\s+/g, " ").trim();
    var m = text.match(/^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$/);
    var day, month, year;
    if (m) {
      day = +m[1]; month = +m[2] - 1; year = yearCe(m[3]);
    } else if ((m = text.match(/^(\d{1,2})\s*(\D+?)\s*(\d{2}|\d{4})$/))) {
      var word = m[2].replace(/\s/g, "").replace(/\.$/, "");
      day = +m[1]; year = yearCe(m[3]); month = -1;
      for (var i = 0; i < 12; i++) {
        if (word === MONTHS[i] || word === SHORT[i].replace(/\.$/, "") || word === SHORT[i].replace(/\./g, "")) month = i;
      }
    } else {
      return null;
    }
    if (year === null || month < 0 || month > 11) return null;
    var date = new Date(year, month, day);
    return date.getMonth() === month ? date : null;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function Picker(input) {
    this.input = input;
    this.id = "thaidate-" + (++counter);
    var wrap = el("span", "thaidate");
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);

    this.toggle = el("button", "thaidate-toggle", "ปฏิทิน");
    this.toggle.type = "button";
    var named = input.labels && input.labels.length ? " " + input.labels[0].textContent.trim() : "";
    this.toggle.setAttribute("aria-label", "เลือกวันที่จากปฏิทิน" + named);
    this.toggle.setAttribute("aria-haspopup", "dialog");
    this.toggle.setAttribute("aria-expanded", "false");
    this.toggle.setAttribute("aria-controls", this.id);
    wrap.appendChild(this.toggle);

    this.dialog = el("div", "thaidate-dialog");
    this.dialog.id = this.id;
    this.dialog.hidden = true;
    this.dialog.setAttribute("role", "dialog");
    this.dialog.setAttribute("aria-modal", "false");
    this.dialog.setAttribute("aria-labelledby", this.id + "-title");
    var head = el("div", "thaidate-head");
    this.prev = el("button", "thaidate-nav", "‹");
    this.prev.type = "button";
    this.prev.setAttribute("aria-label", "เดือนก่อนหน้า");
    this.next = el("button", "thaidate-nav", "›");
    this.next.type = "button";
    this.next.setAttribute("aria-label", "เดือนถัดไป");
    this.title = el("h2", "thaidate-title");
    this.title.id = this.id + "-title";
    this.title.setAttribute("aria-live", "polite");
    head.appendChild(this.prev);
    head.appendChild(this.title);
    head.appendChild(this.next);
    this.dialog.appendChild(head);

    this.grid = el("table", "thaidate-grid");
    this.grid.setAttribute("role", "grid");
    this.grid.setAttribute("aria-labelledby", this.id + "-title");
    var thead = el("thead");
    var row = el("tr");
    DAYS_SHORT.forEach(function (name, i) {
      var th = el("th", "", name);
      th.scope = "col";
      th.abbr = DAYS[i];
      row.appendChild(th);
    });
    thead.appendChild(row);
    this.grid.appendChild(thead);
    this.body = el("tbody");
    this.grid.appendChild(this.body);
    this.dialog.appendChild(this.grid);
    var foot = el("div", "thaidate-foot");
    this.close = el("button", "thaidate-close", "ปิด");
    this.close.type = "button";
    this.close.setAttribute("aria-label", "ปิดปฏิทิน");
    foot.appendChild(this.close);
    this.dialog.appendChild(foot);
    wrap.appendChild(this.dialog);

    var self = this;
    this.toggle.addEventListener("click", function () {
      if (self.dialog.hidden) self.open(); else self.hide(true);
    });
    this.prev.addEventListener("click", function () { self.show(addMonths(self.focused, -1), false); });
    this.next.addEventListener("click", function () { self.show(addMonths(self.focused, 1), false); });
    this.close.addEventListener("click", function () { self.hide(true); });
    this.body.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-day]");
      if (button) self.choose(self.dayOf(button));
    });
    this.body.addEventListener("keydown", function (event) { self.key(event); });
    this.dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        self.hide(true);
      }
    });
    document.addEventListener("click", function (event) {
      if (!self.dialog.hidden && !wrap.contains(event.target)) self.hide(false);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && event.altKey) {
        event.preventDefault();
        self.open();
      }
    });
  }

  Picker.prototype.dayOf = function (button) {
    var parts = button.getAttribute("data-day").split("-");
    return new Date(+parts[0], +parts[1] - 1, +parts[2]);
  };

  Picker.prototype.open = function () {
    this.selected = parse(this.input.value);
    this.dialog.hidden = false;
    this.toggle.setAttribute("aria-expanded", "true");
    this.show(this.selected || new Date(), true);
    // The whole calendar in view, not just its focused day (a field near the bottom of the screen).
    if (this.dialog.scrollIntoView) this.dialog.scrollIntoView({ block: "nearest" });
  };

  Picker.prototype.hide = function (returnFocus) {
    this.dialog.hidden = true;
    this.toggle.setAttribute("aria-expanded", "false");
    if (returnFocus) this.toggle.focus();
  };

  Picker.prototype.choose = function (date) {
    this.input.value = label(date);
    this.input.dispatchEvent(new Event("input", { bubbles: true }));
    this.input.dispatchEvent(new Event("change", { bubbles: true }));
    this.hide(false);
    this.input.focus();
  };

  Picker.prototype.show = function (date, focus) {
    this.focused = date;
    this.title.textContent = MONTHS[date.getMonth()] + " พ.ศ. " + (date.getFullYear() + BE);
    this.body.textContent = "";
    var first = new Date(date.getFullYear(), date.getMonth(), 1);
    var day = addDays(first, -first.getDay());
    var today = new Date();
    var current = null;
    for (var week = 0; week < 6; week++) {
      var row = el("tr");
      for (var i = 0; i < 7; i++) {
        var cell = el("td");
        cell.setAttribute("role", "gridcell");
        if (day.getMonth() === date.getMonth()) {
          var button = el("button", "thaidate-day", String(day.getDate()));
          button.type = "button";
          button.tabIndex = -1;
          button.setAttribute("data-day", day.getFullYear() + "-" + (day.getMonth() + 1) + "-" + day.getDate());
          button.setAttribute("aria-label", DAYS[day.getDay()] + " " + label(day));
          if (sameDay(day, this.selected)) {
            cell.setAttribute("aria-selected", "true");
            button.classList.add("is-selected");
          }
          if (sameDay(day, today)) {
            button.setAttribute("aria-current", "date");
            button.classList.add("is-today");
          }
          if (sameDay(day, date)) {
            button.tabIndex = 0;
            current = button;
          }
          cell.appendChild(button);
        }
        row.appendChild(cell);
        day = addDays(day, 1);
      }
      if (row.querySelector("button")) this.body.appendChild(row);
    }
    if (focus && current) current.focus();
  };

  Picker.prototype.key = function (event) {
    var date = this.focused;
    var moves = {
      ArrowLeft: function () { return addDays(date, -1); },
      ArrowRight: function () { return addDays(date, 1); },
      ArrowUp: function () { return addDays(date, -7); },
      ArrowDown: function () { return addDays(date, 7); },
      Home: function () { return addDays(date, -date.getDay()); },
      End: function () { return addDays(date, 6 - date.getDay()); },
      PageUp: function () { return addMonths(date, event.shiftKey ? -12 : -1); },
      PageDown: function () { return addMonths(date, event.shiftKey ? 12 : 1); },
    };
    if (moves[event.key]) {
      event.preventDefault();
      this.show(moves[event.key](), true);
    } else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      this.choose(date);
    }
  };

  function start() {
    document.querySelectorAll("input[data-thaidate]").forEach(function (input) {
      if (!input.closest(".thaidate")) new Picker(input);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
