"""The begeleidend rapport (PDF, typst): the methodology page plus the catalogue annex.

The page is the build's own ``methodologie.md`` (in its docs folder), converted from
Markdown into typst-ready block dicts: python-markdown makes HTML, a minimal
element tree turns that into headings, paragraphs, lists, quotes, tables and code,
with inline text, strong, emph, code and links. Text stays text: typst inserts it
as strings, never as markup. A snippet line (``--8<-- "beschikbaarheid.md"``)
becomes the availability table, made from the data.
"""
from __future__ import annotations

import html.parser
import re
from collections.abc import Iterable
from pathlib import Path

from ..model import Monitor
from ..presentation import SERIES, availability, edition_years
from .report import catalogue_annex, demo_notice, dutch_date

METHODOLOGY_PAGE = "methodologie.md"
SNIPPET_LINE = re.compile(r'^--8<--\s+"([^"]+)"\s*$', re.MULTILINE)
SNIPPET_MARK = "LIIMSNIPPET"


def methodology_data(monitor: Monitor, docs_dir: Path) -> dict:
    """The methodology page of ``docs_dir`` as typst-ready blocks, plus the catalogue annex."""
    text = (Path(docs_dir) / METHODOLOGY_PAGE).read_text(encoding="utf-8")
    snippets = {"beschikbaarheid.md": availability_block(monitor)}
    edition = monitor.edition
    return {"soort": "methodologie", "reeks": SERIES, "titel": f"Begeleidend rapport LIIM {edition.jaar}",
            "voettekst": f"LIIM {edition.jaar} · begeleidend rapport",
            "ondertitel": f"Editie {edition.jaar} · gepubliceerd op {dutch_date(edition.publicatiedatum)}",
            "demo": demo_notice(edition), "blokken": markdown_blocks(text, snippets),
            "bijlage": catalogue_annex(monitor.catalogue, monitor.provenance)}


def availability_block(monitor: Monitor) -> dict:
    """Indicator × year with X where any row has a published figure (the web page's table)."""
    available = availability(monitor.table)
    years = edition_years(monitor.table)
    rows = [[plain(f"{ind.code} {ind.naam}"), plain(str(ind.eerste_editie or "gepland"))]
            + [plain("X" if (ind.code, y) in available else "") for y in years]
            for ind in monitor.catalogue]
    head = [plain("Indicator"), plain("Eerste editie")] + [plain(str(y)) for y in years]
    return {"k": "table", "head": head, "rows": rows, "klein": True,
            "titel": "Beschikbaarheid van de indicatoren per jaar (X = cijfers beschikbaar)"}


def plain(text: str) -> list[dict]:
    """Inline content of one plain text run."""
    return [{"k": "t", "t": text}]


# ------------------------------------------------------------ Markdown → blocks


def markdown_blocks(text: str, snippets: dict[str, dict]) -> list[dict]:
    """Markdown (front matter, headings, paragraphs, lists, quotes, tables) → block dicts."""
    import markdown

    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = SNIPPET_LINE.sub(lambda m: f"\n{SNIPPET_MARK}{m.group(1)}\n", text)
    tree = HtmlTree.parse(markdown.markdown(text, extensions=["tables"]))
    return _replace_snippets(html_blocks(tree), snippets)


def _replace_snippets(blocks: list[dict], snippets: dict[str, dict]) -> list[dict]:
    """Paragraphs holding a snippet marker become the snippet's block (unknown ones are dropped)."""
    out = []
    for block in blocks:
        parts = block.get("c") if block["k"] == "p" else None
        text = parts[0].get("t", "") if parts and len(parts) == 1 else ""
        if text.strip().startswith(SNIPPET_MARK):
            name = text.strip()[len(SNIPPET_MARK):]
            if name in snippets:
                out.append(snippets[name])
            continue
        out.append(block)
    return out


