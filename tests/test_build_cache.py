"""The build cache (generator/buildcache.py): validated input files and the locator maps are reused
only when everything they are made from is the same, and then equal what a build without cache makes."""
from __future__ import annotations

import pandas as pd
import pytest
from support import make_data_dir

from generator import paths
from generator.build import cached_geometry
from generator.buildcache import BuildCache
from generator.errors import ValidationError
from generator.monitor import load_inputs, make_monitor
from generator.timings import Timings
from generator.validate import validate_values
from generator.webgeometry import SiteGeometry

ANTWERPEN = "D1,2025,11002,totaal,10,100,,\nD1,2024,11002,totaal,9,100,,\n"


def gent(teller: int) -> str:
    return f"D1,2025,44021,totaal,{teller},10,,\nD1,2024,44021,totaal,2,10,,\n"


def load(data, cache: BuildCache | None = None):
    return load_inputs(data, paths.SHARED_GEODATA, cache=cache)


@pytest.fixture
def two_files(tmp_path, divisions, catalogue):
    """A data folder with two value files (Antwerpen, Gent) and a cache folder beside it."""
    data = make_data_dir(tmp_path / "data", divisions, catalogue, {"a.csv": ANTWERPEN, "g.csv": gent(3)})
    return data, tmp_path / "cache"


def test_cached_rows_equal_rows_read_without_cache(two_files):
    data, folder = two_files
    fresh = load(data).rows
    first, second = BuildCache(folder, "v"), BuildCache(folder, "v")
    pd.testing.assert_frame_equal(load(data, first).rows, fresh, check_exact=True)
    pd.testing.assert_frame_equal(load(data, second).rows, fresh, check_exact=True)
    assert (first.hits, first.misses, second.hits, second.misses) == (0, 2, 2, 0)


def test_changed_file_is_read_again_and_equals_a_read_without_cache(two_files):
    data, folder = two_files
    load(data, BuildCache(folder, "v"))
    (data / "waarden" / "g.csv").write_text("indicator,jaar,nis,groep,teller,noemer,waarde,status\n" + gent(4),
                                             encoding="utf-8")
    cache = BuildCache(folder, "v")
    rows = load(data, cache).rows
    assert (cache.hits, cache.misses) == (1, 1)  # a.csv from the cache, g.csv read again
    pd.testing.assert_frame_equal(rows, load(data).rows, check_exact=True)
    assert rows.loc[(rows["nis"] == "44021") & (rows["jaar"] == 2025), "teller"].tolist() == [4.0]


def test_another_code_version_or_catalogue_misses(two_files, tmp_path):
    data, folder = two_files
    load(data, BuildCache(folder, "v1"))
    other_version = BuildCache(folder, "v2")
    load(data, other_version)
    assert (other_version.hits, other_version.misses) == (0, 2)
    catalogue = tmp_path / "indicatoren.yml"
    catalogue.write_text(paths.CATALOGUE.read_text(encoding="utf-8") + "\n# een wijziging\n", encoding="utf-8")
    other_catalogue = BuildCache(folder, "v1")
    load_inputs(data, paths.SHARED_GEODATA, catalogue_path=catalogue, cache=other_catalogue)
    assert (other_catalogue.hits, other_catalogue.misses) == (0, 2)


def test_problems_are_reported_from_the_cache_too(tmp_path, divisions, catalogue):
    data = make_data_dir(tmp_path / "data", divisions, catalogue, {"a.csv": ANTWERPEN.replace(",10,", ",x,")})
    messages = []
    for _ in range(2):
        with pytest.raises(ValidationError) as err:
            load(data, BuildCache(tmp_path / "cache", "v"))
        messages.append(str(err.value))
    assert "'x' is geen getal" in messages[0] and messages[0] == messages[1]


def test_duplicates_across_files_are_found_with_cached_files(tmp_path, divisions, catalogue):
    data = make_data_dir(tmp_path / "data", divisions, catalogue, {"a.csv": ANTWERPEN, "b.csv": ANTWERPEN})
    for _ in range(2):
        with pytest.raises(ValidationError, match="dubbele rij voor D1 2025 11002 totaal"):
            load(data, BuildCache(tmp_path / "cache", "v"))


def test_per_file_validation_equals_validation_of_all_rows(two_files, divisions, catalogue):
    from generator.load import read_values
    data, _ = two_files
    inputs = load(data)
    values = read_values(data, catalogue=catalogue)
    rows, problems = validate_values(values.frame, catalogue, divisions.as_of(inputs.edition.jaar), inputs.edition)
    assert not problems
    pd.testing.assert_frame_equal(inputs.rows, rows, check_exact=True)


def test_prune_keeps_only_what_the_last_build_used(two_files):
    data, folder = two_files
    load(data, BuildCache(folder, "v1"))
    cache = BuildCache(folder, "v2")
    load(data, cache)
    assert len(list(folder.iterdir())) == 4
    cache.prune()
    assert sorted(p.name.removesuffix(".pickle") for p in folder.iterdir()) == sorted(cache.used)


def test_damaged_entry_is_made_again(tmp_path):
    cache = BuildCache(tmp_path, "v")
    key = cache.key("proef", "a")
    assert cache.get_or_make(key, lambda: [1, 2]) == [1, 2]
    (tmp_path / f"{key}.pickle").write_bytes(b"kapot")
    assert BuildCache(tmp_path, "v").get_or_make(key, lambda: [3]) == [3]


def test_cached_geometry_equals_geometry_made_now(two_files):
    data, folder = two_files
    monitor = make_monitor(load(data))
    made = SiteGeometry.of(monitor)
    for hits in (0, 1):
        cache = BuildCache(folder, "v")
        geometry = cached_geometry(monitor, cache, Timings())
        assert cache.hits == hits
        assert dict(geometry.locators) == dict(made.locators)
        assert geometry.current.to_json() == made.current.to_json()
