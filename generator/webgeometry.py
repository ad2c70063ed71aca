"""Web geometry: simplified gemeente polygons for the web maps (inline SVG) and static SVG maps.

The site ships the geometry once, as one shared asset (``paths.GEOMETRY_ASSET``): simplified
to 320 m and rounded to a grid of 8e-4 x 5.5e-4 degrees (about 60 m), under 24 KB gzip
(``DEFAULT_TOLERANCE_M``, ``QUANTA``).
It is TopoJSON (``liim-topo.js``, our drop-in for topojson-client's ``feature`` and ``mesh``, turns
it into GeoJSON in the browser: ``topojson.feature(t, t.objects.gemeenten)``): shared borders are stored once, which
makes the file about 2.3 times smaller gzipped than the same geometry as GeoJSON;
``liim.js`` draws the province borders from it too. Simplification is
coverage-aware, so neighbours keep sharing their borders exactly: no gaps, no slivers.

``SiteGeometry`` holds what one build shares: today's gemeenten and every
gemeente's locator map, made once and passed to the pages and the downloads.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import geopandas
import numpy as np
import shapely

from . import paths
from .classes import NO_DATA_COLOUR
from .model import Monitor
from .provinces import province_of

LAMBERT = "EPSG:31370"  # Belgian Lambert 72, metres
WGS84 = "EPSG:4326"
# Visvalingam-Whyatt tolerance for the web geometry (the static SVG maps keep 250 m). The map at
# full width (1366 px, some 230 m a pixel) looks the same as with 120 m; zoomed in to x4 (57 m a
# pixel) the borders are a little more angular than with 250 m, hardly so (issue 16: 7 300 -> 6 000
# points; with the grid below 31.3 -> 23.6 KB gzip).
DEFAULT_TOLERANCE_M = 320.0
# The grid of the coordinates, in degrees (longitude, latitude), coarsest first: 8e-4 x 5.5e-4 is
# about 56 x 61 m at 51 deg N, a rounding of at most half a pixel of the map zoomed in to x4 at
# full width (its deltas mostly one digit instead of two). A finer
# grid only when the coarse one would spoil a shape (a ring rounded away, an invalid shape,
# neighbours overlapping): see web_topology and faithful.
QUANTA: tuple[tuple[float, float], ...] = ((8e-4, 5.5e-4), (4e-4, 2.75e-4), (1e-4, 1e-4), (1e-5, 1e-5))
QUANTUM = QUANTA[0]
# A polygon smaller than this may round away on the grid: under a pixel of the map at its closest
# zoom (x4 at 1366 px: 57 m a pixel, 3 250 m2). Only Baarle-Hertog has such parts: its enclaves of
# 50 to 2 000 m2 (4 of its 26 parts) round away.
INVISIBLE_M2 = 3_000.0

LOCATOR_TOLERANCE_M = 1500.0
CHOROPLETH_TOLERANCE_M = 250.0
NO_DATA_FILL = NO_DATA_COLOUR  # the maps' "geen gegevens" grey


# --- simplification and dissolving --------------------------------------------------------

def simplify_coverage(gdf: geopandas.GeoDataFrame, tolerance_m: float) -> geopandas.GeoDataFrame:
    """Topology-preserving simplification (in Lambert 72 metres), returned in EPSG:4326."""
    metric = gdf.to_crs(LAMBERT)
    simple = shapely.coverage_simplify(metric.geometry.values, tolerance_m)
    out = geopandas.GeoDataFrame(metric.drop(columns="geometry"), geometry=simple, crs=LAMBERT)
    return out.to_crs(WGS84)


def provinces_of(gdf: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Province polygons (column ``provincie``) dissolved from a gemeente coverage."""
    names = [province_of(nis) for nis in gdf["nis"]]
    parts = []
    for name in sorted(set(names)):
        members = gdf.geometry.values[[n == name for n in names]]
        parts.append((name, shapely.coverage_union_all(members)))
    return geopandas.GeoDataFrame({"provincie": [p[0] for p in parts]},
                                  geometry=[p[1] for p in parts], crs=gdf.crs)


# --- TopoJSON ---------------------------------------------------------------------------

def _polygons(geom: shapely.Geometry) -> list[shapely.Polygon]:
    return list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]


Quantum = float | tuple[float, float]


