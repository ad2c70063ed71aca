"""Compare gemeenten (generator/comparepage.py): the compact JSON, the neighbours, the static pages."""
from __future__ import annotations

import json
import re

import pytest
from support import make_data_dir

from generator import comparepage as cp
from generator import paths
from generator.monitor import load_inputs, make_monitor
from generator.presentation import WEB_LABELS

NNBSP = "\u202f"
# D1 (a share, with intervals): Antwerpen has 500 000 inhabitants; Aartselaar, Boechout and Brasschaat
# (11008) are the closest in its cluster (the province, in the base clusters), Boom is far; Brecht
# (11009) is geheim.
# I2 (a count): Gent is geheim, and the official Flemish 47 would reveal it (47 − 40).
BODY = """D1,2024,11002,totaal,1,10,,
D1,2025,11002,totaal,130000,500000,,
D1,2025,11001,totaal,49000,490000,,
D1,2025,11004,totaal,96000,480000,,
D1,2025,11008,totaal,70500,470000,,voorlopig
D1,2025,11005,totaal,5000,100000,,
D1,2025,11009,totaal,,,,geheim
D1,2025,44021,totaal,60000,250000,,
I2,2025,11002,totaal,40,,,
I2,2025,44021,totaal,,,,geheim
I2,2025,02000,totaal,47,,,
"""


@pytest.fixture(scope="module")
def monitor(tmp_path_factory, divisions, catalogue):
    folder = make_data_dir(tmp_path_factory.mktemp("vergelijk"), divisions, catalogue, {"rows.csv": BODY})
    return make_monitor(load_inputs(folder, paths.SHARED_GEODATA))


@pytest.fixture(scope="module")
def data(monitor):
    return cp.compare_data(monitor)


