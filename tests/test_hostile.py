"""Names and texts from data and catalogue are shown as text everywhere in the built site."""
from __future__ import annotations

import dataclasses
import re

import pytest

from generator import paths
from generator.build import mkdocs_build
from generator.docsdir import copy_hand_written
from generator.monitor import load_inputs, make_monitor
from generator.pages import write_pages
from generator.webgeometry import write_web_assets

pytestmark = pytest.mark.site  # builds small sites through mkdocs

HOSTILE = '<script>alert(1)</script> *vet* [x](javascript:alert(2)) | =1+1'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, divisions, catalogue):
    from support import make_data_dir
    tmp = tmp_path_factory.mktemp("hostile")
    data = make_data_dir(tmp / "data", divisions, catalogue, {"rows.csv": "D1,2025,11002,totaal,10,100,,\nD1,2024,11002,totaal,9,100,,\n"
                                                                          "D1,2024,11007,totaal,1,10,,\n"})
    monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
    g = dataclasses.replace(monitor.gemeenten["11002"], naam=HOSTILE)
    d1 = dataclasses.replace(monitor.catalogue.get("D1"), definitie=HOSTILE, bron=HOSTILE)
    cat = dataclasses.replace(monitor.catalogue, indicators=tuple(d1 if i.code == "D1" else i for i in monitor.catalogue))
    monitor = dataclasses.replace(monitor, catalogue=cat, gemeenten={**monitor.gemeenten, "11002": g})
    docs = tmp / "docs"
    copy_hand_written(docs)
    write_web_assets(monitor.divisions.geometry("2025"), docs / "assets" / "gen")
    write_pages(monitor, docs)
    for md in (docs / ".snippets").glob("downloads-lijst.md"):
        md.write_text("")  # the downloads themselves are tested in test_downloads.py
    return mkdocs_build(docs, tmp / "site")


@pytest.mark.parametrize("page", ["gemeenten/antwerpen", "indicatoren/d1", "gemeenten", ""])
def test_hostile_text_is_escaped(hostile_site, page):
    html = (hostile_site / page / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html
    if page != "":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for script in re.findall(r"<script>(.*?)</script>", html, re.S):
        assert "alert(1)" not in script or "\\u003cscript\\u003e" in script
