"""How a figure is written: one place for the texts of pages, reports, workbooks and the diff.

* a gemeente's figure: formatted with the indicator's decimals and unit, ``(v)`` when
  provisional, or the reason there is none. Two label sets for that reason, on purpose:
  ``WEB_LABELS`` (long, the web pages) and ``SHORT_LABELS`` (a narrow PDF table cell);
* a cluster, province or Flemish figure: ``(o)`` when a member's figure is missing;
* ``MISSING`` ("–") wherever there is nothing to show;
* the order and labels of an indicator's groups, a gemeente's cluster members and
  the availability of each indicator per year (pages, downloads, archive).

Which statuses carry a figure is ``model.is_published``; suppressed figures never
reach any text made here.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .formatting import MISSING, decimals_of, format_figure, format_number, is_missing, round_half_up, unit_of
from .model import (
    HIGHER,
    LOWER,
    PUBLISHED,
    SIMILAR,
    STATUS_LABELS,
    STATUS_MERGER,
    STATUS_MISSING,
    STATUS_OK,
    STATUS_PROVISIONAL,
    STATUS_SECRET,
    Gemeente,
    is_published,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MISSING", "SERIES", "BOUNDARY_SOURCE", "WEB_LABELS", "SHORT_LABELS", "INCOMPLETE",
           "VERDICT_WORDS", "SMALL_NUMBER", "SMALL_MARK", "RATE_UNITS", "short_verdict", "change_text",
           "uncertainty", "verdict_text", "interval_text", "counts_text", "gap_text", "difference_text", "per_thousand", "POPULATION",
           "normal_status", "no_figure_reason", "figure_text", "figure_mark",
           "group_figure", "group_mark", "status_text", "group_labels", "group_label", "group_rank",
           "ordered_groups", "cluster_members", "availability", "edition_years", "latest"]

SERIES = "Lokale Inburgerings- en Integratiemonitor"
BOUNDARY_SOURCE = "Statbel / Provincies in Cijfers"

PROVISIONAL_MARK = " (v)"
INCOMPLETE_MARK = " (o)"
INCOMPLETE = "onvolledig"  # the footnote key of a comparison figure that lacks a member's figure

# Why a gemeente has no figure (see ``no_figure_reason``), in words.
WEB_LABELS = {reason: STATUS_LABELS[reason] for reason in (STATUS_SECRET, STATUS_MERGER, STATUS_MISSING)}
SHORT_LABELS = {STATUS_SECRET: "geheim", STATUS_MERGER: "fusie", STATUS_MISSING: MISSING}

# A significance verdict (compare.add_significance, intervals.compare) in words, before the
# reference: "hoger dan het Vlaams Gewest", "geen duidelijk verschil met de cluster".
VERDICT_WORDS = {HIGHER: "hoger dan", LOWER: "lager dan", SIMILAR: "geen duidelijk verschil met"}
POPULATION = "D1"  # its noemer (all inhabitants on 1 January) turns a count into a figure per 1 000
SMALL_NUMBER = "klein aantal"  # the mark of a figure whose noemer is below the catalogue's threshold
SMALL_MARK = " (k)"  # a klein aantal figure, explained in the page's legend
RATE_UNITS = ("%", "‰")  # ratios whose counts are shown beside the figure (not the euro per tax return)


# --------------------------------------------------------------------- figures


def normal_status(status: object) -> str:
    """The status of a row; anything that is not text (an empty cell) counts as ``STATUS_OK``."""
    return status if isinstance(status, str) else STATUS_OK


def no_figure_reason(value: object, status: object) -> str | None:
    """``None`` when the figure is shown, else why not: geheim, fusie or ontbreekt."""
    status = normal_status(status)
    if is_published(status) and not is_missing(value):
        return None
    return status if status in (STATUS_SECRET, STATUS_MERGER) else STATUS_MISSING


def figure_text(value: float, status: object, indicator: object,
                labels: Mapping[str, str] = WEB_LABELS) -> str:
    """A gemeente's figure: formatted, or the reason there is none (in ``labels``); provisional marked."""
    reason = no_figure_reason(value, status)
    if reason is not None:
        return labels[reason]
    mark = PROVISIONAL_MARK if normal_status(status) == STATUS_PROVISIONAL else ""
    return format_figure(value, indicator) + mark


