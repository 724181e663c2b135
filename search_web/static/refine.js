// Progressive enhancement for the results page: on narrow screens the filters start folded
// away under their summary; on wide screens they stay open as a sidebar. Without this
// script the filters are simply always open.
(function () {
  "use strict";
  var panel = document.getElementById("refine");
  if (!panel || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 60rem)");
  function fit() {
    panel.open = wide.matches;
  }
  fit();
  wide.addEventListener("change", fit);
})();
