"""Choropleth maps that share one geometry file instead of embedding it.

Every map page fetches ``assets/gen/gemeenten.json`` (written once per build,
cached by the browser across pages) and styles it with small per-page arrays:
one array per groep × jaar, values in ascending NIS order (the order of the
geometry file's features; ``liim.js`` keys them by feature id anyway).

Cell encoding in those arrays: a number (rounded to ``decimalen``), ``null``
for "geen gegevens", ``"g"`` for geheim (no figure, never derivable) and
``"f"`` for "niet beschikbaar door fusie". The classes and legends follow
``classes.py`` (the same rule as the SVG maps of the downloads).

Beside them, per groep × jaar: ``voorlopig`` and ``klein`` (indices of provisional and
klein aantal figures; the latter hatched on the map) and ``interval``: two whole numbers
per gemeente, the steps of the last decimal from the rounded figure down to the rounded
lower bound and up to the rounded upper bound of its 95 % interval (``null`` without);
``oordeel``: one string per groep × jaar, two letters per gemeente (t.o.v. Vlaams Gewest, t.o.v.
cluster: ``h`` hoger, ``l`` lager, ``g`` geen duidelijk verschil, ``-`` none), for the table liim.js
redraws; ``classes``: the quintiles of that year's figures. A count (``soort: aantal``) is coloured
per 1 000 inwoners (``rates``: the D1 noemer of the same year); a year without inwoners draws
circles sized by the count. The lazily loaded file holds all of these per groep × jaar.

The page holds an empty map box and one script call, ``LIIM.choropleth(id, config)``;
``liim.js`` draws the map itself as inline SVG (no map library): the gemeenten in Web Mercator,
zoom and pan as the SVG's viewBox, optional base tiles (``base_tiles``) as SVG images under them.
folium stays a dependency only for ``bench/run.py``, which builds the naive folium baseline.
"""
from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import finder, model, paths, presentation
from .classes import (
    MERGER_COLOUR,
    NO_DATA_COLOUR,
    SECRET_COLOUR,
    MapClasses,
    classed_value,
    classes_by_year,
)
from .formatting import decimals_of, round_half_up, unit_of
from .legends import RATE_UNIT, SHARED_LEGEND, legend_html, legend_texts, view_statuses
from .memo import Memo, compute
from .presentation import BOUNDARY_SOURCE, SMALL_NUMBER, group_labels, normal_status, ordered_groups

OVERVIEW_COLOUR = "#c6dbef"
FLANDERS_BOUNDS = ((50.68, 2.54), (51.51, 5.92))

CELL_SECRET = "g"
CELL_MERGER = "f"


def nis_order(gemeenten: Mapping[str, model.Gemeente]) -> list[str]:
    """The fixed order of the per-page arrays: ascending NIS (= geometry feature order)."""
    return sorted(gemeenten)


def _cell(value: object, status: str, decimalen: int) -> float | int | str | None:
    """One array cell: rounded figure, ``"g"`` (geheim), ``"f"`` (fusie) or ``None``."""
    if status == model.STATUS_SECRET:
        return CELL_SECRET
    if status == model.STATUS_MERGER:
        return CELL_MERGER
    rounded = classed_value(value, status, decimalen)
    return int(rounded) if rounded is not None and decimalen == 0 else rounded


def _groups(indicator: object, rows: pd.DataFrame) -> list[str]:
    """Group codes present in ``rows``, in ``presentation.ordered_groups`` order."""
    return ordered_groups(indicator, (str(g) for g in rows["groep"].dropna().unique()))


def _series(rows: pd.DataFrame, order: list[str], groups: list[str],
            decimalen: int) -> tuple[dict[str, dict[str, list]], dict[str, dict[str, list[int]]]]:
    """``{groep: {jaar: [cell per NIS]}}`` and ``{groep: {jaar: [indices of voorlopig]}}``."""
    index = {nis: i for i, nis in enumerate(order)}
    series: dict[str, dict[str, list]] = {g: {} for g in groups}
    provisional: dict[str, dict[str, list[int]]] = {}
    parts = rows.sort_values("jaar", kind="stable").groupby(["groep", "jaar"], sort=False)
    for (groep, jaar), part in parts:
        if groep not in series:
            continue
        cells: list = [None] * len(order)
        marks: list[int] = []
        for nis, value, status in zip(part["nis"], part["waarde"], part["status"], strict=True):
            i = index.get(str(nis))
            if i is None:
                continue
            cells[i] = _cell(value, normal_status(status), decimalen)
            if normal_status(status) == model.STATUS_PROVISIONAL and cells[i] is not None:
                marks.append(i)
        series[groep][str(int(jaar))] = cells
        if marks:
            provisional.setdefault(groep, {})[str(int(jaar))] = sorted(marks)
    return series, provisional


