"""The HTML legend of a web map's first view (liim.js writes the same for another year or group):
the year's classes with their unit, the special swatches that occur, and what the colours mean."""
from __future__ import annotations

import html
from typing import Any

import pandas as pd

from . import model
from .catalogue_rules import SMALL_NOEMER
from .classes import class_legend, special_legend
from .formatting import format_number, unit_of
from .presentation import SMALL_NUMBER, normal_status

RATE_UNIT = "per 1\u202f000 inwoners"
# The words every legend shares (liim.js holds them too: maps.shared_map_texts)
SHARED_LEGEND = {"title": "Legende",
                 "circles": "Cirkels: de oppervlakte is evenredig met het aantal (geen inwonersaantal voor {jaar}).",
                 "empty": "Geen cijfers voor dit jaar en deze groep.",
                 "note": "Klassen: kwintielen van de cijfers van {jaar}; donkerder = hoger."}


def _swatch(css_class: str, label: str, colour: str = "", hatched: bool = False) -> str:
    style = f' style="background{"-color" if hatched else ""}:{colour}"' if colour else ""
    return (f'<li><span class="liim-swatch {css_class}"{style} aria-hidden="true"></span>'
            f"{html.escape(label)}</li>")


SWATCH_CLASSES = {model.STATUS_SECRET: "liim-swatch--geheim", model.STATUS_MERGER: "liim-swatch--fusie",
                  model.STATUS_MISSING: "liim-swatch--geen"}


def legend_texts(indicator: Any, rates: bool) -> dict[str, str]:
    """The words of a legend (liim.js writes the same for another year or group)."""
    unit = RATE_UNIT if rates else {"%": "in %", "‰": "in ‰", "€": "in euro"}.get(unit_of(indicator), "")
    what = "het aantal per 1\u202f000 inwoners (inwoners: alle inwoners op 1 januari, noemer van D1)" if rates \
        else "de cijfers"
    return SHARED_LEGEND | {"unit": f"({unit})" if unit else "",
                            "note": f"Klassen: kwintielen van {what} van {{jaar}}; donkerder = hoger.",
                            "small": small_legend(indicator)}


def legend_html(element_id: str, view: dict, texts: dict[str, str], decimalen: int) -> str:
    """The legend of the first view (liim.js redraws it for another year or group): the year's classes
    with their unit, the special swatches that occur, and what the colours mean."""
    classes, year, group = view["classes"], view["year"], view["label"]
    items = [_swatch("", text, colour) for colour, text in
             class_legend(classes, lambda v: format_number(v, decimalen))] if classes else []
    if view["circles"]:
        items = [_swatch("liim-swatch--cirkel", "aantal (cirkel)")]
    items = items or [f"<li>{html.escape(texts['empty'])}</li>"]
    items += [_swatch(SWATCH_CLASSES[s], model.STATUS_LABELS[s]) for s in special_legend(view["statuses"])]
    if view["small"] and classes:
        items.append(_swatch("liim-swatch--klein", texts["small"],
                             classes.colours[len(classes.colours) // 2], hatched=True))
    title = " ".join(t for t in (texts["title"], year + (f": {group}" if group else ""), texts["unit"]) if t)
    note = texts["circles" if view["circles"] else "note"].replace("{jaar}", year)
    return (f'<div class="liim-legenden" id="{element_id}-legende">'
            f'<div class="liim-legende" data-groep="{html.escape(view["group"])}" data-jaar="{year}">'
            f'<p class="liim-legende__titel">{html.escape(title)}</p><ul>{"".join(items)}</ul>'
            f'<p class="liim-legende__uitleg">{html.escape(note)}</p></div></div>')


def small_legend(indicator: object) -> str:
    """The legend line of the hatching: a figure with a small noemer."""
    threshold = getattr(indicator, "klein_aantal", None) or SMALL_NOEMER
    return f"{SMALL_NUMBER} (gearceerd): noemer kleiner dan {threshold}, het cijfer schommelt sterk door toeval"


def view_statuses(rows: pd.DataFrame, groep: str, jaar: str) -> set[str]:
    """The statuses of one group and year (for the special swatches of its legend)."""
    part = rows[(rows["groep"] == groep) & (rows["jaar"].astype(int) == int(jaar))] if jaar else rows[:0]
    return {normal_status(s) for s in part["status"]}
