"""Boundary files, mergers, geodata lookup and web geometry, against ../shared/geodata."""
from __future__ import annotations

import gzip
import json
import shutil
import time
import urllib.error
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import geopandas
import numpy as np
import pandas as pd
import pytest
import shapely

from generator import geodata, paths, webgeometry
from generator.divisions import Divisions, FusiesError, load_divisions
from generator.errors import GeodataError

LAMBERT = "EPSG:31370"
COUNTS = {"2018": 308, "2024": 300, "2025": 285}
SHARED = paths.SHARED_GEODATA  # kept: some tests point paths.SHARED_GEODATA elsewhere


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return load_divisions(paths.SHARED_GEODATA)


@pytest.fixture(scope="module")
def simplified(divisions: Divisions) -> geopandas.GeoDataFrame:
    return webgeometry.simplify_coverage(divisions.geometry("2025"), webgeometry.DEFAULT_TOLERANCE_M)


def _copy_geodata(target: Path) -> Path:
    for src in geodata.load_sources():
        dest = target / src.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED / src.path, dest)
    return target


def _by_nis(divisions: Divisions, key: str) -> geopandas.GeoSeries:
    return divisions.geometry(key, crs=LAMBERT).set_index("nis").geometry


# --- the files and the divisions -----------------------------------------------------------

def test_shared_copy_matches_bronnen():
    assert geodata.check_folder(paths.SHARED_GEODATA, geodata.load_sources()) == []


@pytest.mark.parametrize("key", sorted(COUNTS))
def test_feature_counts_and_validity(divisions: Divisions, key: str):
    gdf = divisions.geometry(key)
    assert len(divisions.by_key(key).names) == COUNTS[key]
    assert len(gdf) == COUNTS[key] and gdf["nis"].is_unique
    assert list(gdf["nis"]) == sorted(gdf["nis"]) and list(gdf.columns) == ["nis", "naam", "geometry"]
    assert gdf.crs == "EPSG:4326"
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    assert not any(nis.startswith(("21", "99")) for nis in gdf["nis"])


def test_names(divisions: Divisions):
    current = divisions.current.names
    assert current["23106"] == "Pajottegem"
    assert current["46030"] == "Beveren-Kruibeke-Zwijndrecht"
    assert current["11002"] == "Antwerpen"
    assert divisions.for_year(2015).names["44036"] == "Lovendegem"  # from the 2018 xlsx
    assert divisions.for_year(2015).key == "2018" and divisions.for_year(2019).key == "2024"
    assert divisions.for_year(2030) is divisions.current
    assert all(name.strip() and name != "nan" for d in divisions.all for name in d.names.values())


def test_codes_and_names_load_fast():
    load_divisions(paths.SHARED_GEODATA)  # imports done
    start = time.perf_counter()
    load_divisions(paths.SHARED_GEODATA)
    assert time.perf_counter() - start < 0.5


def test_2019_polygons_are_unions_of_2018_predecessors(divisions: Divisions):
    old, new = _by_nis(divisions, "2018"), _by_nis(divisions, "2024")
    wave = [m for m in divisions.mergers if m.datum == "2019-01-01"]
    for nis in {m.new_nis for m in wave}:
        union = shapely.union_all([old[m.old_nis] for m in wave if m.new_nis == nis])
        assert union.symmetric_difference(new[nis]).area < 1.0, nis  # m²
    assert len({m.new_nis for m in wave}) == 7


def test_2025_polygons_match_unions_of_2024_predecessors(divisions: Divisions):
    old, new = _by_nis(divisions, "2024"), _by_nis(divisions, "2025")
    wave = [m for m in divisions.mergers if m.datum == "2025-01-01"]
    for nis in {m.new_nis for m in wave}:
        union = shapely.union_all([old[m.old_nis] for m in wave if m.new_nis == nis])
        assert union.symmetric_difference(new[nis]).area <= 0.0025 * new[nis].area, nis
        assert shapely.hausdorff_distance(union, new[nis]) <= 50.0, nis
    assert len({m.new_nis for m in wave}) == 13


@pytest.mark.parametrize("nis, year, today", [
    ("44036", 2015, "44085"), ("11007", 2020, "11002"), ("46003", 2024, "46030"),
    ("12030", 2010, "12041"), ("11002", 2010, "11002"), ("72025", 2018, "72043"),
    ("11056", 2018, "46030"), ("44085", 2019, "44085"), ("23106", 2025, "23106"),
])
def test_successor(divisions: Divisions, nis: str, year: int, today: str):
    assert divisions.successor(nis, year) == today
    assert divisions.current.contains(today)


