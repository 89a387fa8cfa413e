// plenary works without JavaScript; this file only makes it smoother.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("select[data-autosubmit]")) { t.form.submit(); }
  });
  document.addEventListener("submit", function (e) {
    var f = e.target;
    var q = f.getAttribute && f.getAttribute("data-confirm");
    if (q && !window.confirm(q)) { e.preventDefault(); }
  });
})();

// Live activity on a meeting page: server-sent events, shown as a list that
// screen readers announce politely. The browser reconnects by itself and
// the server replays what was missed.
(function () {
  "use strict";
  var box = document.querySelector("section.live[data-events]");
  if (!box || !window.EventSource) { return; }
  var labels = {};
  try { labels = JSON.parse(box.getAttribute("data-labels") || "{}"); } catch (e) { labels = {}; }
  var list = box.querySelector("ul");
  var status = document.createElement("p");
  status.className = "hint";
  box.appendChild(status);
  var es = new EventSource(box.getAttribute("data-events"));
  es.onopen = function () { status.textContent = ""; };
  es.onerror = function () { status.textContent = labels.reconnecting || ""; };
  es.addEventListener("activity", function (msg) {
    var e;
    try { e = JSON.parse(msg.data); } catch (err) { return; }
    var li = document.createElement("li");
    var when = new Date(e.at);
    var what = (labels[e.action] || labels.other || e.action) + ": " + (labels["object." + e.object_type] || e.object_type);
    li.textContent = when.toLocaleTimeString() + " · " + what + (e.actor_name ? " · " + e.actor_name : "");
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 20) { list.removeChild(list.lastChild); }
    box.hidden = false;
  });
})();

// The submission form shows the good-practice fields only when the kind is
// a good practice; without JavaScript they stay visible, labelled as such.
(function () {
  "use strict";
  var box = document.querySelector("fieldset[data-good-practice]");
  if (!box || !box.form) { return; }
  function sync() {
    var k = box.form.querySelector("input[name=kind]:checked");
    box.hidden = !!k && k.value !== "good_practice";
  }
  box.form.addEventListener("change", function (e) {
    if (e.target && e.target.name === "kind") { sync(); }
  });
  sync();
})();
// end of contributions

// Breakout groups. The voting page posts a vote with fetch and loads the
// next statement without reloading the page; the live view follows its
// server-sent events. Without JavaScript both work as plain pages.
(function () {
  "use strict";
  var card = document.getElementById("vote-card");
  function status(text) {
    var s = document.querySelector("#vote-card .vote-status");
    if (s) { s.textContent = text; }
  }
  function replaceCard(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("vote-card");
    var old = document.getElementById("vote-card");
    if (!fresh || !old) { return false; }
    old.replaceWith(fresh);
    var focus = fresh.querySelector("#vote-text");
    if (focus) { focus.focus(); }
    var progress = fresh.querySelector("#vote-progress");
    if (progress) { status(progress.textContent); }
    return true;
  }
  if (card && window.fetch && window.DOMParser) {
    document.addEventListener("submit", function (e) {
      var f = e.target;
      if (!f.matches || !f.matches("form[data-vote]")) { return; }
      e.preventDefault();
      var btn = e.submitter;
      var body = new URLSearchParams(new FormData(f));
      if (btn && btn.name) { body.set(btn.name, btn.value); }
      var buttons = f.querySelectorAll("button");
      buttons.forEach(function (b) { b.disabled = true; });
      fetch(f.action, { method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" } })
        .then(function (res) {
          if (res.status === 204) {
            return fetch(f.querySelector("input[name=next]").value, { credentials: "same-origin" })
              .then(function (r) { return r.text(); })
              .then(function (html) { if (!replaceCard(html)) { window.location.reload(); } });
          }
          return res.json().then(function (body) {
            var msg = (body.error && body.error.message) || res.statusText;
            buttons.forEach(function (b) { b.disabled = false; });
            status(msg);
            window.alert(msg);
          });
        })
        .catch(function () { f.submit(); });
    });
  }

  var live = document.querySelector("[data-live]");
  if (!live || !window.EventSource) { return; }
  var liveStatus = document.getElementById("live-status");
  var es = new EventSource(live.getAttribute("data-live"));
  es.addEventListener("snapshot", function (msg) {
    live.innerHTML = msg.data;
    var c = live.querySelector("[data-summary]");
    if (c && liveStatus) { liveStatus.textContent = c.getAttribute("data-summary"); }
  });
})();
// end of breakout groups

// Details opened on demand (the plenary's groups, its themes not
// repeated): a link to something inside one opens it, as Chromium does by
// itself; printing opens them all, and closes again those it opened.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var d = el && el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) { d.open = true; }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) { d.setAttribute("data-print-opened", ""); d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-print-opened]").forEach(function (d) { d.removeAttribute("data-print-opened"); d.open = false; });
  });
})();
