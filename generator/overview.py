"""``indicatoren/index.md``: every indicator of the catalogue in one sortable table.

Code, name (link to its page), theme, availability in this edition (worded as on the
indicator page: "nog niet beschikbaar als open data" on the real edition for an indicator
that has figures elsewhere, "nog niet beschikbaar" otherwise) and the newest year with a
published figure. Also writes the finder's merger notices (``finder.write_notices``), so
that one call after ``render_docs`` adds everything of this module and ``finder``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .finder import write_notices
from .formatting import MISSING
from .model import Monitor
from .presentation import availability
from .templating import render

OVERVIEW = "indicatoren/index.md"
AVAILABLE = "beschikbaar"
NOT_YET = "nog niet beschikbaar"
NOT_OPEN = "nog niet beschikbaar als open data"


def latest_years(table: pd.DataFrame) -> dict[str, int]:
    """Indicator code → newest year with at least one published figure."""
    out: dict[str, int] = {}
    for code, year in availability(table):
        out[code] = max(year, out.get(code, year))
    return out


def availability_text(has_rows: bool, in_catalogue_edition: bool, demo: bool) -> str:
    """As ``indicator.md.j2`` words it: figures, not yet as open data, or not yet at all."""
    if has_rows:
        return AVAILABLE
    return NOT_OPEN if in_catalogue_edition and not demo else NOT_YET


def overview_rows(monitor: Monitor) -> list[dict]:
    """One row per indicator, in catalogue order (``order``: the sort key of the code column)."""
    with_rows = set(monitor.table["indicator"].unique())
    years = latest_years(monitor.table)
    rows = []
    for order, ind in enumerate(monitor.catalogue, start=1):
        rows.append({"ind": ind, "order": order, "theme": monitor.catalogue.theme(ind.thema),
                     "status": availability_text(ind.code in with_rows, ind.available, monitor.edition.demo),
                     "year": years.get(ind.code, MISSING), "year_sort": years.get(ind.code, 0)})
    return rows


def write_overview(monitor: Monitor, docs_dir: Path) -> Path:
    """Write ``indicatoren/index.md`` (and the finder's notices); return the page's path."""
    rows = overview_rows(monitor)
    write_notices(monitor.gemeenten, docs_dir)
    return render("indicatoren.md.j2", docs_dir / OVERVIEW, rows=rows, themes=len(monitor.catalogue.themes),
                  available=sum(r["status"] == AVAILABLE for r in rows), edition=monitor.edition)
