/* TopoJSON decoding: the part of topojson-client 3.1.0 (ISC, Mike Bostock) liim.js uses, as a
 * global `topojson` with feature(topology, object) and mesh(topology, object, filter). Same
 * coordinates as topojson-client (same arithmetic: delta-decoded, then scale and translate);
 * mesh() returns each kept arc as its own line (topojson-client joins touching arcs into longer
 * lines: the same segments, so the same drawing). tests/test_browser_dropins.py compares both. */
(function (root) {
  /* The points of arc i (~i: the arc reversed), decoded afresh. */
  function arcPoints(topology, i) {
    var t = topology.transform, arc = topology.arcs[i < 0 ? ~i : i], x = 0, y = 0;
    var points = arc.map(function (p) {
      if (!t) { return p.slice(); }
      var q = p.slice();
      q[0] = (x += p[0]) * t.scale[0] + t.translate[0];
      q[1] = (y += p[1]) * t.scale[1] + t.translate[1];
      return q;
    });
    return i < 0 ? points.reverse() : points;
  }

  /* The arcs joined into one line (a shared end point once); at least 2 points, as topojson-client. */
  function line(topology, arcs) {
    var points = [];
    arcs.forEach(function (i) {
      if (points.length) { points.pop(); }
      points.push.apply(points, arcPoints(topology, i));
    });
    if (points.length < 2) { points.push(points[0]); }
    return points;
  }

  function ring(topology, arcs) {
    var points = line(topology, arcs);
    while (points.length < 4) { points.push(points[0]); }
    return points;
  }

  function polygon(topology, rings) {
    return rings.map(function (r) { return ring(topology, r); });
  }

  var DECODE = {
    LineString: line,
    MultiLineString: function (topology, lines) { return lines.map(function (l) { return line(topology, l); }); },
    Polygon: polygon,
    MultiPolygon: function (topology, polygons) { return polygons.map(function (p) { return polygon(topology, p); }); }
  };

  function geometry(topology, o) {
    return DECODE[o.type] ? { type: o.type, coordinates: DECODE[o.type](topology, o.arcs) } : null;
  }

  function toFeature(topology, o) {
    var f = { type: "Feature" };
    if (o.id != null) { f.id = o.id; }
    f.properties = o.properties == null ? {} : o.properties;
    f.geometry = geometry(topology, o);
    return f;
  }

  function feature(topology, o) {
    if (typeof o === "string") { o = topology.objects[o]; }
    return o.type === "GeometryCollection"
      ? { type: "FeatureCollection", features: o.geometries.map(function (g) { return toFeature(topology, g); }) }
      : toFeature(topology, o);
  }

  /* Every arc ref (i or ~i) of a geometry, with the function f(ref, geometry). */
  function eachArc(o, f) {
    (function walk(arcs) {
      arcs.forEach(function (a) { if (typeof a === "number") { f(a, o); } else { walk(a); } });
    })(o.arcs || []);
  }

  /* The arcs of the geometries of `object` for which filter(a, b) holds: a and b the first and last
   * geometry using the arc (b === a for an arc only one geometry uses); no filter: every arc. */
  function mesh(topology, object, filter) {
    var users = {}, lines = [];
    (object.type === "GeometryCollection" ? object.geometries : [object]).forEach(function (o) {
      eachArc(o, function (ref, g) {
        var k = ref < 0 ? ~ref : ref;
        (users[k] = users[k] || []).push({ ref: ref, g: g });
      });
    });
    Object.keys(users).forEach(function (k) {
      var u = users[k];
      if (!filter || filter(u[0].g, u[u.length - 1].g)) { lines.push(line(topology, [u[0].ref])); }
    });
    return { type: "MultiLineString", coordinates: lines };
  }

  root.topojson = { feature: feature, mesh: mesh };
})(typeof window !== "undefined" ? window : globalThis);
