"""The built demo site: every page exists, figures equal liim-data.csv, nothing secret, nothing external."""
from __future__ import annotations

import json
import re
import zipfile
from collections import defaultdict
from html import unescape

import pytest
from sitebuild import built_site, harmonised_rows

from generator import paths
from generator.catalogue import load_catalogue
from generator.divisions import load_divisions
from generator.formatting import format_figure, format_number
from generator.gemeenten import slugify

pytestmark = pytest.mark.site  # reads the built demo site

CATALOGUE = load_catalogue()
DIVISIONS = load_divisions(paths.SHARED_GEODATA)
CURRENT = DIVISIONS.current.names
SITE_HOST = "www.inburgering.be"  # site_url in mkdocs.yml: the site's own host


def page(rel: str) -> str:
    return (built_site() / rel / "index.html").read_text(encoding="utf-8")


def squeeze(html: str) -> str:
    return re.sub(r"\s+", "", html)


def test_every_indicator_has_a_page():
    for ind in CATALOGUE:
        html = page(f"indicatoren/{ind.slug}")
        assert ind.naam in html
        if not ind.available:
            assert "Nog niet beschikbaar" in html


def test_every_gemeente_has_a_page_and_a_nis_redirect():
    for nis, naam in CURRENT.items():
        assert "<h1" in page(f"gemeenten/{slugify(naam)}") and naam in page(f"gemeenten/{slugify(naam)}")
        assert f'url=../{slugify(naam)}/' in page(f"gemeenten/{nis}")


def test_every_vanished_name_and_code_redirects():
    vanished_codes = {m.old_nis for m in DIVISIONS.mergers} - set(CURRENT)
    current_slugs = {slugify(n) for n in CURRENT.values()}
    vanished_names = {slugify(m.old_naam) for m in DIVISIONS.mergers} - current_slugs
    assert len(vanished_codes) == 42
    for key in vanished_codes | vanished_names:
        html = page(f"gemeenten/{key}")
        assert 'http-equiv="refresh"' in html and "samengevoegd" in html
    assert "Antwerpen" in page("gemeenten/borsbeek") and "pajottegem" in page("gemeenten/gooik")


def gemeente_order(html: str) -> list[str]:
    """The NIS code of each array index, as liim.js finds it: the table's rows matched by name to the
    shared geometry's features."""
    body = re.search(r'id="kaart-\w+-tabel".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    names = [unescape(n) for n in re.findall(r'<th scope="row"><a href="[^"]*">([^<]*)</a>', body)]
    topology = json.loads((built_site() / paths.GEOMETRY_ASSET).read_text(encoding="utf-8"))
    shapes = next(iter(topology["objects"].values()))["geometries"]
    by_name = {shape["properties"]["naam"]: shape["id"] for shape in shapes}
    assert len(names) == len(CURRENT) and set(names) <= set(by_name)
    return [by_name[n] for n in names]


def map_config(html: str) -> dict:
    """The map's configuration, with the groups the page loads on demand merged in (the first view is
    in the page's table; the file holds it too) and the NIS order liim.js finds."""
    match = re.search(r'LIIM\.choropleth\((?:\w+|"[^"]*"),\s*(\{.*?\})\);', html, re.S)
    assert match, "no map on the page"
    cfg = json.loads(match.group(1))
    cfg.setdefault("nis", gemeente_order(html))
    if cfg.get("seriesUrl"):
        extra = json.loads((built_site() / cfg["seriesUrl"].replace("../", "")).read_text(encoding="utf-8"))
        for groep, years in cfg.get("series", {}).items():  # an embedded view is the file's view
            for jaar, cells in years.items():
                assert extra["series"][groep][jaar] == cells
        cfg["series"] = extra["series"]
    return cfg


