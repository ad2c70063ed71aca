"""The built demo site: every page exists, figures equal liim-data.csv, nothing secret, nothing external."""
from __future__ import annotations

import json
import re
import zipfile
from collections import defaultdict

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


def map_config(html: str) -> dict:
    """The map's configuration, with the groups the page loads on demand merged in."""
    match = re.search(r"LIIM\.choropleth\(\w+,\s*(\{.*?\})\);", html, re.S)
    assert match, "no map on the page"
    cfg = json.loads(match.group(1))
    if cfg.get("seriesUrl"):
        extra = json.loads((built_site() / cfg["seriesUrl"].replace("../", "")).read_text(encoding="utf-8"))
        for groep, years in cfg["series"].items():  # the embedded first view is the file's view
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


def test_what_is_new_page_reports_the_2025_mergers():
    html = page("wat-is-nieuw")
    assert "Wat is nieuw in editie 2025" in html
    for name in ("Pajottegem", "Borsbeek", "Beveren-Kruibeke-Zwijndrecht"):
        assert name in html