@pytest.mark.parametrize("nis, year", [("44085", 2018), ("44036", 2019), ("21004", 2020), ("99991", 2025)])
def test_successor_rejects_codes_not_valid_that_year(divisions: Divisions, nis: str, year: int):
    with pytest.raises(GeodataError, match=nis):
        divisions.successor(nis, year)


def test_predecessors(divisions: Divisions):
    assert [m.old_naam for m in divisions.predecessors("23106")] == ["Galmaarden", "Gooik", "Herne"]
    assert [(m.old_nis, m.old_naam) for m in divisions.predecessors("11002")] == [("11007", "Borsbeek")]
    assert {m.old_naam for m in divisions.predecessors("44085")} == {"Lovendegem", "Waarschoot", "Zomergem"}
    assert [m.old_nis for m in divisions.predecessors("46030")] == ["11056", "46003", "46013"]
    assert divisions.predecessors("11001") == ()


def test_every_vanished_code_leads_to_a_current_gemeente(divisions: Divisions):
    for division in divisions.all:
        for nis in division.names:
            assert divisions.current.contains(divisions.successor(nis, division.first_year))


def test_a_file_year_is_delivered_on_its_own_division_or_wholly_on_todays(divisions: Divisions):
    own_2020, today = divisions.for_year(2020), divisions.current
    assert divisions.delivered_on(["11007", "44085", "11002"], 2020) is own_2020    # Borsbeek still existed
    assert divisions.delivered_on(["11002", "23106"], 2020) is today                # history recalculated
    assert divisions.delivered_on(["11002", "11001"], 2020) is own_2020             # both: its own wins
    assert divisions.delivered_on(["11007", "23106"], 2020) is own_2020             # a mix: 23106 is wrong
    rows = pd.DataFrame({"bestand": ["a", "a", "b", "b", "a"], "jaar": [2020, 2020, 2020, 2020, 2015],
                         "nis": ["11007", "11002", "23106", "11002", "44036"]})
    assert divisions.delivered_keys(rows) == [own_2020.key, own_2020.key, today.key, today.key, "2018"]


def test_codes_map_to_todays_once_per_division(divisions: Divisions):
    assert divisions.to_current(["44036", "11007", "11007", "23106", "12345"], ["2018", "2024", "2018", "2025", "2024"]) \
        == ["44085", "11002", "11002", "23106", "12345"]  # an unknown code is kept: validation reports it
    counts = divisions.predecessor_counts()
    assert counts[("2018", "44085")] == 3 and counts[("2024", "44085")] == 1 and counts[("2024", "11002")] == 2
    assert sum(v for (key, _), v in counts.items() if key == "2018") == COUNTS["2018"]


def test_ending_merger_and_declared_division(divisions: Divisions):
    assert divisions.ending_merger("11007", 2024) is None
    assert divisions.ending_merger("11007", 2025).new_nis == "11002"
    assert divisions.ending_merger("11002", 2025) is None  # kept its code
    assert divisions.ending_merger("44036", 2019).year == 2019
    assert divisions.declared("jaar", 2020).key == "2024" and divisions.declared("2018", 2025).key == "2018"
    assert [d.period for d in divisions.all] == ["1977–2018", "2019–2024", "sinds 2025"]
    assert divisions.as_of(2024) is divisions.as_of(2024) and divisions.as_of(2024).current.key == "2024"
    assert divisions.geometry().equals(divisions.geometry(divisions.current.key))


def test_bad_fusies_lines_are_all_reported(tmp_path: Path):
    rows = paths.FUSIES.read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace("12034", "12999")                # line 3: unknown old code
    rows[3] = rows[3].replace("2019-01-01", "2025-01-01")      # line 4: wrong wave
    rows[20] = rows[20].replace("Pajottegem", "Pajotland")      # line 21: wrong name
    bad = tmp_path / "fusies.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(FusiesError) as info:
        load_divisions(paths.SHARED_GEODATA, bad)
    text = str(info.value)
    for line in ("fusies.csv:3:", "fusies.csv:4:", "fusies.csv:21:"):
        assert line in text
    assert "12034" in text  # Sint-Amands vanishes without a merger row now
    assert isinstance(info.value, GeodataError)


# --- locating the geodata -------------------------------------------------------------------