def _grid(quantum: Quantum) -> tuple[float, float]:
    """The grid's (longitude, latitude) steps: one number is a square grid."""
    return (quantum, quantum) if isinstance(quantum, (int, float)) else (float(quantum[0]), float(quantum[1]))


def _quantised_rings(geom: shapely.Geometry, quantum: Quantum = QUANTUM) -> list[list[list[tuple[int, int]]]]:
    """Polygons -> rings of integer grid points (``quantum`` degrees), open, no repeated points."""
    polygons = []
    steps = np.asarray(_grid(quantum))
    for polygon in _polygons(shapely.orient_polygons(geom)):
        rings = []
        for ring in (polygon.exterior, *polygon.interiors):
            grid = np.rint(np.asarray(ring.coords) / steps).astype(np.int64)
            keep = np.r_[True, np.any(grid[1:] != grid[:-1], axis=1)]
            points = [(int(x), int(y)) for x, y in grid[keep][:-1]]
            if len(set(points)) >= 3:
                rings.append(points)
        if rings:
            polygons.append(rings)
    return polygons


def _junctions(shapes: list[list[list[list[tuple[int, int]]]]]) -> set[tuple[int, int]]:
    """Points where the set of rings running along the boundary changes."""
    neighbours: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for polygons in shapes:
        for rings in polygons:
            for ring in rings:
                for i, point in enumerate(ring):
                    found = neighbours.setdefault(point, set())
                    found.add(ring[i - 1])
                    found.add(ring[(i + 1) % len(ring)])
    return {point for point, found in neighbours.items() if len(found) > 2}


class _ArcIndex:
    """Deduplicated arcs; a reversed arc is referred to as ``~index``."""

    def __init__(self) -> None:
        self.arcs: list[tuple[tuple[int, int], ...]] = []
        self._index: dict[tuple[tuple[int, int], ...], int] = {}

    def add(self, arc: list[tuple[int, int]]) -> int:
        key = tuple(arc)
        if key in self._index:
            return self._index[key]
        if key[::-1] in self._index:
            return ~self._index[key[::-1]]
        self._index[key] = len(self.arcs)
        self.arcs.append(key)
        return self._index[key]

    def ring(self, ring: list[tuple[int, int]], junctions: set[tuple[int, int]]) -> list[int]:
        """Cut a ring at its junctions (or at its lowest point) into arc references."""
        cuts = [i for i, point in enumerate(ring) if point in junctions]
        start = cuts[0] if cuts else ring.index(min(ring))
        closed = ring[start:] + ring[:start] + [ring[start]]
        cuts = [i for i, point in enumerate(closed) if point in junctions] or [0, len(closed) - 1]
        return [self.add(closed[a:b + 1]) for a, b in zip(cuts, cuts[1:], strict=False)]


def _encode_arc(arc: tuple[tuple[int, int], ...], origin: tuple[int, int]) -> list[list[int]]:
    """Quantised, delta-encoded arc positions (TopoJSON spec 2.1.3)."""
    points = np.asarray(arc, dtype=np.int64) - np.asarray(origin, dtype=np.int64)
    deltas = np.vstack([points[:1], np.diff(points, axis=0)])
    return deltas.tolist()


def build_topology(objects: dict[str, list[tuple[str | None, dict, shapely.Geometry]]],
                   quantum: Quantum = QUANTUM) -> dict:
    """A TopoJSON Topology of (id, properties, EPSG:4326 geometry) per named object, on a grid of
    ``quantum`` degrees. A shape whose rings all round away keeps no polygon (see ``faithful``)."""
    shapes = {name: [_quantised_rings(g, quantum) for _, _, g in items] for name, items in objects.items()}
    junctions = _junctions([s for group in shapes.values() for s in group])
    index = _ArcIndex()
    out_objects = {}
    for name, items in objects.items():
        geometries = []
        for (fid, props, _), polygons in zip(items, shapes[name], strict=True):
            arcs = [[index.ring(ring, junctions) for ring in rings] for rings in polygons]
            geometry: dict = {"type": "Polygon", "arcs": arcs[0]} if len(arcs) == 1 else \
                {"type": "MultiPolygon", "arcs": arcs}
            if fid is not None:
                geometry["id"] = fid
            geometry["properties"] = props
            geometries.append(geometry)
        out_objects[name] = {"type": "GeometryCollection", "geometries": geometries}
    every = np.asarray([p for arc in index.arcs for p in arc], dtype=np.int64)
    origin = (int(every[:, 0].min()), int(every[:, 1].min()))
    qx, qy = _grid(quantum)
    return {"type": "Topology",
            "transform": {"scale": [qx, qy], "translate": [round(origin[0] * qx, 6), round(origin[1] * qy, 6)]},
            "objects": out_objects,
            "arcs": [_encode_arc(arc, origin) for arc in index.arcs]}


