"""Intervals, significance words, klein aantal and gaps on the gemeente and indicator pages and
in the map data, from a small hand-made data folder.

Every expected figure is computed here from the teller and noemer (Wilson intervals, the
difference's interval by Newcombe's method), never copied from the program's output.
Assertions work on whitespace-stripped Markdown/HTML substrings.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import make_data_dir

from generator import maps, pages, paths
from generator.divisions import load_divisions
from generator.monitor import load_inputs, make_monitor

Z = 1.959963984540054
ROOT = Path(__file__).resolve().parent.parent

# Cluster Antwerpen: Antwerpen 10/100, Aartselaar 2000/4000 (Boechout geheim);
# cluster Oost-Vlaanderen: Gent 3/10 (a klein aantal), Aalst 100/4000.
D1 = {"11002": (10, 100), "11001": (2000, 4000), "44021": (3, 10), "41002": (100, 4000)}
# 2020, before Borsbeek merged into Antwerpen (2025): today's Antwerpen had 25/90 + 5/10 = 30/100
D1_2020 = {"11002": (25, 90), "11007": (5, 10)}
D1_2020_ANTWERPEN = (30, 100)
# T1 by origin: (belgisch, vreemd) per gemeente; the gap is vreemd − belgisch.
T1 = {"11002": ((60, 100), (20, 80)), "11001": ((50, 100), (30, 60)), "44021": ((40, 50), (10, 40))}
I2_ANTWERPEN = 22


def body() -> str:
    lines = [f"D1,2025,{nis},totaal,{t},{n},," for nis, (t, n) in D1.items()]
    lines += [f"D1,2020,{nis},totaal,{t},{n},," for nis, (t, n) in D1_2020.items()]
    lines += ["D1,2025,11004,totaal,,,,geheim"]
    for nis, ((bt, bn), (vt, vn)) in T1.items():
        lines += [f"T1,2025,{nis},totaal,{bt + vt},{bn + vn},,", f"T1,2025,{nis},belgisch,{bt},{bn},,",
                  f"T1,2025,{nis},vreemd,{vt},{vn},,"]
    lines += [f"T1,2025,11004,{g},,,,geheim" for g in ("totaal", "belgisch", "vreemd")]
    lines += [f"I2,2025,11002,totaal,{I2_ANTWERPEN},,,"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory, divisions, catalogue):
    """The monitor of the small data folder, and its pages rendered into a docs folder."""
    folder = tmp_path_factory.mktemp("onzekerheid")
    data = make_data_dir(folder / "data", divisions, catalogue, {"rows.csv": body()})
    monitor = make_monitor(load_inputs(data, paths.SHARED_GEODATA))
    docs = folder / "docs"
    by_indicator = dict(tuple(monitor.table.groupby("indicator", sort=False)))
    for code in ("D1", "T1", "I2"):
        pages.write_indicator_page(monitor, catalogue.get(code), by_indicator.get(code), docs)
    totals = monitor.table[monitor.table["groep"] == "totaal"]
    for nis in ("11002", "11004", "44021"):
        pages.write_gemeente_page(monitor, monitor.gemeenten[nis], totals[totals["nis"] == nis], docs)
    return monitor, docs


# ------------------------------------------------------------------ independent arithmetic

def wilson(t: float, n: float) -> tuple[float, float]:
    """Wilson's score interval of t/n, in %."""
    p = t / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return 100 * max(centre - half, 0.0), 100 * min(centre + half, 1.0)


def newcombe(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float, float]:
    """a − b (in percentage points) and its 95 % interval from the two Wilson intervals."""
    pa, pb = 100 * a[0] / a[1], 100 * b[0] / b[1]
    (la, ua), (lb, ub) = wilson(*a), wilson(*b)
    d = pa - pb
    return d, d - math.sqrt((pa - la) ** 2 + (ub - pb) ** 2), d + math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2)


def dutch(x: float, decimals: int = 1) -> str:
    """Half away from zero, decimal comma (the figures here are far from a tie)."""
    return f"{x:.{decimals}f}".replace(".", ",").replace("-0,0", "0,0")


def verdict(lower: float, upper: float, reference: float) -> str:
    return "hoger" if lower > reference else "lager" if upper < reference else "geen duidelijk verschil"


def summed(pairs) -> tuple[int, int]:
    """(Σ teller, Σ noemer)."""
    pairs = list(pairs)
    return sum(t for t, _ in pairs), sum(n for _, n in pairs)


def share(pairs) -> float:
    return 100 * sum(t for t, _ in pairs) / sum(n for _, n in pairs)


# ------------------------------------------------------------------------- reading pages

def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page(docs: Path, rel: str) -> str:
    return (docs / rel).read_text(encoding="utf-8")


