"""The finished pages lose their indentation, not a character a visitor sees (generator/htmlmin.py)."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from generator.htmlmin import collapse_whitespace


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
