// Choosing offices for a packet among a few hundred: a search box, a province and a kind filter,
// "select all shown" and a count, over the form's own multiple select (which stays the field the
// form sends, and the whole control when script is off). The server validates the choice.
(function () {
  "use strict";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function labelled(id, text, control) {
    var box = el("div", { "class": "col-12 col-sm-auto" });
    box.append(el("label", { "class": "form-label small mb-1", "for": id }, text), control);
    return box;
  }

  function filterSelect(id, label, values) {
    var select = el("select", { "class": "form-select form-select-sm", id: id });
    select.append(el("option", { value: "" }, "ทั้งหมด"));
    values.forEach(function (value) { select.append(el("option", { value: value }, value)); });
    return labelled(id, label, select);
  }

  function enhance(select) {
    var options = Array.prototype.slice.call(select.options);
    var unique = function (key) {
      return options.map(function (o) { return o.dataset[key]; })
        .filter(function (v, i, all) { return v && all.indexOf(v) === i; }).sort();
    };
    var base = select.id || "offices";
    var picker = el("div", { "class": "office-picker border rounded bg-white p-2", role: "group", "aria-label": "เลือกสำนักงาน" });
    var search = el("input", { type: "search", "class": "form-control form-control-sm", id: base + "-search", placeholder: "พิมพ์ชื่อ รหัส หรือจังหวัด", autocomplete: "off" });
    var filters = el("div", { "class": "row g-2 mb-2" });
    var searchBox = labelled(search.id, "ค้นหาสำนักงาน", search);
    searchBox.className = "col-12";
    var province = filterSelect(base + "-province", "จังหวัด", unique("province"));
    var kind = filterSelect(base + "-kind", "ประเภท", unique("kind"));
    filters.append(searchBox, province, kind);

    var actions = el("div", { "class": "d-flex flex-wrap gap-2 mb-2" });
    var all = el("button", { type: "button", "class": "btn btn-sm btn-outline-primary" }, "เลือกทุกแห่งที่แสดง");
    var none = el("button", { type: "button", "class": "btn btn-sm btn-outline-secondary" }, "ไม่เลือกแห่งที่แสดง");
    var clear = el("button", { type: "button", "class": "btn btn-sm btn-outline-secondary" }, "ล้างที่เลือกทั้งหมด");
    actions.append(all, none, clear);

    var count = el("p", { "class": "small mb-2", role: "status", "aria-live": "polite", id: base + "-count" });
    var list = el("div", { "class": "office-picker-list", tabindex: "0", role: "region", "aria-label": "รายชื่อสำนักงาน" });
    var items = options.map(function (option, i) {
      var id = base + "-pick-" + i;
      var row = el("div", { "class": "form-check" });
      var box = el("input", { type: "checkbox", "class": "form-check-input", id: id });
      box.checked = option.selected;
      box.addEventListener("change", function () { option.selected = box.checked; update(); });
      row.append(box, el("label", { "class": "form-check-label", "for": id }, option.textContent));
      list.append(row);
      var text = (option.textContent + " " + (option.dataset.province || "") + " " + (option.dataset.kind || "")).toLowerCase();
      return { option: option, box: box, row: row, text: text };
    });

    function shown() { return items.filter(function (item) { return !item.row.hidden; }); }

    function update() {
      var chosen = options.filter(function (o) { return o.selected; }).length;
      var visible = shown().length;
      count.textContent = (chosen ? "เลือกแล้ว " + chosen + " จาก " + options.length + " สำนักงาน" : "ยังไม่ได้เลือก: ระบบจะรวมทุกสำนักงาน")
        + (visible < items.length ? " · แสดง " + visible + " แห่งตามที่ค้นหา" : "");
    }

    function filter() {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var p = province.querySelector("select").value, k = kind.querySelector("select").value;
      items.forEach(function (item) {
        item.row.hidden = !(words.every(function (w) { return item.text.indexOf(w) !== -1; })
          && (!p || item.option.dataset.province === p) && (!k || item.option.dataset.kind === k));
      });
      update();
    }

    function setShown(value) {
      shown().forEach(function (item) { item.option.selected = item.box.checked = value; });
      update();
    }

    search.addEventListener("input", filter);
    province.querySelector("select").addEventListener("change", filter);
    kind.querySelector("select").addEventListener("change", filter);
    all.addEventListener("click", function () { setShown(true); });
    none.addEventListener("click", function () { setShown(false); });
    clear.addEventListener("click", function () {
      items.forEach(function (item) { item.option.selected = item.box.checked = false; });
      update();
    });

    picker.append(filters, actions, count, list);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.after(picker);
    var help = document.getElementById(select.id + "_helptext");
    if (help) { help.textContent = "ไม่เลือก = ทุกสำนักงาน"; }
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-office-picker]"), enhance);
})();