def _steps(values: pd.Series, decimalen: int) -> pd.Series:
    """Interval bounds in whole steps of the last decimal, rounded half away from zero (vectorised;
    a bound is practically never a tie, where ``round_half_up`` and this could differ)."""
    return np.sign(values) * np.floor(values.abs() * 10 ** decimalen + 0.5)


def _uncertainty(rows: pd.DataFrame, order: list[str], series: dict[str, dict[str, list]],
                 decimalen: int) -> tuple[dict[str, dict[str, list]], dict[str, dict[str, list[int]]]]:
    """``{groep: {jaar: [below, above per NIS, flattened]}}``: the 95 % interval as whole steps of the
    last decimal from the map's rounded figure (in ``series``) down to the rounded lower and up to the
    rounded upper bound (``12,3 % (10,1–14,8)`` → ``22, 25``; ``None`` without one), and ``{groep:
    {jaar: [indices of klein aantal]}}``; only groups and years that have any. Unpublished rows: neither."""
    if "ondergrens" not in rows.columns:
        return {}, {}
    index, step = {nis: i for i, nis in enumerate(order)}, 10 ** decimalen
    rows = rows[rows["status"].map(normal_status).isin(model.PUBLISHED) & rows["groep"].isin(list(series))]
    rows = rows.assign(_i=rows["nis"].astype(str).map(index), _lo=_steps(rows["ondergrens"], decimalen),
                       _hi=_steps(rows["bovengrens"], decimalen),
                       _k=rows["klein_aantal"].astype("boolean").fillna(False).astype(bool) & rows["waarde"].notna())
    rows = rows[rows["_i"].notna()]
    bounds: dict[str, dict[str, list]] = {}
    small: dict[str, dict[str, list[int]]] = {}
    for (groep, jaar), part in rows.groupby(["groep", "jaar"], sort=False):
        known, figures = part[part["_lo"].notna() & part["_hi"].notna()], series[groep].get(str(int(jaar)), [])
        cells: list = [None] * (2 * len(order))
        for i, lo, hi in zip(known["_i"].astype(int), known["_lo"], known["_hi"], strict=True):
            if isinstance(figures[i], (int, float)):
                figure = round(figures[i] * step)
                cells[2 * i], cells[2 * i + 1] = figure - int(lo), int(hi) - figure
        if any(c is not None for c in cells):
            bounds.setdefault(groep, {})[str(int(jaar))] = cells
        if part["_k"].any():
            small.setdefault(groep, {})[str(int(jaar))] = sorted(int(i) for i in part.loc[part["_k"], "_i"])
    return bounds, small


def _classes(series: dict, richting: str | None, decimalen: int) -> dict[str, dict[str, MapClasses]]:
    """Per group and year: the quintiles of that year's figures (every year uses all colours)."""
    return {groep: classes_by_year(by_year, decimalen, richting) for groep, by_year in series.items()}


RATE_DECIMALS = 1


def per_thousand(count: object, inhabitants: object) -> float | None:
    """A count per 1 000 inhabitants, rounded to one decimal (``None`` without both)."""
    rate = presentation.per_thousand(count, inhabitants)
    return None if rate is None else round_half_up(rate, RATE_DECIMALS)


def _rates(rows: pd.DataFrame, order: list[str], series: dict[str, dict[str, list]],
           inhabitants: Mapping[tuple[str, int], float]) -> dict[str, dict[str, list]]:
    """``{groep: {jaar: [count per 1 000 inhabitants per NIS]}}`` for the years that have inhabitants;
    geheim and fusie cells stay ``"g"``/``"f"`` (no rate), a published count without inhabitants ``None``."""
    years = {y for _, y in inhabitants}
    raw = _raw_counts(rows)
    rates: dict[str, dict[str, list]] = {}
    for groep, by_year in series.items():
        for jaar, cells in by_year.items():
            if int(jaar) not in years:
                continue
            counts = raw.get((groep, int(jaar)), {})
            rates.setdefault(groep, {})[jaar] = [
                c if isinstance(c, str) else
                per_thousand(counts.get(nis), inhabitants.get((nis, int(jaar)))) if c is not None else None
                for nis, c in zip(order, cells, strict=True)]
    return rates


