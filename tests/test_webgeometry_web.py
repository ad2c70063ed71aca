"""The shared web geometry, lighter (issue 16): simplified to 300 m and on a coarse grid, yet
close to the real borders, and never at the cost of a shape one could see (a finer grid where the
coarse one would spoil one)."""
from __future__ import annotations

import gzip

import geopandas
import numpy as np
import pytest
import shapely

from generator import paths, webgeometry
from generator.divisions import load_divisions


@pytest.fixture(scope="module")
def current() -> geopandas.GeoDataFrame:
    return load_divisions(paths.SHARED_GEODATA).geometry("2025").sort_values("nis")


@pytest.fixture(scope="module")
def topology(current) -> dict:
    return webgeometry.web_topology(current)


def test_small_and_on_the_coarse_grid(topology):
    raw = webgeometry._dumps(topology)
    assert len(gzip.compress(raw, 9)) <= 25_000, "gemeenten.json: meer dan 25 KB gzip"
    assert topology["transform"]["scale"] == list(webgeometry.QUANTA[0])
    shapes = topology["objects"]["gemeenten"]["geometries"]
    assert all(s["id"].isdigit() and "nis" not in s["properties"] for s in shapes)  # the NIS code once, as the id


def test_close_to_the_real_borders(current, topology):
    """On average under 5 % of a gemeente's area differs; 95 % of the gemeenten stay within 600 m
    (under 3 pixels of the map at full width) of their real outline."""
    decoded = geopandas.GeoSeries([g for _, _, g in webgeometry.topology_features(topology, "gemeenten")],
                                  crs=webgeometry.WGS84).to_crs(webgeometry.LAMBERT).values
    real = current.to_crs(webgeometry.LAMBERT).geometry.values
    differs = np.array([a.symmetric_difference(b).area / a.area for a, b in zip(real, decoded, strict=True)])
    distance = np.array([shapely.hausdorff_distance(a, b) for a, b in zip(real, decoded, strict=True)])
    assert differs.mean() <= 0.05, differs.mean()
    assert np.percentile(distance, 95) <= 600, np.percentile(distance, 95)


def _squares_with_a_sliver() -> list[tuple[str, dict, shapely.Geometry]]:
    """Two neighbours and a thin triangle between them that a grid of 1e-3 degrees rounds away."""
    west = shapely.Polygon([(4.0, 51.0), (4.01, 51.0), (4.0102, 51.005), (4.01, 51.01), (4.0, 51.01)])
    sliver = shapely.Polygon([(4.01, 51.0), (4.0104, 51.005), (4.0102, 51.005)])
    east = shapely.Polygon([(4.01, 51.0), (4.02, 51.0), (4.02, 51.01), (4.01, 51.01), (4.0104, 51.005)])
    return [("1", {}, west), ("2", {}, sliver), ("3", {}, east)]


def test_a_finer_grid_where_the_coarse_one_loses_a_shape():
    items = _squares_with_a_sliver()
    assert shapely.coverage_is_valid(np.array([g for _, _, g in items]))
    coarse = webgeometry.build_topology({"g": items}, 1e-3)
    assert not webgeometry.faithful(coarse, "g", items)  # the sliver is gone on this grid
    gdf = geopandas.GeoDataFrame({"nis": ["1", "2", "3"], "naam": ["W", "S", "E"]},
                                 geometry=[g for _, _, g in items], crs=webgeometry.WGS84)
    topology = webgeometry.web_topology(gdf, tolerance_m=0.01, quanta=(1e-3, 1e-5))
    assert topology["transform"]["scale"] == [1e-5, 1e-5]
    decoded = webgeometry.topology_features(topology, "gemeenten")
    assert [f[0] for f in decoded] == ["1", "2", "3"]
    assert all(not g.is_empty and g.is_valid for _, _, g in decoded)


def _island_with_specks(speck_m: float) -> list[tuple[str, dict, shapely.Geometry]]:
    """A square gemeente with two small square parts ``speck_m`` metres wide (Baarle-Hertog's enclaves)."""
    d = speck_m / 111_320 / np.cos(np.radians(51.0))
    specks = [shapely.box(4.02 + i * 0.003, 51.0, 4.02 + i * 0.003 + d, 51.0 + d) for i in (1, 2)]
    return [("1", {}, shapely.MultiPolygon([shapely.box(4.0, 51.0, 4.01, 51.01), *specks]))]


def test_a_part_under_a_pixel_may_round_away_a_visible_one_may_not():
    """Parts of 20 m round away on a grid of 7e-4 x 5e-4 degrees: under a pixel at the closest zoom,
    they do not cost the coarse grid. Parts of 120 m (1.4 ha) show, and must stay."""
    tiny = _island_with_specks(20)
    assert webgeometry.faithful(webgeometry.build_topology({"g": tiny}, webgeometry.QUANTUM), "g", tiny)
    visible = _island_with_specks(120)
    coarse = webgeometry.build_topology({"g": visible}, (5e-3, 5e-3))  # rounds the 120 m parts away
    assert len(webgeometry._polygons(webgeometry.topology_features(coarse, "g")[0][2])) == 1
    assert not webgeometry.faithful(coarse, "g", visible)
