// Autosave for the agreement forms: every 30 s while there are unsaved changes, and when the user
// leaves a field they changed. The text never leaves the page on failure: a failed save says so in
// Thai and keeps a copy in localStorage, which is offered back if the page is reopened.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = document.getElementById("save-status");
  var revision = form.querySelector("input[name=revision]");
  var storageKey = "pa-draft:" + window.location.pathname;
  var dirty = false;
  var saving = false;
  var stale = false;

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = "save-status ms-auto " + (kind === "error" ? "text-danger fw-bold" : kind === "ok" ? "text-success" : "text-muted");
  }

  function backup() {
    try {
      var data = {};
      new FormData(form).forEach(function (value, key) { if (key !== "csrfmiddlewaretoken") data[key] = value; });
      window.localStorage.setItem(storageKey, JSON.stringify({ at: Date.now(), data: data }));
    } catch (e) { /* storage full or disabled: the page itself still holds the text */ }
  }

  function restoreOffer() {
    var raw;
    try { raw = window.localStorage.getItem(storageKey); } catch (e) { return; }
    if (!raw) return;
    var saved = JSON.parse(raw);
    var differs = Object.keys(saved.data).some(function (key) {
      var field = form.elements[key];
      return field && field.value !== saved.data[key] && key !== "revision";
    });
    if (!differs) { window.localStorage.removeItem(storageKey); return; }
    var bar = document.createElement("div");
    bar.className = "alert alert-warning d-flex align-items-center gap-2";
    bar.id = "restore-bar";
    bar.textContent = "พบข้อความที่ยังไม่ได้บันทึกจากครั้งก่อนในเครื่องนี้ ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-warning";
    button.textContent = "นำข้อความกลับมา";
    button.addEventListener("click", function () {
      Object.keys(saved.data).forEach(function (key) {
        var field = form.elements[key];
        if (field && key !== "revision") field.value = saved.data[key];
      });
      dirty = true;
      bar.remove();
      say("นำข้อความกลับมาแล้ว ยังไม่ได้บันทึก", "error");
    });
    bar.appendChild(button);
    form.parentNode.insertBefore(bar, form);
  }

  function save() {
    if (!dirty || saving || stale) return;
    saving = true;
    dirty = false;
    backup();
    say("กำลังบันทึก…");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.body.ok) {
          revision.value = result.body.revision;
          window.localStorage.removeItem(storageKey);
          say("บันทึกแล้ว เวลา " + result.body.saved_at + " น.", "ok");
          return;
        }
        dirty = true;
        if (result.body.stale) {
          stale = true;
          say("ยังไม่ได้บันทึก: มีการบันทึกข้อตกลงนี้จากหน้าต่างอื่น ข้อความของคุณยังอยู่ในหน้านี้ กรุณาคัดลอกเก็บไว้แล้วโหลดหน้าใหม่", "error");
        } else {
          say("ยังไม่ได้บันทึก: " + (result.body.problems || []).slice(0, 3).join(" / ") + " (ข้อความยังอยู่ครบ กดบันทึกร่างเพื่อดูรายละเอียด)", "error");
        }
      })
      .catch(function () {
        dirty = true;
        say("ยังไม่ได้บันทึก: เชื่อมต่อเครื่องแม่ข่ายไม่ได้ ข้อความเก็บไว้ในเครื่องนี้แล้ว ระบบจะลองใหม่อัตโนมัติ", "error");
      })
      .finally(function () { saving = false; });
  }

  form.addEventListener("input", function () { dirty = true; backup(); if (!stale) say("มีการแก้ไขที่ยังไม่ได้บันทึก"); });
  form.addEventListener("change", save);
  form.addEventListener("focusout", function () { if (dirty) save(); });
  form.addEventListener("submit", function () { dirty = false; });
  window.setInterval(save, 30000);
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  restoreOffer();
})();
