// Live progress of a packet export: polls the JSON status until the packet is finished.
(function () {
  "use strict";
  var root = document.getElementById("packet");
  if (!root || root.dataset.finished === "1") { return; }
  var url = root.dataset.statusUrl;
  var $ = function (id) { return document.getElementById(id); };

  function show(el, visible) { el.classList.toggle("d-none", !visible); }

  function render(s) {
    $("packet-status").textContent = s.status_label;
    $("packet-count").textContent = s.done + " / " + s.total;
    var banner = $("packet-banner");
    banner.className = "alert alert-" + s.banner_level;
    banner.textContent = s.banner;
    var bar = $("packet-progress");
    bar.setAttribute("aria-valuenow", s.percent);
    bar.firstElementChild.style.width = s.percent + "%";
    bar.firstElementChild.textContent = s.percent + "%";
    var rows = $("packet-failures").querySelector("tbody");
    rows.replaceChildren();
    (s.failures || []).forEach(function (f) {
      var tr = document.createElement("tr");
      var who = document.createElement("td");
      who.textContent = f.person;
      if (f.agreement) {
        var number = document.createElement("span");
        number.className = "small text-muted";
        number.textContent = f.agreement;
        who.append(document.createElement("br"), number);
      }
      tr.appendChild(who);
      [f.office || "—", f.kind_label, f.error].forEach(function (text) {
        var td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      rows.appendChild(tr);
    });
    $("packet-failed-count").textContent = s.failed;
    show($("packet-failures"), s.failed > 0);
    if (s.download_url) {
      $("packet-download").querySelector("a").href = s.download_url;
      if (s.pages) { $("packet-pages").textContent = s.pages + ($("packet-pages").dataset.unit || " หน้า"); }
      show($("packet-download"), true);
    }
    if (s.finished) {
      bar.firstElementChild.classList.remove("progress-bar-striped", "progress-bar-animated");
      if (s.failed) { bar.firstElementChild.classList.add("bg-warning", "text-dark"); }
    }
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (s) {
        render(s);
        if (!s.finished) { window.setTimeout(poll, 1500); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  window.setTimeout(poll, 1000);
})();