class HtmlTree(html.parser.HTMLParser):
    """A minimal element tree of python-markdown's HTML: nodes are (tag, attrs, children)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict = {"tag": "root", "attrs": {}, "children": []}
        self.stack = [self.root]

    @classmethod
    def parse(cls, text: str) -> dict:
        """The tree of ``text`` (its root node)."""
        parser = cls()
        parser.feed(text)
        parser.close()
        return parser.root

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = {"tag": tag, "attrs": dict(attrs), "children": []}
        self.stack[-1]["children"].append(node)
        if tag not in ("br", "hr", "img"):
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1]["children"].append(data)


BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "div"}


def html_blocks(node: dict) -> list[dict]:
    """Block dicts of a node's children; loose inline content becomes a paragraph."""
    blocks: list[dict] = []
    loose: list = []
    for child in node["children"]:
        if isinstance(child, dict) and child["tag"] in BLOCK_TAGS:
            blocks += _paragraph(loose) + html_block(child)
            loose = []
        elif isinstance(child, dict) or child.strip():
            loose.append(child)
    return blocks + _paragraph(loose)


def _paragraph(nodes: list) -> list[dict]:
    parts = inline_parts({"tag": "span", "attrs": {}, "children": nodes})
    return [{"k": "p", "c": parts}] if parts else []


def html_block(node: dict) -> list[dict]:
    """The block dict(s) of one block-level element."""
    tag = node["tag"]
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return [{"k": "h", "l": int(tag[1]), "c": inline_parts(node)}]
    if tag == "p":
        return _paragraph(node["children"])
    if tag in ("ul", "ol"):
        items = [html_blocks(li) for li in node["children"] if isinstance(li, dict) and li["tag"] == "li"]
        return [{"k": tag, "items": items}]
    if tag == "blockquote":
        return [{"k": "quote", "c": html_blocks(node)}]
    if tag == "table":
        return [html_table(node)]
    if tag == "pre":
        return [{"k": "code", "t": node_text(node)}]
    return html_blocks(node)


def html_table(node: dict) -> dict:
    """A table block: header cells (when the first row is all ``th``) and body rows."""
    rows = [tr for tr in _descendants(node) if tr["tag"] == "tr"]
    cells = [[inline_parts(c) for c in tr["children"] if isinstance(c, dict) and c["tag"] in ("th", "td")]
             for tr in rows]
    has_head = bool(rows) and all(isinstance(c, dict) and c["tag"] == "th"
                                  for c in rows[0]["children"] if isinstance(c, dict))
    return {"k": "table", "head": cells[0] if has_head else [], "rows": cells[1:] if has_head else cells,
            "klein": False, "titel": None}


def _descendants(node: dict) -> Iterable[dict]:
    for child in node["children"]:
        if isinstance(child, dict):
            yield child
            yield from _descendants(child)


def node_text(node: dict | str) -> str:
    """All text below a node, as is."""
    if isinstance(node, str):
        return node
    return "".join(node_text(child) for child in node["children"])


INLINE_KINDS = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph"}


def inline_parts(node: dict) -> list[dict]:
    """Inline content: text, strong, emph, code, links; whitespace collapsed, U+202F kept."""
    parts: list[dict] = []
    for child in node["children"]:
        if isinstance(child, str):
            parts.append({"k": "t", "t": re.sub(r"[ \t\r\n]+", " ", child)})
        elif child["tag"] in INLINE_KINDS:
            parts.append({"k": INLINE_KINDS[child["tag"]], "c": inline_parts(child)})
        elif child["tag"] == "code":
            parts.append({"k": "code", "t": node_text(child)})
        elif child["tag"] == "a" and re.match(r"https?://", child["attrs"].get("href") or ""):
            parts.append({"k": "link", "u": child["attrs"]["href"], "c": inline_parts(child)})
        elif child["tag"] == "br":
            parts.append({"k": "t", "t": " "})
        else:
            parts += inline_parts(child)
    return _trim(parts)


def _trim(parts: list[dict]) -> list[dict]:
    """Drop leading/trailing blanks of a run of inline parts."""
    if parts and parts[0]["k"] == "t":
        parts[0] = {"k": "t", "t": parts[0]["t"].lstrip(" ")}
    if parts and parts[-1]["k"] == "t":
        parts[-1] = {"k": "t", "t": parts[-1]["t"].rstrip(" ")}
    return [p for p in parts if p["k"] != "t" or p["t"]]
