"""Finished HTML blocks go past Python-Markdown and come out the same (generator/verbatim.py)."""
from __future__ import annotations

import json

import markdown
import pytest
from mkdocs.config import load_config
from sitebuild import built_site

from generator import paths
from generator.docsdir import docs_dir_of
from generator.verbatim import BLOCK, END, START, html_block, put_back, set_aside, unsearched


def test_blocks_are_set_aside_in_order_and_put_back():
    text = f"# T\n\n{START}\n<table><tr><td>*a*</td></tr></table>\n{END}\n\nTekst *b*\n\n{START}\n<p>2</p>\n{END}\n"
    light, blocks = set_aside(text)
    assert blocks == ["<table><tr><td>*a*</td></tr></table>", "<p>2</p>"]
    assert light == "# T\n\n<!-- liim:html 0 -->\n\nTekst *b*\n\n<!-- liim:html 1 -->\n"
    assert put_back("<h1>T</h1>\n<!-- liim:html 0 -->\n<p>Tekst <em>b</em></p>\n<!-- liim:html 1 -->", blocks) == \
        "<h1>T</h1>\n<table><tr><td>*a*</td></tr></table>\n<p>Tekst <em>b</em></p>\n<p>2</p>"


@pytest.mark.parametrize(("block", "left_out"), [
    ('<table class="liim-tabel" data-search-exclude>\n<tr><td>1</td></tr></table>', True),
    ('<div class="liim-tabelvak" data-search-exclude>\n<table>', True),
    ('<ul data-search-exclude aria-label="x">', True),
    ('<div class="liim-gemeente-kop">\n<figure data-search-exclude>', False),  # only the first element counts
    ('<div title="data-search-exclude">', False),
    ('<div class="liim-kaart">', False),
])
def test_unsearched(block, left_out):
    assert unsearched(block) is left_out


def test_blocks_the_search_leaves_out_come_back_last():
    blocks = ['<div class="kop"><dt>Voormalige gemeenten</dt></div>', "<table data-search-exclude><tr><td>9</td></tr></table>"]
    html = "<h1>G</h1>\n<!-- liim:html 0 -->\n<!-- liim:html 1 -->"
    searched = put_back(html, blocks, only_searched=True)
    assert searched == f"<h1>G</h1>\n{blocks[0]}\n<!-- liim:html 1 -->"
    assert put_back(searched, blocks) == f"<h1>G</h1>\n{blocks[0]}\n{blocks[1]}"


def test_the_search_index_has_what_the_search_sees():
    """A merged gemeente is found by its former names (a block the search reads); no figure of a table
    (blocks it leaves out) is in the index."""
    index = json.loads((built_site() / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {e["location"]: e["text"] for e in index["docs"]}
    assert "Kruibeke (46013, samengevoegd op 1 januari 2025)" in entries["gemeenten/beveren-kruibeke-zwijndrecht/"]
    assert not [loc for loc, text in entries.items() if loc.startswith("gemeenten/") and ("liim-" in text or "%" in text)]


@pytest.mark.parametrize(("content", "expected"), [
    ("\n<div>x</div>\n\n", f"\n{START}\n<div>x</div>\n{END}\n\n"),
    ("  \n", ""),  # nothing to mark (a page without an embed)
])
def test_html_block_filter(content, expected):
    assert html_block(content) == expected


def test_a_marker_inside_a_line_is_not_a_block():
    assert set_aside(f"tekst {START}\n<p>x</p>\n{END}\n") == (f"tekst {START}\n<p>x</p>\n{END}\n", [])


@pytest.fixture(scope="module")
def to_html():
    """Python-Markdown as mkdocs configures it for this site."""
    config = load_config(str(paths.MKDOCS_YML), docs_dir=str(docs_dir_of(built_site())))

    def convert(text: str) -> str:
        return markdown.Markdown(extensions=config["markdown_extensions"],
                                 extension_configs=config["mdx_configs"]).convert(text)
    return convert


@pytest.mark.parametrize("page", ["gemeenten/gent.md", "gemeenten/herzele.md", "indicatoren/d1.md",
                                  "indicatoren/w1.md", "vergelijk/gent.md"])
def test_the_page_is_the_same_with_its_blocks_set_aside(to_html, page):
    """The HTML of a generated page: parsed whole (markers dropped) or with its blocks set aside and put
    back, the same bytes; and the blocks are most of the page."""
    text = (docs_dir_of(built_site()) / page).read_text(encoding="utf-8").split("---\n", 2)[2]  # after the front matter
    light, blocks = set_aside(text)
    assert sum(map(len, blocks)) > 0.75 * len(text), "the big HTML blocks of the page are not marked"
    assert put_back(to_html(light), blocks) == to_html(BLOCK.sub(lambda m: m.group(1), text))


def test_the_built_pages_carry_no_marker():
    for page in ("gemeenten/gent/index.html", "indicatoren/d1/index.html", "vergelijk/gent/index.html"):
        html = (built_site() / page).read_text(encoding="utf-8")
        assert "liim:html" not in html and "<table" in html, page
