"""Readers for Statbel's open-data files: population, origin and fiscal income per gemeente.

Every reader takes the file's path and the path as shown to the user, and returns an
``Extract`` in long form (see ``extract.py``): one row per variable × year × Flemish
gemeente, with the 1-based line of the file the figure was read from (the header is
line 1; for a figure summed over several lines, the first line that contributed).
How a table is opened and checked is in ``statbel_table.py``.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem
from .extract import Extract
from .statbel_table import (
    FIX_VERSION,
    Spec,
    Table,
    check_duplicates,
    check_figures,
    finish,
    long_form,
    read_per_line,
    read_table,
    standard,
)

# --- the readers --------------------------------------------------------------------------

_STRUCTURE = Spec(sep="|", year="CD_YEAR", nis=("CD_REFNIS", "CD_MUNTY_REFNIS"),
                   figures=("MS_POPULATION",), counts=frozenset({"MS_POPULATION"}),
                   extra=("CD_NATLTY",), optional=("CD_SEX", "CD_CIV_STS", "CD_AGE"),
                   empty_is_problem=True)
_NATIONALITY = Spec(sep=",", year="CD_YEAR", nis=("CD_REFNIS",), figures=("BEL", "ETR", "total"),
                     counts=frozenset({"BEL", "ETR", "total"}))
_ORIGIN_GROUPS = ["belgian_bg", "neighbouring", "eu27", "non_eu27"]
_ORIGIN = Spec(sep=",", year="CD_YEAR", nis=("CD_REFNIS",), figures=(*_ORIGIN_GROUPS, "total"),
                counts=frozenset({*_ORIGIN_GROUPS, "total"}))
_INCOME_TAX = Spec(sep="|", year="CD_YEAR", nis=("CD_REFNIS", "CD_MUNTY_REFNIS"),
                    figures=("MS_NBR_NON_ZERO_INC", "MS_NBR_ZERO_INC", "MS_TOT_NET_TAXABLE_INC",
                             "MS_TOT_RESIDENTS"),
                    counts=frozenset({"MS_NBR_NON_ZERO_INC", "MS_NBR_ZERO_INC", "MS_TOT_RESIDENTS"}))
_SUMMARY = Spec(sep=",", year="year", nis=("nis",),
                 figures=("declarations", "avg_income_per_declaration", "median_income_per_declaration",
                          "residents"), counts=frozenset({"declarations", "residents"}))


def _structure_checks(table: Table, shown: str) -> np.ndarray:
    """Nationality codes and repeated detail lines of the structure table; lines to leave out."""
    frame = table.frame
    bad_code = ~frame["CD_NATLTY"].isin(["BEL", "ETR"]).to_numpy()
    table.problems += [Problem(shown, int(line), f"kolom CD_NATLTY: '{code}' is geen nationaliteitscode; "
                               "BEL of ETR verwacht", FIX_VERSION)
                       for line, code in zip(frame["regel"][bad_code], frame["CD_NATLTY"][bad_code])]
    detail = ["CD_SEX", "CD_CIV_STS", "CD_AGE"]
    if not all(c in frame.columns for c in detail):
        return bad_code
    repeated, problems = check_duplicates(frame, ["jaar", "nis", "CD_NATLTY", *detail], shown,
                                           "hetzelfde geslacht, dezelfde nationaliteit, burgerlijke "
                                           "staat en leeftijd voor ")
    table.problems += problems
    return bad_code | repeated


def read_population_structure(path: Path, shown: str) -> Extract:
    """Population on 1 January by nationality, summed per gemeente from ``TF_SOC_POP_STRUCT_<jaar>``.

    Reads the zip (one ``.txt`` inside) or the bare ``|``-separated text, in either column
    vintage (``CD_MUNTY_REFNIS`` of 2015, ``CD_REFNIS`` later). ``MS_POPULATION`` is summed
    per gemeente × ``CD_YEAR`` × ``CD_NATLTY``; variables ``BEL``, ``ETR`` and ``total``
    (= BEL + ETR). Statbel leaves out combinations without inhabitants, so a gemeente
    without any ``ETR`` line has ETR 0. A gemeente × year with an unusable line gets no figures.
    """
    table = read_table(path, shown, _STRUCTURE)
    if isinstance(table, Extract):
        return table
    spoilt = check_figures(table, _STRUCTURE, shown) | _structure_checks(table, shown)
    frame = table.frame
    spoilt_keys = frame.loc[spoilt, ["jaar", "nis"]].drop_duplicates()
    keep = ~pd.MultiIndex.from_frame(frame[["jaar", "nis"]]).isin(pd.MultiIndex.from_frame(spoilt_keys))
    return finish(table, _sum_by_nationality(frame[keep]))


def _sum_by_nationality(frame: pd.DataFrame) -> pd.DataFrame:
    """Long rows BEL, ETR, total per gemeente × year, each with the first line that contributed.

    A nationality without lines counts 0 persons, at the gemeente's first line.
    """
    keys = ["jaar", "nis"]
    grouped = frame.groupby([*keys, "CD_NATLTY"], as_index=False).agg(
        cijfer=("MS_POPULATION", "sum"), regel=("regel", "min"))
    first = frame.groupby(keys, as_index=False).agg(eerste=("regel", "min"))
    parts = first.merge(pd.DataFrame({"CD_NATLTY": ["BEL", "ETR"]}), how="cross")
    parts = parts.merge(grouped, how="left", on=[*keys, "CD_NATLTY"])
    parts["cijfer"] = parts["cijfer"].fillna(0.0)
    parts["regel"] = parts["regel"].fillna(parts["eerste"])
    total = parts.groupby(keys, as_index=False).agg(cijfer=("cijfer", "sum"), regel=("eerste", "min"))
    total["variabele"] = "total"
    parts = parts.rename(columns={"CD_NATLTY": "variabele"})
    return standard(pd.concat([parts, total], ignore_index=True))


def read_population_by_nationality(path: Path, shown: str) -> Extract:
    """Population on 1 January per gemeente and year: ``BEL``, ``ETR`` (not Belgian), ``total``.

    Reads ``bevolking-nationaliteit-2009-2025.csv`` (comma-separated). Checks that
    BEL + ETR = total on every line.
    """
    table = read_per_line(path, shown, _NATIONALITY, (["BEL", "ETR"], "total"))
    if isinstance(table, Extract):
        return table
    return finish(table, long_form(table.frame, ["BEL", "ETR", "total"]))


def read_population_by_origin(path: Path, shown: str) -> Extract:
    """Population by origin per gemeente and year (``bevolking-herkomst-2000-2025.csv``).

    Variables ``belgian_bg``, ``neighbouring``, ``eu27``, ``non_eu27`` and ``total``; a line
    where the four groups do not add up to ``total`` is a problem at that line.
    """
    table = read_per_line(path, shown, _ORIGIN, (_ORIGIN_GROUPS, "total"))
    if isinstance(table, Extract):
        return table
    return finish(table, long_form(table.frame, [*_ORIGIN_GROUPS, "total"]))


def read_income_tax(path: Path, shown: str) -> Extract:
    """Fiscal income per gemeente and income year (``TF_PSNL_INC_TAX_MUNTY_*.txt``, ``|``-separated).

    Either column vintage (``CD_MUNTY_REFNIS`` or ``CD_REFNIS``). Variables
    ``MS_NBR_NON_ZERO_INC`` (returns, aangiften, with an income), ``MS_NBR_ZERO_INC`` (returns
    with a zero income; the two together are all returns), ``MS_TOT_NET_TAXABLE_INC`` (total
    net taxable income, euro) and ``MS_TOT_RESIDENTS``. ``jaar`` is the income year;
    ``MS_TOT_RESIDENTS`` counts the inhabitants on 1 January of the year after it (the tax
    year): in the 2005–2013 file it equals the origin table's ``total`` of ``jaar`` + 1.
    """
    table = read_per_line(path, shown, _INCOME_TAX, None)
    if isinstance(table, Extract):
        return table
    return finish(table, long_form(table.frame, list(_INCOME_TAX.figures)))


def read_income_summary(path: Path, shown: str) -> Extract:
    """Statbel's summary of fiscal income per gemeente (``fiscale-inkomens-<jaar>-mediaan.csv``).

    Variables ``declarations``, ``avg_income_per_declaration``, ``median_income_per_declaration``,
    ``residents``, and ``total_income_from_avg`` = avg_income_per_declaration × declarations:
    the total net taxable income reconstructed from the average. Statbel rounds the average
    to the euro, so this total is exact to within 0.5 euro per declaration (Antwerpen 2023:
    313 807 declarations: at most ± 156 904 euro on about 11.1 billion). A median cannot be
    summed over a merger; the total can.
    """
    table = read_per_line(path, shown, _SUMMARY, None)
    if isinstance(table, Extract):
        return table
    table.frame["total_income_from_avg"] = (table.frame["avg_income_per_declaration"]
                                            * table.frame["declarations"])
    return finish(table, long_form(table.frame, [*_SUMMARY.figures, "total_income_from_avg"]))


READERS: dict[str, Callable[[Path, str], Extract]] = {
    "statbel-bevolkingsstructuur": read_population_structure,
    "statbel-nationaliteit": read_population_by_nationality,
    "statbel-herkomst": read_population_by_origin,
    "statbel-fiscale-inkomens": read_income_tax,
    "statbel-fiscale-inkomens-samenvatting": read_income_summary,
}
