"""Finished HTML blocks of the generated pages, handed to mkdocs past Python-Markdown.

A gemeente page's markdown is 66 KB, nearly all of it raw HTML: tables with 34 rows, an SVG
locator map, sparklines. Python-Markdown copies a raw HTML block unchanged into the page, but it
parses it tag by tag first to find where the block ends (md_in_html): on the demo site that took
about 20 of the 45 s of the mkdocs stage.

A template marks such a block with the ``html_block`` filter (``{% filter html_block %}…{% endfilter %}``):
the block comes between ``<!-- liim:html -->`` and ``<!-- /liim:html -->`` lines. Before Python-Markdown
reads the page, the hook ``on_page_markdown`` sets each marked block aside and leaves a numbered HTML
comment in its place (``set_aside``); ``on_page_content`` puts the blocks back in the HTML
Python-Markdown made (``put_back``), except those whose first element the search leaves out
(``data-search-exclude``): material's search plugin parses every page whole, excluded parts too
(7 of the 17 s of the demo's mkdocs stage), so those come back only in ``on_page_context``, which
runs after the search plugin's (mkdocs runs hooks after the plugins). The result is the same HTML byte for byte
(tests/test_verbatim.py compares both ways on the built pages), because a raw HTML block that starts
and ends a paragraph of its own is passed through untouched either way. Without the hook (another
tool reading the markdown), the markers are plain HTML comments and the blocks are parsed as before.

Only finished HTML belongs in a marked block: Markdown inside it would not be converted.
"""
from __future__ import annotations

import re

from markupsafe import Markup

START, END = "<!-- liim:html -->", "<!-- /liim:html -->"
BLOCK = re.compile(rf"^{re.escape(START)}\n(.*?)\n{re.escape(END)}$", re.S | re.M)
PLACEHOLDER = re.compile(r"<!-- liim:html (\d+) -->")
SEARCH_EXCLUDED = re.compile(r"<[a-z][a-z0-9]*\b[^>]*\sdata-search-exclude[\s=>]")


def html_block(content: str) -> Markup:
    """The Jinja filter: ``content`` (finished HTML) between the markers, a blank line before and after."""
    content = str(content).strip()
    return Markup(f"\n{START}\n{content}\n{END}\n\n") if content else Markup("")


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each marked block replaced by a numbered comment, and the blocks in order."""
    blocks: list[str] = []

    def keep(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"<!-- liim:html {len(blocks) - 1} -->"
    return BLOCK.sub(keep, markdown), blocks


def unsearched(block: str) -> bool:
    """Whether the search leaves ``block`` out: its first element carries ``data-search-exclude``."""
    return bool(SEARCH_EXCLUDED.match(block))


def put_back(html: str, blocks: list[str], only_searched: bool = False) -> str:
    """``html`` (Python-Markdown's output) with the numbered comments replaced by their blocks
    (``only_searched``: not those the search leaves out, which stay comments for now)."""
    def block(m: re.Match) -> str:
        text = blocks[int(m.group(1))]
        return m.group(0) if only_searched and unsearched(text) else text
    return PLACEHOLDER.sub(block, html) if blocks else html
