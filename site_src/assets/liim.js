/* LIIM front-end: choropleth maps on a shared geometry file, sortable tables,
 * Dutch number formatting (identical to generator/formatting.py).
 * Needs the vendored Leaflet (L) and tablesort, loaded before this file.
 * Every URL it uses is relative: it comes from the page (config.root, config.geometry). */
(function (root) {
  "use strict";

  var NNBSP = "\u202f";
  var MISSING = "\u2013";
  var geometryCache = {};

  /* Round half away from zero on the shortest decimal representation (as Python's Decimal). */
  function roundHalfUp(value, d) {
    var abs = Math.abs(value);
    if (abs < 1e-9) { return 0; }
    var r = Number(Math.round(Number(abs + "e" + d)) + "e-" + d);
    return value < 0 && r !== 0 ? -r : r;
  }

  function groupThousands(digits) {
    var groups = [];
    while (digits.length > 3) {
      groups.unshift(digits.slice(-3));
      digits = digits.slice(0, -3);
    }
    groups.unshift(digits);
    return groups.join(NNBSP);
  }

  function formatNumber(value, d) {
    if (value === null || value === undefined || !isFinite(value)) { return MISSING; }
    d = Math.max(0, d | 0);
    var rounded = roundHalfUp(Number(value), d);
    var parts = Math.abs(rounded).toFixed(d).split(".");
    var sign = rounded < 0 ? "-" : "";
    return sign + groupThousands(parts[0]) + (parts[1] ? "," + parts[1] : "");
  }

  /* fmt = {d: decimals, unit: "%" | "‰" | "€" | ""} */
  function formatFigure(value, fmt) {
    if (value === null || value === undefined || !isFinite(value)) { return MISSING; }
    var number = formatNumber(value, fmt.d);
    if (fmt.unit === "€") { return "€" + NNBSP + number; }
    return fmt.unit ? number + NNBSP + fmt.unit : number;
  }

  /* Parse a Dutch figure ("1 234,5 %", "€ 21 345", "-3,2") to a number, or null. */
  function parseDutch(text) {
    var clean = String(text).replace(/\((v|o|k)\)/g, "").replace(/[\s\u202f\u00a0€%‰]/g, "").replace(/\./g, "").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : null;
  }

  /* The shared geometry is TopoJSON (shared borders stored once: half the bytes of GeoJSON);
   * topojson-client turns its single object into a GeoJSON FeatureCollection. */
  function toGeoJson(data) {
    if (data && data.type === "Topology") {
      return topojson.feature(data, data.objects[Object.keys(data.objects)[0]]);
    }
    return data;
  }

  function fetchRaw(url) {
    if (!geometryCache[url]) {
      geometryCache[url] = fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
    }
    return geometryCache[url];
  }

  function fetchJson(url) {
    return fetchRaw(url).then(toGeoJson);
  }

  /* Province of a Flemish NIS code: its first digit (23xxx and 24xxx are both Vlaams-Brabant). */
  function provinceOf(feature) {
    var nis = String(feature.id || (feature.properties || {}).nis || "");
    return nis.charAt(0);
  }

  /* Province borders and the Flemish outline, derived from the gemeenten topology itself:
   * the arcs between gemeenten of different provinces, plus the outer ones. No extra file. */
  function provinceBorders(topology) {
    var object = topology.objects[Object.keys(topology.objects)[0]];
    return topojson.mesh(topology, object, function (a, b) {
      return a === b || provinceOf(a) !== provinceOf(b);
    });
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" }[c];
    });
  }

  /* SVG patterns for geheim (hatched) and fusie (dots) in the map's overlay pane. */
  function addPatterns(map, cfg, prefix) {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    if (!svg) { return; }
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    defs.innerHTML =
      '<pattern id="' + prefix + '-g" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">' +
      '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="' + cfg.colours.secret + '" stroke-width="3"/></pattern>' +
      '<pattern id="' + prefix + '-f" width="6" height="6" patternUnits="userSpaceOnUse">' +
      '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.4" fill="' + cfg.colours.merger + '"/></pattern>';
    svg.insertBefore(defs, svg.firstChild);
  }

  function classColour(value, info) {
    for (var i = 0; i < info.breaks.length; i++) {
      if (value <= info.breaks[i]) { return info.colours[i]; }
    }
    return info.colours[info.colours.length - 1];
  }

  /* Indices marked in cfg[key] (voorlopig, klein) for the state's group and year. */
  function marked(cfg, key, state, index) {
    var marks = (((cfg[key] || {})[state.group] || {})[state.year]) || [];
    return marks.indexOf(index) >= 0;
  }

  /* A klein aantal figure: its class colour, hatched with thin dark lines (one pattern per colour). */
  function smallPattern(map, colour, prefix) {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    var id = prefix + "-k-" + colour.replace(/[^0-9a-z]/gi, "");
    if (svg && !document.getElementById(id)) {
      var ns = "http://www.w3.org/2000/svg";
      var defs = svg.querySelector("defs") || svg.insertBefore(document.createElementNS(ns, "defs"), svg.firstChild);
      var pattern = document.createElementNS(ns, "pattern");
      pattern.setAttribute("id", id);
      pattern.setAttribute("width", "5");
      pattern.setAttribute("height", "5");
      pattern.setAttribute("patternUnits", "userSpaceOnUse");
      pattern.setAttribute("patternTransform", "rotate(45)");
      pattern.innerHTML = '<rect width="5" height="5" fill="' + colour + '"/>' +
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#000000" stroke-opacity="0.5" stroke-width="1.2"/>';
      defs.appendChild(pattern);
    }
    return "url(#" + id + ")";
  }

  function cellFill(cell, info, cfg, prefix) {
    if (cell === "g") { return "url(#" + prefix + "-g)"; }
    if (cell === "f") { return "url(#" + prefix + "-f)"; }
    if (cell === null || cell === undefined) { return cfg.colours.nodata; }
    return classColour(cell, info);
  }

  /* " (10,1–14,8)": the 95 % interval of the figure at index, "" without one. The page sends it as
   * two whole steps of the last decimal below and above the rounded figure (see generator/maps.py). */
  function intervalText(cell, cfg, state, index) {
    var steps = ((cfg.interval || {})[state.group] || {})[state.year];
    if (!steps || steps[2 * index] === null || steps[2 * index] === undefined) { return ""; }
    var scale = Math.pow(10, cfg.fmt.d), figure = Math.round(cell * scale);
    return " (" + formatNumber((figure - steps[2 * index]) / scale, cfg.fmt.d) + "\u2013" +
      formatNumber((figure + steps[2 * index + 1]) / scale, cfg.fmt.d) + ")";
  }

  function cellText(cell, index, cfg, state) {
    if (cell === "g" || cell === "f") { return cfg.labels[cell]; }
    if (cell === null || cell === undefined) { return cfg.labels.n; }
    var text = formatFigure(cell, cfg.fmt) + intervalText(cell, cfg, state, index);
    return marked(cfg, "voorlopig", state, index) ? text + " (" + cfg.labels.v + ")" : text;
  }

  function tooltip(feature, cfg, state) {
    var index = state.index[feature.id];
    var name = "<strong>" + escapeHtml(feature.properties.naam) + "</strong>";
    if (cfg.overview) { return name; }
    var cell = index === undefined ? null : cfg.series[state.group][state.year][index];
    var group = cfg.groups.length > 1 ? " (" + escapeHtml((cfg.groupLabels || {})[state.group] || state.group) + ")" : "";
    var small = index !== undefined && marked(cfg, "klein", state, index) ? "<br>" + escapeHtml(cfg.labels.k) : "";
    return name + "<br>" + escapeHtml(state.year) + group + ": " + escapeHtml(cellText(cell, index, cfg, state)) + small;
  }

  function featureStyle(feature, cfg, state, map) {
    var base = { color: "#ffffff", weight: 0.6, opacity: 1, fillOpacity: 1 };
    if (cfg.overview) { base.fillColor = cfg.overview; return base; }
    var prefix = map.getContainer().id;
    var index = state.index[feature.id];
    var cell = index === undefined ? null : cfg.series[state.group][state.year][index];
    base.fillColor = cellFill(cell, cfg.classes[state.group], cfg, prefix);
    if (typeof cell === "number" && marked(cfg, "klein", state, index)) {
      base.fillColor = smallPattern(map, base.fillColor, prefix);
    }
    return base;
  }

  function gemeenteUrl(feature, cfg, state) {
    var index = state.index[feature.id];
    return index === undefined ? null : cfg.root + "gemeenten/" + cfg.slug[index] + "/";
  }

  function bindFeature(feature, layer, cfg, state) {
    layer.bindTooltip(function () { return tooltip(feature, cfg, state); }, { sticky: true });
    layer.on("mouseover", function () { layer.setStyle({ weight: 2.5, color: "#000000" }); });
    layer.on("mouseout", function () { layer.setStyle({ weight: 0.6, color: "#ffffff" }); });
    layer.on("click", function () {
      var url = gemeenteUrl(feature, cfg, state);
      if (url) { window.location.href = url; }
    });
  }

  function showLegend(cfg, group) {
    var box = document.getElementById(cfg.controls + "-legende");
    if (!box) { return; }
    Array.prototype.forEach.call(box.querySelectorAll(".liim-legende"), function (el) {
      el.hidden = el.getAttribute("data-groep") !== group;
    });
  }

  function bindControls(cfg, state, restyle) {
    var box = document.getElementById(cfg.controls);
    if (!box) { return; }
    Array.prototype.forEach.call(box.querySelectorAll("select[data-liim]"), function (select) {
      select.addEventListener("change", function () {
        state[select.getAttribute("data-liim") === "jaar" ? "year" : "group"] = select.value;
        showLegend(cfg, state.group);
        withSeries(cfg, state.group, state.year).then(restyle).catch(function () { /* the table keeps the figures */ });
      });
    });
  }

  /* The page embeds the first view (first group, newest year); every other year and group
   * comes from cfg.seriesUrl on first use (one small file per indicator, cached). */
  function withSeries(cfg, group, year) {
    if ((cfg.series[group] && cfg.series[group][year]) || !cfg.seriesUrl) { return Promise.resolve(); }
    return fetchRaw(cfg.seriesUrl).then(function (extra) {
      Object.keys(extra.series).forEach(function (g) { cfg.series[g] = extra.series[g]; });
      ["voorlopig", "interval", "klein"].forEach(function (key) {
        cfg[key] = cfg[key] || {};
        Object.keys(extra[key] || {}).forEach(function (g) { cfg[key][g] = extra[key][g]; });
      });
    });
  }

  function initialState(cfg) {
    var state = { index: {}, year: (cfg.years || [])[0], group: (cfg.groups || [])[0] };
    cfg.nis.forEach(function (nis, i) { state.index[nis] = i; });
    var box = document.getElementById(cfg.controls);
    var year = box && box.querySelector("select[data-liim=jaar]");
    var group = box && box.querySelector("select[data-liim=groep]");
    if (year) { state.year = year.value; }
    if (group) { state.group = group.value; }
    return state;
  }

  function drawGemeenten(map, cfg, state, geojson) {
    var prefix = map.getContainer().id;
    var layer = L.geoJSON(geojson, {
      style: function (f) { return featureStyle(f, cfg, state, map); },
      onEachFeature: function (f, l) { bindFeature(f, l, cfg, state); }
    }).addTo(map);
    addPatterns(map, cfg, prefix);
    layer.setStyle(function (f) { return featureStyle(f, cfg, state, map); });
    if (geojson.features.length !== cfg.nis.length && window.console) {
      console.warn("LIIM: " + geojson.features.length + " vormen, " + cfg.nis.length + " gemeenten");
    }
    map.fitBounds(layer.getBounds());
    return layer;
  }

  function drawProvinces(map, cfg) {
    var borders = cfg.provinces ? fetchJson(cfg.provinces) : fetchRaw(cfg.geometry).then(function (data) {
      return data && data.type === "Topology" ? provinceBorders(data) : null;
    });
    borders.then(function (geojson) {
      if (!geojson) { return; }
      L.geoJSON(geojson, {
        interactive: false,
        style: { color: "#222222", weight: 1.6, fill: false, opacity: 1 }
      }).addTo(map);
    }).catch(function () { /* outlines are decoration only */ });
  }

  function showError(map, cfg) {
    var note = document.createElement("p");
    note.className = "liim-kaart__fout";
    note.textContent = cfg.labels.error;
    map.getContainer().parentNode.appendChild(note);
  }

  /* Entry point called by the page's script (see generator/maps.py). */
  function choropleth(map, cfg) {
    var state = initialState(cfg);
    map.fitBounds(cfg.bounds);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeHtml(cfg.attribution));
    if (cfg.tiles && cfg.tiles.url) {  /* optional, off by default: see LIIM_KAARTTEGELS */
      L.tileLayer(cfg.tiles.url, { attribution: escapeHtml(cfg.tiles.bron || "") }).addTo(map);
    }
    showLegend(cfg, state.group);
    fetchJson(cfg.geometry).then(function (geojson) {
      var layer = drawGemeenten(map, cfg, state, geojson);
      bindControls(cfg, state, function () {
        layer.setStyle(function (f) { return featureStyle(f, cfg, state, map); });
      });
      drawProvinces(map, cfg);
    }).catch(function () { showError(map, cfg); });
    return state;
  }

  /* Sortable tables: numeric cells get data-sort (tablesort cannot read "1 234,5"). */
  function initTables() {
    if (typeof root.Tablesort !== "function") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      Array.prototype.forEach.call(table.querySelectorAll("tbody td"), function (cell) {
        var n = cell.hasAttribute("data-sort") ? null : parseDutch(cell.textContent);
        if (n !== null) { cell.setAttribute("data-sort", String(n)); }
      });
      new root.Tablesort(table);
    });
  }

  var LIIM = {
    formatNumber: formatNumber, formatFigure: formatFigure, parseDutch: parseDutch,
    roundHalfUp: roundHalfUp, choropleth: choropleth, cellText: cellText, marked: marked
  };
  root.LIIM = LIIM;
  if (typeof module !== "undefined" && module.exports) { module.exports = LIIM; }
  if (typeof document !== "undefined") {
    document.addEventListener("DOMContentLoaded", function () { initTables(); });
  }
})(typeof window !== "undefined" ? window : globalThis);
