/* LIIM: the "Insluiten op uw website" snippets of the gemeente and indicator pages: the iframe
 * address relative to this page, and a copy button. (The compare page's own code is
 * liim-vergelijk.js, a bundle that only the compare page loads.) */
(function (root) {
  "use strict";

  function initSnippet(block) {
    var code = block.querySelector("textarea[data-embed-src]");
    var button = block.querySelector("button");
    var status = block.querySelector("[role=status]");
    if (!code) { return; }
    var src = new URL(code.getAttribute("data-embed-src"), root.location.href).href;
    code.value = code.value.replace(/src="[^"]*"/, "src=\"" + src + "\"");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      function done(text) { if (status) { status.textContent = text; } }
      code.select();
      if (navigator.clipboard && root.isSecureContext) {
        navigator.clipboard.writeText(code.value).then(function () { done("De code is gekopieerd."); },
          function () { done("Kopi\u00ebren lukte niet: de code is geselecteerd, kopieer ze met Ctrl+C."); });
      } else {
        var ok = false;
        try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
        done(ok ? "De code is gekopieerd." : "De code is geselecteerd: kopieer ze met Ctrl+C.");
      }
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".liim-insluiten"), initSnippet);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})(window);