def _raw_counts(rows: pd.DataFrame) -> dict[tuple[str, int], dict[str, float]]:
    """(groep, jaar) → NIS → the unrounded count (the rate divides the count itself, not its rounding)."""
    out: dict[tuple[str, int], dict[str, float]] = {}
    for g, j, n, v in zip(rows["groep"], rows["jaar"], rows["nis"].astype(str), rows["waarde"], strict=True):
        out.setdefault((str(g), int(j)), {})[n] = v
    return out


VERDICT_LETTERS = {model.HIGHER: "h", model.LOWER: "l", model.SIMILAR: "g"}


def _verdicts(rows: pd.DataFrame, order: list[str], groups: list[str]) -> dict[str, dict[str, str]]:
    """``{groep: {jaar: "hg-l…"}}``: two letters per gemeente (t.o.v. Vlaams Gewest, t.o.v. cluster)."""
    if "t_o_v_vlaanderen" not in rows.columns or rows["t_o_v_vlaanderen"].isna().all():
        return {}
    index = {nis: i for i, nis in enumerate(order)}
    published = rows["status"].isna() | rows["status"].isin(model.PUBLISHED)  # as normal_status
    rows = rows[rows["groep"].isin(groups) & published]
    pos = rows["nis"].astype(str).map(index).to_numpy(dtype=float)
    words = [rows[c].to_numpy(dtype=object) for c in ("t_o_v_vlaanderen", "t_o_v_cluster")]
    letters = [np.select([w == v for v in VERDICT_LETTERS], list(VERDICT_LETTERS.values()), "-") for w in words]
    out: dict[str, dict[str, str]] = {}
    for (groep, jaar), at in rows.groupby(["groep", "jaar"], sort=False).indices.items():
        at = at[~np.isnan(pos[at])]
        cells = np.full(2 * len(order), "-", dtype="<U1")
        where = pos[at].astype(int)
        cells[2 * where], cells[2 * where + 1] = letters[0][at], letters[1][at]
        text = "".join(cells.tolist())
        if text.strip("-"):
            out.setdefault(str(groep), {})[str(int(jaar))] = text
    return out


def _js_id(text: str) -> str:
    """A deterministic JavaScript identifier / element id part from a code."""
    return re.sub(r"\W", "_", text.lower()) or "x"


def _json(data: object) -> str:
    """Compact JSON, safe inside ``<script>`` (no ``</script>`` break-out)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def compact(config: dict) -> dict:
    """The configuration without its empty parts (``null``, ``{}``): liim.js starts from those."""
    return {k: v for k, v in config.items() if v is not None and v != {}}


def _render_map(element_id: str, config: dict, label: str) -> str:
    """The map's box plus a script that has liim.js draw it (inline SVG) once the page is loaded."""
    box = f"kaart-{element_id}-vlak"
    return (
        f'<div class="liim-kaart__kaart" role="region" aria-label="{html.escape(label)}">'
        f'<div class="liim-kaart__vlak" id="{box}"></div></div>\n'
        '<script>document.addEventListener("DOMContentLoaded",function(){'
        f'LIIM.choropleth("{box}",{_json(compact(config))});'
        "});</script>"
    )


def _select(element_id: str, label: str, options: list[tuple[str, str]], selected: str, kind: str) -> str:
    """A labelled ``<select>`` that liim.js listens to (``data-liim=<kind>``)."""
    items = "".join(
        f'<option value="{html.escape(v)}"{" selected" if v == selected else ""}>{html.escape(t)}</option>'
        for v, t in options
    )
    return (
        f'<label for="{element_id}">{html.escape(label)}</label> '
        f'<select id="{element_id}" data-liim="{kind}">{items}</select>'
    )


