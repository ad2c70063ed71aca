"""A rebuild after a data change renders only the changed pages, and gives the same bytes as a full build.

A small hand-made edition is rendered and built whole; one figure changes; the rebuild runs mkdocs
"dirty" on a copy of the old site (``generator.incremental``) and is compared file by file with a
full build of the same docs. Whatever shapes every page (settings, code, templates, the list of
files) forces a full build.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from support import make_data_dir

from generator import incremental, paths
from generator.build import mkdocs_build, swap_into
from generator.docsdir import copy_hand_written
from generator.monitor import load_inputs, make_monitor
from generator.render import render_docs
from generator.timings import Timings
from generator.webgeometry import SiteGeometry

pytestmark = pytest.mark.slow  # three mkdocs builds of a small edition

SETTINGS = {"demo": True, "date": "2025-12-15", "edition": 2025}


def rows(gent_teller: int) -> str:
    lines = [f"D1,2025,{nis},totaal,{t},{n},," for nis, (t, n) in
             {"11002": (10, 100), "11001": (2000, 4000), "44021": (gent_teller, 10), "41002": (100, 4000)}.items()]
    lines += [f"D1,2024,{nis},totaal,{t},{n},," for nis, (t, n) in {"11002": (9, 100), "44021": (2, 10)}.items()]
    lines += ["T1,2025,11002,totaal,80,180,,", "T1,2025,11002,belgisch,60,100,,", "T1,2025,11002,vreemd,20,80,,"]
    return "\n".join(lines) + "\n"


def render(data: Path, docs: Path, geometry: SiteGeometry | None = None) -> SiteGeometry:
    """Render ``data`` into ``docs``; the geometry (the same for both editions here: their gemeenten
    are those of today's division) is made once, as a build takes it from its cache."""
    monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
    geometry = SiteGeometry.of(monitor) if geometry is None else geometry
    assert list(geometry.locators) == list(monitor.gemeenten)
    render_docs(monitor, geometry, docs, Timings())
    return geometry


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build_with(docs: Path, out: Path, unchanged: frozenset[str] | None) -> Path:
    staged = mkdocs_build(docs, out, date=SETTINGS["date"], edition=2025, unchanged=unchanged)
    return staged


@pytest.fixture(scope="module")
def builds(tmp_path_factory, divisions, catalogue):
    """(old state, new state, dirty-built site, fully built site) around one changed figure."""
    tmp = tmp_path_factory.mktemp("incrementeel")
    docs = tmp / "docs"
    copy_hand_written(docs)
    data = make_data_dir(tmp / "data", divisions, catalogue, {"rows.csv": rows(3)})
    geometry = render(data, docs)
    before = incremental.docs_state(docs, SETTINGS)
    site = tmp / "site"
    swap_into(build_with(docs, site, None), site)
    incremental.write_state(site, before)

    make_data_dir(data, divisions, catalogue, {"rows.csv": rows(4)})  # Gent 3 → 4 of 10
    render(data, docs, geometry)
    after = incremental.docs_state(docs, SETTINGS)
    unchanged = incremental.unchanged_files(incremental.read_state(site), after)
    assert unchanged is not None
    dirty = build_with(docs, site, unchanged)
    full = build_with(docs, tmp / "full", None)
    return before, after, unchanged, dirty, full


def test_only_changed_files_are_rendered_again(builds):
    before, after, unchanged, _, _ = builds
    changed = {uri for uri in after.files if uri not in unchanged}
    pages = [uri for uri in after.files if uri.endswith(".md")]
    assert "gemeenten/gent.md" in changed and "indicatoren/d1.md" in changed
    assert "gemeenten/antwerpen.md" not in changed and "methodologie.md" not in changed
    assert len([u for u in changed if u.endswith(".md")]) < len(pages) / 4


def test_dirty_build_equals_full_build(builds):
    _, _, _, dirty, full = builds
    a, b = digest(dirty), digest(full)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_search_index_keeps_skipped_pages(builds):
    _, _, _, dirty, full = builds
    index = json.loads((dirty / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {e["location"].split("#")[0] for e in index["docs"]}
    assert "methodologie/" in locations and "gemeenten/gent/" in locations


@pytest.mark.parametrize("change", ["settings", "page list", "title"])
def test_a_change_of_frame_forces_a_full_build(tmp_path, change):
    docs = tmp_path / "docs"
    (docs / "gemeenten").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "gemeenten" / "gent.md").write_text("# Gent\n\ncijfer 1\n", encoding="utf-8")
    first = incremental.docs_state(docs, SETTINGS)
    settings = dict(SETTINGS)
    if change == "settings":
        settings["edition"] = 2026
    elif change == "page list":
        (docs / "gemeenten" / "aalst.md").write_text("# Aalst\n", encoding="utf-8")
    else:
        (docs / "gemeenten" / "gent.md").write_text("# Gent (stad)\n\ncijfer 1\n", encoding="utf-8")
    assert incremental.unchanged_files(first, incremental.docs_state(docs, settings)) is None
    (docs / "gemeenten" / "aalst.md").unlink(missing_ok=True)
    (docs / "gemeenten" / "gent.md").write_text("# Gent\n\ncijfer 2\n", encoding="utf-8")
    same_frame = incremental.unchanged_files(first, incremental.docs_state(docs, SETTINGS))
    assert same_frame == frozenset({"index.md"})
