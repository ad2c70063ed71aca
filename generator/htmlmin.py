"""The white space of a finished HTML page, made small without changing what it shows.

Material's templates indent every tag: on an indicator page about 15 % of the bytes are
indentation (98 KB raw, 16.7 KB gzip for the largest; 84 KB and 16.0 KB without it). Every run of
white space that holds a line break and touches a tag becomes one line break. HTML renders such a
run the same as any other white space, so nothing a visitor sees or a screen reader reads changes.
The content of ``pre``, ``textarea``, ``script`` and ``style`` elements is kept as it is (there white
space counts, or is code), and so is white space inside a text (not next to a tag) and inside
attribute values.

The body of the indicator page's table of every gemeente (``liim-gemeenten``, 285 rows) also loses its
``</td>``, ``</th>`` and ``</tr>`` end tags, which HTML lets out there (0.4 KB gzip less). The
template writes them: the search plugin's parser, which runs before this, keeps every unclosed tag on
its stack and re-reads that stack for every tag and text (quadratic: 2 300 open tags per indicator
page made it half of the mkdocs stage).
"""
from __future__ import annotations

import re

VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
BEFORE_TAG = re.compile(r"[ \t\r\f]*\n\s*<")
AFTER_TAG = re.compile(r">[ \t\r\f]*\n\s*")
ROWS_OF_GEMEENTEN = re.compile(r'(<table class="(?:[^"]* )?liim-gemeenten[ "][^>]*>.*?<tbody>)(.*?)(</tbody>)', re.S)
CELL_END = re.compile(r"</(?:td|th|tr)>\s*(?=<|$)")  # with the white space up to the next tag


def collapse(text: str) -> str:
    """White space with a line break next to a tag, as one line break (outside verbatim elements)."""
    return AFTER_TAG.sub(">\n", BEFORE_TAG.sub("\n<", text))


def collapse_whitespace(html: str) -> str:
    """``html`` with the indentation around its tags removed; verbatim elements untouched."""
    out, position = [], 0
    for match in VERBATIM.finditer(html):
        out += [collapse(html[position:match.start()]), match.group(0)]
        position = match.end()
    out.append(collapse(html[position:]))
    return "".join(out)


def drop_cell_end_tags(html: str) -> str:
    """``html`` without the optional cell and row end tags in the body of the table of every gemeente."""
    return ROWS_OF_GEMEENTEN.sub(lambda m: m.group(1) + CELL_END.sub("", m.group(2)) + m.group(3), html)
