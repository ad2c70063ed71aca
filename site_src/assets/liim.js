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
    if (cell === null || cell === undefined || !info || !info.breaks.length) { return cfg.colours.nodata; }
    return classColour(cell, info);
  }

  function view(cfg, key, state) {
    return ((cfg[key] || {})[state.group] || {})[state.year];
  }

  /* The figures of the state's view (a count: the count itself), and the cells the map colours
   * (a count: per 1 000 inwoners; null when the year has no inwoners: the map draws circles). */
  function cellsOf(cfg, state) { return view(cfg, "series", state) || []; }
  function colouredOf(cfg, state) { return cfg.count ? view(cfg, "rates", state) || null : cellsOf(cfg, state); }
  function circleMode(cfg, state) { return !cfg.overview && !!cfg.count && !colouredOf(cfg, state); }

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

  function rateText(cfg, state, index) {
    var rate = cfg.count && index !== undefined ? (colouredOf(cfg, state) || [])[index] : null;
    return typeof rate === "number" ? " (" + formatFigure(rate, cfg.rateFmt) + " " + cfg.rateUnit + ")" : "";
  }

  function tooltip(feature, cfg, state) {
    var index = state.index[feature.id];
    var name = "<strong>" + escapeHtml(feature.properties.naam) + "</strong>";
    if (cfg.overview) { return name; }
    var cell = index === undefined ? null : cellsOf(cfg, state)[index];
    var group = cfg.groups.length > 1 ? " (" + escapeHtml((cfg.groupLabels || {})[state.group] || state.group) + ")" : "";
    var small = index !== undefined && marked(cfg, "klein", state, index) ? "<br>" + escapeHtml(cfg.labels.k) : "";
    return name + "<br>" + escapeHtml(state.year) + group + ": " + escapeHtml(cellText(cell, index, cfg, state)) +
      escapeHtml(rateText(cfg, state, index)) + small;
  }

  function featureStyle(feature, cfg, state, map) {
    var base = { color: "#ffffff", weight: 0.6, opacity: 1, fillOpacity: 1 };
    if (cfg.overview) { base.fillColor = cfg.overview; return base; }
    var prefix = map.getContainer().id;
    var index = state.index[feature.id];
    if (circleMode(cfg, state)) {
      var count = index === undefined ? null : cellsOf(cfg, state)[index];
      base.fillColor = typeof count === "number" ? "#f7f7f7" : cellFill(count, null, cfg, prefix);
      return base;
    }
    var cell = index === undefined ? null : (colouredOf(cfg, state) || [])[index];
    base.fillColor = cellFill(cell, view(cfg, "classes", state), cfg, prefix);
    if (typeof cell === "number" && marked(cfg, "klein", state, index)) {
      base.fillColor = smallPattern(map, base.fillColor, prefix);
    }
    return base;
  }

  function gemeenteUrl(feature, cfg, state) {
    var index = state.index[feature.id];
    return index === undefined ? null : cfg.root + "gemeenten/" + cfg.slug[index] + "/";
  }

  /* A touch screen (no hover): a tap opens a popup with the figure and a link instead of navigating. */
  function touchScreen() {
    return !!(root.matchMedia && root.matchMedia("(hover: none), (pointer: coarse)").matches);
  }

  function popupHtml(feature, cfg, state, url) {
    var name = escapeHtml(feature.properties.naam);
    return tooltip(feature, cfg, state) + (url ? '<br><a href="' + escapeHtml(url) + '">' +
      escapeHtml(cfg.labels.goto) + name + "</a>" : "");
  }

  function bindFeature(feature, layer, cfg, state, map) {
    if (!state.touch) {
      layer.bindTooltip(function () { return tooltip(feature, cfg, state); }, { sticky: true });
    }
    layer.on("mouseover", function () { layer.setStyle({ weight: 2.5, color: "#000000" }); });
    layer.on("mouseout", function () { layer.setStyle({ weight: 0.6, color: "#ffffff" }); });
    layer.on("click", function (e) {
      var url = gemeenteUrl(feature, cfg, state);
      if (state.touch || Date.now() - state.touched < 1000) {
        layer.closeTooltip();
        L.popup({ maxWidth: 260, className: "liim-popup" }).setLatLng(e.latlng)
          .setContent(popupHtml(feature, cfg, state, url)).openOn(map);
      } else if (url) { window.location.href = url; }
    });
  }

  /* ---- the legend of the view: that year's classes, their unit, what the colours mean ---- */
  function swatch(css, label, style) {
    return '<li><span class="liim-swatch ' + css + '"' + (style ? ' style="' + style + '"' : "") +
      ' aria-hidden="true"></span>' + escapeHtml(label) + "</li>";
  }

  function legendItems(cfg, state, info, circles) {
    var d = cfg.count ? cfg.rateFmt.d : cfg.fmt.d, items = [], lower = info ? info.min : null;
    if (circles) { items.push(swatch("liim-swatch--cirkel", "aantal (cirkel)")); }
    (circles || !info ? [] : info.breaks).forEach(function (upper, i) {
      var low = formatNumber(lower, d), high = formatNumber(upper, d);
      items.push(swatch("", i === 0 ? low + " \u2013 " + high : "meer dan " + low + " tot en met " + high,
        "background:" + info.colours[i]));
      lower = upper;
    });
    if (!items.length) { items.push("<li>" + escapeHtml(cfg.legend.empty) + "</li>"); }
    var cells = cellsOf(cfg, state);
    if (cells.indexOf("g") >= 0) { items.push(swatch("liim-swatch--geheim", cfg.labels.g)); }
    if (cells.indexOf("f") >= 0) { items.push(swatch("liim-swatch--fusie", cfg.labels.f)); }
    items.push(swatch("liim-swatch--geen", cfg.labels.n));
    if (info && !circles && (view(cfg, "klein", state) || []).length) {
      items.push(swatch("liim-swatch--klein", cfg.legend.small,
        "background-color:" + info.colours[Math.floor(info.colours.length / 2)]));
    }
    return items.join("");
  }

  function showLegend(cfg, state) {
    var box = document.getElementById(cfg.controls + "-legende");
    var block = box && box.querySelector(".liim-legende");
    if (!block || !cfg.legend) { return; }
    var info = view(cfg, "classes", state), circles = circleMode(cfg, state);
    var label = cfg.groups.length > 1 ? ": " + ((cfg.groupLabels || {})[state.group] || state.group) : "";
    var title = [cfg.legend.title, state.year + label, cfg.legend.unit].filter(Boolean).join(" ");
    block.setAttribute("data-groep", state.group);
    block.setAttribute("data-jaar", state.year);
    block.innerHTML = '<p class="liim-legende__titel">' + escapeHtml(title) + "</p><ul>" +
      legendItems(cfg, state, info && info.breaks.length ? info : null, circles) + "</ul>" +
      '<p class="liim-legende__uitleg">' +
      escapeHtml((circles ? cfg.legend.circles : cfg.legend.note).replace("{jaar}", state.year)) + "</p>";
  }

  /* ---- the table of all gemeenten: the page's rows for the first view, redrawn for another ---- */
  var VERDICTS = { h: "hoger", l: "lager", g: "geen duidelijk verschil" };

  function tableParts(cfg) {
    var table = document.getElementById(cfg.controls + "-tabel");
    if (!table || !table.tBodies.length) { return null; }
    var parts = { table: table, original: table.tBodies[0].innerHTML, order: [], info: {},
      columns: Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.getAttribute("data-kolom") || "";
      }) };
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      var link = tr.cells[0].querySelector("a");
      var slug = link ? link.getAttribute("href").split("/").filter(Boolean).pop() : "";
      parts.order.push(slug);
      parts.info[slug] = [tr.cells[0].innerHTML, tr.cells[1].textContent, tr.cells[2].textContent];
    });
    return parts;
  }

  /* Rank 1 = highest, ties share the lowest rank (as compare.add_rank), among the shown figures. */
  function ranks(cells) {
    var shown = [], out = {};
    cells.forEach(function (c, i) { if (typeof c === "number") { shown.push([c, i]); } });
    shown.sort(function (a, b) { return b[0] - a[0]; });
    shown.forEach(function (v, k) {
      out[v[1]] = k > 0 && v[0] === shown[k - 1][0] ? out[shown[k - 1][1]] : k + 1;
    });
    return out;
  }

  function td(text, sort) {
    var numeric = sort !== undefined;
    return "<td" + (numeric ? ' class="liim-getal"' : "") + (sort !== undefined && sort !== null ? ' data-sort="' + sort + '"' : "") +
      ">" + escapeHtml(text) + "</td>";
  }

  function tableCell(column, i, cfg, state, extra) {
    var cell = extra.cells[i], shown = typeof cell === "number", steps = view(cfg, "interval", state);
    if (column === "cijfer") {
      var text = shown ? formatFigure(cell, cfg.fmt) : cfg.labels[cell === "g" || cell === "f" ? cell : "n"];
      if (shown && marked(cfg, "voorlopig", state, i)) { text += " (v)"; }
      return td(shown && marked(cfg, "klein", state, i) ? text + " (k)" : text, shown ? cell : null);
    }
    if (column === "per1000") {
      var rate = (extra.rates || [])[i];
      return td(typeof rate === "number" ? formatNumber(rate, cfg.rateFmt.d) : MISSING, typeof rate === "number" ? rate : null);
    }
    if (column === "interval") {
      var iv = shown ? intervalText(cell, cfg, state, i) : "";
      var low = iv ? cell - steps[2 * i] / Math.pow(10, cfg.fmt.d) : null;
      return td(iv ? iv.slice(2, -1) : MISSING, low);
    }
    if (column === "vlaanderen" || column === "cluster") {
      var letter = (extra.verdicts || "").charAt(2 * i + (column === "cluster" ? 1 : 0));
      return td(VERDICTS[letter] || MISSING);
    }
    if (column === "rang") { return td(extra.ranks[i] ? String(extra.ranks[i]) : MISSING, extra.ranks[i] || null); }
    return "";
  }

  function showTable(cfg, state, parts, first) {
    if (!parts) { return; }
    Array.prototype.forEach.call(parts.table.querySelectorAll("th[data-kolom=teller], th[data-kolom=noemer]"),
      function (th) { th.hidden = !first; });
    if (first) {
      parts.table.tBodies[0].innerHTML = parts.original;
    } else {
      var cells = cellsOf(cfg, state), bySlug = {}, html = [];
      var extra = { cells: cells, rates: cfg.count ? colouredOf(cfg, state) : null, ranks: ranks(cells),
        verdicts: view(cfg, "oordeel", state) };
      cfg.slug.forEach(function (slug, i) { bySlug[slug] = i; });
      parts.order.forEach(function (slug) {
        var i = bySlug[slug], info = parts.info[slug];
        if (i === undefined) { return; }
        var small = typeof cells[i] === "number" && marked(cfg, "klein", state, i);
        html.push("<tr" + (small ? ' class="liim-klein"' : "") + '><th scope="row">' + info[0] + "</th>" +
          td(info[1]) + td(info[2]) + parts.columns.slice(3).map(function (column) {
            return tableCell(column, i, cfg, state, extra);
          }).join("") + "</tr>");
      });
      parts.table.tBodies[0].innerHTML = html.join("");
    }
    if (parts.table.liimSort) { parts.table.liimSort.refresh(); }
  }

  /* ---- the words that name the view: headline, headings, caption, a status for screen readers ---- */
  function showTexts(cfg, state) {
    var label = (cfg.groupLabels || {})[state.group] || state.group;
    var texts = { jaar: state.year, groep: label, "groep-klein": label.toLowerCase(),
      vlaanderen: ((cfg.flemish || {})[state.group] || {})[state.year] || MISSING };
    Object.keys(texts).forEach(function (key) {
      Array.prototype.forEach.call(document.querySelectorAll('[data-liim-tekst="' + key + '"]'), function (el) {
        el.textContent = texts[key];
      });
    });
  }

  function announce(cfg, state) {
    var status = document.getElementById(cfg.controls + "-status");
    if (!status) { return; }
    var label = cfg.groups.length > 1 ? ", " + ((cfg.groupLabels || {})[state.group] || state.group) : "";
    status.textContent = "Kaart, legende en tabel tonen nu " + state.year + label + ".";
  }

  /* ---- the view in the address: ?jaar=2019&groep=<code> ---- */
  function readUrl(cfg, state) {
    var query = new URLSearchParams(root.location.search);
    var year = query.get("jaar"), group = query.get("groep");
    state.year = cfg.years.indexOf(year) >= 0 ? year : cfg.years[0];
    state.group = cfg.groups.indexOf(group) >= 0 ? group : cfg.groups[0];
  }

  function writeUrl(state) {
    var url = new URL(root.location.href);
    url.searchParams.set("jaar", state.year);
    url.searchParams.set("groep", state.group);
    root.history.pushState({ liim: true }, "", url.pathname + url.search + url.hash);
  }

  function setSelects(cfg, state) {
    var box = document.getElementById(cfg.controls);
    Array.prototype.forEach.call(box ? box.querySelectorAll("select[data-liim]") : [], function (select) {
      select.value = select.getAttribute("data-liim") === "jaar" ? state.year : state.group;
    });
  }

  function isFirst(cfg, state) { return state.year === cfg.years[0] && state.group === cfg.groups[0]; }

  /* Everything a view shows besides the map: legend, table, headline, status. */
  function showView(ctx, spoken) {
    var cfg = ctx.cfg, state = ctx.state;
    redraw(ctx);
    showLegend(cfg, state);
    showTable(cfg, state, ctx.table, isFirst(cfg, state));
    showTexts(cfg, state);
    if (spoken) { announce(cfg, state); }
  }

  function switchTo(ctx, year, group, push) {
    ctx.state.year = year;
    ctx.state.group = group;
    if (push) { writeUrl(ctx.state); }
    setSelects(ctx.cfg, ctx.state);
    return withSeries(ctx.cfg, group, year).then(function () {
      if (ctx.state.year === year && ctx.state.group === group) { showView(ctx, true); }
    }).catch(function () { /* the table keeps the figures of the first view */ });
  }

  function bindControls(ctx) {
    var box = document.getElementById(ctx.cfg.controls);
    Array.prototype.forEach.call(box ? box.querySelectorAll("select[data-liim]") : [], function (select) {
      select.addEventListener("change", function () {
        var jaar = select.getAttribute("data-liim") === "jaar";
        switchTo(ctx, jaar ? select.value : ctx.state.year, jaar ? ctx.state.group : select.value, true);
      });
    });
    root.addEventListener("popstate", function () {
      var wanted = { year: ctx.state.year, group: ctx.state.group };
      readUrl(ctx.cfg, wanted);
      switchTo(ctx, wanted.year, wanted.group, false);
    });
  }

  /* The page embeds the first view (first group, newest year); every other year and group
   * comes from cfg.seriesUrl on first use (one small file per indicator, cached). */
  var LAZY_KEYS = ["voorlopig", "interval", "klein", "classes", "rates", "oordeel"];

  function withSeries(cfg, group, year) {
    if ((cfg.series[group] && cfg.series[group][year]) || !cfg.seriesUrl) { return Promise.resolve(); }
    return fetchRaw(cfg.seriesUrl).then(function (extra) {
      Object.keys(extra.series).forEach(function (g) { cfg.series[g] = extra.series[g]; });
      LAZY_KEYS.forEach(function (key) {
        cfg[key] = cfg[key] || {};
        Object.keys(extra[key] || {}).forEach(function (g) { cfg[key][g] = extra[key][g]; });
      });
    });
  }

  function initialState(cfg) {
    var state = { index: {}, year: (cfg.years || [])[0], group: (cfg.groups || [])[0], touch: touchScreen(), touched: 0 };
    cfg.nis.forEach(function (nis, i) { state.index[nis] = i; });
    if (!cfg.overview) {
      readUrl(cfg, state);
      setSelects(cfg, state);
    }
    return state;
  }

  /* A count in a year without inwoners: circles sized by the count (area), none for geheim. */
  function drawCircles(ctx) {
    var cfg = ctx.cfg, state = ctx.state;
    ctx.circles.clearLayers();
    if (!ctx.layer || !circleMode(cfg, state)) { return; }
    var cells = cellsOf(cfg, state);
    var max = Math.max.apply(null, cells.filter(function (c) { return typeof c === "number"; }).concat([0]));
    if (!(max > 0)) { return; }
    ctx.layer.eachLayer(function (shape) {
      var value = cells[state.index[shape.feature.id]];
      if (typeof value !== "number" || value <= 0) { return; }
      L.circleMarker(shape.getBounds().getCenter(), { radius: 2 + 16 * Math.sqrt(value / max), color: "#3f007d",
        weight: 1, fillColor: "#756bb1", fillOpacity: 0.55, interactive: false }).addTo(ctx.circles);
    });
  }

  function redraw(ctx) {
    if (!ctx.layer) { return; }
    ctx.layer.setStyle(function (f) { return featureStyle(f, ctx.cfg, ctx.state, ctx.map); });
    drawCircles(ctx);
  }

  function drawGemeenten(map, cfg, state, geojson) {
    var prefix = map.getContainer().id;
    var layer = L.geoJSON(geojson, {
      style: function (f) { return featureStyle(f, cfg, state, map); },
      onEachFeature: function (f, l) { bindFeature(f, l, cfg, state, map); }
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
    var ctx = { map: map, cfg: cfg, state: state, layer: null, circles: L.layerGroup().addTo(map),
      table: cfg.overview ? null : tableParts(cfg) };
    map.fitBounds(cfg.bounds);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(escapeHtml(cfg.attribution));
    if (cfg.tiles && cfg.tiles.url) {  /* optional, off by default: see LIIM_KAARTTEGELS */
      L.tileLayer(cfg.tiles.url, { attribution: escapeHtml(cfg.tiles.bron || "") }).addTo(map);
    }
    map.getContainer().addEventListener("touchstart", function () { state.touched = Date.now(); }, { passive: true });
    var ready = cfg.overview ? Promise.resolve() : withSeries(cfg, state.group, state.year).catch(function () {
      state.year = cfg.years[0];  /* the other views could not be loaded: back to the first view */
      state.group = cfg.groups[0];
      setSelects(cfg, state);
    });
    if (!cfg.overview) {
      bindControls(ctx);
      ready.then(function () { if (!isFirst(cfg, state)) { showView(ctx, false); } });
    }
    fetchJson(cfg.geometry).then(function (geojson) {
      ctx.layer = drawGemeenten(map, cfg, state, geojson);
      ready.then(function () { redraw(ctx); });
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
      table.liimSort = new root.Tablesort(table);
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