@pytest.fixture()
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No env var, an empty cache, no shared copy, and a download that fails."""
    monkeypatch.delenv(paths.GEODATA_ENV, raising=False)
    monkeypatch.setattr(paths, "GEODATA_CACHE", tmp_path / "cache")
    monkeypatch.setattr(paths, "SHARED_GEODATA", tmp_path / "shared")

    def offline(url: str, target: Path) -> None:
        raise urllib.error.URLError("no network")

    monkeypatch.setattr(geodata, "fetch_file", offline)
    return tmp_path


def test_explicit_folder_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(paths.GEODATA_ENV, str(tmp_path / "nothing-here"))
    assert geodata.locate_geodata(paths.SHARED_GEODATA) == paths.SHARED_GEODATA


def test_env_var_then_cache_then_shared(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    shared = _copy_geodata(isolated / "shared")
    assert geodata.locate_geodata() == shared
    cache = _copy_geodata(isolated / "cache")
    assert geodata.locate_geodata() == cache
    env = _copy_geodata(isolated / "env")
    monkeypatch.setenv(paths.GEODATA_ENV, str(env))
    assert geodata.locate_geodata() == env


@pytest.mark.parametrize("via_env", [False, True])
def test_corrupted_file_is_named(isolated: Path, monkeypatch: pytest.MonkeyPatch, via_env: bool):
    folder = _copy_geodata(isolated / "mine")
    _copy_geodata(isolated / "shared")  # a good copy elsewhere must not hide the error
    with (folder / "provinciesincijfers" / "gemeente.prj").open("ab") as fh:
        fh.write(b" ")
    if via_env:
        monkeypatch.setenv(paths.GEODATA_ENV, str(folder))
    with pytest.raises(GeodataError, match=r"gemeente\.prj") as info:
        geodata.locate_geodata(None if via_env else folder)
    assert "11d1fbab4f20ea15d3d403f784b15dea64bb52a12a12899daab3460a15ebc1d2" in str(info.value)


def test_missing_explicit_folder_is_an_error(isolated: Path):
    with pytest.raises(GeodataError, match="ontbreekt"):
        geodata.locate_geodata(isolated / "empty")


def test_no_files_and_no_network_says_where_to_put_them(isolated: Path):
    with pytest.raises(GeodataError) as info:
        geodata.locate_geodata()
    text = str(info.value)
    assert paths.GEODATA_ENV in text and "--geodata" in text
    assert "provinciesincijfers/gemeente.shp" in text and "gebiedsdefinities/gemeente2018.xlsx" in text


def test_download_fills_the_cache_and_verifies(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    by_url = {src.url: SHARED / src.path for src in geodata.load_sources()}
    monkeypatch.setattr(geodata, "fetch_file", lambda url, target: (
        target.parent.mkdir(parents=True, exist_ok=True), shutil.copyfile(by_url[url], target)))
    assert geodata.locate_geodata() == isolated / "cache"
    assert geodata.check_folder(isolated / "cache", geodata.load_sources()) == []


def test_download_with_wrong_content_is_refused(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    def garbage(url: str, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"<html>not found</html>")

    monkeypatch.setattr(geodata, "fetch_file", garbage)
    first = geodata.load_sources()[0]
    with pytest.raises(GeodataError, match=first.name) as info:
        geodata.locate_geodata()
    assert first.sha256 in str(info.value)


def test_each_file_is_hashed_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    calls = []
    real = geodata.hashlib.sha256
    monkeypatch.setattr(geodata.hashlib, "sha256", lambda *a: calls.append(1) or real(*a))
    file = tmp_path / "x.bin"
    file.write_bytes(b"abc")
    assert geodata.sha256_of(file) == geodata.sha256_of(file)
    assert len(calls) == 1


def test_sources_carry_provenance():
    sources = geodata.load_sources()
    assert len(sources) == 17 and len({s.path for s in sources}) == 17
    for src in sources:
        assert src.url.startswith("https://raw.githubusercontent.com/provinciesincijfers/gebiedsniveaus/"
                                  "3b1b6d8d3548e495f597db134f437f0d08898535/data_voor_swing/")
        assert src.url.endswith("/" + src.name) and len(src.sha256) == 64
        assert src.attribution == "Statbel / Provincies in Cijfers" and src.division in COUNTS


# --- web geometry ---------------------------------------------------------------------------

def test_simplified_coverage_has_no_gaps_or_overlaps(divisions: Divisions, simplified):
    original = divisions.geometry("2025", crs=LAMBERT)
    metric = simplified.to_crs(LAMBERT)
    union = shapely.union_all(metric.geometry.values)
    flanders = shapely.union_all(original.geometry.values)
    assert abs(union.area - flanders.area) < 1e-3 * flanders.area
    assert abs(metric.area.sum() - union.area) < 1e-6 * union.area  # no overlaps

    def shape(geom):  # (parts, holes): a gap between gemeenten would add a hole
        parts = shapely.get_parts(geom)
        return len(parts), sum(shapely.get_num_interior_rings(parts))

    assert shape(union) == shape(flanders) == (24, 7)  # holes: Brussels, Dutch enclaves
    assert shapely.coverage_is_valid(metric.geometry.values)
    assert shapely.get_num_coordinates(metric.geometry.values).sum() < \
        0.8 * shapely.get_num_coordinates(original.geometry.values).sum()
    tree = shapely.STRtree(original.geometry.values)
    left, right = tree.query(original.geometry.values, predicate="touches")
    pairs = [(a, b) for a, b in zip(left, right) if a < b
             and original.geometry.iloc[a].intersection(original.geometry.iloc[b]).length > 0]
    assert len(pairs) > 600
    assert all(metric.geometry.iloc[a].intersection(metric.geometry.iloc[b]).length > 0
               for a, b in pairs)


def test_web_assets(divisions: Divisions, tmp_path: Path):
    first = webgeometry.write_web_assets(divisions.geometry("2025"), tmp_path / "a")
    second = webgeometry.write_web_assets(divisions.geometry("2025"), tmp_path / "b")
    assert set(first) == {"gemeenten"}
    for key in first:
        assert first[key].read_bytes() == second[key].read_bytes(), key
    raw = first["gemeenten"].read_bytes()
    assert len(gzip.compress(raw, 9)) <= 200 * 1024
    topology = json.loads(raw)
    assert topology["transform"]["scale"] == list(webgeometry.QUANTUM)  # the coarsest grid keeps every shape
    features = webgeometry.topology_features(topology, "gemeenten")
    assert [f[0] for f in features] == sorted(divisions.current.names)
    assert all("naam" in props and "nis" not in props for _, props, _ in features)  # the NIS code is the id
    assert features[0][0] == "11001" and features[0][1]["naam"] == "Aartselaar"
    geoms = np.array([f[2] for f in features])
    assert shapely.is_valid(geoms).all() and shapely.coverage_is_valid(geoms)


def test_only_the_gemeenten_asset_and_provinces_dissolve(divisions: Divisions, simplified, tmp_path: Path):
    files = webgeometry.write_web_assets(divisions.geometry("2025"), tmp_path)
    assert [p.name for p in files.values()] == ["gemeenten.json"]  # liim.js draws the province borders from it
    dissolved = webgeometry.provinces_of(simplified)  # the provinces of the locator and SVG maps
    assert list(dissolved["provincie"]) == \
        ["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"]
    total = shapely.union_all(list(dissolved.geometry))
    assert shapely.is_valid(total) and abs(total.area - shapely.union_all(list(simplified.geometry)).area) < 1e-9
    for a, b in combinations(dissolved.geometry, 2):
        assert a.intersection(b).area < 1e-12


def test_locator_svg(divisions: Divisions):
    gdf = divisions.geometry("2025").copy()
    svg = webgeometry.locator_svg(gdf, "23106")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Ligging van Pajottegem in Vlaanderen"
    assert len(svg.encode()) < 8000 and 'width="240"' in svg
    gdf.loc[gdf["nis"] == "23106", "naam"] = 'A & <B> "C"'
    escaped = ET.fromstring(webgeometry.locator_svg(gdf, "23106"))
    assert escaped.find("{http://www.w3.org/2000/svg}title").text == 'Ligging van A & <B> "C" in Vlaanderen'
    with pytest.raises(KeyError):
        webgeometry.locator_svg(gdf, "44043")  # Merelbeke no longer exists


def test_choropleth_svg(divisions: Divisions):
    gdf = divisions.geometry("2025")
    fills = {"23106": "#ff0000", "11002": "#00ff00"}
    svg = webgeometry.choropleth_svg(gdf, fills, "Aandeel <nieuwkomers> & co",
                                     [("#ff0000", "hoog & <veel>"), ("#00ff00", "laag")])
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    paths_ = root.findall(f"{ns}path")
    assert len([p for p in paths_ if p.get("class") == "prov"]) == 5
    areas = [p for p in paths_ if p.get("class") != "prov"]
    assert len(areas) == 285
    assert [p.get("fill") for p in areas].count(webgeometry.NO_DATA_FILL) == 283
    assert {p.find(f"{ns}title").text: p.get("fill") for p in areas}["Pajottegem"] == "#ff0000"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts[0] == "Aandeel <nieuwkomers> & co" and "hoog & <veel>" in texts
    assert svg == webgeometry.choropleth_svg(gdf, fills, "Aandeel <nieuwkomers> & co",
                                             [("#ff0000", "hoog & <veel>"), ("#00ff00", "laag")])
