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
