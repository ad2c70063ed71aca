"""Open data files: the rows of ``liim-data.csv`` per indicator (CSV) and per gemeente (CSV, JSON),
and the comparison figures ``liim-vergelijking.csv``; beside every CSV its Excel-ready variant.

Every file has the columns of ``liim-data.csv`` (``model.EXPORT_COLUMNS``) and its
figures, rounded as the export rounds them (``rounded_table``), written through
``export.export_frame`` (``klein_aantal`` as "ja" or ""). ``liim-vergelijking.csv`` has
``model.REFERENCE_COLUMNS``: one row per indicator × jaar × groep × niveau × naam. Both end
with the names of the indicator and the group (``LABEL_COLUMNS``, ``with_labels``), after the
contract columns, so readers by position keep working.

``<name>-excel.csv`` (``write_excel_csv``) has the same columns for spreadsheet software in a
Dutch-speaking locale: UTF-8 with BOM, ``;`` between fields, decimal comma, CRLF, figures
rounded to the catalogue's decimals (``round_to_catalogue``) and text that would start a formula
prefixed with ``'``. The open data files themselves stay as they are (comma, point, 6 decimals).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..catalogue import Catalogue, Indicator
from ..compare import VLAANDEREN
from ..export import FLOAT_FORMAT, ROUNDED, export_frame, write_json
from ..model import REFERENCE_COLUMNS
from ..presentation import group_labels
from .columns import LABEL_COLUMNS

FIGURE_COLUMNS = ROUNDED  # every rounded column of liim-data.csv
REFERENCE_FILE = "liim-vergelijking.csv"
# The comparison figures a gemeente's rows carry for the reports (``with_references``).
REFERENCE_LEVELS = ("vlaanderen", "cluster")
REFERENCE_FIELDS = ("kloof", "kloof_ondergrens", "kloof_bovengrens")
EXCEL_SUFFIX = "-excel.csv"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula in a spreadsheet


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


def write_references(references: pd.DataFrame | None, folder: Path, catalogue: Catalogue) -> list[Path]:
    """``liim-vergelijking.csv`` and its Excel-ready variant in ``folder`` (beside liim-data.csv)."""
    return write_both(reference_frame(references), folder / REFERENCE_FILE, catalogue)


def with_labels(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """``frame`` (with ``indicator`` and ``groep``) plus ``LABEL_COLUMNS`` at the end: the names of
    the indicator and the group."""
    names = {ind.code: ind.naam for ind in catalogue}
    groups = {(ind.code, code): naam for ind in catalogue for code, naam in group_labels(ind).items()}
    pairs = zip(frame["indicator"].tolist(), frame["groep"].tolist())
    labels = (frame["indicator"].map(names).fillna(""), [groups.get(pair, pair[1]) for pair in pairs])
    return frame.assign(**dict(zip(LABEL_COLUMNS, labels)))


def round_to_catalogue(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The figure columns (``FIGURE_COLUMNS``) rounded, half away from zero, to each row's indicator's
    decimals, as ``formatting.round_half_up`` rounds them for the pages (vectorised)."""
    decimals = frame["indicator"].map({ind.code: ind.decimalen for ind in catalogue}).fillna(6)
    scale = np.power(10.0, decimals.to_numpy(dtype=float))
    out = frame.copy()
    for column in FIGURE_COLUMNS:
        if column in out:
            scaled = np.round(out[column].to_numpy(dtype=float) * scale, 6)  # 2.675 × 100 → 267.5, not 267.4999…
            out[column] = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale + 0.0
    return out


def excel_path(path: Path) -> Path:
    """``liim-data.csv`` → ``liim-data-excel.csv``."""
    return path.with_name(path.stem + EXCEL_SUFFIX)


def excel_frame(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """``frame`` rounded to the catalogue's decimals, text that would start a formula prefixed with ``'``."""
    out = round_to_catalogue(frame, catalogue)
    for column in [c for c in out.columns if pd.api.types.is_string_dtype(out[c])]:
        text = out[column]
        risky = text.str.startswith(FORMULA_START, na=False)
        if risky.any():
            out[column] = text.where(~risky, "'" + text.astype(str))
    return out


def csv_text(frame: pd.DataFrame, catalogue: Catalogue, excel: bool) -> str:
    """The CSV text of ``frame``: as liim-data.csv (``,``, point, LF) or Excel-ready (``;``, comma, CRLF)."""
    if not excel:
        return frame.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    return excel_frame(frame, catalogue).to_csv(sep=";", decimal=",", index=False, float_format=FLOAT_FORMAT,
                                                 lineterminator="\r\n")


def write_text(path: Path, text: str, excel: bool) -> Path:
    """``text`` as UTF-8 at ``path``, with a byte order mark for the Excel-ready variant."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((BOM if excel else "").encode("utf-8") + text.encode("utf-8"))
    return path


def write_excel_csv(frame: pd.DataFrame, path: Path, catalogue: Catalogue) -> Path:
    """``frame`` (a labelled open data frame) as the Excel-ready variant at ``path``."""
    return write_text(path, csv_text(frame, catalogue, excel=True), excel=True)


def write_both(frame: pd.DataFrame, path: Path, catalogue: Catalogue) -> list[Path]:
    """``frame`` with its labels as open data CSV at ``path`` and its Excel-ready variant."""
    labelled = with_labels(frame, catalogue)
    return [write_text(target, csv_text(labelled, catalogue, excel), excel)
            for target, excel in ((path, False), (excel_path(path), True))]


def write_data_files(catalogue: Catalogue, exported: pd.DataFrame, out_dir: Path,
                     gemeenten: list[str]) -> list[Path]:
    """``liim-data.csv``, ``indicatoren/<slug>.csv`` (per indicator with rows) and
    ``gemeenten/<nis>.csv`` (per NIS code in ``gemeenten``), each with its Excel-ready variant.
    Each part is its lines of the full file, cut from its text: the table is formatted once per variant."""
    labelled = with_labels(exported, catalogue)
    by_code = labelled.groupby("indicator", sort=False).indices
    by_nis = labelled.groupby("nis", sort=False).indices
    parts = [(out_dir / "indicatoren" / ind.slug, by_code[ind.code]) for ind in catalogue if ind.code in by_code]
    parts += [(out_dir / "gemeenten" / nis, by_nis.get(nis, np.array([], dtype=int))) for nis in gemeenten]
    written = []
    for excel in (False, True):
        text = csv_text(labelled, catalogue, excel)
        suffix = EXCEL_SUFFIX if excel else ".csv"
        written.append(write_text(out_dir / f"liim-data{suffix}", text, excel))
        newline = "\r\n" if excel else "\n"
        lines = text.split(newline)
        if len(lines) != len(labelled) + 2:  # a line break inside a field: format each part itself
            lines = []
        for base, rows in parts:
            part = (newline.join([lines[0], *(lines[i + 1] for i in rows), ""]) if lines
                    else csv_text(labelled.iloc[rows], catalogue, excel))
            written.append(write_text(base.with_name(base.name + suffix), part, excel))
    return written


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


def write_gemeente_json(rows: pd.DataFrame, folder: Path, nis: str, catalogue: Catalogue) -> Path:
    """``<nis>.json``: the gemeente's rows of liim-data with their labels (its CSV files are cut
    from liim-data's, ``write_data_files``)."""
    return write_json(with_labels(export_frame(rows), catalogue), folder / f"{nis}.json")