TILES_ENV, TILES_SOURCE_ENV = "LIIM_KAARTTEGELS", "LIIM_KAARTTEGELS_BRON"


def base_tiles() -> dict | None:
    """Optional base map tiles, off by default (the site then loads nothing from other hosts):
    ``LIIM_KAARTTEGELS`` is a tile URL template, ``LIIM_KAARTTEGELS_BRON`` its attribution."""
    url = os.environ.get(TILES_ENV, "").strip()
    return {"url": url, "bron": os.environ.get(TILES_SOURCE_ENV, "").strip()} if url else None


def shared_map_texts() -> dict:
    """The labels, colours, attribution, bounds, rate format and legend words every map shares:
    liim.js holds the same values (``MAP_SHARED``; tests/test_maps.py checks they agree), so no
    page repeats them."""
    return {
        "attribution": f"Grenzen: {BOUNDARY_SOURCE}",
        "bounds": [list(corner) for corner in FLANDERS_BOUNDS],
        "rateFmt": {"d": RATE_DECIMALS, "unit": ""}, "rateUnit": RATE_UNIT, "legend": dict(SHARED_LEGEND),
        "colours": {"nodata": NO_DATA_COLOUR, "secret": SECRET_COLOUR, "merger": MERGER_COLOUR},
        "labels": {"g": model.STATUS_LABELS[model.STATUS_SECRET],
                   "f": model.STATUS_LABELS[model.STATUS_MERGER],
                   "n": model.STATUS_LABELS[model.STATUS_MISSING],
                   "v": model.STATUS_LABELS[model.STATUS_PROVISIONAL], "k": SMALL_NUMBER,
                   "goto": "Naar de pagina van ",
                   "error": "De kaart kon niet geladen worden. De cijfers staan in de tabel."},
    }


def _base_config(order: list[str], gemeenten: Mapping[str, model.Gemeente], geometry_url: str,
                 provinces_url: str | None, page_to_root: str) -> dict:
    """The part of a map's configuration every map shares (geometry, gemeenten; the constant labels,
    colours and attribution are liim.js's own, see ``shared_map_texts``);
    ``nis`` and ``slug`` give the gemeente of each array index (``leave_to_table`` drops them)."""
    return {
        "geometry": geometry_url, "provinces": provinces_url, "root": page_to_root,
        "nis": order, "slug": [gemeenten[n].slug for n in order],
        "tiles": base_tiles(),
    }


SPLIT_KEYS = ("series", "voorlopig", "interval", "klein", "classes", "rates", "oordeel")  # per group × year


def split_series(config: dict, series_url: str) -> dict:
    """Keep the first view (first group, newest year) in the page; return every series, with its
    marks, intervals, classes, rates and verdicts, for a file at ``series_url``, fetched when a
    visitor switches year or group (the table of the first view is in the page already)."""
    first, newest = config["groups"][0], config["years"][0]
    everything = {key: config[key] for key in SPLIT_KEYS if config.get(key)}
    for key in SPLIT_KEYS:
        part = config.get(key, {}).get(first, {}).get(newest)
        config[key] = {first: {newest: part}} if key != "oordeel" and (part or key == "series") else {}
    config["seriesUrl"] = series_url
    return everything


TABLE_KEYS = ("series", "voorlopig", "interval", "klein", "rates", "oordeel")  # what the table of a view says


def leave_to_table(config: dict) -> None:
    """Drop from the map's configuration what the indicator page's tables already say: the first view's
    figures, marks, intervals, rates and verdicts (liim.js reads them from the table of all gemeenten,
    whose rows follow ``nis_order``), the slugs (its links), ``nis`` (liim.js matches the rows to the
    shared geometry's features by name) and the Flemish headlines (the table "Vlaams Gewest per jaar").
    ``tableRates``: whether the first view colours a count per 1 000 inwoners (its table column)."""
    first, newest = (config["groups"] or [""])[0], (config["years"] or [""])[0]
    config["tableRates"] = bool(config.get("rates", {}).get(first, {}).get(newest))
    for key in TABLE_KEYS:
        by_group = {g: {y: v for y, v in years.items() if (g, y) != (first, newest)}
                    for g, years in (config.get(key) or {}).items()}
        config[key] = {g: years for g, years in by_group.items() if years}
    for key in ("nis", "slug"):
        config.pop(key, None)