@pytest.fixture(scope="module")
def written(monitor, tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    return docs, cp.write_compare_pages(monitor, docs)


def flat(text: str) -> str:
    """HTML without the whitespace between and inside tags' text lines."""
    return re.sub(r"\s+", "", text)


def cell(data: dict, nis: str, code: str):
    g = [row[0] for row in data["gem"]].index(nis)
    i = [ind[0] for ind in data["ind"]].index(code)
    return data["cel"][g][i]


def indicator(data: dict, code: str) -> list:
    return next(ind for ind in data["ind"] if ind[0] == code)


def test_data_has_every_gemeente_and_only_indicators_with_figures(data, monitor):
    assert [g[0] for g in data["gem"]] == list(monitor.gemeenten)
    assert [ind[0] for ind in data["ind"]] == ["D1", "I2"]
    d1 = indicator(data, "D1")
    assert d1[2] == "d1" and d1[4] == 2025 and d1[5] == 1 and d1[6] == "%"  # the newest year, not 2024
    assert data["themas"][d1[3]][0] == "demografie"
    assert all(len(row) == 2 for row in data["cel"])


def test_cells_are_rounded_integers_with_interval_offsets_and_flags(data):
    antwerpen = cell(data, "11002", "D1")
    assert antwerpen[0] == 260 and antwerpen[1] < 0 < antwerpen[2]  # 26,0 % with its 95 % interval
    assert cp.unpack(antwerpen, 1)[0] == pytest.approx(26.0)
    brecht = cell(data, "11008", "D1")
    assert brecht[0] == 150 and brecht[3] & cp.PROVISIONAL
    assert cell(data, "11002", "I2") == 40  # a count without interval: the bare integer
    assert cell(data, "11013", "D1") == "o"  # no row: geen gegevens
    assert data["redenen"]["o"] == WEB_LABELS["ontbreekt"] and data["redenen"]["g"] == WEB_LABELS["geheim"]


def test_secret_figures_are_not_in_the_json(data, written):
    assert cell(data, "11009", "D1") == "g" and cell(data, "44021", "I2") == "g"
    flemish_i2 = indicator(data, "I2")[7]
    assert flemish_i2 == [40, None, None, cp.INCOMPLETE]  # computed without Gent: not the official 47
    text = (written[0] / cp.DATA_ASSET).read_text(encoding="utf-8")
    assert json.loads(text) == data
    assert "47" not in re.findall(r"-?\d+", text)


def test_json_is_small(written):
    assert len((written[0] / cp.DATA_ASSET).read_bytes()) < 40_000  # 285 gemeenten × 2 indicators


def test_neighbours_are_the_closest_in_inhabitants(monitor):
    counts = cp.inhabitants(monitor)
    assert counts["11002"] == 500000 and "11009" not in counts  # geheim: no count
    chosen = cp.neighbours(monitor, monitor.gemeenten["11002"], counts)
    assert [g.nis for g in chosen] == ["11001", "11004", "11008"]


def test_neighbours_without_inhabitants_are_the_first_alphabetically(monitor):
    brecht = monitor.gemeenten["11009"]
    members = [g for g in monitor.gemeenten.values() if g.cluster == brecht.cluster and g.nis != "11009"]
    chosen = cp.neighbours(monitor, brecht, cp.inhabitants(monitor))
    assert chosen == sorted(members, key=lambda g: g.naam)[:3]
    assert cp.neighbours(monitor, brecht, {}) == chosen


def test_fixed_comparison_page(written, monitor):
    docs, _ = written
    text = (docs / "vergelijk" / "antwerpen.md").read_text(encoding="utf-8")
    assert "search:\n  exclude: true" in text
    page = flat(text)
    heads = "".join(f'<thscope="col"><ahref="../../gemeenten/{monitor.gemeenten[n].slug}/">'
                    f"{flat(monitor.gemeenten[n].naam)}</a></th>" for n in ("11002", "11001", "11004", "11008"))
    assert flat('<th scope="col">Indicator</th><th scope="col">Jaar</th>') + heads + \
        flat('<th scope="col">Vlaams Gewest</th>') in page
    assert flat('<td class="liim-getal" data-label="Antwerpen"><span class="liim-cijfer">26,0'
                f'{NNBSP}%</span>') in page
    assert flat(f'<span class="liim-cijfer">15,0{NNBSP}% (v)</span>') in page
    assert flat('<td class="liim-getal" data-label="Antwerpen"><span class="liim-cijfer">40</span></td>') in page
    assert flat('<a href="../?nis=11002,11001,11004,11008">') in page
    assert flat('<a href="../../indicatoren/d1/">D1') in page


def test_fixed_comparison_shows_the_reason_not_the_secret(written):
    page = flat((written[0] / "vergelijk" / "brecht.md").read_text(encoding="utf-8"))
    assert flat('data-label="Brecht"><span class="liim-cijfer">geheim (niet gepubliceerd)</span></td>') in page


def test_compare_index_links_every_fixed_comparison_and_explains_without_javascript(written, monitor):
    docs, files = written
    assert len(files) == len(monitor.gemeenten) + 2
    page = (docs / "vergelijk" / "index.md").read_text(encoding="utf-8")
    assert all(f'<li><a href="{g.slug}/">' in page for g in monitor.gemeenten.values())
    assert flat('<div id="liim-vergelijk" class="liim-vergelijk" data-bron="../assets/gen/vergelijk.json"') \
        in flat(page)
    noscript = page[page.index("<noscript>"):page.index("</noscript>")]
    assert 'href="#kant-en-klare-vergelijkingen"' in noscript and "## Kant-en-klare vergelijkingen" in page


@pytest.mark.parametrize("cell_value, texts", [
    (260, ("26,0 %", "")),
    ([260, -3, 4], ("26,0 %", "25,7–26,4")),
    ([260, None, None, 1], ("26,0 % (v)", "")),
    ([260, -3, 4, 2], ("26,0 % (k)", "25,7–26,4")),
    ([260, None, None, 4], ("26,0 % (o)", "")),
    (None, ("–", "")),
    ("g", ("geheim (niet gepubliceerd)", "")),
])
def test_cell_texts(cell_value, texts):
    reasons = {"g": WEB_LABELS["geheim"]}
    out = cp.cell_texts(cell_value, 1, "%", reasons)
    assert (str(out["figure"]).replace(NNBSP, " "), str(out["interval"])) == texts


def test_figure_units_follow_formatting():
    assert cp.figure_with_unit(21345, 0, "€") == f"€{NNBSP}21{NNBSP}345"
    assert cp.figure_with_unit(3.44, 1, "‰") == f"3,4{NNBSP}‰"
    assert cp.packed(12.35, 12.0, 12.71, 0, 1) == [124, -4, 3]
