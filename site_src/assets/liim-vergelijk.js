/* LIIM: compare gemeenten (/vergelijk/?nis=11002,44021); a bundle of its own that only the compare
 * page loads (the "Insluiten op uw website" snippets: liim-insluiten.js).
 *
 * The compare page reads assets/gen/vergelijk.json (generator/comparepage.py: compare_data) and
 * draws the same tables as the fixed comparisons of generator/comparepage.py
 * (templates/vergelijk-gemeente.md.j2). The choice lives in the address: ?nis=a,b,c; every change
 * is a history entry (pushState), so the back button restores the previous choice.
 * Needs LIIM.formatNumber from liim.js (Dutch notation, identical to generator/formatting.py).
 * Every URL is relative to the page; nothing is loaded from another host. */
(function (root) {
  "use strict";

  var NNBSP = "\u202f";
  var MISSING = "\u2013";
  var PROVISIONAL = 1, SMALL = 2, INCOMPLETE = 4;
  var WORDS = ["nul", "een", "twee", "drie", "vier", "vijf", "zes"];

  function inWords(n) { return WORDS[n] || String(n); }

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#x27;"}[c];
    });
  }

  function number(value, d) { return root.LIIM.formatNumber(value, d); }

  function figure(value, d, unit) {
    var n = number(value, d);
    if (unit === "\u20ac") { return "\u20ac" + NNBSP + n; }
    return unit ? n + NNBSP + unit : n;
  }

  /* A packed cell (see compare_data) as {figure, interval, klein}. */
  function cellTexts(cell, d, unit, reasons) {
    if (cell === null || cell === undefined) { return {figure: MISSING, interval: "", klein: false}; }
    if (typeof cell === "string") { return {figure: reasons[cell] || MISSING, interval: "", klein: false}; }
    var parts = Array.isArray(cell) ? cell : [cell];
    var scale = Math.pow(10, d), v = parts[0], flags = parts[3] || 0;
    var marks = (flags & PROVISIONAL ? " (v)" : "") + (flags & INCOMPLETE ? " (o)" : "") + (flags & SMALL ? " (k)" : "");
    var interval = "";
    if (parts[1] !== null && parts[1] !== undefined && parts[2] !== null && parts[2] !== undefined) {
      interval = number((v + parts[1]) / scale, d) + "\u2013" + number((v + parts[2]) / scale, d);
    }
    return {figure: figure(v / scale, d, unit) + marks, interval: interval, klein: !!(flags & SMALL)};
  }

  function cellHtml(texts, label) {
    return "<td class=\"liim-getal\" data-label=\"" + esc(label) + "\"><span class=\"liim-cijfer" +
      (texts.klein ? " liim-klein" : "") + "\">" + esc(texts.figure) + "</span>" +
      (texts.interval ? " <span class=\"liim-interval\">(" + esc(texts.interval) + ")</span>" : "") + "</td>";
  }

  /* One theme's table, exactly as templates/vergelijk-gemeente.md.j2 writes it. */
  function tableHtml(data, theme, rows, chosen, rootUrl) {
    var head = "<th scope=\"col\">Indicator</th><th scope=\"col\">Jaar</th>";
    var caption = esc(theme[1]) + ": ";
    chosen.forEach(function (g) {
      head += "<th scope=\"col\"><a href=\"" + esc(rootUrl + "gemeenten/" + g[2] + "/") + "\">" + esc(g[1]) + "</a></th>";
      caption += esc(g[1]) + ", ";
    });
    head += "<th scope=\"col\">Vlaams Gewest</th>";
    var body = rows.map(function (r) {
      var ind = r.ind, d = ind[5], unit = ind[6];
      var html = "<tr><th scope=\"row\"><a href=\"" + esc(rootUrl + "indicatoren/" + ind[2] + "/") + "\">" +
        esc(ind[0] + " " + ind[1]) + "</a></th><td data-label=\"Jaar\">" + ind[4] + "</td>";
      chosen.forEach(function (g) { html += cellHtml(cellTexts(data.cel[g.index][r.i], d, unit, data.redenen), g[1]); });
      return html + cellHtml(cellTexts(ind[7], d, unit, data.redenen), "Vlaams Gewest") + "</tr>";
    }).join("\n");
    return "<h2 id=\"thema-" + esc(theme[0]) + "\">" + esc(theme[1]) + "</h2>\n" +
      "<table class=\"liim-tabel liim-vergelijk-tabel\">\n<caption>" + caption + "Vlaams Gewest</caption>\n" +
      "<thead><tr>" + head + "</tr></thead>\n<tbody>\n" + body + "\n</tbody>\n</table>";
  }

  function resultHtml(data, chosen, rootUrl) {
    var perTheme = data.themas.map(function () { return []; });
    data.ind.forEach(function (ind, i) { perTheme[ind[3]].push({ind: ind, i: i}); });
    return data.themas.map(function (theme, t) {
      return perTheme[t].length ? tableHtml(data, theme, perTheme[t], chosen, rootUrl) : "";
    }).join("\n");
  }

  /* The NIS codes in ?nis=, known, each once, at most `max`. */
  function selectionFromUrl(known, max) {
    var raw = new URLSearchParams(root.location.search).get("nis") || "";
    var out = [];
    raw.split(",").forEach(function (nis) {
      nis = nis.trim();
      if (known[nis] !== undefined && out.indexOf(nis) < 0 && out.length < max) { out.push(nis); }
    });
    return out;
  }

  function urlFor(selection) {
    return root.location.pathname + (selection.length ? "?nis=" + selection.join(",") : "");
  }

  function buildForm(box, data, max) {
    var options = "<option value=\"\">\u2014 geen \u2014</option>" + data.gem.map(function (g) {
      return "<option value=\"" + esc(g[0]) + "\">" + esc(g[1]) + "</option>";
    }).join("");
    var fields = "";
    for (var i = 0; i < max; i++) {
      fields += "<p class=\"liim-vergelijk-veld\"><label for=\"liim-vergelijk-" + i + "\">Gemeente " + (i + 1) +
        "</label><select id=\"liim-vergelijk-" + i + "\">" + options + "</select></p>";
    }
    box.innerHTML = "<form class=\"liim-vergelijk-keuze\"><fieldset><legend>Kies twee tot " + inWords(max) +
      " gemeenten</legend>" + fields + "</fieldset></form>" +
      "<p class=\"liim-vergelijk-status\" role=\"status\" aria-live=\"polite\"></p>" +
      "<div class=\"liim-vergelijk-resultaat\"></div>";
    return Array.prototype.slice.call(box.querySelectorAll("select"));
  }

  function initCompare(box) {
    var max = parseInt(box.getAttribute("data-max"), 10) || 4;
    var rootUrl = box.getAttribute("data-root") || "../";
    fetch(box.getAttribute("data-bron")).then(function (r) {
      if (!r.ok) { throw new Error(r.status + " " + r.url); }
      return r.json();
    }).then(function (data) {
      var known = {};
      data.gem.forEach(function (g, i) { g.index = i; known[g[0]] = g; });
      var selects = buildForm(box, data, max);
      var status = box.querySelector(".liim-vergelijk-status");
      var result = box.querySelector(".liim-vergelijk-resultaat");

      function show(selection) {
        selects.forEach(function (s, i) { s.value = selection[i] || ""; });
        var chosen = selection.map(function (nis) { return known[nis]; });
        result.innerHTML = chosen.length ? resultHtml(data, chosen, rootUrl) : "";
        var names = chosen.map(function (g) { return g[1]; });
        status.textContent = chosen.length ? names.join(", ") + " en het Vlaams Gewest vergeleken." :
          "Kies hierboven twee tot " + inWords(max) + " gemeenten om hun cijfers naast elkaar te zien.";
      }

      function chosenInForm() {
        var out = [];
        selects.forEach(function (s) { if (s.value && out.indexOf(s.value) < 0) { out.push(s.value); } });
        return out;
      }

      selects.forEach(function (s) {
        s.addEventListener("change", function () {
          var selection = chosenInForm();
          root.history.pushState({nis: selection}, "", urlFor(selection));
          show(selection);
        });
      });
      root.addEventListener("popstate", function () { show(selectionFromUrl(known, max)); });
      var first = selectionFromUrl(known, max);
      root.history.replaceState({nis: first}, "", urlFor(first));
      show(first);
    }).catch(function (err) {
      box.textContent = "De cijfers voor de vergelijking konden niet geladen worden (" + err.message + ").";
    });
  }

  function init() {
    var box = document.getElementById("liim-vergelijk");
    if (box) { initCompare(box); }
  }

  root.LIIMVergelijk = {cellTexts: cellTexts, tableHtml: tableHtml};
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})(window);