def table_row(text: str, link: str) -> str:
    """The first table row that links to ``link`` (e.g. ``indicatoren/d1/``)."""
    match = re.search(rf'<tr[^>]*><th scope="row"><a href="[./]*{re.escape(link)}">.*?(?=</tr>|<tr|</tbody>)', text, re.S)
    assert match, f"geen rij met {link}"
    return match.group(0)


def cells(row: str) -> list[str]:
    """The data cells of a row, tags removed, whitespace squeezed."""
    return [squeeze(re.sub(r"<[^>]+>", " ", c)) for c in re.findall(r"<td[^>]*>(.*?)(?=</td>|<td|$)", row, re.S)]


def gemeente_cells(docs: Path, slug: str, code: str) -> list[str]:
    """jaar, figure, cluster, provincie, Vlaams Gewest, t.o.v. Vlaams Gewest, t.o.v. cluster, rang, evolutie."""
    return cells(table_row(page(docs, f"gemeenten/{slug}.md"), f"indicatoren/{code.lower()}/"))


# --------------------------------------------------------------------------- gemeente page

def test_ratio_shows_figure_interval_and_counts(site):
    _, docs = site
    lo, hi = wilson(*D1["11002"])
    assert (dutch(lo), dutch(hi)) == ("5,5", "17,4")  # the textbook value of 10 of 100
    figure = gemeente_cells(docs, "antwerpen", "D1")[1]
    assert figure.startswith(squeeze(f"10,0 % ({dutch(lo)}–{dutch(hi)})"))
    assert "10van100" in figure


def test_aantal_has_no_interval(site):
    _, docs = site
    row = table_row(page(docs, "gemeenten/antwerpen.md"), "indicatoren/i2/")
    per_thousand = I2_ANTWERPEN / D1["11002"][1] * 1000  # a count also per 1 000 inhabitants (D1 noemer)
    assert cells(row)[1] == squeeze(f"{I2_ANTWERPEN} {dutch(per_thousand)} per 1\u202f000 inw.")
    assert "liim-interval" not in row and "liim-bar" not in row and "van" not in cells(row)[1]


def test_verdicts_against_vlaanderen_and_cluster(site):
    _, docs = site
    published = [D1[n] for n in D1]
    flemish = share(published)
    clusters = {"11002": share([D1["11002"], D1["11001"]]), "44021": share([D1["44021"], D1["41002"]])}
    expected = {}
    for nis, slug in (("11002", "antwerpen"), ("44021", "gent")):
        lo, hi = wilson(*D1[nis])
        expected[slug] = (verdict(lo, hi, flemish), verdict(lo, hi, clusters[nis]))
        row = gemeente_cells(docs, slug, "D1")
        assert (row[5], row[6]) == tuple(squeeze(w) for w in expected[slug]), slug
    # the case was built to give all three words, and different ones in the two columns for Gent
    assert expected == {"antwerpen": ("lager", "lager"), "gent": ("geen duidelijk verschil", "hoger")}


def test_paragraph_explains_the_rule_and_the_old_rule_is_gone(site):
    _, docs = site
    text = squeeze(page(docs, "gemeenten/antwerpen.md"))
    for words in ("hoger is dan", "lager is dan", "geen duidelijk verschil heeft met", "95 %-interval",
                  "../methodologie.md#betrouwbaarheidsintervallen-en-significantie"):
        assert squeeze(words) in text, words
    assert squeeze("5 % boven") not in text and squeeze("meer dan 5 %") not in text


def test_interval_bar_names_its_figures(site):
    _, docs = site
    row = table_row(page(docs, "gemeenten/antwerpen.md"), "indicatoren/d1/")
    label = re.search(r'<svg class="liim-bar"[^>]*aria-label="([^"]*)"', row).group(1)
    lo, hi = wilson(*D1["11002"])
    assert squeeze(f"{dutch(lo)} %–{dutch(hi)} %") in squeeze(label)
    assert squeeze(f"Vlaams Gewest {dutch(share(D1.values()))} %") in squeeze(label)
    assert squeeze(f"cluster {dutch(share([D1['11002'], D1['11001']]))} %") in squeeze(label)


def test_klein_aantal_is_marked_and_explained(site):
    _, docs = site
    gent = page(docs, "gemeenten/gent.md")
    row = table_row(gent, "indicatoren/d1/")
    assert squeeze('class="liim-cijfer liim-klein">30,0 % (k)') in squeeze(row)
    assert "(k) = klein aantal: noemer kleiner dan 30" in gent
    assert "(k)" not in table_row(page(docs, "gemeenten/antwerpen.md"), "indicatoren/d1/")