def figure_mark(value: object, status: object) -> str | None:
    """The footnote ``figure_text`` calls for: the reason there is no figure, ``voorlopig`` or none."""
    reason = no_figure_reason(value, status)
    if reason is not None:
        return reason
    return STATUS_PROVISIONAL if normal_status(status) == STATUS_PROVISIONAL else None


def group_figure(value: float, status: object, indicator: object) -> str:
    """A cluster/province/Flemish figure, marked ``(o)`` when a member's figure is missing."""
    if is_missing(value):
        return MISSING
    return format_figure(value, indicator) + (INCOMPLETE_MARK if status else "")


def group_mark(value: object, status: object) -> str | None:
    """The footnote ``group_figure`` calls for: ``INCOMPLETE`` or none."""
    return INCOMPLETE if status and not is_missing(value) else None


def verdict_text(verdict: object, reference: str) -> str:
    """``hoger dan <reference>``, ``lager dan …``, ``geen duidelijk verschil met …``; ``MISSING`` without one."""
    words = VERDICT_WORDS.get(verdict) if isinstance(verdict, str) else None
    return f"{words} {reference}" if words else MISSING


def interval_text(lower: object, upper: object, indicator: object) -> str:
    """The 95 % interval without unit, as in "12,3 % (10,1–14,8)": ``10,1–14,8``; "" without one."""
    if is_missing(lower) or is_missing(upper):
        return ""
    decimals = decimals_of(indicator)
    return f"{format_number(lower, decimals)}–{format_number(upper, decimals)}"  # type: ignore[arg-type]


def counts_text(teller: object, noemer: object, indicator: object) -> str:
    """The counts behind a rate: ``1 234 van 10 020``; the count alone for an aantal; "" otherwise."""
    if getattr(indicator, "soort", "") == "waarde" or is_missing(teller):
        return ""
    if getattr(indicator, "soort", "") == "aantal" or is_missing(noemer):
        return format_number(teller, 0)  # type: ignore[arg-type]
    return f"{format_number(teller, 0)} van {format_number(noemer, 0)}"  # type: ignore[arg-type]


def gap_unit(indicator: object) -> str:
    """``procentpunt`` for shares in %, ``promillepunt`` for rates per 1 000."""
    return "promillepunt" if unit_of(indicator) == "‰" else "procentpunt"


def difference_text(difference: float, indicator: object) -> str:
    """A difference of two figures in the indicator's unit: ``+3,2 procentpunt`` (%),
    ``-1,4 promillepunt`` (‰), ``+€ 1 234`` (euro); never a relative %."""
    decimals, unit = decimals_of(indicator), unit_of(indicator)
    rounded = round_half_up(float(difference), decimals)
    sign = "+" if rounded > 0 else "-" if rounded < 0 else ""
    if unit in ("%", "‰"):
        return f"{sign}{format_number(abs(difference), decimals)} {gap_unit(indicator)}"
    return f"{sign}{format_figure(abs(difference), indicator)}"


def gap_text(gap: object, lower: object, upper: object, indicator: object) -> str:
    """A gap between groups: ``-9,0 procentpunt (-9,4 tot -8,7)``; ``MISSING`` without one."""
    if is_missing(gap):
        return MISSING
    text = difference_text(float(gap), indicator)  # type: ignore[arg-type]
    if is_missing(lower) or is_missing(upper):
        return text
    decimals = decimals_of(indicator)
    return f"{text} ({format_number(lower, decimals)} tot {format_number(upper, decimals)})"  # type: ignore[arg-type]


