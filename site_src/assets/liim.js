/* LIIM front-end: choropleth maps on a shared geometry file, sortable tables,
 * Dutch number formatting (identical to generator/formatting.py).
 * Draws the maps itself as inline SVG (no map library); needs the vendored topojson-client and
 * tablesort, loaded before this file (the bundle assets/gen/liim.min.js puts them first).
 * Every URL it uses is relative: it comes from the page (config.root, config.geometry). */
(function (root) {
  "use strict";

  var NNBSP = "\u202f";
  var MISSING = "\u2013";
  var geometryCache = {};
  /* Every map's labels, colours and attribution (no page repeats them): the values of the generator's
   * maps.shared_map_texts, written as JSON (tests/test_maps.py parses this line and compares). */
  var MAP_SHARED = {"attribution": "Grenzen: Statbel / Provincies in Cijfers", "bounds": [[50.68, 2.54], [51.51, 5.92]], "rateFmt": {"d": 1, "unit": ""}, "rateUnit": "per 1 000 inwoners", "legend": {"title": "Legende", "circles": "Cirkels: de oppervlakte is evenredig met het aantal (geen inwonersaantal voor {jaar}).", "empty": "Geen cijfers voor dit jaar en deze groep.", "note": "Klassen: kwintielen van de cijfers van {jaar}; donkerder = hoger."}, "colours": {"nodata": "#e0e0e0", "secret": "#555555", "merger": "#8c6d31"}, "labels": {"g": "geheim (niet gepubliceerd)", "f": "niet beschikbaar door fusie", "n": "geen gegevens", "v": "voorlopig cijfer", "k": "klein aantal", "goto": "Naar de pagina van ", "error": "De kaart kon niet geladen worden. De cijfers staan in de tabel."}};
  var LABELS = MAP_SHARED.labels, COLOURS = MAP_SHARED.colours;

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

  /* ---- the map: inline SVG, coordinates in Web Mercator pixels of zoom REF_ZOOM (so base tiles fit
   * under it); the view is the SVG's viewBox, so zoom and pan never touch the 285 paths. ---- */
  var SVG_NS = "http://www.w3.org/2000/svg", REF_ZOOM = 8, MIN_ZOOM = 7, MAX_ZOOM = 13, TILE = 256;

  function svgEl(name, attrs, parent) {
    var el = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return parent ? parent.appendChild(el) : el;
  }

  /* [lon, lat] in degrees → [x, y] in pixels of zoom REF_ZOOM (Web Mercator, as map tiles). */
  function project(p) {
    var size = TILE * Math.pow(2, REF_ZOOM), lat = p[1] * Math.PI / 180;
    return [size * (p[0] + 180) / 360, size * (0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI))];
  }

  /* SVG path data of a GeoJSON geometry (polygon rings closed, lines open); box grows to its extent. */
  function pathData(geometry, box) {
    var type = geometry.type, closed = /Polygon/.test(type), d = "";
    (/Multi/.test(type) ? geometry.coordinates : [geometry.coordinates]).forEach(function (part) {
      (closed ? part : [part]).forEach(function (ring) {
        ring.forEach(function (p, i) {
          var q = project(p);
          if (box) { box[0] = Math.min(box[0], q[0]); box[1] = Math.min(box[1], q[1]); box[2] = Math.max(box[2], q[0]); box[3] = Math.max(box[3], q[1]); }
          d += (i ? "L" : "M") + q[0].toFixed(2) + " " + q[1].toFixed(2);
        });
        d += closed ? "Z" : "";
      });
    });
    return d;
  }

  /* A pattern of the map (geheim, fusie, klein aantal); rescale keeps its size in screen pixels. */
  function addPattern(map, id, size, rotate, body) {
    var pattern = svgEl("pattern", { id: id, width: size, height: size, patternUnits: "userSpaceOnUse" }, map.defs);
    pattern.innerHTML = body;
    pattern.liimRotate = rotate ? " rotate(45)" : "";
    map.patterns.push(pattern);
    rescale(map);
  }

  /* SVG patterns for geheim (hatched) and fusie (dots). */
  function addPatterns(map, cfg, prefix) {
    addPattern(map, prefix + "-g", 6, true, '<rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="' +
      COLOURS.secret + '" stroke-width="3"/>');
    addPattern(map, prefix + "-f", 6, false, '<rect width="6" height="6" fill="#fff"/><circle cx="3" cy="3" r="1.4" fill="' +
      COLOURS.merger + '"/>');
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
    var id = prefix + "-k-" + colour.replace(/[^0-9a-z]/gi, "");
    if (!document.getElementById(id)) {
      addPattern(map, id, 5, true, '<rect width="5" height="5" fill="' + colour + '"/>' +
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#000000" stroke-opacity="0.5" stroke-width="1.2"/>');
    }
    return "url(#" + id + ")";
  }

  function cellFill(cell, info, cfg, prefix) {
    if (cell === "g") { return "url(#" + prefix + "-g)"; }
    if (cell === "f") { return "url(#" + prefix + "-f)"; }
    if (cell === null || cell === undefined || !info || !info.breaks.length) { return COLOURS.nodata; }
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
    if (cell === "g" || cell === "f") { return LABELS[cell]; }
    if (cell === null || cell === undefined) { return LABELS.n; }
    var text = formatFigure(cell, cfg.fmt) + intervalText(cell, cfg, state, index);
    return marked(cfg, "voorlopig", state, index) ? text + " (" + LABELS.v + ")" : text;
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
    var small = index !== undefined && marked(cfg, "klein", state, index) ? "<br>" + escapeHtml(LABELS.k) : "";
    return name + "<br>" + escapeHtml(state.year) + group + ": " + escapeHtml(cellText(cell, index, cfg, state)) +
      escapeHtml(rateText(cfg, state, index)) + small;
  }

  function featureFill(feature, cfg, state, map) {
    if (cfg.overview) { return cfg.overview; }
    var prefix = map.id, index = state.index[feature.id];
    if (circleMode(cfg, state)) {
      var count = index === undefined ? null : cellsOf(cfg, state)[index];
      return typeof count === "number" ? "#f7f7f7" : cellFill(count, null, cfg, prefix);
    }
    var cell = index === undefined ? null : (colouredOf(cfg, state) || [])[index];
    var fill = cellFill(cell, view(cfg, "classes", state), cfg, prefix);
    return typeof cell === "number" && marked(cfg, "klein", state, index) ? smallPattern(map, fill, prefix) : fill;
  }

  /* The slug of the gemeente at index: the one place that knows where the page keeps the slugs. */
  function slugOf(cfg, index) { return (cfg.slug || [])[index]; }

  function gemeenteUrl(feature, cfg, state) {
    var index = state.index[feature.id], slug = index === undefined ? null : slugOf(cfg, index);
    return slug ? cfg.root + "gemeenten/" + slug + "/" : null;
  }

  /* A touch screen (no hover): a tap opens a popup with the figure and a link instead of navigating. */
  function touchScreen() {
    return !!(root.matchMedia && root.matchMedia("(hover: none), (pointer: coarse)").matches);
  }

  function popupHtml(feature, cfg, state, url) {
    var name = escapeHtml(feature.properties.naam);
    return tooltip(feature, cfg, state) + (url ? '<br><a href="' + escapeHtml(url) + '">' +
      escapeHtml(LABELS.goto) + name + "</a>" : "");
  }

  /* The tooltip or the popup at the pointer, kept inside the map. */
  function place(map, box, content, e, html) {
    var r = map.el.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
    content.innerHTML = html;
    box.hidden = false;
    var w = box.offsetWidth, h = box.offsetHeight, left = x + 14 + w > r.width ? x - 14 - w : x + 14;
    box.style.left = Math.max(2, Math.min(left, r.width - w - 2)) + "px";
    box.style.top = Math.max(2, Math.min(y - h / 2, r.height - h - 2)) + "px";
  }

  function hideBoxes(map) {
    map.tip.hidden = map.popup.hidden = true;
    map.outline.removeAttribute("d");
  }

  /* Hover (a mouse): outline and tooltip; a click opens the gemeente page, a tap on a touch screen a popup. */
  function bindFeatures(ctx) {
    var map = ctx.map, cfg = ctx.cfg, state = ctx.state;
    map.layer.addEventListener("pointermove", function (e) {
      var feature = e.target.liimFeature;
      if (e.pointerType === "touch" || e.buttons || !feature) { return; }
      map.outline.setAttribute("d", e.target.getAttribute("d"));
      if (!state.touch) { place(map, map.tip, map.tip, e, tooltip(feature, cfg, state)); }
    });
    map.layer.addEventListener("pointerleave", function () { map.tip.hidden = true; map.outline.removeAttribute("d"); });
    map.svg.addEventListener("click", function (e) {
      var feature = e.target.liimFeature, url = feature && gemeenteUrl(feature, cfg, state);
      if (!feature || map.dragged) { map.popup.hidden = true; return; }
      if (state.touch || Date.now() - state.touched < 1000) {
        map.tip.hidden = true;
        place(map, map.popup, map.popup.lastChild, e, popupHtml(feature, cfg, state, url));
      } else if (url) { root.location.href = url; }
    });
    map.popup.firstChild.addEventListener("click", function () { map.popup.hidden = true; });
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
    if (cells.indexOf("g") >= 0) { items.push(swatch("liim-swatch--geheim", LABELS.g)); }
    if (cells.indexOf("f") >= 0) { items.push(swatch("liim-swatch--fusie", LABELS.f)); }
    items.push(swatch("liim-swatch--geen", LABELS.n));
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

  /* ---- the table of all gemeenten: one row per gemeente in the order of the map's arrays (ascending
   * NIS). The page's rows are the first view: readTable takes its figures, marks, intervals, rates
   * and the slugs from them (generator/maps.py leave_to_table keeps them out of the configuration);
   * another view is drawn from cfg and its rows replace the page's. ---- */
  var VERDICTS = { h: "hoger", l: "lager", g: "geen duidelijk verschil" };

  function tableParts(cfg) {
    if (cfg.liimTable !== undefined) { return cfg.liimTable; }
    var table = document.getElementById(cfg.controls + "-tabel");
    if (!table || !table.tBodies.length) { cfg.liimTable = null; return null; }
    var parts = { table: table, original: table.tBodies[0].innerHTML, rows: [],
      columns: Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.getAttribute("data-kolom") || "";
      }) };
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      var link = tr.cells[0].querySelector("a"), texts = {};
      parts.columns.forEach(function (column, c) { if (column && tr.cells[c]) { texts[column] = tr.cells[c].textContent; } });
      parts.rows.push({ head: tr.cells[0].innerHTML, name: tr.cells[0].textContent.trim(),
        slug: link ? link.getAttribute("href").split("/").filter(Boolean).pop() : "",
        province: tr.cells[1].textContent, cluster: tr.cells[2].textContent, texts: texts });
    });
    cfg.liimTable = parts;
    table.liimConfig = cfg;
    return parts;
  }

  /* A figure cell's text → [cell as in cfg.series ("g", "f", a number or null), voorlopig, klein]. */
  function readFigure(text, cfg) {
    var plain = text.replace(/ \((v|k)\)/g, "").trim(), number = parseDutch(plain);
    var cell = plain === LABELS.g ? "g" : plain === LABELS.f ? "f" : number;
    return [cell, typeof cell === "number" && / \(v\)/.test(text), typeof cell === "number" && / \(k\)/.test(text)];
  }

  /* The steps of an interval cell ("49,9–51,2") below and above the figure, as cfg.interval holds them. */
  function readSteps(text, cell, cfg) {
    var bounds = text.split(MISSING), scale = Math.pow(10, cfg.fmt.d);
    var low = parseDutch(bounds[0]), high = bounds.length === 2 ? parseDutch(bounds[1]) : null;
    if (typeof cell !== "number" || low === null || high === null) { return [null, null]; }
    var figure = Math.round(cell * scale);
    return [figure - Math.round(low * scale), Math.round(high * scale) - figure];
  }

  function putView(cfg, key, state, value) {
    cfg[key] = cfg[key] || {};
    cfg[key][state.group] = cfg[key][state.group] || {};
    cfg[key][state.group][state.year] = value;
  }

  /* The first view (first group, newest year) and the slugs, from the page's table. */
  function readTable(cfg, parts) {
    var first = { group: cfg.groups[0], year: cfg.years[0] }, letters = { hoger: "h", lager: "l" };
    var series = [], provisional = [], small = [], steps = [], rates = [], verdicts = "";
    letters[VERDICTS.g] = "g";
    cfg.slug = parts.rows.map(function (row) { return row.slug; });
    parts.rows.forEach(function (row, i) {
      var figure = readFigure(row.texts.cijfer || "", cfg), rate = parseDutch(row.texts.per1000 || "");
      series.push(figure[0]);
      if (figure[1]) { provisional.push(i); }
      if (figure[2]) { small.push(i); }
      steps.push.apply(steps, readSteps(row.texts.interval || "", figure[0], cfg));
      rates.push(typeof figure[0] === "string" ? figure[0] : rate);
      verdicts += (letters[row.texts.vlaanderen] || "-") + (letters[row.texts.cluster] || "-");
    });
    putView(cfg, "series", first, series);
    if (provisional.length) { putView(cfg, "voorlopig", first, provisional); }
    if (small.length) { putView(cfg, "klein", first, small); }
    if (parts.columns.indexOf("interval") >= 0) { putView(cfg, "interval", first, steps); }
    if (cfg.tableRates) { putView(cfg, "rates", first, rates); }
    if (/[hlg]/.test(verdicts)) { putView(cfg, "oordeel", first, verdicts); }
  }

  /* The Flemish headline of every year and group, from the table "Vlaams Gewest per jaar". */
  function readFlemish(cfg) {
    var table = document.getElementById(cfg.controls + "-vlaanderen");
    if (cfg.flemish || !table) { return; }
    var groups = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.getAttribute("data-groep");
    });
    cfg.flemish = {};
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      Array.prototype.forEach.call(tr.cells, function (cell, c) {
        if (c && groups[c]) {
          cfg.flemish[groups[c]] = cfg.flemish[groups[c]] || {};
          cfg.flemish[groups[c]][tr.cells[0].textContent.trim()] = cell.textContent;
        }
      });
    });
  }

  /* A cell as the page writes it: no class and no sort key (liim.css aligns by column, sortKeys adds the keys). */
  function td(text) { return "<td>" + escapeHtml(text) + "</td>"; }

  function tableCell(column, i, cfg, state, extra) {
    var cell = extra.cells[i], shown = typeof cell === "number";
    if (column === "cijfer") {
      var text = shown ? formatFigure(cell, cfg.fmt) : LABELS[cell === "g" || cell === "f" ? cell : "n"];
      if (shown && marked(cfg, "voorlopig", state, i)) { text += " (v)"; }
      return td(shown && marked(cfg, "klein", state, i) ? text + " (k)" : text);
    }
    if (column === "per1000") {
      var rate = (extra.rates || [])[i];
      return td(typeof rate === "number" ? formatNumber(rate, cfg.rateFmt.d) : MISSING);
    }
    if (column === "interval") {
      var iv = shown ? intervalText(cell, cfg, state, i) : "";
      return td(iv ? iv.slice(2, -1) : MISSING);
    }
    var letter = (extra.verdicts || "").charAt(2 * i + (column === "cluster" ? 1 : 0));
    return td(VERDICTS[letter] || MISSING);  /* vlaanderen, cluster */
  }

  /* The rows of the view in state, as HTML. */
  function tableRows(cfg, state, parts) {
    var cells = cellsOf(cfg, state);
    var extra = { cells: cells, rates: cfg.count ? colouredOf(cfg, state) : null,
      verdicts: view(cfg, "oordeel", state) };
    return parts.rows.map(function (row, i) {
      var small = typeof cells[i] === "number" && marked(cfg, "klein", state, i);
      return "<tr" + (small ? ' class="liim-klein"' : "") + '><th scope="row">' + row.head + "</th>" +
        td(row.province) + td(row.cluster) + parts.columns.slice(3).map(function (column) {
          return tableCell(column, i, cfg, state, extra);
        }).join("") + "</tr>";
    }).join("");
  }

  function showTable(cfg, state, parts, first) {
    if (!parts) { return; }
    parts.table.tBodies[0].innerHTML = first ? parts.original : tableRows(cfg, state, parts);
    sortKeys(parts.table);
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

  /* The page holds the first view (first group, newest year: in its table, see readTable); every
   * other year and group comes from cfg.seriesUrl on first use (one small file per indicator, cached). */
  var LAZY_KEYS = ["voorlopig", "interval", "klein", "classes", "rates", "oordeel"];

  function withSeries(cfg, group, year) {
    var indexed = cfg.liimIndexed || Promise.resolve();
    if ((cfg.series[group] && cfg.series[group][year]) || !cfg.seriesUrl) { return indexed; }
    return Promise.all([indexed, fetchRaw(cfg.seriesUrl).then(function (extra) {
      Object.keys(extra.series).forEach(function (g) { cfg.series[g] = extra.series[g]; });
      LAZY_KEYS.forEach(function (key) {
        cfg[key] = cfg[key] || {};
        Object.keys(extra[key] || {}).forEach(function (g) { cfg[key][g] = extra[key][g]; });
      });
    })]);
  }

  /* state.index (feature id, the NIS code → array index) and cfg.nis. Without cfg.nis in the page, the
   * index of a feature is the table row of its name, known once the shared geometry is in: this runs
   * before the map's own use of that geometry (the same cached promise, registered first), and
   * withSeries waits for it too. */
  function indexGemeenten(cfg, state) {
    if (cfg.nis) {
      cfg.nis.forEach(function (nis, i) { state.index[nis] = i; });
      return;
    }
    var row = {};
    ((cfg.liimTable || {}).rows || []).forEach(function (r, i) { row[r.name] = i; });
    cfg.nis = [];
    cfg.liimIndexed = fetchRaw(cfg.geometry).then(function (data) {
      var shapes = data.type === "Topology" ? data.objects[Object.keys(data.objects)[0]].geometries : data.features;
      shapes.forEach(function (shape) {
        var i = row[(shape.properties || {}).naam];
        if (i !== undefined) { state.index[shape.id] = i; cfg.nis[i] = shape.id; }
      });
    }).catch(function () { /* no map: the table works without it */ });
  }

  function initialState(cfg) {
    var state = { index: {}, year: (cfg.years || [])[0], group: (cfg.groups || [])[0], touch: touchScreen(), touched: 0 };
    if (!cfg.overview) {
      var parts = tableParts(cfg);
      if (parts && !view(cfg, "series", state)) { readTable(cfg, parts); }
      readFlemish(cfg);
    }
    indexGemeenten(cfg, state);
    if (!cfg.overview) {
      readUrl(cfg, state);
      setSelects(cfg, state);
    }
    return state;
  }

  /* A count in a year without inwoners: circles sized by the count (area), none for geheim. */
  function drawCircles(ctx) {
    var cfg = ctx.cfg, state = ctx.state, map = ctx.map;
    map.circles.textContent = "";
    if (!circleMode(cfg, state)) { return; }
    var cells = cellsOf(cfg, state);
    var max = Math.max.apply(null, cells.filter(function (c) { return typeof c === "number"; }).concat([0]));
    if (!(max > 0)) { return; }
    map.paths.forEach(function (path) {
      var value = cells[state.index[path.liimFeature.id]];
      if (typeof value !== "number" || value <= 0) { return; }
      svgEl("circle", { cx: path.liimCentre[0], cy: path.liimCentre[1] }, map.circles).liimRadius =
        2 + 16 * Math.sqrt(value / max);
    });
    rescale(map);
  }

  function redraw(ctx) {
    ctx.map.paths.forEach(function (path) {
      path.setAttribute("fill", featureFill(path.liimFeature, ctx.cfg, ctx.state, ctx.map));
    });
    drawCircles(ctx);
  }

  /* Patterns and circles keep their size in screen pixels at every zoom (the strokes do by CSS:
   * vector-effect: non-scaling-stroke). */
  function rescale(map) {
    var s = Math.pow(2, map.view.z - REF_ZOOM);
    map.patterns.forEach(function (p) { p.setAttribute("patternTransform", "scale(" + 1 / s + ")" + p.liimRotate); });
    Array.prototype.forEach.call(map.circles.childNodes, function (c) { c.setAttribute("r", c.liimRadius / s); });
  }

  /* The view: centre (x, y) in projected pixels and zoom z, within the limits; written as the viewBox. */
  function setView(map, x, y, z) {
    var r = map.svg.getBoundingClientRect(), b = map.box;
    z = Math.max(map.minZoom, Math.min(MAX_ZOOM, z));
    map.view = { x: Math.max(b[0], Math.min(b[2], x)), y: Math.max(b[1], Math.min(b[3], y)), z: z };
    var s = Math.pow(2, z - REF_ZOOM), w = r.width / s, h = r.height / s;
    var box = r.width && r.height ? [map.view.x - w / 2, map.view.y - h / 2, w, h] : [b[0], b[1], b[2] - b[0], b[3] - b[1]];
    map.svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(3); }).join(" "));
    map.zoomIn.setAttribute("aria-disabled", z >= MAX_ZOOM);
    map.zoomOut.setAttribute("aria-disabled", z <= map.minZoom);
    rescale(map);
    drawTiles(map, box, z);
  }

  /* The initial view: all of the box (Flanders) as large as it fits. */
  function fit(map) {
    var r = map.svg.getBoundingClientRect(), b = map.box;
    var z = REF_ZOOM - 0.05 + Math.log(Math.min(r.width / (b[2] - b[0]), r.height / (b[3] - b[1]))) / Math.LN2;
    map.minZoom = isFinite(z) ? Math.min(MIN_ZOOM, z) : MIN_ZOOM;
    setView(map, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2, isFinite(z) ? z : REF_ZOOM);
  }

  /* Move so that the projected point p lies under the screen point (cx, cy) at zoom z. */
  function anchor(map, p, cx, cy, z) {
    var r = map.svg.getBoundingClientRect(), s = Math.pow(2, Math.max(map.minZoom, Math.min(MAX_ZOOM, z)) - REF_ZOOM);
    map.moved = true;
    setView(map, p[0] - (cx - r.left - r.width / 2) / s, p[1] - (cy - r.top - r.height / 2) / s, z);
  }

  function toMap(map, cx, cy) {
    var r = map.svg.getBoundingClientRect(), s = Math.pow(2, map.view.z - REF_ZOOM);
    return [map.view.x + (cx - r.left - r.width / 2) / s, map.view.y + (cy - r.top - r.height / 2) / s];
  }

  function zoomAt(map, cx, cy, z) { anchor(map, toMap(map, cx, cy), cx, cy, z); }

  /* Optional base tiles (cfg.tiles, off by default) at the zoom level of the view, under the gemeenten. */
  function drawTiles(map, box, z) {
    if (!map.tileUrl) { return; }
    var tz = Math.max(0, Math.round(z)), n = Math.pow(2, tz), size = TILE * Math.pow(2, REF_ZOOM - tz), keep = {};
    for (var i = Math.max(0, Math.floor(box[0] / size)); i < n && i * size < box[0] + box[2]; i++) {
      for (var j = Math.max(0, Math.floor(box[1] / size)); j < n && j * size < box[1] + box[3]; j++) {
        var key = tz + "/" + i + "/" + j, url = map.tileUrl.replace("{z}", tz).replace("{x}", i).replace("{y}", j);
        keep[key] = map.tiles[key] || svgEl("image", { href: url.replace("{s}", "a").replace("{r}", ""),
          x: i * size, y: j * size, width: size, height: size }, map.tileLayer);
      }
    }
    Object.keys(map.tiles).forEach(function (key) { if (!keep[key]) { map.tileLayer.removeChild(map.tiles[key]); } });
    map.tiles = keep;
  }

  /* Drag to pan, two fingers to pinch (pointer events), the wheel and the keys to zoom. */
  function bindGestures(map) {
    var svg = map.svg, points = {}, last = null, down = null;
    function centre() {
      var k = Object.keys(points), a = points[k[0]], b = points[k[1]] || a;
      return a ? { x: (a[0] + b[0]) / 2, y: (a[1] + b[1]) / 2, d: Math.hypot(a[0] - b[0], a[1] - b[1]), n: k.length } : null;
    }
    function up(e) { delete points[e.pointerId]; last = centre(); }
    svg.addEventListener("pointerdown", function (e) {
      if (e.button) { return; }
      points[e.pointerId] = down = [e.clientX, e.clientY];
      last = centre();
      map.dragged = false;
    });
    svg.addEventListener("pointermove", function (e) {
      if (!points[e.pointerId]) { return; }
      points[e.pointerId] = [e.clientX, e.clientY];
      var now = centre();
      if (!map.dragged && now.n < 2 && Math.hypot(e.clientX - down[0], e.clientY - down[1]) < 5) { return; }
      if (!map.dragged) { map.dragged = true; hideBoxes(map); }
      try { svg.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic pointer */ }
      anchor(map, toMap(map, last.x, last.y), now.x, now.y,
        map.view.z + (now.n > 1 && last.n > 1 && last.d ? Math.log(now.d / last.d) / Math.LN2 : 0));
      last = now;
    });
    svg.addEventListener("pointerup", up);
    svg.addEventListener("pointercancel", up);
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoomAt(map, e.clientX, e.clientY, map.view.z - Math.max(-1, Math.min(1, e.deltaY * (e.deltaMode ? 33 : 1) / 120)));
    }, { passive: false });
    svg.addEventListener("keydown", function (e) {
      var step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[e.key];
      var zoom = { "+": 1, "=": 1, "-": -1, "_": -1 }[e.key], s = Math.pow(2, map.view.z - REF_ZOOM);
      if (!step && !zoom) { return; }
      e.preventDefault();
      map.moved = true;
      setView(map, map.view.x + (step ? step[0] * 80 / s : 0), map.view.y + (step ? step[1] * 80 / s : 0), map.view.z + (zoom || 0));
    });
  }

  function zoomButton(map, button, delta) {
    button.addEventListener("click", function () {
      map.moved = true;
      setView(map, map.view.x, map.view.y, map.view.z + delta);
    });
  }

  /* The map's elements in el: the SVG (tiles, gemeenten, hover outline, circles; provinces come
   * last), zoom buttons, the attribution, a tooltip and a popup. Fits cfg.bounds until the geometry is in. */
  function createMap(el, cfg) {
    var tiles = cfg.tiles && cfg.tiles.url ? cfg.tiles : null;  /* optional, off by default: see LIIM_KAARTTEGELS */
    var source = [MAP_SHARED.attribution].concat(tiles && tiles.bron ? [tiles.bron] : []).join(" | ");
    el.innerHTML = '<svg class="liim-kaart__svg" role="img" tabindex="0" aria-label="Kaart: slepen of pijltjestoetsen ' +
      'verschuiven, + en \u2212 zoomen"><defs></defs><g></g><g class="liim-kaart__gemeenten"></g><path class="liim-kaart__rand"/>' +
      '<g class="liim-kaart__cirkels"></g></svg><div class="liim-kaart__zoom"><button type="button" title="Inzoomen" ' +
      'aria-label="Inzoomen">+</button><button type="button" title="Uitzoomen" aria-label="Uitzoomen">\u2212</button></div>' +
      '<div class="liim-kaart__bron">' + escapeHtml(source) + '</div><div class="liim-kaart__tip" hidden></div>' +
      '<div class="liim-kaart__popup" hidden><button type="button" class="liim-kaart__sluit" aria-label="Sluiten">\u00d7</button><div></div></div>';
    var svg = el.firstChild, buttons = el.querySelectorAll("button"), b = cfg.bounds;
    var map = { el: el, id: el.id, svg: svg, defs: svg.childNodes[0], tileLayer: svg.childNodes[1], layer: svg.childNodes[2],
      outline: svg.childNodes[3], circles: svg.childNodes[4], zoomIn: buttons[0], zoomOut: buttons[1],
      tip: el.childNodes[3], popup: el.childNodes[4], paths: [], patterns: [], tiles: {}, tileUrl: tiles && tiles.url,
      box: project([b[0][1], b[1][0]]).concat(project([b[1][1], b[0][0]])), view: { z: REF_ZOOM } };
    zoomButton(map, buttons[0], 1);
    zoomButton(map, buttons[1], -1);
    bindGestures(map);
    fit(map);
    if (root.ResizeObserver) {
      new root.ResizeObserver(function () {
        if (map.moved) { setView(map, map.view.x, map.view.y, map.view.z); } else { fit(map); }
      }).observe(el);
    }
    return map;
  }

  function drawGemeenten(map, geojson) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    geojson.features.forEach(function (feature) {
      if (!feature.geometry) { return; }
      var own = [Infinity, Infinity, -Infinity, -Infinity];
      var path = svgEl("path", { d: pathData(feature.geometry, own), "data-nis": feature.id }, map.layer);
      path.liimFeature = feature;
      path.liimCentre = [(own[0] + own[2]) / 2, (own[1] + own[3]) / 2];
      box = [Math.min(box[0], own[0]), Math.min(box[1], own[1]), Math.max(box[2], own[2]), Math.max(box[3], own[3])];
      map.paths.push(path);
    });
    if (map.paths.length) { map.box = box; }
    if (!map.moved) { fit(map); }
  }

  function drawProvinces(map, cfg) {
    var borders = cfg.provinces ? fetchJson(cfg.provinces) : fetchRaw(cfg.geometry).then(function (data) {
      return data && data.type === "Topology" ? provinceBorders(data) : null;
    });
    borders.then(function (geojson) {
      if (!geojson) { return; }
      var shapes = geojson.features ? geojson.features.map(function (f) { return f.geometry; }) : [geojson.geometry || geojson];
      svgEl("path", { "class": "liim-kaart__provincies", d: shapes.filter(Boolean).map(function (g) { return pathData(g); }).join("") },
        map.svg);
    }).catch(function () { /* outlines are decoration only */ });
  }

  function showError(map, cfg) {
    var note = document.createElement("p");
    note.className = "liim-kaart__fout";
    note.textContent = LABELS.error;
    map.el.parentNode.appendChild(note);
  }

  /* Entry point called by the page's script (see generator/maps.py): el is the map's box (or its id). */
  /* The values every map shares (MAP_SHARED) under what the page's configuration gives, and the
   * parts maps.compact leaves out when empty. */
  function withShared(cfg) {
    ["bounds", "rateFmt", "rateUnit"].forEach(function (k) { if (!(k in cfg)) { cfg[k] = MAP_SHARED[k]; } });
    if (cfg.legend) { cfg.legend = Object.assign({}, MAP_SHARED.legend, cfg.legend); }
    ["series"].concat(LAZY_KEYS).forEach(function (k) { cfg[k] = cfg[k] || {}; });  /* left out when empty */
    return cfg;
  }

  function choropleth(el, cfg) {
    el = typeof el === "string" ? document.getElementById(el) : el;
    cfg = withShared(cfg);
    var state = initialState(cfg), map = createMap(el, cfg);
    var ctx = { map: map, cfg: cfg, state: state, table: cfg.overview ? null : tableParts(cfg) };
    bindFeatures(ctx);
    el.addEventListener("touchstart", function () { state.touched = Date.now(); }, { passive: true });
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
      drawGemeenten(map, geojson);
      addPatterns(map, cfg, map.id);
      redraw(ctx);
      ready.then(function () { redraw(ctx); });
      drawProvinces(map, cfg);
    }).catch(function () { showError(map, cfg); });
    return state;
  }

  /* The sort key of a cell: its number, for an interval ("49,9–51,2") its lower bound; null for words. */
  function sortKey(text) {
    var parts = String(text).split(MISSING);
    return parseDutch(parts.length === 2 && parts[0] ? parts[0] : text);
  }

  /* Numeric cells get data-sort (tablesort cannot read "1 234,5"); the page writes none. */
  function sortKeys(table) {
    Array.prototype.forEach.call(table.querySelectorAll("tbody td:not([data-sort])"), function (cell) {
      var n = sortKey(cell.textContent);
      if (n !== null) { cell.setAttribute("data-sort", String(n)); }
    });
  }

  function initTables() {
    if (typeof root.Tablesort !== "function") { return; }
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
      sortKeys(table);
      table.liimSort = new root.Tablesort(table);
    });
  }

  var LIIM = {
    formatNumber: formatNumber, formatFigure: formatFigure, parseDutch: parseDutch,
    roundHalfUp: roundHalfUp, choropleth: choropleth, cellText: cellText, marked: marked, sortKey: sortKey, readTable: readTable,
    /* the rows liim.js draws for a view of a table (tests compare the first view's with the page's) */
    tableRows: function (table, year, group) {
      var cfg = table.liimConfig;
      return cfg ? tableRows(cfg, { year: year, group: group }, cfg.liimTable) : null;
    }
  };
  root.LIIM = LIIM;
  if (typeof module !== "undefined" && module.exports) { module.exports = LIIM; }
  if (typeof document !== "undefined") {
    document.addEventListener("DOMContentLoaded", function () { initTables(); });
  }
})(typeof window !== "undefined" ? window : globalThis);
