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
lower bound and up to the rounded upper bound of its 95 % interval (``null`` without).

Folium builds the Leaflet map object (``tiles=None``, deterministic ids); we
render only its html and script parts, never folium's header with CDN links:
Leaflet itself comes from the vendored copy in ``extra_javascript``.
"""
from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
from jinja2 import Template

from . import finder, model, paths
from .catalogue_rules import SMALL_NOEMER
from .classes import (
    MERGER_COLOUR,
    NO_DATA_COLOUR,
    SECRET_COLOUR,
    MapClasses,
    class_legend,
    classed_value,
    map_classes,
    special_legend,
)
from .formatting import decimals_of, format_number, unit_of
from .presentation import BOUNDARY_SOURCE, SMALL_NUMBER, group_labels, normal_status, ordered_groups

OVERVIEW_COLOUR = "#c6dbef"
FLANDERS_CENTER = (51.04, 4.24)
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


def _classes(series: dict, richting: str | None, decimalen: int) -> dict[str, MapClasses]:
    """Per group: classes over all years (comparable colours across years)."""
    result = {}
    for groep, by_year in series.items():
        values = [v for cells in by_year.values() for v in cells if isinstance(v, (int, float))]
        result[groep] = map_classes(values, decimalen, richting)
    return result


def _js_id(text: str) -> str:
    """A deterministic JavaScript identifier / element id part from a code."""
    return re.sub(r"\W", "_", text.lower()) or "x"


def _json(data: object) -> str:
    """Compact JSON, safe inside ``<script>`` (no ``</script>`` break-out)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class SharedGeometryChoropleth(folium.MacroElement):
    """Calls ``LIIM.choropleth(map, config)`` from liim.js; the geometry is fetched, not embedded."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "LIIM.choropleth({{ this._parent.get_name() }},{{ this.config_json }});"
        "{% endmacro %}"
    )

    def __init__(self, config: dict, element_id: str) -> None:
        super().__init__()
        self._name = "SharedGeometryChoropleth"
        self._id = element_id
        self.config_json = _json(config)


def _render_map(element_id: str, config: dict, label: str) -> str:
    """The map div plus a script that runs once the vendored Leaflet and liim.js are loaded."""
    fmap = folium.Map(
        location=FLANDERS_CENTER, zoom_start=8, tiles=None, min_zoom=7, max_zoom=13,
        zoom_snap=0.25, width="100%", height="100%",
    )
    fmap._id = element_id
    SharedGeometryChoropleth(config, element_id).add_to(fmap)
    figure: Any = fmap.get_root()  # a branca Figure (html, script)
    figure.render()
    map_div = figure.html.render().strip()
    script = " ".join(line.strip() for line in figure.script.render().splitlines() if line.strip())
    return (
        f'<div class="liim-kaart__kaart" role="region" aria-label="{html.escape(label)}">'
        f"{map_div}</div>\n"
        '<script>document.addEventListener("DOMContentLoaded",function(){'
        f"{script}"
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


def _swatch(css_class: str, label: str, colour: str = "", hatched: bool = False) -> str:
    style = f' style="background{"-color" if hatched else ""}:{colour}"' if colour else ""
    return (f'<li><span class="liim-swatch {css_class}"{style} aria-hidden="true"></span>'
            f"{html.escape(label)}</li>")


SWATCH_CLASSES = {model.STATUS_SECRET: "liim-swatch--geheim", model.STATUS_MERGER: "liim-swatch--fusie",
                  model.STATUS_MISSING: "liim-swatch--geen"}


def _legend_items(classes: MapClasses, indicator: object) -> list[str]:
    """One list item per class: "van – tot" with Dutch figures (the unit is in the title)."""
    decimalen = decimals_of(indicator)
    return [_swatch("", text, colour)
            for colour, text in class_legend(classes, lambda v: format_number(v, decimalen))]


def _legend_html(element_id: str, groups: list[str], classes: dict[str, MapClasses], statuses: dict,
                 indicator: Any, small: Collection[str] = ()) -> str:
    """One legend per group (only the selected one visible): class breaks + special swatches."""
    unit, labels = unit_of(indicator), group_labels(indicator)
    title = "Legende" + (f" (in {unit})" if unit else "")
    blocks = []
    for n, groep in enumerate(groups):
        items = _legend_items(classes[groep], indicator) or ["<li>Geen cijfers voor deze groep.</li>"]
        items += [_swatch(SWATCH_CLASSES[status], model.STATUS_LABELS[status])
                  for status in special_legend(statuses.get(groep, ()))]
        if groep in small:
            colours = classes[groep].colours
            items.append(_swatch("liim-swatch--klein", small_legend(indicator),
                                 colours[len(colours) // 2] if colours else "", hatched=True))
        hidden = " hidden" if n else ""
        blocks.append(
            f'<div class="liim-legende" data-groep="{html.escape(groep)}"{hidden}>'
            f'<p class="liim-legende__titel">{title}{": " + html.escape(labels.get(groep, groep)) if len(groups) > 1 else ""}</p>'
            f'<ul>{"".join(items)}</ul></div>'
        )
    note = ('<p class="liim-legende__uitleg">Klassen: kwintielen over alle jaren samen, '
            "zodat dezelfde kleur in elk jaar hetzelfde betekent.</p>")
    return f'<div class="liim-legenden" id="{element_id}-legende">{"".join(blocks)}{note}</div>'


def small_legend(indicator: object) -> str:
    """The legend line of the hatching: a figure with a small noemer."""
    threshold = getattr(indicator, "klein_aantal", None) or SMALL_NOEMER
    return f"{SMALL_NUMBER} (gearceerd): noemer kleiner dan {threshold}, het cijfer schommelt sterk door toeval"


def _statuses(rows: pd.DataFrame) -> dict[str, set[str]]:
    return {str(g): {normal_status(s) for s in part["status"]} for g, part in rows.groupby("groep")}


TILES_ENV, TILES_SOURCE_ENV = "LIIM_KAARTTEGELS", "LIIM_KAARTTEGELS_BRON"


def base_tiles() -> dict | None:
    """Optional base map tiles, off by default (the site then loads nothing from other hosts):
    ``LIIM_KAARTTEGELS`` is a tile URL template, ``LIIM_KAARTTEGELS_BRON`` its attribution."""
    url = os.environ.get(TILES_ENV, "").strip()
    return {"url": url, "bron": os.environ.get(TILES_SOURCE_ENV, "").strip()} if url else None


def _base_config(order: list[str], gemeenten: Mapping[str, model.Gemeente], geometry_url: str,
                 provinces_url: str | None, page_to_root: str) -> dict:
    """The part of a map's configuration every map shares (geometry, gemeenten, colours, labels)."""
    return {
        "geometry": geometry_url, "provinces": provinces_url, "root": page_to_root,
        "nis": order, "slug": [gemeenten[n].slug for n in order],
        "bounds": FLANDERS_BOUNDS,
        "attribution": f"Grenzen: {BOUNDARY_SOURCE}",
        "tiles": base_tiles(),
        "colours": {"nodata": NO_DATA_COLOUR, "secret": SECRET_COLOUR, "merger": MERGER_COLOUR},
        "labels": {"g": model.STATUS_LABELS[model.STATUS_SECRET],
                   "f": model.STATUS_LABELS[model.STATUS_MERGER],
                   "n": model.STATUS_LABELS[model.STATUS_MISSING],
                   "v": model.STATUS_LABELS[model.STATUS_PROVISIONAL], "k": SMALL_NUMBER,
                   "error": "De kaart kon niet geladen worden. De cijfers staan in de tabel."},
    }


