"""The finished pages lose their indentation, not a character a visitor sees (generator/htmlmin.py)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator.htmlmin import collapse_whitespace, drop_cell_end_tags


@pytest.mark.parametrize(("html", "expected"), [
    ("<ul>\n    <li>a</li>\n    <li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
    ("<p>\n      Ga naar inhoud\n    </p>", "<p>\nGa naar inhoud\n</p>"),
    ("<p>een  twee \t drie</p>", "<p>een  twee \t drie</p>"),                  # no line break: kept
    ("<p>een\n   twee</p>", "<p>een\n   twee</p>"),                            # inside a text: kept
    ("<span>a</span> <span>b</span>", "<span>a</span> <span>b</span>"),        # a space between words
    ("<pre>\n  code\n    inspringing\n</pre>", "<pre>\n  code\n    inspringing\n</pre>"),
    ("<textarea>\n  &lt;iframe&gt;\n</textarea>", "<textarea>\n  &lt;iframe&gt;\n</textarea>"),
    ("<script>\n  var a = 1;\n  </script>\n  <p>x</p>", "<script>\n  var a = 1;\n  </script>\n<p>x</p>"),
    ("<div title=\"a\n   b\">\n  x\n</div>", "<div title=\"a\n   b\">\nx\n</div>"),  # attribute value kept
    ("<p>a</p>\n\n\n   \n<p>b</p>", "<p>a</p>\n<p>b</p>"),
])
def test_collapse_whitespace(html, expected):
    assert collapse_whitespace(html) == expected


class Text(HTMLParser):
    """What a reader gets: tags, attributes, text with each white space run as one space (a run
    between two tags too: it is a space between inline elements), verbatim elements as they are."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.verbatim = 0

    def handle_starttag(self, tag, attrs):
        self.parts.append(f"<{tag} {sorted(attrs)}>")
        self.verbatim += tag in ("pre", "textarea", "script", "style")

    def handle_endtag(self, tag):
        self.verbatim -= tag in ("pre", "textarea", "script", "style")
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(data if self.verbatim else re.sub(r"\s+", " ", data))

    def result(self) -> str:
        return "".join(self.parts)


def reading(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return parser.result()


@pytest.mark.parametrize("page", ["indicatoren/t3/index.html", "gemeenten/antwerpen/index.html", "index.html"])
def test_a_material_page_reads_the_same(page):
    """A page as material writes it (indented templates), with white space collapsed: the same tags,
    attributes and text for a reader; smaller."""
    from sitebuild import built_site
    original = (built_site() / page).read_text(encoding="utf-8")
    indented = re.sub(r"\n(?=<)", "\n      ", original)  # as material writes it, whatever the build did
    collapsed = collapse_whitespace(indented)
    assert reading(collapsed) == reading(indented)
    assert len(collapsed) < len(indented)


def test_the_check_sees_a_lost_space():
    """The comparison above fails when a space between two words goes."""
    assert reading("<span>a</span> <span>b</span>") != reading("<span>a</span><span>b</span>")


GEMEENTEN = '<table class="liim-tabel sortable liim-gemeenten" id="t" data-search-exclude>'


@pytest.mark.parametrize(("html", "expected"), [
    # the table of every gemeente: cell and row end tags go from its body, not from its head
    (GEMEENTEN + "<thead><tr><th>G</th><th>C</th></tr></thead><tbody>\n"
     "<tr><th scope=\"row\"><a>Aalst</a></th><td>1,0</td></tr>\n<tr class=\"liim-klein\"><th>B</th><td>2</td></tr>\n</tbody></table>",
     GEMEENTEN + "<thead><tr><th>G</th><th>C</th></tr></thead><tbody>\n"
     "<tr><th scope=\"row\"><a>Aalst</a><td>1,0<tr class=\"liim-klein\"><th>B<td>2</tbody></table>"),
    # any other table keeps them
    ('<table class="liim-tabel"><tbody><tr><td>1</td></tr></tbody></table>',
     '<table class="liim-tabel"><tbody><tr><td>1</td></tr></tbody></table>'),
    # a class that only starts with the name is another table
    ('<table class="liim-gemeenten-lijst"><tbody><tr><td>1</td></tr></tbody></table>',
     '<table class="liim-gemeenten-lijst"><tbody><tr><td>1</td></tr></tbody></table>'),
    # the end tags of a later table are not taken along
    (GEMEENTEN + "<tbody><tr><td>1</td></tr></tbody></table><table><tbody><tr><td>2</td></tr></tbody></table>",
     GEMEENTEN + "<tbody><tr><td>1</tbody></table><table><tbody><tr><td>2</td></tr></tbody></table>"),
    # white space inside a cell is text and stays
    (GEMEENTEN + "<tbody><tr><td>a b </td><td> c</td></tr></tbody></table>",
     GEMEENTEN + "<tbody><tr><td>a b <td> c</tbody></table>"),
])
def test_drop_cell_end_tags(html, expected):
    assert drop_cell_end_tags(html) == expected


def test_indicator_table_end_tags_are_written_for_mkdocs_and_dropped_from_the_page():
    """The search plugin's parser keeps every unclosed tag on a stack that it reads again for every tag
    and text (quadratic): the page's markdown closes every cell, the finished page leaves the end tags out."""
    from material.plugins.search.plugin import Parser
    from sitebuild import built_site

    from generator.docsdir import docs_dir_of

    page = (built_site() / "indicatoren" / "d1" / "index.html").read_text(encoding="utf-8")
    body = page.split("liim-gemeenten", 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert body.count("<tr") >= 285 and "</td>" not in body and "</tr>" not in body

    deepest = 0

    class Watched(Parser):
        def handle_starttag(self, tag, attrs):
            nonlocal deepest
            super().handle_starttag(tag, attrs)
            deepest = max(deepest, len(self.context))

    markdown = (docs_dir_of(built_site()) / "indicatoren" / "d1.md").read_text(encoding="utf-8")
    assert markdown.count("<tr") >= 285
    Watched().feed(markdown)
    assert 3 < deepest < 30  # without the end tags: 2 300 open tags at the end of the table