def topology_features(topology: dict, name: str) -> list[tuple[str | None, dict, shapely.Geometry]]:
    """Decode one object of a Topology (what topojson-client's ``feature`` does)."""
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        points = np.cumsum(np.asarray(arc, dtype=np.float64), axis=0)
        decoded.append(points * scale + translate)

    def ring(refs: list[int]) -> np.ndarray:
        pieces = [decoded[r] if r >= 0 else decoded[~r][::-1] for r in refs]
        return np.vstack([pieces[0]] + [p[1:] for p in pieces[1:]])

    out = []
    for geometry in topology["objects"][name]["geometries"]:
        polys = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes = [shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]]) for rings in polys]
        geom = shapes[0] if len(shapes) == 1 else shapely.MultiPolygon(shapes)
        out.append((geometry.get("id"), geometry.get("properties", {}), geom))
    return out


def _dumps(data: dict) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _write_if_changed(path: Path, content: bytes) -> Path:
    """Write ``content`` unless the file already holds exactly it (keeps mtimes stable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_bytes() != content:
        path.write_bytes(content)
    return path


def faithful(topology: dict, name: str, items: list[tuple[str | None, dict, shapely.Geometry]]) -> bool:
    """Whether object ``name`` of ``topology`` still draws ``items``: every shape keeps a polygon
    and every polygon of ``INVISIBLE_M2`` or more, every shape is valid, and together they still
    form a coverage (no overlaps)."""
    decoded = [g for _, _, g in topology_features(topology, name)]
    return (len(decoded) == len(items)
            and all(_kept_what_shows(d, g) for d, (_, _, g) in zip(decoded, items, strict=True))
            and bool(shapely.is_valid(np.array(decoded)).all()) and bool(shapely.coverage_is_valid(np.array(decoded))))


def _kept_what_shows(decoded: shapely.Geometry, original: shapely.Geometry) -> bool:
    """``decoded`` has a polygon, at most as many as ``original`` and no fewer than its visible ones
    (in EPSG:4326: square degrees to m2 near the shape's latitude)."""
    parts = _polygons(original)
    m2 = 111_320.0 ** 2 * np.cos(np.radians(original.centroid.y))
    visible = sum(1 for p in parts if p.area * m2 >= INVISIBLE_M2)
    kept = 0 if decoded.is_empty else len(_polygons(decoded))
    return max(1, visible) <= kept <= len(parts)


def web_topology(current_gdf: geopandas.GeoDataFrame, tolerance_m: float = DEFAULT_TOLERANCE_M,
                 quanta: tuple[Quantum, ...] = QUANTA) -> dict:
    """The web topology of today's gemeenten (one object, ``gemeenten``), as a dict: on the
    coarsest grid of ``quanta`` that keeps every shape (``faithful``), else on the finest. A
    gemeente's NIS code is its ``id`` (what liim.js reads); its properties hold its name."""
    simple = simplify_coverage(current_gdf, tolerance_m).sort_values("nis")
    gemeenten = [(nis, {"naam": naam}, geom)
                 for nis, naam, geom in zip(simple["nis"], simple["naam"], simple.geometry, strict=True)]
    for quantum in quanta:
        topology = build_topology({"gemeenten": gemeenten}, quantum)
        if faithful(topology, "gemeenten", gemeenten):
            break
    return topology


def write_web_assets(current_gdf: geopandas.GeoDataFrame, out_dir: Path,
                     tolerance_m: float = DEFAULT_TOLERANCE_M) -> dict[str, Path]:
    """Write ``gemeenten.json`` (TopoJSON) into ``out_dir``; return ``{"gemeenten": path}``.

    The site needs no other geometry file: liim.js derives the province borders from
    this one. Same input, same bytes.
    """
    target = Path(out_dir) / Path(paths.GEOMETRY_ASSET).name
    return {"gemeenten": _write_if_changed(target, _dumps(web_topology(current_gdf, tolerance_m)))}


# --- static SVG maps ----------------------------------------------------------------------

def _num(value: float, decimals: int) -> str:
    """Compact fixed-point number: ``12.0`` -> ``12``, ``-0.0`` -> ``0``."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


class _Frame:
    """Maps Lambert 72 metres to SVG pixels (y down) for a given width."""

    def __init__(self, bounds: np.ndarray, width: float, margin: float = 2.0, top: float = 0.0):
        minx, miny, maxx, maxy = bounds
        self.scale = (width - 2 * margin) / (maxx - minx)
        self.origin = (minx, maxy)
        self.margin, self.top = margin, top
        self.width = width
        self.height = (maxy - miny) * self.scale + 2 * margin

    def path(self, geom: shapely.Geometry, decimals: int = 1) -> str:
        """SVG path data of a (multi)polygon: absolute start, then relative steps."""
        parts = []
        for polygon in _polygons(geom):
            for ring in (polygon.exterior, *polygon.interiors):
                grid = np.rint(self.points(np.asarray(ring.coords)[:-1]) * 10**decimals).astype(np.int64)
                keep = np.r_[True, np.any(grid[1:] != grid[:-1], axis=1)]
                grid = grid[keep]
                if len(grid) < 3:  # a ring rounded away to a point or a line: nothing to draw
                    continue
                steps = np.diff(grid, axis=0) / 10**decimals
                start = grid[0] / 10**decimals
                rel = " ".join(f"{_num(dx, decimals)} {_num(dy, decimals)}" for dx, dy in steps)
                parts.append(f"M{_num(start[0], decimals)} {_num(start[1], decimals)}l{rel}z")
        return "".join(parts)

    def points(self, coords: np.ndarray) -> np.ndarray:
        x = (coords[:, 0] - self.origin[0]) * self.scale + self.margin
        y = (self.origin[1] - coords[:, 1]) * self.scale + self.margin + self.top
        return np.column_stack([x, y])


_LOCATOR_CACHE: dict[tuple, geopandas.GeoDataFrame] = {}


def _locator_provinces(gdf: geopandas.GeoDataFrame) -> geopandas.GeoDataFrame:
    """Coarsely simplified provinces in Lambert 72, cached per set of gemeenten."""
    key = (tuple(gdf["nis"]), str(gdf.crs), tuple(gdf.total_bounds))
    if key not in _LOCATOR_CACHE:
        metric = gdf.to_crs(LAMBERT)
        coarse = shapely.coverage_simplify(metric.geometry.values, LOCATOR_TOLERANCE_M)
        coarse_gdf = geopandas.GeoDataFrame(metric[["nis"]], geometry=coarse, crs=LAMBERT)
        _LOCATOR_CACHE[key] = provinces_of(coarse_gdf)
    return _LOCATOR_CACHE[key]


def locator_svg(gdf: geopandas.GeoDataFrame, nis: str, width: int = 240) -> str:
    """Small inline SVG: the provinces of Flanders lightly, gemeente ``nis`` highlighted."""
    match = gdf[gdf["nis"] == nis]
    if match.empty:
        raise KeyError(f"gemeente {nis} staat niet in de geometrie")
    naam = str(match["naam"].iloc[0])
    provinces = _locator_provinces(gdf)
    frame = _Frame(np.asarray(provinces.total_bounds), width)
    label = f"Ligging van {naam} in Vlaanderen"
    target = shapely.simplify(match.geometry.to_crs(LAMBERT).iloc[0], 1 / frame.scale)
    body = [f'<path class="liim-loc-prov" d="{frame.path(g, 0)}"/>' for g in provinces.geometry]
    body.append(f'<path class="liim-loc-gem" d="{frame.path(target, 1)}"/>')
    minx, miny, maxx, maxy = target.bounds
    if (maxx - minx) * frame.scale < 4 and (maxy - miny) * frame.scale < 4:  # too small to see
        (cx, cy), = frame.points(np.asarray(target.representative_point().coords))
        body.append(f'<circle class="liim-loc-gem" cx="{cx:.1f}" cy="{cy:.1f}" r="3"/>')
    height = round(frame.height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label={quoteattr(label)}>'
            f"<title>{escape(label)}</title>"
            '<style>.liim-loc-prov{fill:#e6e6e6;stroke:#fff;stroke-width:1}'
            ".liim-loc-gem{fill:#c0392b;stroke:#7b241c;stroke-width:.5}</style>"
            + "".join(body) + "</svg>")


_CHOROPLETH_CACHE: dict[tuple, tuple[geopandas.GeoDataFrame, geopandas.GeoDataFrame]] = {}


def _choropleth_base(gdf: geopandas.GeoDataFrame) -> tuple[geopandas.GeoDataFrame, geopandas.GeoDataFrame]:
    """(gemeenten by nis, provinces), simplified in Lambert 72; cached per set of gemeenten."""
    key = (tuple(gdf["nis"]), str(gdf.crs), tuple(gdf.total_bounds))
    if key not in _CHOROPLETH_CACHE:
        metric = gdf.to_crs(LAMBERT).sort_values("nis")
        simple = shapely.coverage_simplify(metric.geometry.values, CHOROPLETH_TOLERANCE_M)
        simple_gdf = geopandas.GeoDataFrame(metric[["nis"]], geometry=simple, crs=LAMBERT)
        _CHOROPLETH_CACHE[key] = (simple_gdf, provinces_of(simple_gdf))
    return _CHOROPLETH_CACHE[key]


def choropleth_svg(gdf: geopandas.GeoDataFrame, fills: dict[str, str], title: str,
                   legend: list[tuple[str, str]], width: int = 800) -> str:
    """A static SVG map: gemeenten filled from ``fills`` (nis -> CSS colour), province
    outlines on top, a title above and a legend of (colour, label) below."""
    frame, shapes, outlines = _choropleth_paths(gdf, width)
    body = [f'<text x="4" y="18" font-size="16" font-weight="bold">{escape(title)}</text>']
    for nis, name, d in shapes:
        body.append(f'<path fill={quoteattr(fills.get(nis, NO_DATA_FILL))} d="{d}"><title>{name}</title></path>')
    body += [f'<path class="prov" d="{d}"/>' for d in outlines]
    y = frame.top + frame.height + 8
    for colour, label in legend:
        body.append(f'<rect x="4" y="{y:.0f}" width="14" height="14" fill={quoteattr(colour)} '
                    f'stroke="#666" stroke-width=".5"/>'
                    f'<text x="24" y="{y + 11:.0f}" font-size="12">{escape(label)}</text>')
        y += 20
    height = round(y + 4)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label={quoteattr(title)}>'
            f"<title>{escape(title)}</title>"
            "<style>path{stroke:#fff;stroke-width:.3}path.prov{fill:none;stroke:#333;"
            "stroke-width:1}text{font-family:sans-serif;fill:#222}</style>"
            + "".join(body) + "</svg>")


_PATHS: dict[tuple[int, int], tuple] = {}  # the last geometry's paths (it is kept alive with them)


def _choropleth_paths(gdf: geopandas.GeoDataFrame, width: int) -> tuple[_Frame, list[tuple[str, str, str]], list[str]]:
    """The frame, (nis, escaped name, path) per gemeente and the province outlines of ``gdf`` at
    ``width``: computed once for the many maps of one build (every indicator's SVG map)."""
    key = (id(gdf), width)
    if key not in _PATHS:
        simple_gdf, provinces = _choropleth_base(gdf)
        names = dict(zip(gdf["nis"], gdf["naam"], strict=True))
        frame = _Frame(np.asarray(simple_gdf.total_bounds), width, margin=4, top=28)
        shapes = [(nis, escape(str(names[nis])), frame.path(geom))
                  for nis, geom in zip(simple_gdf["nis"], simple_gdf.geometry, strict=True)]
        _PATHS.clear()
        _PATHS[key] = (gdf, frame, shapes, [frame.path(g) for g in provinces.geometry])
    _, frame, shapes, outlines = _PATHS[key]
    return frame, shapes, outlines


# --- shared per build ---------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class SiteGeometry:
    """What the pages and the downloads of one build share, made once (``of``).

    ``current``: today's gemeenten (columns nis, naam, geometry; EPSG:4326);
    ``locators``: NIS code → the small locator map of a gemeente page and its cijferrapport.
    """

    current: geopandas.GeoDataFrame
    locators: Mapping[str, str]

    @classmethod
    def of(cls, monitor: Monitor, nis_codes: Iterable[str] | None = None) -> SiteGeometry:
        """Today's geometry and the locators of ``nis_codes`` (default: every gemeente)."""
        current = monitor.divisions.geometry(monitor.divisions.current.key)
        codes = monitor.gemeenten if nis_codes is None else nis_codes
        return cls(current, {nis: locator_svg(current, nis) for nis in codes})
