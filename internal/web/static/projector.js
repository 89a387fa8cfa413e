// The projector view: swaps in the content the server sends through
// server-sent events, and when the content is taller than the screen shows
// one slide at a time, turning every 15 seconds. Without JavaScript the
// page refreshes itself (meta refresh) and scrolls.
(function () {
  "use strict";
  var main = document.getElementById("projector");
  if (!main) { return; }
  var turn = 15000, current = 0, timer = null;

  function slides() { return main.querySelectorAll(".slide"); }

  function layout() {
    var all = slides();
    for (var i = 0; i < all.length; i++) { all[i].classList.remove("p-hidden"); }
    if (timer) { clearInterval(timer); timer = null; }
    if (all.length < 2 || document.documentElement.scrollHeight <= window.innerHeight) { return; }
    if (current >= all.length) { current = 0; }
    show(current, false);
    timer = setInterval(function () { show((current + 1) % slides().length, true); }, turn);
  }

  // show shows slide n alone; turning, it fades in (p-turn). New content
  // swapped in does not fade: it would blank the screen on every vote.
  function show(n, turning) {
    var all = slides();
    current = n;
    for (var i = 0; i < all.length; i++) {
      all[i].classList.toggle("p-hidden", i !== n);
      all[i].classList.toggle("p-turn", turning && i === n);
    }
  }

  layout();
  window.addEventListener("resize", layout);
  var url = main.getAttribute("data-events");
  if (!url || !window.EventSource) { return; }
  var es = new EventSource(url);
  es.addEventListener("projector", function (e) {
    main.innerHTML = e.data;
    layout();
  });
})();
