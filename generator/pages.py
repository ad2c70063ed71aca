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
from .model import STATUS_LABELS, STATUS_OK, STATUS_PROVISIONAL, Gemeente, Monitor
from .sparkline import sparkline_svg
from .webgeometry import locator_svg

# One pass, character by character: HTML specials become entities, and so do the characters
# Markdown would read as markup. Entities (not backslashes) read the same in Markdown text and
# in raw HTML blocks, where a backslash escape would stay visible ("TF\\_SOC", "&\\#x27;").
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                              **{c: f"&#{ord(c)};" for c in "\\`*_[]|#"}})
POSITION = {"boven": "▲ boven", "onder": "▼ onder", "rond": "● rond"}


def md_escape(value: object) -> Markup:
    """Text from data or catalogue, safe in Markdown and HTML (hostile names stay text)."""
    return Markup(str(value).translate(TEXT_ESCAPES))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True,
                             finalize=lambda v: v if isinstance(v, Markup) or not isinstance(v, str) else md_escape(v))
    env.filters["getal"] = format_number
    env.globals["STATUS_LABELS"] = STATUS_LABELS
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """For pages written as finished HTML (redirects, the archive): HTML escaping only."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(template: str, target: Path, **context) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html_environment().get_template(template).render(**context), encoding="utf-8")
    return target


def render(template: str, target: Path, **context) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(environment().get_template(template).render(**context), encoding="utf-8")
    return target


def figure_text(value: float, status: str, indicator: Indicator) -> str:
    """A figure for a page: formatted, or the reason there is none; provisional marked."""
    if status not in (STATUS_OK, STATUS_PROVISIONAL) or is_missing(value):
        return STATUS_LABELS.get(status) or STATUS_LABELS["ontbreekt"]
    return format_figure(value, indicator) + (" (v)" if status == STATUS_PROVISIONAL else "")


def group_figure(value: float, status: str, indicator: Indicator) -> str:
    """A cluster/province/Flemish figure, marked when a member's figure is missing."""
    if is_missing(value):
        return "–"
    return format_figure(value, indicator) + (" (o)" if status else "")


def write_json(target: Path, data: object) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    return target


def latest(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of the newest year present."""
    return rows[rows["jaar"] == rows["jaar"].max()] if len(rows) else rows


def write_pages(monitor: Monitor, docs_dir: Path) -> None:
    """Every generated page and snippet of the site."""
    write_snippets(monitor.catalogue, monitor.gemeenten, docs_dir / ".snippets")
    by_indicator = dict(tuple(monitor.table.groupby("indicator", sort=False)))
    for ind in monitor.catalogue:
        write_indicator_page(monitor, ind, by_indicator.get(ind.code), docs_dir)
    for theme in monitor.catalogue.themes:
        render("thema.md.j2", docs_dir / "themas" / f"{theme.code}.md", theme=theme,
               rows=theme_rows(monitor, by_indicator, theme.code))
    totals = monitor.table[monitor.table["groep"] == "totaal"]
    for nis, rows in totals.groupby("nis", sort=False):
        write_gemeente_page(monitor, monitor.gemeenten[nis], rows, docs_dir)
    render("gemeenten.md.j2", docs_dir / "gemeenten" / "index.md", gemeenten=index_rows(monitor))
    render("beschikbaarheid.md.j2", docs_dir / ".snippets" / "beschikbaarheid.md",
           catalogue=monitor.catalogue, years=edition_years(monitor), available=availability(monitor))
    render("bronnen.md.j2", docs_dir / ".snippets" / "bronnen.md", provenance=monitor.provenance,
           edition=monitor.edition)
    render("downloads-lijst.md.j2", docs_dir / ".snippets" / "downloads-lijst.md", catalogue=monitor.catalogue,
           gemeenten=list(monitor.gemeenten.values()))
    write_redirects(monitor, docs_dir / "gemeenten")


def edition_years(monitor: Monitor) -> list[int]:
    return sorted(int(y) for y in monitor.table["jaar"].unique())


def availability(monitor: Monitor) -> set[tuple[str, int]]:
    """(indicator, jaar) pairs with at least one published figure."""
    published = monitor.table[monitor.table["status"].isin([STATUS_OK, STATUS_PROVISIONAL])]
    return set(zip(published["indicator"], published["jaar"].astype(int)))


def write_indicator_page(monitor: Monitor, ind: Indicator, rows: pd.DataFrame | None, docs_dir: Path) -> Path:
    """``indicatoren/<code>.md``: definition, map, Flemish trend and the table of all gemeenten."""
    target = docs_dir / "indicatoren" / f"{ind.slug}.md"
    theme = monitor.catalogue.theme(ind.thema)
    sources = monitor.provenance.for_indicator(ind.code)
    if rows is None or rows.empty:
        return render("indicator.md.j2", target, ind=ind, theme=theme, available=False, sources=sources,
                      demo=monitor.edition.demo)
    root, lazy = "../../", {}
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
    out = []
    for r in rows.itertuples(index=False):
        g = gemeenten[r.nis]
        shown = r.status in (STATUS_OK, STATUS_PROVISIONAL)
        out.append({"g": g, "figure": figure_text(r.waarde, r.status, ind),
                    "teller": format_number(r.teller, 0) if shown else "–",
                    "noemer": format_number(r.noemer, 0) if shown else "–",
                    "rang": f"{int(r.rang)}" if shown and not is_missing(r.rang) else "–"})
    return out


def flemish_rows(ind: Indicator, rows: pd.DataFrame) -> list[dict]:
    """Flemish figure per year and group (one row per year)."""
    flem = rows.drop_duplicates(["jaar", "groep"])[["jaar", "groep", "vlaanderen", "vlaanderen_status"]]
    out = []
    for year, part in flem.groupby("jaar"):
        figures = {g: group_figure(v, s, ind) for g, v, s in zip(part["groep"], part["vlaanderen"], part["vlaanderen_status"])}
        out.append({"jaar": int(year), "cells": [figures.get(g, "–") for g in ind.group_codes]})
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
    trend = [(int(x.jaar), x.waarde if x.status in (STATUS_OK, STATUS_PROVISIONAL) else None) for x in rows]
    return {"ind": ind, "available": True, "year": int(r.jaar),
            "figure": figure_text(r.waarde, r.status, ind),
            "cluster": group_figure(r.cluster_waarde, r.cluster_status, ind),
            "provincie": group_figure(r.provincie_waarde, r.provincie_status, ind),
            "vlaanderen": group_figure(r.vlaanderen, r.vlaanderen_status, ind),
            "positie": POSITION.get(r.positie, "–"),
            "rang": f"{int(r.rang)}/{int(r.rang_van)}" if not (is_missing(r.rang) or is_missing(r.rang_van)) else "–",
            "trend": Markup(sparkline_svg(trend, lambda v: format_figure(v, ind), ind.naam))}


def write_gemeente_page(monitor: Monitor, g: Gemeente, rows: pd.DataFrame, docs_dir: Path) -> Path:
    members = [m for m in monitor.gemeenten.values() if m.cluster == g.cluster and m.nis != g.nis]
    locator = locator_svg(monitor.divisions.geometry(monitor.divisions.current.key), g.nis)
    return render("gemeente.md.j2", docs_dir / "gemeenten" / f"{g.slug}.md", g=g, members=members,
                  themes=gemeente_rows(monitor, rows), locator=Markup(locator), edition=monitor.edition,
                  provenance=monitor.provenance)


def index_rows(monitor: Monitor) -> list[dict]:
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

