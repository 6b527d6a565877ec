// Autosave for the agreement forms and the score sheet: every 30 s while there are unsaved changes,
// and when the user leaves a field they changed. The text never leaves the page on failure: a
// failed save says so in Thai and keeps a copy in localStorage, which is offered back if the page is
// reopened. A form may say, in data attributes: data-autosave-delay (ms to wait after a change, so a
// run of clicks is one save), data-saved-at (the server copy's time in ms: a local copy is offered
// only when newer), data-draft-scope (which page of the form this is, for the local copy's key),
// data-restore-text / data-restore-label, data-stale-text, data-locked-text.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form) return;
  var status = document.getElementById("save-status");
  var revision = form.querySelector("input[name=revision]");
  // One local copy per page of a form: Part 1's domains and Part 2's issues are pages of their own.
  var storageKey = "pa-draft:" + window.location.pathname + (form.dataset.draftScope || "");
  var dirty = false;
  var saving = false;
  var stale = false;
  var locked = false;
  var submitAfterSave = false;
  var submitter = null;
  var leaveTo = null;
  var delay = Number(form.dataset.autosaveDelay || 0);
  var timer = null;

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.className = "save-status ms-auto " + (kind === "error" ? "text-danger fw-bold" : kind === "ok" ? "text-success" : "text-muted");
  }

  var REPAIRED = "แก้ไขตัวอักษรที่วางมาให้ถูกต้องแล้ว";

  // A refused value is marked on its field as the server marks it on a page: Bootstrap's
  // is-invalid, aria-invalid, and aria-describedby pointing at the message under the field.
  function markInvalid(invalid) {
    var wanted = {};
    (invalid || []).forEach(function (item) { if (item.id) wanted[item.id] = item.messages; });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid=true]"), function (field) {
      if (wanted[field.id]) return;
      field.classList.remove("is-invalid");
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
      var old = document.getElementById(field.id + "_error");
      if (old) old.remove();
    });
    Object.keys(wanted).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || field.type === "hidden") return;
      var box = document.getElementById(id + "_error");
      if (!box) {
        box = document.createElement("div");
        box.id = id + "_error";
        box.className = "invalid-feedback";
        field.insertAdjacentElement("afterend", box);
      }
      box.textContent = "";
      wanted[id].forEach(function (message) {
        var line = document.createElement("div");
        line.textContent = message;
        box.appendChild(line);
      });
      field.classList.add("is-invalid");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", box.id);
    });
  }

  // Text the server repaired (Thai marks broken by a PDF copy) goes back into the field, with a
  // short note, unless the user has typed on since the save was sent.
  function showRepaired(repaired, sent) {
    (repaired || []).forEach(function (item) {
      var field = document.getElementById(item.id);
      if (!field || field.value.replace(/\r\n/g, "\n") !== (sent[field.name] || "").replace(/\r\n/g, "\n")) return;
      field.value = item.value;
      var note = document.getElementById(item.id + "_repaired");
      if (!note) {
        note = document.createElement("div");
        note.id = item.id + "_repaired";
        note.className = "form-text text-success";
        note.setAttribute("role", "status");
        note.setAttribute("aria-live", "polite");
        (document.getElementById(item.id + "_error") || field).insertAdjacentElement("afterend", note);
      }
      note.textContent = "";
      window.setTimeout(function () { note.textContent = REPAIRED; }, 50);
    });
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
    // Saved on the server after this copy was kept (another tab, another device): the copy is
    // older than what the page shows. Both times come from clocks of the same user's machines.
    if (form.dataset.savedAt && saved.at <= Number(form.dataset.savedAt)) {
      window.localStorage.removeItem(storageKey);
      return;
    }
    var differs = Object.keys(saved.data).some(function (key) {
      var field = form.elements[key];
      return field && field.value !== saved.data[key] && key !== "revision";
    });
    if (!differs) { window.localStorage.removeItem(storageKey); return; }
    var bar = document.createElement("div");
    bar.className = "alert alert-warning d-flex align-items-center gap-2";
    bar.id = "restore-bar";
    bar.setAttribute("role", "status");
    bar.textContent = (form.dataset.restoreText || "พบข้อความที่ยังไม่ได้บันทึกจากครั้งก่อนในเครื่องนี้") + " ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-warning";
    button.textContent = form.dataset.restoreLabel || "นำข้อความกลับมา";
    button.addEventListener("click", function () {
      Object.keys(saved.data).forEach(function (key) {
        // A Part 2 line added before the failed save: add it again, then fill it.
        var line = /^(c\d+_(?:step|quant|qual))(\d+)_/.exec(key);
        var add = line && form.querySelector('[data-add-row="' + line[1] + '"]');
        for (var tries = 0; add && !add.hidden && !add.disabled && !form.elements[key] && tries < 30; tries++) add.click();
      });
      Object.keys(saved.data).forEach(function (key) {
        var field = form.elements[key];
        if (field && key !== "revision") field.value = saved.data[key];
      });
      dirty = true;
      bar.remove();
      say("นำข้อความกลับมาแล้ว ยังไม่ได้บันทึก", "error");
      form.dispatchEvent(new CustomEvent("autosave:restored"));
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-sm btn-outline-secondary";
    discard.textContent = "ทิ้ง";
    discard.addEventListener("click", function () {
      window.localStorage.removeItem(storageKey);
      bar.remove();
    });
    bar.appendChild(button);
    bar.appendChild(discard);
    form.parentNode.insertBefore(bar, form);
  }

  function save() {
    window.clearTimeout(timer);
    if (!dirty || saving || stale || locked) return;
    var again = false;
    saving = true;
    dirty = false;
    backup();
    say("กำลังบันทึก…");
    var body = new URLSearchParams(new FormData(form));
    var sent = {};
    body.forEach(function (value, key) { sent[key] = value; });
    // The attribute, not form.action: a button named "action" (the score sheet's) shadows it.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      // URL-encoded, as the form's own submit sends it: Django parses that several times
      // faster than multipart, and the agreement forms carry no files.
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        // An expired session answers with the sign-in page, a server fault with an HTML error
        // page: neither is the JSON of a save, and both must say the text was not saved.
        if (response.redirected && response.url.indexOf("/accounts/login/") !== -1) {
          return { status: response.status, body: { ok: false, signedOut: true } };
        }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          return { status: response.status, body: { ok: false, serverError: true } };
        }
        return response.json().then(function (body) { return { status: response.status, body: body }; });
      })
      .then(function (result) {
        if (result.body.ok) {
          revision.value = result.body.revision;
          markInvalid(result.body.invalid);
          showRepaired(result.body.repaired, sent);
          if (dirty) {
            // Typed while this save was on its way: not everything is saved yet, so save again
            // rather than say "saved".
            again = true;
            return;
          }
          window.localStorage.removeItem(storageKey);
          var refused = (result.body.invalid || []).length;
          if (refused) {
            say("บันทึกแล้ว เวลา " + result.body.saved_at + " น. ยกเว้น " + refused + " ช่องที่มีข้อความแจ้งสีแดง (ยังเป็นค่าเดิม)", "error");
          } else {
            say("บันทึกแล้ว เวลา " + result.body.saved_at + " น.", "ok");
          }
          return;
        }
        dirty = true;
        if (result.body.signedOut) {
          say("ยังไม่ได้บันทึก: หมดเวลาการเข้าสู่ระบบ ข้อความเก็บไว้ในเครื่องนี้แล้ว กรุณาเข้าสู่ระบบใหม่ในแท็บอื่น แล้วโหลดหน้านี้ใหม่และกด \"นำข้อความกลับมา\"", "error");
        } else if (result.body.serverError) {
          say("ยังไม่ได้บันทึก: เครื่องแม่ข่ายขัดข้อง (รหัส " + result.status + ") ข้อความเก็บไว้ในเครื่องนี้แล้ว ระบบจะลองใหม่อัตโนมัติ", "error");
        } else if (result.body.locked) {
          // Submitted meanwhile (another tab, or the submit button): saving again cannot help.
          locked = true;
          say(form.dataset.lockedText || "ข้อตกลงนี้ส่งแล้ว แก้ไขไม่ได้", "error");
        } else if (result.body.stale) {
          stale = true;
          say(form.dataset.staleText || "ยังไม่ได้บันทึก: มีการบันทึกข้อตกลงนี้จากหน้าต่างอื่น ข้อความของคุณยังอยู่ในหน้านี้ กรุณาคัดลอกเก็บไว้แล้วโหลดหน้าใหม่", "error");
        } else {
          say("ยังไม่ได้บันทึก: " + (result.body.problems || []).slice(0, 3).join(" / ") + " (ข้อความยังอยู่ครบ กดบันทึกร่างเพื่อดูรายละเอียด)", "error");
        }
      })
      .catch(function () {
        dirty = true;
        say("ยังไม่ได้บันทึก: เชื่อมต่อเครื่องแม่ข่ายไม่ได้ ข้อความเก็บไว้ในเครื่องนี้แล้ว ระบบจะลองใหม่อัตโนมัติ", "error");
      })
      .finally(function () {
        saving = false;
        if (submitAfterSave) {
          submitAfterSave = false;
          dirty = false;
          // form.submit() sends no button: carry the one pressed (e.g. "finalise") along.
          if (submitter && submitter.name) {
            var pressed = document.createElement("input");
            pressed.type = "hidden";
            pressed.name = submitter.name;
            pressed.value = submitter.value;
            form.appendChild(pressed);
          }
          form.submit();
        } else if (again) {
          save();
        } else if (leaveTo) {
          // Saved (or kept in this browser and warned about on leaving): go where the user clicked.
          var href = leaveTo;
          leaveTo = null;
          window.location.href = href;
        }
      });
  }

  form.addEventListener("input", function () { dirty = true; backup(); if (!stale && !locked) say("มีการแก้ไขที่ยังไม่ได้บันทึก"); });
  form.addEventListener("change", function () {
    if (!delay) { save(); return; }
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  });
  form.addEventListener("focusout", function (event) {
    // Moving between the level buttons of a sheet is not leaving the work: the delay covers it.
    if (dirty && !(delay && event.target.type === "radio")) save();
  });
  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return; // e.g. a confirmation the user declined
    window.clearTimeout(timer);
    // Pressing "save" right after typing also leaves the field, which starts an autosave: posting
    // the form at the same time would carry the old revision and be refused as stale. Wait for
    // the autosave, then post with the revision it returned.
    if (saving) {
      event.preventDefault();
      submitAfterSave = true;
      submitter = event.submitter;
      return;
    }
    dirty = false;
  });
  // Part 2: a further line is a copy of the page's blank <template>, renamed to the next number
  // and counted in the hidden *_count field, so the next save reads it.
  Array.prototype.forEach.call(form.querySelectorAll("[data-add-row]"), function (button) {
    var prefix = button.getAttribute("data-add-row");
    var rows = form.querySelector('[data-rows="' + prefix + '"]');
    var template = rows && document.getElementById(rows.getAttribute("data-template"));
    var count = rows && form.elements[rows.getAttribute("data-count")];
    if (!template || !count) return;
    var kind = rows.getAttribute("data-template").replace("row-", "");
    button.hidden = false;
    button.addEventListener("click", function () {
      var n = (parseInt(count.value, 10) || 0) + 1;
      if (n > 30) return;
      rows.insertAdjacentHTML("beforeend", template.innerHTML.split("__row__-" + kind).join(prefix + n).split("__n__").join(String(n)));
      count.value = String(n);
      if (n >= 30) button.disabled = true;
      var first = rows.lastElementChild.querySelector("input, textarea, select");
      if (first) first.focus();
    });
  });
  // A link followed while a save is on its way (a field left by clicking the next domain's or
  // issue's tab starts one) waits for it: the next page then opens at the saved revision instead
  // of one that its own first save would find stale.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !(saving || dirty) || stale || locked || event.defaultPrevented) return;
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    if (link.target || link.origin !== window.location.origin || link.getAttribute("href").charAt(0) === "#") return;
    event.preventDefault();
    leaveTo = link.href;
    if (!saving) save();
  });
  window.setInterval(save, 30000);
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
  restoreOffer();

  // A link to a field (the submit page's list of problems) focuses that field; otherwise a page
  // shown again with refused values focuses the first of them.
  var target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
  if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
    target.focus();
  } else if (!target) {
    var first = form.querySelector("[aria-invalid=true]");
    if (first) first.focus();
  }
})();
