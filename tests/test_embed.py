"""Embeds (generator/embed.py): the light pages for a gemeente's website and the snippet that embeds them."""
from __future__ import annotations

import re
import time

import pytest
from support import make_data_dir

from generator import embed, paths
from generator.monitor import load_inputs, make_monitor
from generator.webgeometry import SiteGeometry

NNBSP = "\u202f"
# D1 (demografie), I1 (inburgering), T1 (tewerkstelling): the key figures; Gent's D1 is geheim, and
# Mechelen's D1 is provisional. The secret's neighbours carry distinctive figures.
BODY = """D1,2025,11002,totaal,130000,500000,,
D1,2025,44021,totaal,,,,geheim
D1,2025,12025,totaal,1234,10000,,voorlopig
I1,2025,11002,totaal,812,,,
I1,2025,44021,totaal,1000003,,,
T1,2025,11002,totaal,300000,400000,,
O1,2024,11002,totaal,9,10,,
"""


@pytest.fixture(scope="module")
def monitor(tmp_path_factory, divisions, catalogue):
    folder = make_data_dir(tmp_path_factory.mktemp("embed"), divisions, catalogue, {"rows.csv": BODY})
    return make_monitor(load_inputs(folder, paths.SHARED_GEODATA))


@pytest.fixture(scope="module")
def written(monitor, tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    geometry = SiteGeometry.of(monitor, [])  # today's geometry, no locator maps
    start = time.perf_counter()
    files = embed.write_embeds(monitor, docs, geometry)
    return docs, files, time.perf_counter() - start


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def page(docs, *parts: str) -> str:
    return docs.joinpath("embed", *parts, "index.html").read_text(encoding="utf-8")


def test_one_page_per_gemeente_and_per_indicator_with_figures(written, monitor):
    docs, files, seconds = written
    assert len(files) == len(monitor.gemeenten) + 4  # D1, I1, T1, O1
    assert (docs / "embed" / "gemeenten" / "11002" / "index.html") in files
    assert (docs / "embed" / "indicatoren" / "d1" / "index.html") in files
    assert not (docs / "embed" / "indicatoren" / "d2").exists()
    assert seconds < 30


def test_gemeente_page_shows_key_figures_beside_vlaanderen(written):
    html = flat(page(written[0], "gemeenten", "11002"))
    assert "<h1>Antwerpen</h1>" in html
    assert flat(f"<td>26,0{NNBSP}%</td>") in html  # D1: 130 000 of 500 000
    assert flat("<td>812</td>") in html  # I1, a count
    assert flat("editie 2025") in html and flat("Bron:") in html
    assert flat('<a href="../../../gemeenten/antwerpen/" target="_top">Meer cijfers op de monitor</a>') in html
    # the key figures: the first indicator with figures of each theme (O1 of 2024 too), no more than five
    assert html.count('<thscope="row">') == 4


def test_secret_figure_is_not_on_the_embed(written):
    gent = page(written[0], "gemeenten", "44021")
    assert "geheim (niet gepubliceerd)" in gent
    assert "1" + NNBSP + "000" + NNBSP + "003" in gent  # I1 of Gent is published
    mechelen = flat(page(written[0], "gemeenten", "12025"))
    assert flat(f"<td>12,3{NNBSP}% (v)</td>") in mechelen
    # the Flemish D1 is the ratio of the published gemeenten only, (131 234 / 510 000), marked (o)
    assert flat(f"<td>geheim (niet gepubliceerd)</td><td>25,7{NNBSP}% (o)</td>") in flat(gent)


@pytest.mark.parametrize("parts", [("gemeenten", "11002"), ("gemeenten", "44021"), ("indicatoren", "d1")])
def test_embed_loads_nothing_and_sets_no_cookie(written, parts):
    html = page(written[0], *parts)
    assert "http" not in html.lower()  # no other host; the links to the monitor are relative
    assert "cookie" not in html.lower() and "<script" not in html and "<link" not in html
    assert re.findall(r'\ssrc=', html) == [] and "@import" not in html and "url(http" not in html
    assert 'target="_top"' in html and "<style>" in html


def test_indicator_page_has_the_map_legend_and_link(written, monitor):
    html = page(written[0], "indicatoren", "d1")
    assert "<h1>D1 " in html
    svg = html[html.index("<svg class=\"kaart\""):html.index("</svg>") + 6]
    assert svg.count("<path") == len(monitor.gemeenten) + 5  # the gemeenten, then the five provinces
    assert 'fill="url(#liim-geheim)"' in svg  # Gent: hatched, no figure
    assert "liim-vul-" not in html and "LIIM-TITEL" not in html  # every mark filled in
    assert 'aria-label="D1 ' in svg and "<title>D1 " in svg
    assert "geheim (niet gepubliceerd)" in html and "geen gegevens" in html  # the legend
    assert flat('<a href="../../../indicatoren/d1/" target="_top">') in flat(html)
    assert "Bron:" in html


def test_embed_pages_are_small(written):
    docs, files, _ = written
    gemeenten = [f for f in files if "gemeenten" in f.parts]
    indicatoren = [f for f in files if "indicatoren" in f.parts]
    assert max(f.stat().st_size for f in gemeenten) < 4_000
    assert max(f.stat().st_size for f in indicatoren) < 110_000


# --------------------------------------------------------------------------- the snippet


def test_snippet_block():
    html = embed.embed_snippet_html("gemeente", "11002", "Kerncijfers van Antwerpen")
    assert "\n\n" not in html  # one raw HTML block in Markdown
    assert html.startswith('<details class="liim-insluiten"') and html.endswith("</details>")
    assert "<summary>Insluiten op uw website</summary>" in html
    assert re.search(r"<textarea [^>]*readonly", html)
    assert 'data-embed-src="../../embed/gemeenten/11002/"' in html
    assert ('&lt;iframe src="https://www.inburgering.be/monitor/embed/gemeenten/11002/" '
            'title="Kerncijfers van Antwerpen"') in html
    assert "<button type=\"button\"" in html and "hidden" in html
    assert re.search(r'<label for="([^"]+)">', html).group(1) in html.split("<textarea id=\"")[1]


def test_snippet_for_an_indicator_and_a_hostile_title():
    html = embed.embed_snippet_html("indicator", "d1", 'Kaart "D1" <script>alert(1)</script> & \'t Goor')
    assert 'data-embed-src="../../embed/indicatoren/d1/"' in html
    assert "<script>" not in html and "&lt;script&gt;" not in html.split("title=")[0]
    assert 'title="Kaart &amp;quot;D1&amp;quot; &amp;lt;script&amp;gt;' in html
    assert "'t Goor" in html  # an apostrophe stays readable in the code


def test_snippet_kind_is_checked():
    with pytest.raises(ValueError, match="onbekende soort"):
        embed.embed_snippet_html("thema", "demografie", "x")


def test_site_url_comes_from_mkdocs_yml():
    assert embed.site_url() == "https://www.inburgering.be/monitor/"