def test_change_against_five_years_earlier(site):
    _, docs = site
    now, then = D1["11002"], summed(D1_2020.values())
    assert then == D1_2020_ANTWERPEN
    _, lo, hi = newcombe(now, then)
    words = "hoger dan in 2020" if lo > 0 else "lager dan in 2020" if hi < 0 else "geen duidelijk verschil met 2020"
    assert words == "lager dan in 2020"
    assert squeeze(words) in gemeente_cells(docs, "antwerpen", "D1")[8]
    assert "2020" not in gemeente_cells(docs, "gent", "D1")[8]  # Gent has no figure in 2020


def gap_cells(docs: Path, slug: str) -> list[str]:
    section = page(docs, f"gemeenten/{slug}.md").split("## Verschillen tussen groepen", 1)[1]
    return cells(table_row(section, "indicatoren/t1/"))


def test_gap_section_shows_gemeente_cluster_and_flanders(site):
    _, docs = site
    gemeente = newcombe(T1["11002"][1], T1["11002"][0])
    cluster = newcombe(summed(T1[n][1] for n in ("11002", "11001")), summed(T1[n][0] for n in ("11002", "11001")))
    flemish = newcombe(summed(v for _, v in T1.values()), summed(b for b, _ in T1.values()))
    assert dutch(gemeente[0]) == "-35,0" and dutch(cluster[0]) == "-19,3" and dutch(flemish[0]) == "-26,7"
    row = gap_cells(docs, "antwerpen")
    assert row[1] == squeeze("Vreemde herkomst t.o.v. Belgische herkomst")
    for cell, (d, lo, hi) in zip(row[2:], (gemeente, cluster, flemish), strict=True):
        assert cell == squeeze(f"{dutch(d)} procentpunt ({dutch(lo)} tot {dutch(hi)})")


def test_secret_row_shows_no_interval_counts_or_gap(site):
    _, docs = site
    text = page(docs, "gemeenten/boechout.md")
    row = table_row(text, "indicatoren/d1/")
    figure = cells(row)[1]
    assert "geheim" in figure
    assert "liim-interval" not in row and "liim-bar" not in row and "van" not in figure
    assert not re.search(r"\d,\d–\d", figure)
    assert cells(row)[5] == cells(row)[6] == "–"
    gap = gap_cells(docs, "boechout")
    assert gap[2] == "–" and "procentpunt" in gap[3]  # the cluster's gap is still there


# -------------------------------------------------------------------------- indicator page

def test_indicator_table_interval_verdicts_and_klein(site):
    _, docs = site
    text = page(docs, "indicatoren/d1.md")
    lo, hi = wilson(*D1["11002"])
    antwerpen = cells(table_row(text, "gemeenten/antwerpen/"))
    # provincie, cluster, cijfer, interval, t.o.v. Vlaams Gewest, t.o.v. cluster (teller, noemer and rank: the
    # indicator's CSV and the gemeente pages)
    assert antwerpen[2:] == [squeeze("10,0 %"), f"{dutch(lo)}–{dutch(hi)}", "lager", "lager"]
    assert not {'data-kolom="teller"', 'data-kolom="noemer"', 'data-kolom="rang"'} & set(re.findall(r'data-kolom="\w+"', text))
    assert squeeze("(teller en noemer) staan in die CSV en op de pagina van elke gemeente") in squeeze(text)
    gent = table_row(text, "gemeenten/gent/")
    assert gent.startswith('<tr class="liim-klein">') and squeeze("30,0 % (k)") in cells(gent)[2]
    assert "(k) = klein aantal: noemer kleiner dan 30" in text
    assert "t.o.v. Vlaams Gewest" in text and squeeze("95 %-interval") in squeeze(text)


def test_indicator_table_of_an_aantal_has_no_interval_column(site):
    _, docs = site
    text = page(docs, "indicatoren/i2.md")
    assert squeeze("95 %-interval") not in squeeze(text) and "t.o.v. cluster" not in text


# ------------------------------------------------------------------------------------ maps

def map_config(docs: Path, code: str) -> tuple[dict, dict]:
    """The page's map configuration with what liim.js adds from the page's table (the first view, as in
    the lazily fetched file, which holds every view; ``nis``: the table's rows follow ascending NIS),
    and that file."""
    text = page(docs, f"indicatoren/{code.lower()}.md")
    cfg = json.loads(re.search(r'LIIM\.choropleth\((?:\w+|"[^"]*"),\s*(\{.*?\})\);', text, re.S).group(1))
    lazy = json.loads((docs / f"{paths.MAP_SERIES_DIR}/{code.lower()}.json").read_text(encoding="utf-8"))
    cfg |= {key: lazy.get(key, {}) for key in ("series", "interval", "klein", "voorlopig")}
    cfg["nis"] = sorted(load_divisions(paths.SHARED_GEODATA).current.names)
    return cfg, lazy