def _controls(key: str, years: list[int], groups: list[str], labels: dict[str, str]) -> list[str]:
    """The year switch, and the group switch when there is more than one group."""
    controls = [_select(f"kaart-{key}-jaar", "Jaar", [(str(y), str(y)) for y in years],
                        str(years[0]) if years else "", "jaar")]
    if len(groups) > 1:
        controls.append(_select(f"kaart-{key}-groep", "Groep", [(g, labels.get(g, g)) for g in groups],
                                groups[0], "groep"))
    return controls


def _figures(indicator: Any, rows: pd.DataFrame, order: list[str], groups: list[str],
             inhabitants: Mapping[tuple[str, int], float] | None) -> dict:
    """Everything per group × year a map draws: figures, marks, intervals, rates, classes, verdicts."""
    decimalen = decimals_of(indicator)
    series, provisional = _series(rows, order, groups, decimalen)
    bounds, small = _uncertainty(rows, order, series, decimalen)
    counted = getattr(indicator, "soort", "") == "aantal"
    rates = _rates(rows, order, series, inhabitants) if counted and inhabitants else {}
    richting = getattr(indicator, "richting", None)
    classes = _classes(rates, richting, RATE_DECIMALS) if counted else _classes(series, richting, decimalen)
    return {"series": series, "voorlopig": provisional, "interval": bounds, "klein": small, "rates": rates,
            "classes": {g: {y: c.config() for y, c in by.items()} for g, by in classes.items()},
            "oordeel": _verdicts(rows, order, groups), "count": counted, "_classes": classes}


FIGURE_COLUMNS = ("nis", "jaar", "groep", "waarde", "status", "ondergrens", "bovengrens", "klein_aantal",
                  "t_o_v_vlaanderen", "t_o_v_cluster")