@pytest.mark.parametrize("code", [i.code for i in CATALOGUE if i.available])
def test_map_uses_shared_geometry_and_has_every_figure(code):
    ind = CATALOGUE.get(code)
    html = page(f"indicatoren/{ind.slug}")
    cfg = map_config(html)
    assert cfg["geometry"].endswith(paths.GEOMETRY_ASSET) and '"coordinates"' not in html
    published = defaultdict(dict)
    for r in harmonised_rows():
        if r["indicator"] == code and r["status"] in ("", "voorlopig"):
            published[(r["groep"], r["jaar"])][r["nis"]] = float(r["waarde"])
    for (groep, jaar), figures in published.items():
        cells = dict(zip(cfg["nis"], cfg["series"][groep][jaar]))
        shown = {n for n, v in cells.items() if isinstance(v, (int, float))}
        assert shown == set(figures), (groep, jaar)
        for nis in list(figures)[:20]:
            assert cells[nis] == pytest.approx(figures[nis], abs=0.51 * 10 ** -ind.decimalen)


def table_cells(html: str) -> dict[str, dict[str, str]]:
    """Gemeente name → {column (data-kolom): cell text} of the indicator page's table of all gemeenten."""
    table = re.search(r'id="kaart-\w+-tabel".*?</table>', html, re.S).group(0)
    columns = [re.search(r'data-kolom="(\w+)"', th).group(1) if "data-kolom" in th else ""
               for th in re.findall(r'<th scope="col"[^>]*>', table)]
    out = {}
    for row in re.findall(r'<tr[^>]*><th scope="row">.*?(?=</tr>|<tr|</tbody>)', table, re.S):  # no end tags
        cells = [unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)(?=<t[hd]|$)", row, re.S)]
        out[cells[0]] = {col: cells[i] for i, col in enumerate(columns) if col} | {"klein": 'class="liim-klein"' in row}
    return out


def ranks_of(rows: list[dict]) -> dict[str, int]:
    """Rank 1 = highest published figure, ties share the lowest rank (worked out here, not by the site)."""
    figures = sorted(float(r["waarde"]) for r in rows if r["waarde"] and r["status"] in ("", "voorlopig"))
    return {r["gemeente"]: 1 + sum(f > float(r["waarde"]) for f in figures)
            for r in rows if r["waarde"] and r["status"] in ("", "voorlopig")}


@pytest.mark.parametrize("code", ["D2", "T3", "I2", "W1"])
def test_indicator_table_equals_export(code):
    """The table of all gemeenten (newest year, first group) holds liim-data.csv's figure, interval, verdicts
    and klein mark of sampled gemeenten (no teller, no noemer, no rank)."""
    ind = CATALOGUE.get(code)
    rows = [r for r in harmonised_rows() if r["indicator"] == code and r["groep"] == ind.group_codes[0]]
    newest = max(r["jaar"] for r in rows)
    rows = [r for r in rows if r["jaar"] == newest]
    cells = table_cells(page(f"indicatoren/{ind.slug}"))
    assert len(cells) == len(CURRENT)
    for r in rows[::23] + [r for r in rows if r["status"] not in ("", "voorlopig")][:3]:
        row, shown = cells[r["gemeente"]], r["status"] in ("", "voorlopig")
        figure = format_figure(float(r["waarde"]), ind) if shown else r["status"]
        assert squeeze(row["cijfer"]).startswith(squeeze(figure)) or r["status"] in row["cijfer"], (r, row)
        assert ("(v)" in row["cijfer"]) == (r["status"] == "voorlopig") and ("(k)" in row["cijfer"]) == row["klein"]
        assert row["klein"] == (r["klein_aantal"] == "ja" and shown), (r, row)
        if "interval" in row:
            bounds = [format_number(float(r[k]), ind.decimalen) for k in ("ondergrens", "bovengrens")] if shown else []
            assert row["interval"] == ("–".join(bounds) if bounds else "–"), (r, row)
            words = {"gelijk": "geen duidelijk verschil", "": "–"}
            assert (row["vlaanderen"], row["cluster"]) == tuple(words.get(r[k], r[k]) for k in ("t_o_v_vlaanderen", "t_o_v_cluster"))
        assert "teller" not in row and "noemer" not in row  # in the indicator's CSV and on the gemeente pages
        assert "rang" not in row  # on the gemeente pages


