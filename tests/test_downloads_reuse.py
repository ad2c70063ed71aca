"""An indicator's open data files (CSV, Excel CSV, SVG map) are taken from the previous build when
its rows are the same, and the files of a changed indicator equal those of a build without cache."""
from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from support import make_data_dir

from generator import paths
from generator.downloads import write_downloads
from generator.downloads.cache import ReportCache
from generator.monitor import load_inputs, make_monitor

pytestmark = pytest.mark.slow  # typst compiles the reports of two gemeenten per run

CHOSEN = ["11002", "44021"]
INCOME = "".join(f"W1,2025,{nis},totaal,{t},{n},,\n" for nis, t, n in
                 (("11002", 5_000_000, 250), ("11001", 900_000, 40), ("44021", 4_000_000, 200), ("41002", 800_000, 30)))
FILES = ("d1.csv", "d1-excel.csv", "d1.svg", "w1.csv", "w1-excel.csv", "w1.svg")


def d1(gent_teller: int) -> str:
    figures = {"11002": (10, 100), "11001": (2000, 4000), "44021": (gent_teller, 10), "41002": (100, 4000)}
    return "".join(f"D1,2025,{nis},totaal,{t},{n},,\n" for nis, (t, n) in figures.items())


@pytest.fixture(scope="module")
def runs(tmp_path_factory, divisions, catalogue):
    """Gent's D1 3 of 10, then 4 of 10 with the first run's cache, then 4 of 10 without a cache, then
    4 of 10 with a cache of another code version; W1 the same in every run. Per run: its downloads
    folder and the inodes of the cache it leaves."""
    tmp = tmp_path_factory.mktemp("hergebruik")
    site = tmp / "site"

    def run(gent: int, name: str, version: str | None = "v") -> tuple[Path, set[int]]:
        data = make_data_dir(tmp / f"data-{name}", divisions, catalogue, {"d1.csv": d1(gent), "w1.csv": INCOME})
        monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
        cache = None
        if version:
            cache = ReportCache.beside(site)
            cache = ReportCache(cache.previous, cache.current, version)
        write_downloads(monitor, tmp / name, gemeenten=CHOSEN, workers=1, cache=cache)
        if cache:
            cache.finish()
        return tmp / name, {p.stat().st_ino for p in cache.current.iterdir()} if cache else set()

    return {name: run(gent, name, version) for gent, name, version in
            ((3, "eerste", "v"), (4, "tweede", "v"), (4, "zonder-cache", None), (4, "andere-versie", "w"))}


def inode(folder: Path, name: str) -> int:
    return (folder / "indicatoren" / name).stat().st_ino


def same(a: Path, b: Path, name: str) -> bool:
    return filecmp.cmp(a / "indicatoren" / name, b / "indicatoren" / name, shallow=False)


def test_unchanged_indicator_files_are_reused(runs):
    (first, first_cache), (second, _) = runs["eerste"], runs["tweede"]
    for name in ("w1.csv", "w1-excel.csv", "w1.svg"):
        assert same(first, second, name)
        assert inode(second, name) == inode(first, name) and inode(first, name) in first_cache  # linked


def test_changed_indicator_files_equal_a_build_without_cache(runs):
    first, second, fresh = runs["eerste"][0], runs["tweede"][0], runs["zonder-cache"][0]
    assert not same(first, second, "d1.csv") and not same(first, second, "d1-excel.csv")
    assert all(same(second, fresh, name) for name in FILES)
    assert inode(second, "d1.csv") != inode(first, "d1.csv")
    for name in ("liim-data.csv", "liim-data-excel.csv", "liim-data.zip", "liim-data-excel.zip"):
        assert filecmp.cmp(second / name, fresh / name, shallow=False)


def test_another_code_version_makes_the_files_again(runs):
    (second, second_cache), fresh, other = runs["tweede"], runs["zonder-cache"][0], runs["andere-versie"][0]
    assert all(same(other, fresh, name) for name in FILES)
    assert not any(inode(other, name) in second_cache | {inode(second, name)} for name in FILES)
