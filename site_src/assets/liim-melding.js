/* A gemeente page reached through a merged gemeente's redirect (?van=<old NIS code>) loads the
 * finder's bundle, which shows the notice about the merger; other visits of a gemeente page do
 * without it (extra.page_bundles in mkdocs.yml). The bundle lies beside this one. */
(function () {
  var bundle = document.currentScript && document.currentScript.src.replace(/liim\.min\.js([?#].*)?$/, "liim-zoeker.min.js");
  document.addEventListener("DOMContentLoaded", function () {
    if (!/[?&]van=\d{5}(&|$)/.test(location.search) || window.LIIMZoeker || !/liim-zoeker/.test(bundle || "")) { return; }
    var script = document.createElement("script");
    script.src = bundle;
    document.head.appendChild(script);
  });
})();
