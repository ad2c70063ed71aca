/* LIIM gemeente finder, the filter of the A–Z list and the notice after an old name.
 * normalise, match and suggestions mirror generator/finder.py line by line (tests/test_finder.py
 * runs both on one table of cases). Plain ES5, no libraries; every URL is relative to the
 * folder this script was loaded from. */
(function (root) {
  "use strict";

  var LIMIT = 8;
  var FUZZY_RANK = 4;
  var ABBREVIATIONS = { st: "sint" };
  var NOTICES_ASSET = "assets/gen/gemeentenamen.json";
  var script = typeof document !== "undefined" && document.currentScript ? document.currentScript.src : "";
  // loaded as assets/liim-zoeker.js or inside the bundle assets/gen/liim.min.js
  var siteRoot = script.replace(/assets\/(gen\/)?liim[\w.-]*\.js([?#].*)?$/, "");

  function normalise(name) {
    var plain = String(name).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var words = plain.match(/[a-z0-9]+/g) || [];
    return words.map(function (w) {
      return Object.prototype.hasOwnProperty.call(ABBREVIATIONS, w) ? ABBREVIATIONS[w] : w;
    }).join(" ");
  }

  /* Edit distance with adjacent transpositions (optimal string alignment). */
  function osa(a, b) {
    var previous2 = [], previous = [], row, i, j, cost;
    for (j = 0; j <= b.length; j++) { previous.push(j); }
    for (i = 1; i <= a.length; i++) {
      row = [i];
      for (j = 1; j <= b.length; j++) {
        cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          row[j] = Math.min(row[j], previous2[j - 2] + 1);
        }
      }
      previous2 = previous;
      previous = row;
    }
    return previous[b.length];
  }

  function allowed(length) {
    return length < 4 ? 0 : length <= 5 ? 1 : length <= 9 ? 2 : 3;
  }

  /* [rank, distance] of a normalised name for a normalised query, or null. */
  function match(query, name) {
    var q = query.replace(/ /g, ""), n = name.replace(/ /g, ""), words = name.split(" ");
    var tails = [], i, distance = Infinity;
    if (!q) { return null; }
    if (q === n) { return [0, 0]; }
    if (n.indexOf(q) === 0) { return [1, 0]; }
    for (i = 0; i < words.length; i++) { tails.push(words.slice(i).join("")); }
    for (i = 1; i < tails.length; i++) {
      if (tails[i].indexOf(q) === 0) { return [2, 0]; }
    }
    if (q.length >= 3 && n.indexOf(q) >= 0) { return [3, 0]; }
    if (!allowed(q.length)) { return null; }
    for (i = 0; i < tails.length; i++) {
      distance = Math.min(distance, osa(q, tails[i]), osa(q, tails[i].slice(0, q.length)));
    }
    return distance <= allowed(q.length) ? [FUZZY_RANK, distance] : null;
  }

  function compare(a, b) {
    for (var i = 0; i < 4; i++) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }

  /* The names that match the query, best first (typo matches only when nothing else matches). */
  function suggestions(query, names, limit) {
    var wanted = normalise(query), scored = [], seen = {}, exact = false;
    if (limit === undefined) { limit = LIMIT; }
    names.forEach(function (name) {
      if (Object.prototype.hasOwnProperty.call(seen, name)) { return; }
      seen[name] = true;
      var norm = normalise(name), found = match(wanted, norm);
      if (found) {
        scored.push([found[0], found[1], norm.replace(/ /g, ""), name]);
        exact = exact || found[0] < FUZZY_RANK;
      }
    });
    if (exact) { scored = scored.filter(function (s) { return s[0] < FUZZY_RANK; }); }
    scored.sort(compare);
    return (limit ? scored.slice(0, limit) : scored).map(function (s) { return s[3]; });
  }

  /* --- the page ------------------------------------------------------------------------ */

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  /* role: "status" on a page; none inside the finder's own live region */
  function notice(text, role) {
    var box = element("div", "admonition info liim-melding");
    if (role) { box.setAttribute("role", role); }
    box.appendChild(element("p", "admonition-title", "Gefuseerde gemeente"));
    box.appendChild(element("p", "", text));
    return box;
  }

  function entryHref(form, entry) {
    return form.getAttribute("action") + entry.s + "/" + (entry.v ? "?van=" + entry.v : "");
  }

  function renderResults(form, entries, byName, value) {
    var out = form.querySelector(".liim-zoeker__resultaten");
    var found = value.trim() ? suggestions(value, entries.map(function (e) { return e.n; })) : [];
    var old = byName[normalise(value)];
    var list = element("ul", "liim-zoeker__lijst");
    out.textContent = "";
    form.querySelector(".liim-zoeker__fout").hidden = true;
    if (old && old.m) { out.appendChild(notice(old.m)); }
    if (value.trim()) {
      out.appendChild(element("p", "liim-zoeker__aantal", found.length === 0 ? "Geen gemeente gevonden." :
        found.length === 1 ? "1 gemeente gevonden:" : found.length + " gemeenten gevonden:"));
    }
    found.forEach(function (name) {
      var entry = byName[normalise(name)], item = element("li"), link = element("a", "", name);
      link.href = entryHref(form, entry);
      item.appendChild(link);
      if (entry.nu) { item.appendChild(document.createTextNode(" (nu deel van " + entry.nu + ")")); }
      list.appendChild(item);
    });
    if (found.length) { out.appendChild(list); }
    return found.map(function (name) { return byName[normalise(name)]; });
  }

  function initFinder(form) {
    var entries = JSON.parse(form.getAttribute("data-namen") || "[]"), byName = {}, found = [];
    var input = form.querySelector("input");
    entries.forEach(function (e) { byName[normalise(e.n)] = byName[normalise(e.n)] || e; });
    input.addEventListener("input", function () { found = renderResults(form, entries, byName, input.value); });
    input.addEventListener("keydown", function (event) {
      var first = form.querySelector(".liim-zoeker__lijst a");
      if (event.key === "ArrowDown" && first) { event.preventDefault(); first.focus(); }
    });
    form.addEventListener("keydown", function (event) {
      var link = event.target, item = link.parentNode;
      if (link.tagName !== "A" || !item || item.tagName !== "LI") { return; }
      var next = event.key === "ArrowDown" ? item.nextSibling : event.key === "ArrowUp" ? item.previousSibling : undefined;
      if (next === undefined) { return; }
      event.preventDefault();
      if (next) { next.querySelector("a").focus(); } else if (event.key === "ArrowUp") { input.focus(); }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      found = renderResults(form, entries, byName, input.value);
      if (found.length) {
        window.location.href = entryHref(form, found[0]);
      } else {
        form.querySelector(".liim-zoeker__fout").hidden = false;
      }
    });
  }

  /* The A–Z list: rows whose name or a former name is among the suggestions for the
   * whole list (so typo matches only when nothing matches better), in their own order. */
  function initFilter(box) {
    var input = box.querySelector("input"), count = box.querySelector(".liim-filter__aantal");
    var table = box.parentNode.querySelector("table"), rows, total;
    if (!table) { return; }
    rows = Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
      var cells = tr.querySelectorAll("td");
      var old = cells.length > 1 ? cells[cells.length - 1].textContent.split(",") : [];
      var names = [cells[0].textContent.trim()].concat(old.map(function (n) { return n.trim(); }).filter(Boolean));
      return { tr: tr, names: names };
    });
    total = rows.length;
    var allNames = [].concat.apply([], rows.map(function (row) { return row.names; }));
    function apply() {
      var value = input.value, shown = 0, found = {};
      suggestions(value, allNames, 0).forEach(function (name) { found[name] = true; });
      rows.forEach(function (row) {
        var visible = !value.trim() || row.names.some(function (n) { return found[n] === true; });
        row.tr.style.display = visible ? "" : "none";
        shown += visible ? 1 : 0;
      });
      count.textContent = value.trim() ? shown + " van de " + total + " gemeenten" : "";
    }
    box.hidden = false;
    input.addEventListener("input", apply);
    var param = new RegExp("[?&]gemeente=([^&#]*)").exec(window.location.search);
    if (param) { input.value = decodeURIComponent(param[1].replace(/\+/g, " ")); apply(); }
  }

  /* /gemeenten/<slug>/?van=<old NIS code>: the sentence about the merger, then a clean URL. */
  function initNotice() {
    var van = /[?&]van=(\d{5})(&|$)/.exec(window.location.search);
    var slug = /\/gemeenten\/([a-z0-9-]+)\/(index\.html)?$/.exec(window.location.pathname);
    var article = document.querySelector("article");
    if (!van || !slug || !article || typeof fetch !== "function") { return; }
    fetch((siteRoot || "../../") + NOTICES_ASSET).then(function (r) { return r.ok ? r.json() : {}; }).then(function (data) {
      var entry = data[van[1]], heading = article.querySelector("h1");
      if (!entry || entry.s !== slug[1]) { return; }
      article.insertBefore(notice(entry.m, "status"), heading ? heading.nextSibling : article.firstChild);
      if (window.history && window.history.replaceState) {
        window.history.replaceState(window.history.state, "", window.location.pathname + window.location.hash);
      }
    });
  }

  var api = { normalise: normalise, match: match, suggestions: suggestions };
  root.LIIMZoeker = api;
  if (typeof module !== "undefined" && module.exports) { module.exports = api; }
  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-liim=zoeker]"), initFinder);
    Array.prototype.forEach.call(document.querySelectorAll("[data-liim=filter]"), initFilter);
    initNotice();
  }
  if (typeof document !== "undefined") {
    // liim-melding.js adds this script to a gemeente page after the page has loaded
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
  }
})(typeof window !== "undefined" ? window : globalThis);