SPLIT_KEYS = ("series", "voorlopig", "interval", "klein")  # per group and year: in the page or fetched


def split_series(config: dict, series_url: str) -> dict:
    """Keep the first view (first group, newest year) in the page; return every series, with its
    marks and intervals, for a file at ``series_url``, fetched when a visitor switches year or group."""
    first, newest = config["groups"][0], config["years"][0]
    everything = {key: config[key] for key in SPLIT_KEYS}
    for key in SPLIT_KEYS:
        part = config[key].get(first, {}).get(newest)
        config[key] = {first: {newest: part}} if part or key == "series" else {}
    config["seriesUrl"] = series_url
    return everything


def _controls(key: str, years: list[int], groups: list[str], labels: dict[str, str]) -> list[str]:
    """The year switch, and the group switch when there is more than one group."""
    controls = [_select(f"kaart-{key}-jaar", "Jaar", [(str(y), str(y)) for y in years],
                        str(years[0]) if years else "", "jaar")]
    if len(groups) > 1:
        controls.append(_select(f"kaart-{key}-groep", "Groep", [(g, labels.get(g, g)) for g in groups],
                                groups[0], "groep"))
    return controls


def indicator_map_html(indicator: Any, rows: pd.DataFrame, gemeenten: dict[str, model.Gemeente],
                       geometry_url: str, provinces_url: str | None, page_to_root: str,
                       series_url: str | None = None, lazy: dict | None = None) -> str:
    """The map fragment of an indicator page: switches, map, legend, embedded figures.

    With ``series_url`` only the first group is embedded; the other groups are put in
    ``lazy`` (a dict the caller writes as JSON at that URL), fetched when a visitor
    switches group — the page stays small for the common view.
    """
    key = _js_id(indicator.code)
    decimalen = decimals_of(indicator)
    order = nis_order(gemeenten)
    rows = rows[rows["nis"].astype(str).isin(set(order))]
    groups = _groups(indicator, rows)
    series, provisional = _series(rows, order, groups, decimalen)
    bounds, small = _uncertainty(rows, order, series, decimalen)
    years = sorted({int(y) for y in rows["jaar"].unique()}, reverse=True)
    classes, labels = _classes(series, getattr(indicator, "richting", None), decimalen), group_labels(indicator)
    config = _base_config(order, gemeenten, geometry_url, provinces_url, page_to_root) | {
        "naam": indicator.naam, "fmt": {"d": decimalen, "unit": unit_of(indicator)},
        "years": [str(y) for y in years], "groups": groups, "series": series,
        "groupLabels": {g: labels.get(g, g) for g in groups},
        "voorlopig": provisional, "interval": bounds, "klein": small,
        "classes": {g: c.config() for g, c in classes.items()},
        "controls": f"kaart-{key}",
    }
    legend = _legend_html(f'kaart-{key}', groups, classes, _statuses(rows), indicator, set(small))
    if series_url and groups and years and (len(groups) > 1 or len(years) > 1):
        (lazy if lazy is not None else {}).update(split_series(config, series_url))
    controls = _controls(key, years, groups, labels)
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