def latest_totals(nis: str) -> dict[str, dict]:
    out = {}
    for r in harmonised_rows():
        if r["nis"] == nis and r["groep"] == "totaal":
            if r["indicator"] not in out or int(r["jaar"]) > int(out[r["indicator"]]["jaar"]):
                out[r["indicator"]] = r
    return out


@pytest.mark.parametrize("nis", ["11002", "23106", "46030", "44085", "71072"])
def test_gemeente_page_figures_equal_export(nis):
    html = page(f"gemeenten/{slugify(CURRENT[nis])}")
    text = squeeze(re.sub(r"<[^>]+>", " ", html))
    for code, r in latest_totals(nis).items():
        ind = CATALOGUE.get(code)
        row = re.search(rf'indicatoren/{ind.slug}/">{re.escape(code)} .*?</tr>', html, re.S).group(0)
        cells = [squeeze(c) for c in re.findall(r'<td class="liim-getal"[^>]*>(.*?)</td>', row)]
        assert len(cells) == 5, (code, row)
        expected = [r["waarde"], r["cluster_waarde"], r["provincie_waarde"], r["vlaanderen"]]
        if ind.soort == "aantal":  # a count never stands beside a total: the groups are per 1 000 inhabitants
            expected = expected[:1]
            assert all("per1000inw." in c or c == "–" for c in cells[1:4]), (code, cells)
        for cell, value in zip(cells, expected):
            if value and r["status"] in ("", "voorlopig"):
                assert squeeze(format_figure(float(value), ind)) in cell, (code, cell, value)
        if r["status"] == "geheim":
            assert "geheim" in cells[0]
        if r["ondergrens"] and r["bovengrens"] and r["status"] in ("", "voorlopig"):  # the interval beside it
            low, high = (format_number(float(r[k]), ind.decimalen) for k in ("ondergrens", "bovengrens"))
            assert squeeze(f"({low}–{high})") in cells[0], (code, cells[0])
    assert squeeze(CURRENT[nis]) in text


def test_secret_rows_carry_no_figure_anywhere():
    secret = [r for r in harmonised_rows() if r["status"] == "geheim"]
    assert secret, "the demo data have geheim rows"
    assert all(not (r["teller"] or r["noemer"] or r["waarde"]) for r in secret)
    by_page = defaultdict(list)
    for r in secret:
        by_page[r["indicator"]].append(r)
    for code, rows in by_page.items():
        cfg = map_config(page(f"indicatoren/{code.lower()}"))
        index = {n: i for i, n in enumerate(cfg["nis"])}
        for r in rows:
            assert cfg["series"][r["groep"]][r["jaar"]][index[r["nis"]]] == "g"