def test_map_series_carries_interval_and_klein(site):
    _, docs = site
    cfg, lazy = map_config(docs, "D1")
    index = {nis: i for i, nis in enumerate(cfg["nis"])}
    i = index["11002"]
    lo, hi = wilson(*D1["11002"])
    steps = cfg["interval"]["totaal"]["2025"][2 * i: 2 * i + 2]
    assert steps == [round(100 - 10 * float(dutch(lo).replace(",", "."))),
                     round(10 * float(dutch(hi).replace(",", ".")) - 100)]
    assert cfg["klein"]["totaal"]["2025"] == [index["44021"]]
    assert cfg["interval"]["totaal"]["2025"][2 * index["11004"]] is None  # geheim: no interval
    then = lazy["interval"]["totaal"]["2020"][2 * i: 2 * i + 2]  # the other year: in the fetched file
    lo20, hi20 = wilson(*D1_2020_ANTWERPEN)
    assert then == [round(300 - 10 * float(dutch(lo20).replace(",", "."))),
                    round(10 * float(dutch(hi20).replace(",", ".")) - 300)]
    assert "klein aantal" in page(docs, "indicatoren/d1.md")  # the legend explains the hatching


def test_tooltip_text_from_liim_js(site):
    """liim.js turns the map data back into "10,0 % (5,5–17,4)" and marks the klein aantal."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    _, docs = site
    cfg, _ = map_config(docs, "D1")
    index = {nis: i for i, nis in enumerate(cfg["nis"])}
    script = (f"const L=require({json.dumps(str(ROOT / 'site_src/assets/liim.js'))});"
              f"const cfg={json.dumps(cfg)};const s={{group:'totaal',year:'2025'}};"
              "const text=i=>L.cellText(cfg.series.totaal['2025'][i],i,cfg,s);"
              f"console.log(JSON.stringify([text({index['11002']}),text({index['44021']}),"
              f"L.marked(cfg,'klein',s,{index['44021']}),L.marked(cfg,'klein',s,{index['11002']})]));")
    out = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    lo, hi = wilson(*D1["11002"])
    glo, ghi = wilson(*D1["44021"])
    assert out == [f"10,0\u202f% ({dutch(lo)}–{dutch(hi)})", f"30,0\u202f% ({dutch(glo)}–{dutch(ghi)})", True, False]


def table_parts(text: str) -> dict:
    """The table of all gemeenten as liim.js's tableParts sees it: columns (data-kolom) and per row its
    slug, name and the text of each named column (tags removed, as textContent)."""
    table = re.search(r'<table class="liim-tabel sortable[^"]*" id="kaart-\w+-tabel".*?</table>', text, re.S).group(0)
    columns = [re.search(r'data-kolom="(\w+)"', th).group(1) if "data-kolom" in th else ""
               for th in re.findall(r"<th scope=\"col\"[^>]*>", table)]
    rows = []
    for row in re.findall(r"<tr[^>]*><th scope=\"row\">.*?(?=</tr>|<tr|</tbody>)", table, re.S):  # no end tags
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)(?=<t[hd]|$)", row, re.S)]
        rows.append({"slug": re.search(r'gemeenten/([^/]+)/', row).group(1), "name": cells[0],
                     "texts": {col: cells[i] for i, col in enumerate(columns) if col}})
    return {"columns": columns, "rows": rows}


@pytest.mark.parametrize("code", ["D1", "I2"])
def test_liim_js_reads_the_first_view_from_the_table(site, code):
    """liim.js's readTable turns the page's rows back into the first view's arrays: the same figures,
    marks, intervals, rates and verdicts the lazily fetched file holds for that view (made in Python)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    monitor, docs = site
    text = page(docs, f"indicatoren/{code.lower()}.md")
    cfg = json.loads(re.search(r'LIIM\.choropleth\((?:\w+|"[^"]*"),\s*(\{.*?\})\);', text, re.S).group(1))
    rows = monitor.table[monitor.table["indicator"] == code]  # every view in the configuration: no table, no lazy file
    full = maps.indicator_map_html(monitor.catalogue.get(code), rows, monitor.gemeenten, "g.json", None, "../../")
    lazy = json.loads(re.search(r'LIIM\.choropleth\("[^"]*",(\{.*?\})\);', full, re.S).group(1))
    script = (f"const L=require({json.dumps(str(ROOT / 'site_src/assets/liim.js'))});"
              f"const cfg={json.dumps(cfg)};L.readTable(cfg,{json.dumps(table_parts(text))});"
              "console.log(JSON.stringify(cfg));")
    out = json.loads(subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout)
    group, year = cfg["groups"][0], cfg["years"][0]
    for key in ("series", "voorlopig", "klein", "interval", "rates", "oordeel"):
        expected = lazy.get(key, {}).get(group, {}).get(year)
        assert out.get(key, {}).get(group, {}).get(year) == expected, key
    assert ("g" in out["series"][group][year]) == (code == "D1")  # 11004's D1 figure is geheim
    assert len(out["slug"]) == len(load_divisions(paths.SHARED_GEODATA).current.names)