def per_thousand(count: object, inhabitants: object) -> float | None:
    """A count per 1 000 inhabitants (``POPULATION``'s noemer); ``None`` without both or with none."""
    if is_missing(count) or is_missing(inhabitants) or not float(inhabitants):  # type: ignore[arg-type]
        return None
    return float(count) / float(inhabitants) * 1000  # type: ignore[arg-type]


def status_text(status: str) -> str:
    """A status in words (``MISSING`` for a published figure without a status)."""
    return STATUS_LABELS.get(status, status) or MISSING


# ---------------------------------------------------------------------- groups


def group_labels(indicator: object) -> dict[str, str]:
    """Group code → label from the catalogue (``groepen`` of ``Group(code, naam)`` or plain codes)."""
    groups = getattr(indicator, "groepen", None) or ()
    return {str(getattr(g, "code", g)): str(getattr(g, "naam", g)) for g in groups}


def group_label(indicator: object, groep: str) -> str:
    """The label of one group (its code when the catalogue does not name it)."""
    return group_labels(indicator).get(groep, groep)


def group_rank(indicator: object, groep: str) -> tuple[int, bool, str]:
    """Sort key of a group: catalogue order, then undeclared groups with ``totaal`` first, A–Z."""
    declared = list(group_labels(indicator))
    if groep in declared:
        return (declared.index(groep), False, "")
    return (len(declared), groep != "totaal", groep)


def ordered_groups(indicator: object, present: Iterable[str]) -> list[str]:
    """The groups in ``present`` (each once), in ``group_rank`` order."""
    return sorted(set(present), key=lambda groep: group_rank(indicator, groep))


# -------------------------------------------------------------- gemeenten, years


def cluster_members(gemeenten: Mapping[str, Gemeente], g: Gemeente) -> list[Gemeente]:
    """The other gemeenten of ``g``'s cluster, in the order of ``gemeenten`` (by name)."""
    return [m for m in gemeenten.values() if m.cluster == g.cluster and m.nis != g.nis]


def availability(table: pd.DataFrame) -> set[tuple[str, int]]:
    """(indicator, jaar) pairs with at least one published figure."""
    published = table[table["status"].isin(PUBLISHED)]
    return set(zip(published["indicator"], published["jaar"].astype(int), strict=True))


def latest(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows of the newest year present."""
    return rows[rows["jaar"] == rows["jaar"].max()] if len(rows) else rows


def edition_years(table: pd.DataFrame) -> list[int]:
    """Every year in the table, oldest first."""
    return sorted(int(y) for y in table["jaar"].unique())


# ------------------------------------------------------- uncertainty in a table row


def short_verdict(verdict: object) -> str:
    """A verdict in a table cell: ``hoger``, ``lager``, ``geen duidelijk verschil``; ``MISSING`` without one."""
    words = VERDICT_WORDS.get(verdict) if isinstance(verdict, str) else None
    return words.rsplit(" ", 1)[0] if words else MISSING


def change_text(verdict: object, year: object) -> str:
    """The newest figure against that of ``year``: ``hoger dan in 2020``, ``geen duidelijk verschil met
    2020``; "" without a verdict or earlier year."""
    words = VERDICT_WORDS.get(verdict) if isinstance(verdict, str) else None
    if not words or is_missing(year):
        return ""
    return f"{words} {'' if verdict == SIMILAR else 'in '}{int(year)}"  # type: ignore[call-overload]


def uncertainty(ind: Any, r: Any) -> dict:
    """The interval, counts and small-number mark of a gemeente's row (nothing for an unpublished one)."""
    shown = is_published(r.status) and not is_missing(r.waarde)
    rate = ind.soort == "ratio" and unit_of(ind) in RATE_UNITS
    return {"interval": interval_text(r.ondergrens, r.bovengrens, ind) if shown else "",
            "counts": counts_text(r.teller, r.noemer, ind) if shown and rate else "",
            "klein": bool(shown and r.klein_aantal),
            "t_o_v_vlaanderen": short_verdict(r.t_o_v_vlaanderen) if shown else MISSING,
            "t_o_v_cluster": short_verdict(r.t_o_v_cluster) if shown else MISSING}
