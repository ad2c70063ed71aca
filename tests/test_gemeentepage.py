"""The gemeente page of issue 15: key figures beside the Vlaams Gewest, counts per 1 000 inhabitants
(never beside a cluster or province total), differences in procentpunt, the cluster explained near
the top, sparklines with a Flemish reference line and a merger note.

A small hand-made data folder; every expected figure is computed here from teller and noemer,
never copied from the program's output. Assertions work on whitespace-stripped substrings.
"""
from __future__ import annotations

import csv
import dataclasses
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from support import make_data_dir

from generator import gemeentepage, paths
from generator.formatting import format_number
from generator.gemeentepage import (
    KEY_FIGURES,
    cluster_box,
    difference_text,
    key_figures,
    per_thousand,
    rows_by_indicator,
    trend_svg,
    write_gemeente_page,
)
from generator.model import Provenance
from generator.monitor import load_inputs, make_monitor
from generator.sparkline import sparkline_svg

ANTWERPEN, AARTSELAAR, BOECHOUT, GENT, BORSBEEK = "11002", "11001", "11004", "44021", "11007"
# D1 (teller, noemer) per year; the noemer is the number of inhabitants. Borsbeek merged into
# Antwerpen in 2025: today's Antwerpen of 2024 is the sum of both.
D1 = {2024: {ANTWERPEN: (300, 1000), BORSBEEK: (20, 100), AARTSELAAR: (100, 2000), BOECHOUT: (50, 500),
             GENT: (600, 3000)},
      2025: {ANTWERPEN: (320, 1000), AARTSELAAR: (110, 2000), BOECHOUT: (40, 500), GENT: (660, 3000)}}
# I2 (a count) in 2025; Boechout's is geheim.
I2 = {ANTWERPEN: 50, AARTSELAAR: 30, GENT: 90}
NNBSP = "\u202f"


def body() -> str:
    lines = [f"D1,{year},{nis},totaal,{t},{n},," for year, rows in D1.items() for nis, (t, n) in rows.items()]
    lines += [f"I2,2025,{nis},totaal,{count},,," for nis, count in I2.items()]
    lines += [f"I2,2025,{BOECHOUT},totaal,,,,geheim"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory, divisions, catalogue):
    folder = tmp_path_factory.mktemp("gemeentepagina")
    data = make_data_dir(folder / "data", divisions, catalogue, {"rows.csv": body()})
    monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
    docs = folder / "docs"
    totals = monitor.table[monitor.table["groep"] == "totaal"]
    for nis in (ANTWERPEN, BOECHOUT):
        write_gemeente_page(monitor, monitor.gemeenten[nis], totals[totals["nis"] == nis], docs)
    return monitor, docs, data


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def dutch(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}".replace(".", ",")


def page(docs: Path, slug: str) -> str:
    return (docs / "gemeenten" / f"{slug}.md").read_text(encoding="utf-8")


def row(text: str, code: str) -> str:
    match = re.search(rf'<tr><th scope="row"><a href="../../indicatoren/{code}/">.*?</tr>', text, re.S)
    assert match, code
    return match.group(0)


