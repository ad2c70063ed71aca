"""The size of every download on the downloads page ("33,1 MB").

The page is rendered (and built by mkdocs) while the downloads are still being written, so the
template (``templates/downloads-lijst.md.j2``) leaves a placeholder beside each link,
``<small data-grootte="gemeenten/11002.pdf"></small>``, and the build fills
them in once the downloads are complete and merged into the page's folder (``fill_sizes``). An
unfilled placeholder is empty: the page still works, without sizes (``mkdocs serve``).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..formatting import NNBSP, format_number

PLACEHOLDER = re.compile(r'<small data-grootte="([^"<>]+)"></small>')


def size_text(size: int) -> str:
    """Bytes in Dutch notation: ``33,1 MB`` from 1 MB on, else whole kB (at least 1 kB)."""
    if size >= 1_000_000:
        return f"{format_number(size / 1_000_000, 1)}{NNBSP}MB"
    return f"{format_number(max(1.0, size / 1000), 0)}{NNBSP}kB"


def fill_sizes(folder: Path, page: str = "index.html") -> int:
    """Fill the size placeholders of ``folder/page`` from the files beside it (links are relative
    to the page); returns how many were filled. Placeholders of missing files are left empty."""
    target = Path(folder) / page
    if not target.is_file():
        return 0
    filled = 0

    def replace(match: re.Match) -> str:
        nonlocal filled
        relative = match.group(1)
        path = Path(folder) / relative
        if ".." in Path(relative).parts or not path.is_file():
            return match.group(0)
        filled += 1
        return f"<small>({size_text(path.stat().st_size)})</small>"

    html = target.read_text(encoding="utf-8")
    target.write_text(PLACEHOLDER.sub(replace, html), encoding="utf-8")
    return filled
