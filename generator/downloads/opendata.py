"""Open data files: the rows of ``liim-data.csv`` per indicator (CSV) and per gemeente (CSV, JSON).

Every file has the columns of ``liim-data.csv`` (``model.EXPORT_COLUMNS``) and its
figures, rounded as the export rounds them (``rounded_table``).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..catalogue import Catalogue, Indicator
from ..export import export_frame, write_csv, write_json
from ..model import EXPORT_COLUMNS

FIGURE_COLUMNS = ("waarde", "cluster_waarde", "provincie_waarde", "vlaanderen")


def rounded_table(table: pd.DataFrame, exported: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table with the export's rounding (``exported``: export_frame(table), if already made),
    so every download shows the CSV's figures."""
    out = table.copy()
    exported = export_frame(table) if exported is None else exported
    for column in FIGURE_COLUMNS:
        out[column] = exported[column]
    return out


def indicator_parts(catalogue: Catalogue, table: pd.DataFrame) -> list[tuple[Indicator, pd.DataFrame]]:
    """(indicator, its rows) for every indicator with rows, in catalogue order."""
    parts = dict(tuple(table.groupby("indicator", sort=False)))
    found = [(ind, parts.get(ind.code)) for ind in catalogue]
    return [(ind, rows) for ind, rows in found if rows is not None and not rows.empty]


def write_indicator_csvs(catalogue: Catalogue, table: pd.DataFrame, folder: Path) -> list[Path]:
    """``<slug>.csv`` (its rows of liim-data) per indicator with rows."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(rows[list(EXPORT_COLUMNS)], folder / f"{ind.slug}.csv")
            for ind, rows in indicator_parts(catalogue, table)]


def write_gemeente_files(rows: pd.DataFrame, folder: Path, nis: str) -> list[Path]:
    """``<nis>.csv`` and ``<nis>.json``: the gemeente's rows of liim-data."""
    columns = rows[list(EXPORT_COLUMNS)]
    return [write_csv(columns, folder / f"{nis}.csv"), write_json(columns, folder / f"{nis}.json")]
