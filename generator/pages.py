"""Markdown pages rendered from the Jinja2 templates in ``templates/``.

One page per indicator (with its map and the table of all gemeenten), one per
gemeente (its figures next to cluster, province and Vlaanderen), theme
overviews, the gemeente index, the availability table, and small static
redirect pages for NIS codes and for the names of merged gemeenten.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2
import pandas as pd
from markupsafe import Markup

from . import paths
from .catalogue import Indicator
from .formatting import format_figure, format_number, is_missing
from .gemeenten import old_names, slugify
from .maps import indicator_map_html, write_snippets
from .model import Gemeente, Monitor, is_published
from .presentation import MISSING, availability, cluster_members, edition_years, figure_text, group_figure, verdict_text
from .sparkline import sparkline_svg
from .webgeometry import SiteGeometry

# One pass, character by character: HTML specials become entities, and so do the characters
# Markdown would read as markup. Entities (not backslashes) read the same in Markdown text and
# in raw HTML blocks, where a backslash escape would stay visible ("TF\\_SOC", "&\\#x27;").
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                              **{c: f"&#{ord(c)};" for c in "\\`*_[]|#"}})


def md_escape(value: object) -> Markup:
    """Text from data or catalogue, safe in Markdown and HTML (hostile names stay text)."""
    return Markup(str(value).translate(TEXT_ESCAPES))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """For Markdown pages: text from data is escaped for Markdown and HTML (``md_escape``)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True,
                             finalize=lambda v: v if isinstance(v, Markup) or not isinstance(v, str) else md_escape(v))
    env.filters["getal"] = format_number
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """For pages written as finished HTML (redirects, the archive): HTML escaping only."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(template: str, target: Path, **context) -> Path:
    """Render an HTML template (``html_environment``) into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html_environment().get_template(template).render(**context), encoding="utf-8")
    return target


def render(template: str, target: Path, **context) -> Path:
    """Render a Markdown template (``environment``) into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(environment().get_template(template).render(**context), encoding="utf-8")
    return target


def write_json(target: Path, data: object) -> Path:
    """Compact, key-sorted JSON (the lazily loaded map series)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    return target


def latest(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of the newest year present."""
    return rows[rows["jaar"] == rows["jaar"].max()] if len(rows) else rows


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
    for nis, rows in totals.groupby("nis", sort=False):
        write_gemeente_page(monitor, monitor.gemeenten[nis], rows, docs_dir, geometry)
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
    return render("indicator.md.j2", target, ind=ind, theme=theme, available=True, map_html=Markup(map_html),
                  sources=sources, demo=monitor.edition.demo,
                  year=int(now["jaar"].iloc[0]), table=indicator_table(ind, now, monitor.gemeenten),
                  flemish=flemish_rows(ind, rows), vlaanderen=group_figure(now["vlaanderen"].iloc[0],
                                                                            now["vlaanderen_status"].iloc[0], ind))


def indicator_table(ind: Indicator, rows: pd.DataFrame, gemeenten: dict[str, Gemeente]) -> list[dict]:
    """One row per gemeente of an indicator page's table: figure, teller, noemer, rank."""
    out = []
    for r in rows.itertuples(index=False):
        g = gemeenten[r.nis]
        shown = is_published(r.status)
        out.append({"g": g, "figure": figure_text(r.waarde, r.status, ind),
                    "teller": format_number(r.teller, 0) if shown else MISSING,
                    "noemer": format_number(r.noemer, 0) if shown else MISSING,
                    "rang": f"{int(r.rang)}" if shown and not is_missing(r.rang) else MISSING})
    return out


def flemish_rows(ind: Indicator, rows: pd.DataFrame) -> list[dict]:
    """Flemish figure per year and group (one row per year)."""
    flem = rows.drop_duplicates(["jaar", "groep"])[["jaar", "groep", "vlaanderen", "vlaanderen_status"]]
    out = []
    for year, part in flem.groupby("jaar"):
        figures = {g: group_figure(v, s, ind)
                   for g, v, s in zip(part["groep"], part["vlaanderen"], part["vlaanderen_status"], strict=True)}
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


def gemeente_rows(monitor: Monitor, rows: pd.DataFrame) -> list[dict]:
    """Per theme, per indicator: the newest figures of the gemeente and its comparisons."""
    by_indicator: dict[str, list] = {}
    for r in rows.sort_values("jaar", kind="stable").itertuples(index=False):
        by_indicator.setdefault(r.indicator, []).append(r)
    return [{"theme": theme, "rows": [gemeente_item(ind, by_indicator.get(ind.code))
                                      for ind in monitor.catalogue.by_theme(theme.code)]}
            for theme in monitor.catalogue.themes]


def gemeente_item(ind: Indicator, rows: list | None) -> dict:
    """One indicator's line on a gemeente page, from its rows sorted by year."""
    if not rows:
        return {"ind": ind, "available": False}
    r = rows[-1]
    trend = [(int(x.jaar), x.waarde if is_published(x.status) else None) for x in rows]
    return {"ind": ind, "available": True, "year": int(r.jaar),
            "figure": figure_text(r.waarde, r.status, ind),
            "cluster": group_figure(r.cluster_waarde, r.cluster_status, ind),
            "provincie": group_figure(r.provincie_waarde, r.provincie_status, ind),
            "vlaanderen": group_figure(r.vlaanderen, r.vlaanderen_status, ind),
            "positie": verdict_text(r.t_o_v_cluster, "de cluster"),
            "rang": f"{int(r.rang)}/{int(r.rang_van)}" if not (is_missing(r.rang) or is_missing(r.rang_van)) else MISSING,
            "trend": Markup(sparkline_svg(trend, lambda v: format_figure(v, ind), ind.naam))}


def write_gemeente_page(monitor: Monitor, g: Gemeente, rows: pd.DataFrame, docs_dir: Path,
                        geometry: SiteGeometry | None = None) -> Path:
    """``gemeenten/<slug>.md``: locator, newest figures per theme, cluster members, sources."""
    geometry = SiteGeometry.of(monitor, [g.nis]) if geometry is None else geometry
    return render("gemeente.md.j2", docs_dir / "gemeenten" / f"{g.slug}.md", g=g,
                  members=cluster_members(monitor.gemeenten, g), themes=gemeente_rows(monitor, rows),
                  locator=Markup(geometry.locators[g.nis]), edition=monitor.edition,
                  provenance=monitor.provenance)


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