def figure_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``rows`` that ``_figures`` reads (``FIGURE_COLUMNS``, those present): the memo's
    key is then not spent on names and comparison figures the map does not show."""
    return rows[[c for c in FIGURE_COLUMNS if c in rows.columns]]


def _first_view(figures: dict, rows: pd.DataFrame, groups: list[str], years: list[str],
                labels: dict[str, str]) -> dict:
    """The view the page opens with (first group, newest year), for the legend drawn in the page."""
    group, year = (groups or [""])[0], (years or [""])[0]
    classes = figures["_classes"].get(group, {}).get(year)
    return {"group": group, "year": year, "label": labels.get(group, group) if len(groups) > 1 else "",
            "classes": classes if classes and classes.breaks else None, "statuses": view_statuses(rows, group, year),
            "circles": figures["count"] and year not in figures["rates"].get(group, {}),
            "small": bool(figures["klein"].get(group, {}).get(year))}


def indicator_map_html(indicator: Any, rows: pd.DataFrame, gemeenten: dict[str, model.Gemeente],
                       geometry_url: str, provinces_url: str | None, page_to_root: str,
                       series_url: str | None = None, lazy: dict | None = None,
                       inhabitants: Mapping[tuple[str, int], float] | None = None,
                       table_view: bool = False, memo: Memo = compute) -> str:
    """The map fragment of an indicator page: switches, map, legend, embedded figures.

    With ``series_url`` only the first view is embedded; every group and year is put in
    ``lazy`` (a dict the caller writes as JSON at that URL), fetched when a visitor
    switches — the page stays small for the common view. ``inhabitants`` ((nis, jaar) →
    inwoners) colours a count per 1 000 inwoners. ``table_view``: the page's tables carry the
    first view, the slugs and the Flemish headlines liim.js shows per year and group
    (``leave_to_table``). ``memo``: the figures of an indicator whose rows are unchanged come
    from the previous build (``memo.py``).
    """
    key, order = _js_id(indicator.code), nis_order(gemeenten)
    rows = rows[rows["nis"].astype(str).isin(set(order))]
    groups, labels = _groups(indicator, rows), group_labels(indicator)
    years = [str(y) for y in sorted({int(y) for y in rows["jaar"].unique()}, reverse=True)]
    figures = memo(_figures, indicator, figure_columns(rows), order, groups, inhabitants)
    texts = legend_texts(indicator, bool(figures["rates"]))
    config = _base_config(order, gemeenten, geometry_url, provinces_url, page_to_root) | {
        "naam": indicator.naam, "fmt": {"d": decimals_of(indicator), "unit": unit_of(indicator)},
        "years": years, "groups": groups, "groupLabels": {g: labels.get(g, g) for g in groups},
        "controls": f"kaart-{key}",
        "legend": {k: v for k, v in texts.items() if SHARED_LEGEND.get(k) != v},
    } | {k: v for k, v in figures.items() if not k.startswith("_")}
    legend = legend_html(f"kaart-{key}", _first_view(figures, rows, groups, years, labels),
                          texts, RATE_DECIMALS if figures["rates"] else decimals_of(indicator))
    if series_url and groups and years and (len(groups) > 1 or len(years) > 1):
        (lazy if lazy is not None else {}).update(split_series(config, series_url))
    if table_view:
        leave_to_table(config)
    controls = _controls(key, [int(y) for y in years], groups, labels)
    label = f"Kaart van Vlaanderen per gemeente: {indicator.naam}"
    return (
        f'<div class="liim-kaart" id="kaart-{key}">\n'
        f'<div class="liim-kaart__keuze">{" ".join(controls)}</div>\n'
        f"{_render_map(key, config, label)}\n"
        f"{legend}\n"
        '<p class="liim-kaart__alternatief">Dezelfde cijfers staan in de tabel op deze pagina.</p>\n'
        "</div>\n"
    )


def overview_map_html(gemeenten: dict[str, model.Gemeente], geometry_url: str,
                      provinces_url: str | None, page_to_root: str) -> str:
    """The home page map: all gemeenten in one colour, a click opens the gemeente page."""
    config = _base_config(nis_order(gemeenten), gemeenten, geometry_url, provinces_url,
                          page_to_root) | {"overview": OVERVIEW_COLOUR, "controls": "kaart-overzicht"}
    label = "Kaart van de Vlaamse gemeenten: klik op een gemeente om haar pagina te openen"
    return (
        '<div class="liim-kaart liim-kaart--overzicht" id="kaart-overzicht">\n'
        f"{_render_map('overzicht', config, label)}\n"
        '<p class="liim-kaart__alternatief">Alle gemeenten staan ook in de '
        f'<a href="{page_to_root}gemeenten/">lijst van gemeenten</a>.</p>\n'
        "</div>\n"
    )


def themes_markdown(catalogue: Any) -> str:
    """Entry cards per theme for the home page (links relative to ``index.md``; theme codes are slugs)."""
    cards = []
    for theme in catalogue.themes:
        names = [i.naam for i in catalogue.by_theme(theme.code)]
        summary = f"{len(names)} indicator{'en' if len(names) != 1 else ''}"
        cards.append(f"-   **[{theme.naam}](themas/{theme.code}.md)**\n\n    ---\n\n    {summary}: "
                     f"{', '.join(names[:3])}{' …' if len(names) > 3 else ''}\n")
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


PLACEHOLDER_SNIPPETS = {  # written by other stages; placeholders keep `mkdocs serve` working
    "beschikbaarheid.md": "_De beschikbaarheidstabel wordt bij de volgende build gemaakt._\n",
    "downloads-lijst.md": "_De lijst met downloads wordt bij de volgende build gemaakt._\n",
    "demo-melding.md": "",  # render.write_demo_notice: the warning on a demo build only
}


def write_snippets(catalogue: Any, gemeenten: dict[str, model.Gemeente], snippets_dir: Path) -> list[Path]:
    """Write the home page snippets (and placeholders for snippets other stages own)."""
    snippets_dir.mkdir(parents=True, exist_ok=True)
    texts = {
        "gemeente-zoeker.html": finder.finder_html(gemeenten),
        "home-map.html": overview_map_html(gemeenten, paths.GEOMETRY_ASSET, None, ""),
        "themas.md": themes_markdown(catalogue),
    }
    written = []
    for name, text in texts.items():
        (snippets_dir / name).write_text(text, encoding="utf-8")
        written.append(snippets_dir / name)
    for name, text in PLACEHOLDER_SNIPPETS.items():
        if not (snippets_dir / name).exists():
            (snippets_dir / name).write_text(text, encoding="utf-8")
            written.append(snippets_dir / name)
    return written
