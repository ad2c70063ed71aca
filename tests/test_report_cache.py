"""Reports (PDF and XLSX) of the previous build are reused only when their data are the same
(downloads/cache.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import make_data_dir

from generator import paths
from generator.downloads import write_downloads
from generator.downloads.cache import ReportCache
from generator.monitor import load_inputs, make_monitor

pytestmark = pytest.mark.slow  # typst compiles a few reports

CHOSEN = ["11002", "44021"]  # Antwerpen, Gent


def rows(gent_teller: int) -> str:
    figures = {"11002": (10, 100), "11001": (2000, 4000), "44021": (gent_teller, 10), "41002": (100, 4000)}
    return "\n".join(f"D1,2025,{nis},totaal,{t},{n},," for nis, (t, n) in figures.items()) + "\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory, divisions, catalogue):
    """Three runs beside one site: Gent 3 of 10, then 4 of 10 (cached), then 4 of 10 without a cache."""
    tmp = tmp_path_factory.mktemp("rapportcache")
    site = tmp / "site"

    def run(gent: int, name: str, cached: bool = True) -> tuple[Path, ReportCache | None]:
        data = make_data_dir(tmp / f"data-{name}", divisions, catalogue, {"rows.csv": rows(gent)})
        monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
        cache = ReportCache.beside(site) if cached else None
        write_downloads(monitor, tmp / name, gemeenten=CHOSEN, workers=1, cache=cache)
        if cache:
            cache.finish()
        return tmp / name / "gemeenten", cache

    first, _ = run(3, "eerste")
    second, cache = run(4, "tweede")
    fresh, _ = run(4, "zonder-cache", cached=False)
    return first, second, fresh, cache


KINDS = pytest.mark.parametrize("kind,magic", [("pdf", b"%PDF"), ("xlsx", b"PK\x03\x04")])


def report(folder: Path, nis: str, kind: str) -> bytes:
    return (folder / f"{nis}.{kind}").read_bytes()


@KINDS
def test_unchanged_report_is_taken_from_the_cache(runs, kind, magic):
    first, second, _, cache = runs
    assert report(second, "11002", kind) == report(first, "11002", kind)
    assert report(second, "11002", kind).startswith(magic)
    cached = {p.stat().st_ino for p in cache.current.iterdir()}
    assert (second / f"11002.{kind}").stat().st_ino in cached  # linked, not made again


@KINDS
def test_changed_report_is_made_again_and_equals_a_build_without_cache(runs, kind, magic):
    first, second, fresh, cache = runs
    assert report(second, "44021", kind) != report(first, "44021", kind)
    assert report(second, "44021", kind) == report(fresh, "44021", kind)
    assert report(second, "11002", kind) == report(fresh, "11002", kind)
    cached = {p.stat().st_ino: p for p in cache.current.iterdir()}
    assert (fresh / f"44021.{kind}").stat().st_ino not in cached


@KINDS
def test_cache_keeps_only_the_last_builds_reports(runs, kind, magic):
    _, _, _, cache = runs
    reports = [p for p in cache.current.iterdir() if p.read_bytes()[:4] == magic]  # beside the indicator files
    assert len(reports) == len(CHOSEN)
    assert not cache.previous.exists()


def test_another_code_version_misses(tmp_path):
    a = ReportCache(tmp_path / "a", tmp_path / "b", "versie-1")
    b = ReportCache(tmp_path / "a", tmp_path / "b", "versie-2")
    assert a.key("pdf", b"{}") != b.key("pdf", b"{}") and a.key("pdf", b"{}") != a.key("xlsx", b"{}")
