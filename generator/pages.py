"""Markdown pages rendered from the Jinja2 templates in ``templates/``.

One page per indicator (with its map and the table of all gemeenten), one per
gemeente (its figures next to cluster, province and Vlaanderen), theme
overviews, the gemeente index, the availability table, and small static
redirect pages for NIS codes and for the names of merged gemeenten.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from . import paths
from .catalogue import Indicator
from .compare import VLAANDEREN
from .embed import embed_snippet_html
from .formatting import format_number, is_missing
from .gemeenten import old_names, slugify
from .gemeentepage import gap_rows, gemeente_rows, write_gemeente_page
from .maps import indicator_map_html, write_snippets
from .model import Gemeente, Monitor, is_published
from .presentation import (
    MISSING,
    availability,
    edition_years,
    figure_text,
    group_figure,
    interval_text,
    latest,
    uncertainty,
)
from .templating import environment, html_environment, md_escape, render, render_html, write_json
from .webgeometry import SiteGeometry

__all__ = ["environment", "html_environment", "md_escape", "render", "render_html", "write_json",  # templating
           "gemeente_rows", "write_gemeente_page",  # the gemeente page
           "latest", "write_pages", "write_indicator_page", "indicator_table", "flemish_rows", "theme_rows",
           "index_rows", "write_redirects"]


def write_pages(monitor: Monitor, docs_dir: Path, geometry: SiteGeometry | None = None) -> None:
    """Every generated page and snippet of the site (``geometry``: the build's, else made here)."""
    geometry = SiteGeometry.of(monitor) if geometry is None else geometry
    write_snippets(monitor.catalogue, monitor.gemeenten, docs_dir / ".snippets")
    by_indicator = dict(tuple(monitor.table.groupby("indicator", sort=False)))
    for ind in monitor.catalogue:
        write_indicator_page(monitor, ind, by_indicator.get(ind.code), docs_dir)
    for theme in monitor.catalogue.themes:
        render("thema.md.j2", docs_dir / "themas" / f"{theme.code}.md", theme=theme,
               rows=theme_rows(monitor, by_indicator, theme.code))
    totals = monitor.table[monitor.table["groep"] == "totaal"]
    gaps = gap_rows(monitor)
    for nis, rows in totals.groupby("nis", sort=False):
        write_gemeente_page(monitor, monitor.gemeenten[nis], rows, docs_dir, geometry, gaps.get(nis, []))
    render("gemeenten.md.j2", docs_dir / "gemeenten" / "index.md", gemeenten=index_rows(monitor),
           since=monitor.divisions.current.first_year)
    render("beschikbaarheid.md.j2", docs_dir / ".snippets" / "beschikbaarheid.md",
           catalogue=monitor.catalogue, years=edition_years(monitor.table), available=availability(monitor.table))
    render("bronnen.md.j2", docs_dir / ".snippets" / "bronnen.md", provenance=monitor.provenance,
           edition=monitor.edition)
    render("downloads-lijst.md.j2", docs_dir / ".snippets" / "downloads-lijst.md", catalogue=monitor.catalogue,
           gemeenten=list(monitor.gemeenten.values()))
    write_redirects(monitor, docs_dir / "gemeenten")


def write_indicator_page(monitor: Monitor, ind: Indicator, rows: pd.DataFrame | None, docs_dir: Path) -> Path:
    """``indicatoren/<code>.md``: definition, map, Flemish trend and the table of all gemeenten."""
    target = docs_dir / "indicatoren" / f"{ind.slug}.md"
    theme = monitor.catalogue.theme(ind.thema)
    sources = monitor.provenance.for_indicator(ind.code)
    if rows is None or rows.empty:
        return render("indicator.md.j2", target, ind=ind, theme=theme, available=False, sources=sources,
                      demo=monitor.edition.demo)
    root, lazy = "../../", dict[str, dict]()
    series_asset = f"{paths.MAP_SERIES_DIR}/{ind.slug}.json"
    # provinces_url None: liim.js draws the province borders from the gemeenten topology itself
    map_html = indicator_map_html(ind, rows, monitor.gemeenten, root + paths.GEOMETRY_ASSET,
                                  None, root, series_url=root + series_asset, lazy=lazy)
    if lazy:
        write_json(docs_dir / series_asset, lazy)
    now = latest(rows[rows["groep"] == ind.group_codes[0]])
    embed = embed_snippet_html("indicator", ind.slug, f"{ind.code} {ind.naam}")
    return render("indicator.md.j2", target, ind=ind, theme=theme, available=True, map_html=Markup(map_html),
                  embed_html=Markup(embed),
                  sources=sources, demo=monitor.edition.demo,
                  year=int(now["jaar"].iloc[0]), table=indicator_table(ind, now, monitor.gemeenten),
                  flemish=flemish_rows(ind, rows, monitor.reference), small=ind.klein_aantal,
                  vlaanderen=group_figure(now["vlaanderen"].iloc[0],
                                                                            now["vlaanderen_status"].iloc[0], ind))


def indicator_table(ind: Indicator, rows: pd.DataFrame, gemeenten: dict[str, Gemeente]) -> list[dict]:
    """One row per gemeente of an indicator page's table: figure, interval, teller, noemer, verdicts, rank."""
    out = []
    for r in rows.itertuples(index=False):
        g = gemeenten[r.nis]
        shown = is_published(r.status)
        extra = uncertainty(ind, r)
        out.append({"g": g, "figure": figure_text(r.waarde, r.status, ind),
                    "teller": format_number(r.teller, 0) if shown else MISSING,
                    "noemer": format_number(r.noemer, 0) if shown else MISSING,
                    "sort_lower": repr(round(float(r.ondergrens), 6)) if extra["interval"] else "",
                    "rang": f"{int(r.rang)}" if shown and not is_missing(r.rang) else MISSING, **extra})
    return out


def flemish_rows(ind: Indicator, rows: pd.DataFrame, reference: Callable[..., Any] | None = None) -> list[dict]:
    """Flemish figure per year and group (one row per year), with its 95 % interval when
    ``reference`` (``Monitor.reference``) gives one."""
    flem = rows.drop_duplicates(["jaar", "groep"])[["jaar", "groep", "vlaanderen", "vlaanderen_status"]]
    out = []
    for year, part in flem.groupby("jaar"):
        figures = {}
        for g, v, s in zip(part["groep"], part["vlaanderen"], part["vlaanderen_status"], strict=True):
            ref = reference(ind.code, year, g, "vlaanderen", VLAANDEREN) if reference else None
            interval = interval_text(ref.ondergrens, ref.bovengrens, ind) if ref is not None else ""
            plain, marked = group_figure(v, "", ind), group_figure(v, s, ind)  # the interval before the (o)
            figures[g] = plain + (f" ({interval})" if interval and not is_missing(v) else "") + marked[len(plain):]
        out.append({"jaar": int(year), "cells": [figures.get(g, MISSING) for g in ind.group_codes]})
    return sorted(out, key=lambda r: -r["jaar"])


def theme_rows(monitor: Monitor, by_indicator: dict, theme: str) -> list[dict]:
    """Per indicator of a theme: newest year and its Flemish figure (totaal group)."""
    out = []
    for ind in monitor.catalogue.by_theme(theme):
        rows = by_indicator.get(ind.code)
        if rows is None or rows.empty:
            out.append({"ind": ind, "year": "", "figure": "nog niet beschikbaar"})
            continue
        now = latest(rows[rows["groep"] == ind.group_codes[0]])
        out.append({"ind": ind, "year": int(now["jaar"].iloc[0]),
                    "figure": group_figure(now["vlaanderen"].iloc[0], now["vlaanderen_status"].iloc[0], ind)})
    return out


def index_rows(monitor: Monitor) -> list[dict]:
    """The gemeente index: every gemeente with the other names it had before a merger."""
    return [{"g": g, "old": ", ".join(n for _, n, _ in g.voorgangers if n != g.naam)} for g in monitor.gemeenten.values()]


def write_redirects(monitor: Monitor, folder: Path) -> list[Path]:
    """Static redirect pages: ``/gemeenten/<nis>/`` and the old names and codes of merged gemeenten."""
    written = []
    for nis, g in monitor.gemeenten.items():
        written.append(render_html("redirect.html.j2", folder / nis / "index.html", g=g, old=None))
    for key, g in old_names(monitor.gemeenten).items():
        old = next((v for v in g.voorgangers if v[0] == key or slugify(v[1]) == key), None)
        written.append(render_html("redirect.html.j2", folder / key / "index.html", g=g, old=old))
    return written

