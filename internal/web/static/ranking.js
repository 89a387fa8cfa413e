// Drag-to-rank for the ballot page. Without JavaScript the page is a form
// with a place per candidate; this script lets the member order the
// candidates by dragging them or with the move up / move down buttons, and
// fills the same place fields (1 for the first, and so on). Ties are still
// made with the place fields themselves.
(function () {
  "use strict";
  var form = document.querySelector("form[data-rank-list]");
  if (!form) { return; }
  var list = form.querySelector("ol.candidates");
  var live = document.getElementById("rank-live");
  var items = function () { return Array.prototype.slice.call(list.querySelectorAll("li.candidate")); };
  var sel = function (li) { return li.querySelector("select"); };
  // Show the ranked candidates first, in their order.
  items().map(function (li, i) { return { li: li, i: i, r: parseInt(sel(li).value, 10) || 1e9 }; })
    .sort(function (a, b) { return a.r - b.r || a.i - b.i; })
    .forEach(function (x) { list.appendChild(x.li); });
  function renumber(moved) {
    items().forEach(function (li, i) { sel(li).value = String(i + 1); });
    if (moved && live) {
      live.textContent = form.getAttribute("data-label-moved").replace("%d", String(items().indexOf(moved) + 1));
    }
  }
  function move(li, dir) {
    var all = items(), i = all.indexOf(li), j = i + dir;
    if (j < 0 || j >= all.length) { return; }
    if (dir < 0) { list.insertBefore(li, all[j]); } else { list.insertBefore(all[j], li); }
    renumber(li);
  }
  items().forEach(function (li) {
    li.setAttribute("draggable", "true");
    var bar = document.createElement("p");
    bar.className = "row-actions";
    [["up", -1], ["down", 1]].forEach(function (d) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary";
      b.textContent = form.getAttribute("data-label-" + d[0]);
      b.setAttribute("aria-describedby", li.querySelector(".candidate-text").id);
      b.addEventListener("click", function () { move(li, d[1]); b.focus(); });
      bar.appendChild(b);
    });
    li.appendChild(bar);
    li.addEventListener("dragstart", function (e) { li.classList.add("dragging"); e.dataTransfer.setData("text/plain", li.getAttribute("data-id")); });
    li.addEventListener("dragend", function () { li.classList.remove("dragging"); renumber(li); });
  });
  list.addEventListener("dragover", function (e) {
    e.preventDefault();
    var dragging = list.querySelector(".dragging");
    if (!dragging) { return; }
    var after = null;
    items().forEach(function (li) {
      if (li === dragging || after) { return; }
      var box = li.getBoundingClientRect();
      if (e.clientY < box.top + box.height / 2) { after = li; }
    });
    if (after) { list.insertBefore(dragging, after); } else { list.appendChild(dragging); }
  });
})();
