"""Map classes and legends: one rule for the web maps (``maps.py``) and the SVG maps (downloads).

A map colours the rounded figure of every gemeente whose figure is shown
(``classed_value``). The web map's classes of one indicator × group × year are
quintiles of that year's figures (``classes_by_year``), so every year spreads its
gemeenten over all colours; darker means higher, and the palette follows the
indicator's direction (``richting``). The SVG maps of the downloads still call
``map_classes`` on the values they are given. The legend lists the classes ("van – tot",
then "meer dan … tot en met …") and the special fills that occur, always ending
with "geen gegevens". ``liim.js`` applies the same classes in the browser.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import mapclassify
import numpy as np

from .formatting import is_missing, round_half_up
from .model import STATUS_MERGER, STATUS_MISSING, STATUS_SECRET

# ColorBrewer 5-class sequential palettes (colour-blind safe), light → dark.
ALARM_PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")    # YlOrRd
GOOD_PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")     # YlGnBu
NEUTRAL_PALETTE = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f")  # Purples
NO_DATA_COLOUR = "#e0e0e0"   # "geen gegevens": light grey
SECRET_COLOUR = "#555555"    # geheim: dark hatching on white
MERGER_COLOUR = "#8c6d31"    # fusie: brown dots on white
N_CLASSES = 5


def palette_for(richting: str | None) -> tuple[str, ...]:
    """Light → dark colours for classes low → high, following the indicator's direction.

    ``lager-beter``: high values in the alarm colour (dark red); ``hoger-beter``:
    high values in the good colour (dark blue); anything else: a neutral purple.
    """
    if richting == "lager-beter":
        return ALARM_PALETTE
    if richting == "hoger-beter":
        return GOOD_PALETTE
    return NEUTRAL_PALETTE


def class_breaks(values: Iterable[float], decimalen: int, k: int = N_CLASSES) -> list[float]:
    """Upper bounds of at most ``k`` quantile classes, rounded to ``decimalen``."""
    return _breaks(np.array([float(v) for v in values if not is_missing(v)], dtype=float), decimalen, k)


def _breaks(data: np.ndarray, decimalen: int, k: int = N_CLASSES) -> list[float]:
    """``class_breaks`` of finite figures already in an array."""
    if data.size == 0:
        return []
    k = min(k, len(np.unique(data)))
    if k <= 1:
        return [round_half_up(float(data.max()), decimalen)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bins = mapclassify.classifiers.quantile(data, k=k)  # = mapclassify.Quantiles(data, k).bins
    return sorted({round_half_up(float(b), decimalen) for b in bins})


def class_colours(richting: str | None, n: int) -> list[str]:
    """``n`` colours spread over the direction's palette (darkest always last)."""
    palette = palette_for(richting)
    if n <= 1:
        return [palette[-1]] * n
    last = len(palette) - 1
    return [palette[round(i * last / (n - 1))] for i in range(n)]


def classed_value(value: object, status: str, decimalen: int) -> float | None:
    """The rounded figure a map colours; ``None`` for geheim, fusie, ontbreekt or no figure."""
    if status in (STATUS_SECRET, STATUS_MERGER, STATUS_MISSING) or is_missing(value):
        return None
    return round_half_up(float(value), decimalen)  # type: ignore[arg-type]


@dataclass(frozen=True)
class MapClasses:
    """The classes of one map: lowest figure, upper bound and colour per class."""

    lowest: float | None
    breaks: list[float]
    colours: list[str]

    def colour(self, value: float) -> str:
        """The web map's rule (liim.js): the first class whose upper bound is not exceeded."""
        for bound, colour in zip(self.breaks, self.colours, strict=True):
            if value <= bound:
                return colour
        return self.colours[-1]

    def config(self) -> dict:
        """The classes as liim.js reads them from a map's configuration."""
        return {"min": self.lowest, "breaks": self.breaks, "colours": self.colours}


def map_classes(values: Iterable[float], decimalen: int, richting: str | None) -> MapClasses:
    """Quantile classes over ``values``, on figures rounded to ``decimalen``."""
    rounded = [round_half_up(float(v), decimalen) for v in values]
    breaks = class_breaks(rounded, decimalen)
    lowest = min(rounded) if rounded else None
    return MapClasses(lowest, breaks, class_colours(richting, len(breaks)))


def classes_by_year(by_year: dict[str, list], decimalen: int, richting: str | None) -> dict[str, MapClasses]:
    """Per year: quantile classes over that year's figures only (cells that are not numbers are skipped)."""
    out = {}
    for year, cells in by_year.items():  # cells are rounded already: no second rounding
        data = np.array([v for v in cells if isinstance(v, (int, float)) and not isinstance(v, bool)], dtype=float)
        breaks = _breaks(data, decimalen)
        lowest = float(data.min()) if data.size else None
        out[year] = MapClasses(lowest, breaks, class_colours(richting, len(breaks)))
    return out


def class_legend(classes: MapClasses, fmt: Callable[[float], str]) -> list[tuple[str, str]]:
    """(colour, label) per class: "van – tot" first, then "meer dan … tot en met …"."""
    items, lower = [], classes.lowest
    for i, (upper, colour) in enumerate(zip(classes.breaks, classes.colours, strict=True)):
        low, high = fmt(lower), fmt(upper)  # type: ignore[arg-type]
        items.append((colour, f"{low} – {high}" if i == 0 else f"meer dan {low} tot en met {high}"))
        lower = upper
    return items


def special_legend(statuses: Iterable[str]) -> list[str]:
    """The statuses a legend lists after the classes: geheim and fusie if they occur, then ontbreekt."""
    present = set(statuses)
    return [s for s in (STATUS_SECRET, STATUS_MERGER) if s in present] + [STATUS_MISSING]
