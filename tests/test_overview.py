"""The overview of all indicators (``indicatoren/index.md``) and the navigation that leads to it."""
from __future__ import annotations

import dataclasses
import re

import pytest

from generator import paths
from generator.catalogue import load_catalogue
from generator.mkdocs_hooks import build_nav
from generator.monitor import load_inputs, make_monitor
from generator.overview import NOT_OPEN, NOT_YET, overview_rows, write_overview

ROW = re.compile(r"<tr[^>]*><td data-sort=\"(\d+)\">([A-Z]+\d+)</td><th scope=\"row\"><a href=\"([a-z0-9]+)/\">"
                 r"([^<]+)</a></th><td><a href=\"../themas/([a-z0-9-]+)/\">[^<]+</a></td><td>([^<]+)</td>"
                 r"<td class=\"liim-getal\" data-sort=\"(\d+)\">([^<]+)</td></tr>")


@pytest.fixture(scope="module")
def monitor():
    """The open-data edition from the committed tables (a few indicators with figures)."""
    return make_monitor(load_inputs(paths.DATA_DIR))


@pytest.fixture(scope="module")
def page(monitor, tmp_path_factory) -> str:
    docs = tmp_path_factory.mktemp("docs")
    target = write_overview(monitor, docs)
    assert target == docs / "indicatoren" / "index.md"
    assert (docs / "assets" / "gen" / "gemeentenamen.json").is_file()  # the finder's notices come along
    return target.read_text(encoding="utf-8")


def test_overview_lists_every_indicator_with_its_code(page, monitor):
    rows = ROW.findall(page)
    assert len(rows) == len(monitor.catalogue) == 34
    assert [r[1] for r in rows] == [i.code for i in monitor.catalogue]
    assert [int(r[0]) for r in rows] == list(range(1, 35))  # the code column sorts in catalogue order
    assert all(r[2] == r[1].lower() for r in rows)
    assert '<table class="liim-tabel liim-indicatoren sortable">' in page and "<caption>" in page


def test_available_indicators_name_their_latest_year(page, monitor):
    rows = {r[1]: r for r in ROW.findall(page)}
    for code in monitor.edition.indicatoren:
        assert rows[code][5] == "beschikbaar"
        latest = int(monitor.table[monitor.table["indicator"] == code]["jaar"].max())
        assert rows[code][7] == str(latest) and rows[code][6] == str(latest)


def test_a_missing_indicator_says_so(page, monitor):
    missing = [i for i in monitor.catalogue if i.code not in set(monitor.table["indicator"])]
    assert missing
    rows = {r[1]: r for r in ROW.findall(page)}
    for ind in missing:
        assert rows[ind.code][5] == (NOT_OPEN if ind.available else NOT_YET)
        assert rows[ind.code][7] == "–" and rows[ind.code][6] == "0"
    assert 'class="liim-niet-beschikbaar"' in page


def test_demo_edition_says_not_yet_available_without_open_data(monitor):
    demo = dataclasses.replace(monitor, edition=dataclasses.replace(monitor.edition, demo=True))
    statuses = {r["status"] for r in overview_rows(demo)}
    assert NOT_OPEN not in statuses and NOT_YET in statuses


def test_overview_text_is_dutch_and_escaped(page):
    assert "# Indicatoren" in page and "34 indicatoren in 7 thema" in page
    assert "&amp;#" not in page and "\\_" not in page


def _docs(tmp_path, catalogue, with_overview=True):
    pages = ["index.md", "gemeenten/index.md"] + [f"indicatoren/{i.slug}.md" for i in catalogue]
    pages += [f"themas/{t.code}.md" for t in catalogue.themes]
    pages += ["indicatoren/index.md"] if with_overview else []
    for rel in pages:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("# x\n", encoding="utf-8")
    return tmp_path


def test_nav_entries_carry_codes_and_the_overview_comes_first(tmp_path):
    catalogue = load_catalogue()
    nav = build_nav(_docs(tmp_path, catalogue), catalogue)
    section = next(e["Indicatoren"] for e in nav if "Indicatoren" in e)
    assert section[0] == "indicatoren/index.md"  # navigation.indexes: the tab leads to the overview
    titles = [title for theme in section[1:] for entries in theme.values() for entry in entries
              for title in entry if title != "Overzicht"]
    assert len(titles) == 34
    assert "D1 Aantal en aandeel vreemdelingen" in titles
    assert all(re.match(r"[A-Z]+\d+ \S", t) for t in titles)


def test_nav_without_catalogue_keeps_the_overview_out_of_the_list(tmp_path):
    catalogue = load_catalogue()
    nav = build_nav(_docs(tmp_path, catalogue), None)
    section = next(e["Indicatoren"] for e in nav if "Indicatoren" in e)
    assert section[0] == "indicatoren/index.md"
    listed = next(s["Alle indicatoren"] for s in section[1:] if "Alle indicatoren" in s)
    assert "indicatoren/index.md" not in listed and len(listed) == 34


def test_nav_without_overview_file(tmp_path):
    catalogue = load_catalogue()
    nav = build_nav(_docs(tmp_path, catalogue, with_overview=False), catalogue)
    section = next(e["Indicatoren"] for e in nav if "Indicatoren" in e)
    assert all(isinstance(entry, dict) for entry in section)
