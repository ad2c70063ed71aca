"""Open data files: the rows of ``liim-data.csv`` per indicator (CSV) and per gemeente (CSV, JSON),
and the comparison figures ``liim-vergelijking.csv``.

Every file has the columns of ``liim-data.csv`` (``model.EXPORT_COLUMNS``) and its
figures, rounded as the export rounds them (``rounded_table``), written through
``export.export_frame`` (``klein_aantal`` as "ja" or ""). ``liim-vergelijking.csv`` has
``model.REFERENCE_COLUMNS``: one row per indicator × jaar × groep × niveau × naam.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..catalogue import Catalogue, Indicator
from ..compare import VLAANDEREN
from ..export import ROUNDED, export_frame, write_csv, write_json
from ..model import REFERENCE_COLUMNS

FIGURE_COLUMNS = ROUNDED  # every rounded column of liim-data.csv
REFERENCE_FILE = "liim-vergelijking.csv"
# The comparison figures a gemeente's rows carry for the reports (``with_references``).
REFERENCE_LEVELS = ("vlaanderen", "cluster")
REFERENCE_FIELDS = ("kloof", "kloof_ondergrens", "kloof_bovengrens")


def rounded_table(table: pd.DataFrame, exported: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table with the export's rounding (``exported``: export_frame(table), if already made),
    so every download shows the CSV's figures."""
    out = table.copy()
    exported = export_frame(table) if exported is None else exported
    for column in FIGURE_COLUMNS:
        out[column] = exported[column]
    return out


def reference_frame(references: pd.DataFrame | None) -> pd.DataFrame:
    """``liim-vergelijking.csv``: REFERENCE_COLUMNS, figures rounded as in liim-data.csv,
    ``klein_aantal`` as "ja" or ""."""
    if references is None:
        return pd.DataFrame(columns=list(REFERENCE_COLUMNS))
    out = references[list(REFERENCE_COLUMNS)].copy()
    for column in ROUNDED:
        if column in out:
            out[column] = out[column].astype(float).round(6)
    out["klein_aantal"] = np.where(out["klein_aantal"].astype(bool), "ja", "")
    return out


def write_references(references: pd.DataFrame | None, folder: Path) -> Path:
    """``liim-vergelijking.csv`` in ``folder`` (beside liim-data.csv)."""
    return write_csv(reference_frame(references), folder / REFERENCE_FILE)


def with_references(table: pd.DataFrame, references: pd.DataFrame | None) -> pd.DataFrame:
    """``table`` plus, per row, the gap to the reference group of the Flemish figure and of its
    cluster's (columns ``vlaanderen_kloof``, ``cluster_kloof_ondergrens``, ...), rounded as exported."""
    refs = reference_frame(references)
    keys = ["indicator", "jaar", "groep", "naam"]
    out = table.assign(_vlaanderen=VLAANDEREN, _cluster=table["cluster"])
    for level in REFERENCE_LEVELS:
        part = refs.loc[refs["niveau"] == level, keys + list(REFERENCE_FIELDS)]
        part = part.rename(columns={"naam": f"_{level}"} | {f: f"{level}_{f}" for f in REFERENCE_FIELDS})
        part = part.astype({"jaar": out["jaar"].dtype})
        out = out.merge(part, on=["indicator", "jaar", "groep", f"_{level}"], how="left", validate="many_to_one")
    return out.drop(columns=["_vlaanderen", "_cluster"]).set_index(table.index)


def indicator_parts(catalogue: Catalogue, table: pd.DataFrame) -> list[tuple[Indicator, pd.DataFrame]]:
    """(indicator, its rows) for every indicator with rows, in catalogue order."""
    parts = dict(tuple(table.groupby("indicator", sort=False)))
    found = [(ind, parts.get(ind.code)) for ind in catalogue]
    return [(ind, rows) for ind, rows in found if rows is not None and not rows.empty]


def write_indicator_csvs(catalogue: Catalogue, table: pd.DataFrame, folder: Path) -> list[Path]:
    """``<slug>.csv`` (its rows of liim-data) per indicator with rows."""
    folder.mkdir(parents=True, exist_ok=True)
    return [write_csv(export_frame(rows), folder / f"{ind.slug}.csv")
            for ind, rows in indicator_parts(catalogue, table)]


def write_gemeente_files(rows: pd.DataFrame, folder: Path, nis: str) -> list[Path]:
    """``<nis>.csv`` and ``<nis>.json``: the gemeente's rows of liim-data."""
    columns = export_frame(rows)
    return [write_csv(columns, folder / f"{nis}.csv"), write_json(columns, folder / f"{nis}.json")]
