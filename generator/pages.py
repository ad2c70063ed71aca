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
from .gemeentepage import gap_rows, gemeente_rows, rows_by_gemeente, write_gemeente_page
from .maps import RATE_DECIMALS, indicator_map_html, nis_order, per_thousand, write_snippets
from .memo import Memo, compute
from .model import STATUS_MISSING, Gemeente, Monitor, is_published
from .presentation import (
    MISSING,
    POPULATION,
    WEB_LABELS,
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


def write_pages(monitor: Monitor, docs_dir: Path, geometry: SiteGeometry | None = None,
                memo: Memo = compute) -> None:
    """Every generated page and snippet of the site (``geometry``: the build's, else made here;
    ``memo``: the build cache's, for the map figures of indicators whose rows are unchanged)."""
    geometry = SiteGeometry.of(monitor) if geometry is None else geometry
    write_snippets(monitor.catalogue, monitor.gemeenten, docs_dir / ".snippets")
    by_indicator = dict(tuple(monitor.table.groupby("indicator", sort=False)))
    for ind in monitor.catalogue:
        write_indicator_page(monitor, ind, by_indicator.get(ind.code), docs_dir, by_indicator.get(POPULATION), memo)
    for theme in monitor.catalogue.themes:
        render("thema.md.j2", docs_dir / "themas" / f"{theme.code}.md", theme=theme,
               rows=theme_rows(monitor, by_indicator, theme.code))
    totals = monitor.table[monitor.table["groep"] == "totaal"]
    gaps = gap_rows(monitor)
    for nis, by_indicator in rows_by_gemeente(totals).items():
        write_gemeente_page(monitor, monitor.gemeenten[nis], by_indicator, docs_dir, geometry, gaps.get(nis, []))
    render("gemeenten.md.j2", docs_dir / "gemeenten" / "index.md", gemeenten=index_rows(monitor),
           since=monitor.divisions.current.first_year)
    render("beschikbaarheid.md.j2", docs_dir / ".snippets" / "beschikbaarheid.md",
           catalogue=monitor.catalogue, years=edition_years(monitor.table), available=availability(monitor.table))
    render("bronnen.md.j2", docs_dir / ".snippets" / "bronnen.md", provenance=monitor.provenance,
           edition=monitor.edition)
    render("downloads-lijst.md.j2", docs_dir / ".snippets" / "downloads-lijst.md", catalogue=monitor.catalogue,
           gemeenten=list(monitor.gemeenten.values()))
    write_redirects(monitor, docs_dir / "gemeenten")




def inhabitants_of(rows: pd.DataFrame | None) -> dict[tuple[str, int], float]:
    """(nis, jaar) → inhabitants: the published noemer of D1's first group (empty without D1)."""
    if rows is None or rows.empty:
        return {}
    rows = rows[(rows["groep"] == "totaal") & rows["status"].map(is_published) & rows["noemer"].notna()]
    return {(str(n), int(j)): float(v) for n, j, v in zip(rows["nis"], rows["jaar"], rows["noemer"], strict=True)}


def first_sentence(text: str) -> str:
    """The first sentence of a definition (the page's lead above the map)."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def write_indicator_page(monitor: Monitor, ind: Indicator, rows: pd.DataFrame | None, docs_dir: Path,
                         d1_rows: pd.DataFrame | None = None, memo: Memo = compute) -> Path:
    """``indicatoren/<code>.md``: lead, switches and map, the table of all gemeenten, the Flemish trend,
    then the definition. A count is mapped per 1 000 inwoners of ``d1_rows`` (D1's rows)."""
    target = docs_dir / "indicatoren" / f"{ind.slug}.md"
    page = {"ind": ind, "theme": monitor.catalogue.theme(ind.thema), "demo": monitor.edition.demo,
            "sources": monitor.provenance.for_indicator(ind.code), "lead": first_sentence(ind.definitie)}
    if rows is None or rows.empty:
        return render("indicator.md.j2", target, available=False, **page)
    root, lazy = "../../", dict[str, dict]()
    series_asset = f"{paths.MAP_SERIES_DIR}/{ind.slug}.json"
    inhabitants = inhabitants_of(d1_rows) if ind.soort == "aantal" else {}
    flemish = flemish_rows(ind, rows, monitor.reference)
    # provinces_url None: liim.js draws the province borders from the gemeenten topology itself
    # table_view: liim.js reads the first view's figures, the slugs and the Flemish headlines from the
    # page's two tables, so the map's configuration does not repeat them
    map_html = indicator_map_html(ind, rows, monitor.gemeenten, root + paths.GEOMETRY_ASSET, None, root,
                                  series_url=root + series_asset, lazy=lazy, inhabitants=inhabitants,
                                  table_view=True, memo=memo)
    if lazy:
        write_json(docs_dir / series_asset, lazy)
    now = latest(rows[rows["groep"] == ind.group_codes[0]])
    year = int(now["jaar"].iloc[0])
    return render("indicator.md.j2", target, available=True, map_html=Markup(map_html), **page,
                  embed_html=Markup(embed_snippet_html("indicator", ind.slug, f"{ind.code} {ind.naam}")),
                  year=year, table=indicator_table(ind, now, monitor.gemeenten, inhabitants),
                  flemish=flemish, small=ind.klein_aantal, key=_map_key(ind), rates=bool(inhabitants),
                  group=ind.groepen[0].naam if ind.groepen else "", several=len(ind.group_codes) > 1,
                  vlaanderen=headlines(ind, flemish).get(ind.group_codes[0], {}).get(str(year), MISSING))


def _map_key(ind: Indicator) -> str:
    """The id part of the map, its switches and its table (as ``maps._js_id``)."""
    return "".join(c if c.isalnum() else "_" for c in ind.code.lower())


def headlines(ind: Indicator, flemish: list[dict]) -> dict[str, dict[str, str]]:
    """{groep: {jaar: Flemish figure with its interval}}: the headline for every year and group."""
    out: dict[str, dict[str, str]] = {}
    for r in flemish:
        for g, cell in zip(ind.group_codes, r["cells"], strict=True):
            out.setdefault(g, {})[str(r["jaar"])] = cell
    return out


def indicator_table(ind: Indicator, rows: pd.DataFrame, gemeenten: dict[str, Gemeente],
                    inhabitants: dict[tuple[str, int], float] | None = None) -> list[dict]:
    """One row per gemeente of an indicator page's table, every gemeente in ascending NIS order (the
    order of the map's arrays: liim.js reads the map's first view from these rows): figure, interval,
    teller, noemer, verdicts; for a count with ``inhabitants`` also the count per 1 000 inwoners.
    The web page leaves teller and noemer out (they are in the indicator's CSV and on the gemeente pages);
    the frozen archive's indicator pages (archive.py, templates/archief/) still show them. No rank: sorting
    by the figure gives the order, and the gemeente pages, the PDF and the XLSX give each rank."""
    by_nis = {str(r.nis): r for r in rows.itertuples(index=False)}
    return [_table_row(ind, gemeenten[nis], by_nis.get(nis), inhabitants or {}) for nis in nis_order(gemeenten)]


def _table_row(ind: Indicator, g: Gemeente, r: Any, inhabitants: dict[tuple[str, int], float]) -> dict:
    """One gemeente's cells (``r`` None: no row at all, "geen gegevens")."""
    if r is None:
        return {"g": g, "figure": WEB_LABELS[STATUS_MISSING], "teller": MISSING, "noemer": MISSING,
                "per1000": MISSING, "interval": "", "klein": False,
                "t_o_v_vlaanderen": MISSING, "t_o_v_cluster": MISSING}
    shown = is_published(r.status)
    rate = per_thousand(r.waarde, inhabitants.get((str(r.nis), int(r.jaar)))) if shown else None
    return {"g": g, "figure": figure_text(r.waarde, r.status, ind),
            "teller": format_number(r.teller, 0) if shown else MISSING,
            "noemer": format_number(r.noemer, 0) if shown else MISSING,
            "per1000": format_number(rate, RATE_DECIMALS) if rate is not None else MISSING, **uncertainty(ind, r)}


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