def cells(tr: str) -> list[str]:
    return [squeeze(re.sub(r"<[^>]+>", " ", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]


def members_of_cluster(data: Path, nis: str) -> list[str]:
    with open(data / "clusters.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    cluster = next(r["cluster"] for r in rows if r["nis"] == nis)
    return [r["nis"] for r in rows if r["cluster"] == cluster and r["nis"] != nis]


# ----------------------------------------------------------------- counts per 1 000 inhabitants

def test_per_thousand_is_count_over_inhabitants_and_nothing_for_a_secret_count():
    assert per_thousand(50, "", 1000) == pytest.approx(50 / 1000 * 1000)
    assert per_thousand(7, "voorlopig", 2500) == pytest.approx(7 / 2500 * 1000)
    assert per_thousand(float("nan"), "geheim", 1000) is None
    assert per_thousand(12, "geheim", 1000) is None  # a geheim row never yields a figure
    assert per_thousand(12, "fusie", 1000) is None
    assert per_thousand(12, "", None) is None and per_thousand(12, "", 0) is None
    assert per_thousand(12, "", float("nan")) is None


def test_count_row_shows_per_thousand_and_never_a_total(site):
    monitor, docs, _ = site
    tr = row(page(docs, "antwerpen"), "i2")
    c = cells(tr)
    own = I2[ANTWERPEN] / D1[2025][ANTWERPEN][1] * 1000
    assert c[1].startswith(str(I2[ANTWERPEN])) and squeeze(f"{dutch(own)} per 1{NNBSP}000 inw.") in c[1]
    cluster = members_of_cluster(site[2], ANTWERPEN) + [ANTWERPEN]
    counted = sum(I2.get(n, 0) for n in cluster)
    people = sum(D1[2025][n][1] for n in cluster if n in D1[2025])
    assert c[2].startswith(squeeze(f"{dutch(counted / people * 1000)} per 1{NNBSP}000 inw."))
    assert "(o)" in c[2]  # Boechout's count is geheim: the cluster's sum lacks it
    flemish = sum(I2.values()) / sum(n for _, n in D1[2025].values()) * 1000
    assert c[4].startswith(squeeze(f"{dutch(flemish)} per 1{NNBSP}000 inw."))
    totals = {str(sum(I2.values())), str(counted), format_number(sum(I2.values()), 0)}
    assert not any(cell in totals for cell in c[2:5]), "a count is set beside a total"
    rates = sorted((I2[n] / D1[2025][n][1] for n in I2), reverse=True)
    assert c[7] == squeeze(f"{rates.index(I2[ANTWERPEN] / 1000) + 1}/{len(rates)} per 1{NNBSP}000 inw.")
    assert "liim-bar" not in tr and "liim-spark__ref" not in tr  # no Flemish total on the count's scale


def test_secret_count_gives_nothing(site):
    _, docs, _ = site
    c = cells(row(page(docs, "boechout"), "i2"))
    assert "geheim" in c[1] and "per" not in c[1]
    assert c[2] == c[3] == c[4] == c[7] == "–"


# ------------------------------------------------------------------------------- key figures

def test_key_figures_pick_the_available_indicators_in_order(site, catalogue):
    monitor, _, _ = site
    rows = monitor.table[(monitor.table["groep"] == "totaal") & (monitor.table["nis"] == ANTWERPEN)]
    tiles = key_figures(monitor, rows_by_indicator(rows))
    present = [code for code in KEY_FIGURES if code in ("D1",)]  # the folder has D1 and I2 only
    assert [t["label"] for t in tiles] == ["Inwoners"] + [catalogue.get(c).naam for c in present]
    assert tiles[0]["figure"] == format_number(D1[2025][ANTWERPEN][1], 0)
    assert tiles[0]["vlaanderen"] == format_number(sum(n for _, n in D1[2025].values()), 0)


def test_key_tiles_write_the_difference_in_procentpunt(site):
    _, docs, _ = site
    text = page(docs, "antwerpen")
    tiles = text.split('<ul class="liim-tegels"', 1)[1].split("</ul>", 1)[0]
    t, n = D1[2025][ANTWERPEN]
    own = 100 * t / n
    flemish = 100 * sum(x for x, _ in D1[2025].values()) / sum(y for _, y in D1[2025].values())
    diff = round(own, 1) - round(flemish, 1)
    assert squeeze(f"{dutch(own)} %") in squeeze(tiles)
    assert squeeze(f"Vlaams Gewest: {dutch(flemish)} %") in squeeze(tiles)
    sign = "+" if diff > 0 else "-"
    assert squeeze(f"{sign}{dutch(abs(own - flemish))} procentpunt t.o.v. Vlaams Gewest") in squeeze(tiles)
    assert not re.search(r"%\s*t\.o\.v\.", tiles), "a difference of a share must be in procentpunt"
    assert text.index("liim-tegels") < text.index("liim-gemeente-kop")  # above the locator


def test_difference_text_units(catalogue):
    assert difference_text(3.24, catalogue.get("D1")) == "+3,2 procentpunt"
    assert difference_text(-0.04, catalogue.get("D1")) == "0,0 procentpunt"
    assert difference_text(-1.26, catalogue.get("W2")) == "-1,3 promillepunt"
    assert difference_text(-1234.4, catalogue.get("W1")) == f"-€{NNBSP}1{NNBSP}234"


# ------------------------------------------------------------------------------- the cluster

def test_cluster_box_near_the_top_with_its_members(site):
    monitor, docs, data = site
    text = page(docs, "antwerpen")
    box = text.split('<aside class="liim-cluster" id="cluster"', 1)[1].split("</aside>", 1)[0]
    assert text.index('id="cluster"') < text.index('<table class="liim-tabel liim-gemeente-tabel"')
    assert "Een cluster is een groep vergelijkbare gemeenten" in box
    assert "In deze demo zijn de clusters synthetisch." in box  # the folder's edition is a demo
    members = members_of_cluster(data, ANTWERPEN)
    assert squeeze(f"Antwerpen wordt vergeleken met {len(members)} andere gemeenten") in squeeze(box)
    for nis in members:
        assert f'href="../{monitor.gemeenten[nis].slug}/"' in box
    assert f'href="../{monitor.gemeenten[ANTWERPEN].slug}/"' not in box
    assert '<a href="#cluster">Cluster</a>' in text  # the column header points at the explanation
    assert "## Cluster " not in text  # the old section at the bottom is gone


def test_cluster_box_names_the_rule_of_a_real_edition(site):
    monitor, _, _ = site
    real = dataclasses.replace(monitor, edition=dataclasses.replace(monitor.edition, demo=False),
                               provenance=Provenance(cluster_rule="De 13 centrumsteden vormen één cluster."))
    box = cluster_box(real, monitor.gemeenten[ANTWERPEN])
    assert box["rule"] == "De 13 centrumsteden vormen één cluster."
    assert box["open"] == (len(box["members"]) <= gemeentepage.OPEN_MEMBERS)


# ------------------------------------------------------------------------------ sparklines

def test_sparkline_has_the_flemish_reference_on_the_same_scale(site):
    _, docs, _ = site
    tr = row(page(docs, "antwerpen"), "d1")
    svg = re.search(r'<svg class="liim-spark".*?</svg>', tr, re.S).group(0)
    assert 'class="liim-spark__ref"' in svg
    flemish = {y: 100 * sum(t for t, _ in r.values()) / sum(n for _, n in r.values()) for y, r in D1.items()}
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert squeeze(f"Vlaams Gewest: 2024 {dutch(flemish[2024])} %, 2025 {dutch(flemish[2025])} %") in squeeze(label)
    # same scale: the highest of both series is at the top (y = PAD), the lowest at the bottom
    ys = [float(p.split(",")[1]) for p in re.findall(r"[\d.]+,[\d.]+", " ".join(re.findall(r'points="([^"]*)"', svg)))]
    assert min(ys) == pytest.approx(2.0) and max(ys) == pytest.approx(22.0)


def test_sparkline_notes_a_series_stopped_by_a_merger(catalogue):
    ind = catalogue.get("W1")
    rows = [SimpleNamespace(jaar=y, waarde=v, status=s, vlaanderen=40_000.0 + y)
            for y, v, s in ((2019, 30_000.0, ""), (2020, 31_000.0, ""), (2021, None, "fusie"), (2022, None, "fusie"))]
    svg = trend_svg(ind, rows)
    assert "geen cijfer in 2021–2022 door een fusie" in svg
    assert svg.count("door een fusie") == 2  # in <title> and aria-label
    assert 'class="liim-spark__fusie"' in svg
    plain = sparkline_svg([(2019, 1.0), (2020, 2.0)], str, "x")
    assert "fusie" not in plain and "liim-spark__ref" not in plain