EXTERNAL = re.compile(r"""(?:src|href|action|data)\s*=\s*["'](https?:)?//([^/"']+)""", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?(https?:)?//([^)'\"]+)", re.I)


def test_no_reference_to_another_host():
    site = built_site()
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js") or path.name.endswith(".map"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        # the embed snippet's code is text in a form field (to copy), not something the page loads
        text = re.sub(r"<textarea\b[^>]*>.*?</textarea>", "<textarea></textarea>", text, flags=re.S)
        for pattern in (EXTERNAL, CSS_URL) if path.suffix != ".js" else (CSS_URL,):
            for match in pattern.finditer(text):
                host = match.group(2).split("/")[0]
                tag = text[text.rfind("<", 0, match.start()):match.start()]
                plain_link = tag.startswith("<a ") or 'rel="canonical"' in tag
                if not (plain_link and (host == SITE_HOST or tag.startswith("<a "))):
                    offenders.append(f"{path.relative_to(site)}: {match.group(0)}")
    assert offenders == []


def test_demo_notice_on_every_page():
    for rel in ("", "indicatoren/d1", "gemeenten/antwerpen", "methodologie"):
        assert "synthetische democijfers" in page(rel)


def test_newest_edition_at_root_older_in_archive():
    site = built_site()
    assert "2025" in page("gemeenten/antwerpen")
    archived = page("archief/2024")
    assert "Editie 2024" in archived and "met de gemeenten en" in archived
    # the 2024 edition is published on the gemeenten of its time: Galmaarden still exists there
    assert "Galmaarden" in page("archief/2024/gemeenten/galmaarden")
    assert not (site / "archief/2024/gemeenten/pajottegem").exists()
    with zipfile.ZipFile(site / "archief/2024/downloads/liim-data.zip") as bundle:
        header, *rows = bundle.read("liim-data.csv").decode("utf-8").splitlines()
    assert len({r.split(",")[2] for r in rows}) == 300 and max(int(r.split(",")[1]) for r in rows) == 2024
    assert not (site / "archief/2024/downloads/liim-data.csv").exists()  # small: zipped, no CSV per gemeente
    assert not (site / "archief/2024/downloads/gemeenten").exists()


def test_archived_edition_loads_nothing_of_the_current_site():
    """A frozen edition has its own stylesheet: the site's CSS and JS change, its pages do not."""
    folder = built_site() / "archief/2024"
    assert (folder / "stijl.css").is_file()
    for rel in ("index.html", "gemeenten/galmaarden/index.html", "indicatoren/d1/index.html"):
        html = (folder / rel).read_text(encoding="utf-8")
        loads = re.findall(r'<(?:link|script|img)\b[^>]*(?:href|src)="([^"]*)"', html)
        assert loads == ["../" * rel.count("/") + "stijl.css"], (rel, loads)



def test_counts_leave_the_indicator_page_but_not_the_archive():
    """Teller and noemer are not in the current indicator page's table (the page says where they are: its
    CSV, whose header has them, and the gemeente pages); the frozen edition's indicator page keeps its own."""
    html = page("indicatoren/d2")
    table = re.search(r'id="kaart-\w+-tabel".*?</table>', html, re.S).group(0)
    assert "Teller" not in table and "Noemer" not in table
    assert "(teller en noemer) staan in die CSV" in html and 'href="../../downloads/indicatoren/d2.csv"' in html
    header = (built_site() / "downloads/indicatoren/d2.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "teller" in header and "noemer" in header
    archived = page("archief/2024/indicatoren/d2")
    head = re.search(r"<thead>.*?</thead>", archived, re.S).group(0)
    assert '<th scope="col">Teller</th>' in head and '<th scope="col">Noemer</th>' in head
    row = re.search(r'<tr><th scope="row">.*?</tr>', archived, re.S).group(0)
    assert len(re.findall(r"<td", row)) == 4 and re.search(r"<td[^>]*>\d[\d\u202f]*</td>", row)

def test_the_rank_leaves_the_indicator_page_for_the_gemeente_pages():
    """The indicator page's table has no rank column (its text says where the rank is); the gemeente page
    still gives each gemeente's rank in Flanders, the one worked out from the export (newest year)."""
    html = page("indicatoren/d2")
    table = re.search(r'id="kaart-\w+-tabel".*?</table>', html, re.S).group(0)
    assert "Rang" not in table and 'data-kolom="rang"' not in table
    assert "de rang van elke gemeente in Vlaanderen staat op haar pagina" in html
    ind = CATALOGUE.get("D2")
    rows = [r for r in harmonised_rows() if r["indicator"] == "D2" and r["groep"] == ind.group_codes[0]]
    rows = [r for r in rows if r["jaar"] == max(r["jaar"] for r in rows)]
    ranks = ranks_of(rows)
    for naam in sorted(ranks)[::97]:
        own = page(f"gemeenten/{slugify(naam)}")
        row = re.search(r'href="../../indicatoren/d2/">D2 .*?</tr>', own, re.S).group(0)  # the table, not a tile
        rank = re.search(r'data-label="Rang">([^<]*)<', row).group(1)
        assert rank == f"{ranks[naam]}/{len(ranks)}", (naam, rank)


def test_what_is_new_page_reports_the_2025_mergers():
    html = page("wat-is-nieuw")
    assert "Wat is nieuw in editie 2025" in html
    for name in ("Pajottegem", "Borsbeek", "Beveren-Kruibeke-Zwijndrecht"):
        assert name in html
