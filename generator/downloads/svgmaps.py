"""SVG maps: the newest year of each indicator's first group (totaal), as a standalone file.

The same classes and legend as the web map (``classes.py``), with the figures of
``liim-data.csv``; geheim is hatched, fusie brown, no figure grey. A source line
names the indicator's source and the boundaries.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import geopandas
import pandas as pd

from ..catalogue import Catalogue, Indicator
from ..classes import (
    MERGER_COLOUR,
    NO_DATA_COLOUR,
    SECRET_COLOUR,
    MapClasses,
    class_legend,
    classed_value,
    map_classes,
    special_legend,
)
from ..formatting import decimals_of, format_figure, unit_of
from ..model import STATUS_LABELS, STATUS_MERGER, STATUS_MISSING, STATUS_SECRET, Gemeente
from ..presentation import BOUNDARY_SOURCE
from ..webgeometry import choropleth_svg
from .cache import ReportCache, cached_file
from .opendata import indicator_parts

SECRET_PATTERN_ID = "liim-geheim"
SPECIAL_FILLS = {STATUS_SECRET: f"url(#{SECRET_PATTERN_ID})", STATUS_MERGER: MERGER_COLOUR,
                 STATUS_MISSING: NO_DATA_COLOUR}


def write_indicator_maps(catalogue: Catalogue, table: pd.DataFrame, gemeenten: dict[str, Gemeente],
                         geometry: geopandas.GeoDataFrame, folder: Path, cache: ReportCache | None = None) -> list[Path]:
    """``<slug>.svg`` per indicator with rows: its newest map on today's ``geometry``; from ``cache``
    when the indicator, its rows, the gemeenten and the geometry are those of the previous build."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    common = map_inputs(gemeenten, geometry) if cache else b""
    for ind, rows in indicator_parts(catalogue, table):
        target = folder / f"{ind.slug}.svg"
        write_map(target, ind, rows, gemeenten, geometry, cache, common)
        written.append(target)
    return written


def write_map(target: Path, ind: Indicator, rows: pd.DataFrame, gemeenten: dict[str, Gemeente],
              geometry: geopandas.GeoDataFrame, cache: ReportCache | None, common: bytes) -> None:
    """One indicator's map at ``target`` (``common``: ``map_inputs``, hashed once for all maps)."""
    cached_file(cache, "indicator-svg", lambda: common + map_rows(ind, rows), target,
                lambda: target.write_text(indicator_map_svg(ind, rows, gemeenten, geometry), encoding="utf-8"))


def map_inputs(gemeenten: dict[str, Gemeente], geometry: geopandas.GeoDataFrame) -> bytes:
    """What every map is drawn on: the gemeenten and the geometry (hashed)."""
    digest = hashlib.sha256(repr(sorted(gemeenten.items())).encode())
    digest.update(pd.util.hash_pandas_object(pd.DataFrame(geometry.drop(columns="geometry")), index=True)
                  .to_numpy().tobytes())
    for shape in geometry.geometry.to_wkb():
        digest.update(shape)
    return digest.digest()


def map_rows(ind: Indicator, rows: pd.DataFrame) -> bytes:
    """What one indicator's map is drawn from: the indicator and its rows' nis, jaar, groep, waarde, status."""
    part = pd.DataFrame(rows[["nis", "jaar", "groep", "waarde", "status"]])
    hashed = pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes()
    return hashlib.sha256(hashed).digest() + repr((ind, list(part.dtypes.astype(str)))).encode()


def indicator_map_svg(ind: Indicator, rows: pd.DataFrame, gemeenten: dict[str, Gemeente],
                      geometry: geopandas.GeoDataFrame) -> str:
    """The newest year's map of the first group (totaal), as a standalone SVG."""
    rows = rows[(rows["groep"] == ind.group_codes[0]) & rows["nis"].isin(set(gemeenten))]
    decimalen = decimals_of(ind)
    shown = (classed_value(v, s, decimalen) for v, s in zip(rows["waarde"], rows["status"], strict=True))
    classes = map_classes([v for v in shown if v is not None], decimalen, ind.richting)
    newest = rows[rows["jaar"] == rows["jaar"].max()]
    year = int(newest["jaar"].iloc[0]) if len(newest) else ""
    unit = unit_of(ind)
    title = f"{ind.code} {ind.naam}{f' (in {unit})' if unit else ''}, {year}"
    legend = class_legend(classes, lambda v: format_figure(v, ind))
    legend += [(SPECIAL_FILLS[s], STATUS_LABELS[s]) for s in special_legend(newest["status"])]
    svg = choropleth_svg(geometry, map_fills(newest, classes, decimalen), title, legend)
    return with_source_line(with_secret_pattern(svg), f"Bron: {ind.bron}. Grenzen: {BOUNDARY_SOURCE}.")


def map_fills(newest: pd.DataFrame, classes: MapClasses, decimalen: int) -> dict[str, str]:
    """nis → fill for the newest year; gemeenten without a figure stay out (grey)."""
    fills = {}
    for nis, value, status in zip(newest["nis"], newest["waarde"], newest["status"], strict=True):
        shown = classed_value(value, status, decimalen)
        if status in (STATUS_SECRET, STATUS_MERGER):
            fills[nis] = SPECIAL_FILLS[status]
        elif shown is not None:
            fills[nis] = classes.colour(shown)
    return fills


def with_secret_pattern(svg: str) -> str:
    """Add the hatching pattern used for geheim (dark lines on white) right after <title>."""
    pattern = (f'<defs><pattern id="{SECRET_PATTERN_ID}" patternUnits="userSpaceOnUse" width="5" '
               'height="5" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff" '
               f'style="stroke:none"/><rect width="2" height="5" fill="{SECRET_COLOUR}" '
               'style="stroke:none"/></pattern></defs>')
    head, sep, tail = svg.partition("</title>")
    return head + sep + pattern + tail


def with_source_line(svg: str, text: str) -> str:
    """Append a source line below the legend, growing the SVG's height by one line."""
    match = re.search(r'viewBox="0 0 (\d+) (\d+)" width="\d+" height="(\d+)"', svg)
    if match is None:
        raise ValueError("onverwachte SVG-kop: bronregel niet toe te voegen")
    width, height = int(match.group(1)), int(match.group(2))
    new_head = f'viewBox="0 0 {width} {height + 18}" width="{width}" height="{height + 18}"'
    line = f'<text x="4" y="{height + 10}" font-size="11">{_xml(text)}</text>'
    svg = svg[:match.start()] + new_head + svg[match.end():]
    return svg[: -len("</svg>")] + line + "</svg>"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
