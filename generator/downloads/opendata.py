"""Open data files: liim-data.csv, its rows per indicator and per gemeente (CSV, JSON), the
gemeenten (``liim-gemeenten.csv``) and the comparison figures (``liim-vergelijking.csv``); beside
every CSV its Excel-ready variant.

``liim-data.csv`` is the contract: ``model.EXPORT_COLUMNS``, figures rounded as the export rounds
them (``rounded_table``, ``export.export_frame``; ``klein_aantal`` as "ja" or ""), then the names of
indicator and group (``LABEL_COLUMNS``, ``with_labels``), so readers by position keep working.
``liim-vergelijking.csv`` has ``model.REFERENCE_COLUMNS`` (one row per indicator × jaar × groep ×
niveau × naam) and the same names.

The smaller files repeat nothing (their columns: ``columns.py``): ``indicatoren/<slug>.csv`` has no
indicator column and no comparison figures (those are in liim-vergelijking.csv, once per indicator
× jaar × groep), ``gemeenten/<nis>.csv`` no nis, gemeente, cluster or provincie, and neither has
names: codes only, the names are in ``datapackage.json``, ``liim-gemeenten.csv`` and the
Excel-ready variants. ``gemeenten/<nis>.json`` is compact (``gemeente_json``): the gemeente once,
then ``kolommen`` and ``rijen`` (the columns of its CSV, a list of values per row) and the names
of its indicators and groups once.

``<name>-excel.csv`` is the file for spreadsheet software in a Dutch-speaking locale: UTF-8 with
BOM, ``;`` between fields, decimal comma, CRLF, figures rounded to the catalogue's decimals
(``round_to_catalogue``), text that would start a formula prefixed with ``'``, and the names of
indicator, group and gemeente beside their codes. The open data files stay as they are (comma,
point, 6 decimals).

Every file is cut from one text of each column (``tabletext.TextTable``): the big table is
formatted once per variant, not once per file.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalogue import Catalogue, Indicator
from ..compare import VLAANDEREN
from ..export import ROUNDED, export_frame
from ..model import EXPORT_COLUMNS, REFERENCE_COLUMNS, Gemeente, Monitor
from ..presentation import group_labels
from .cache import ReportCache
from .columns import (
    GEMEENTE_COLUMNS,
    GEMEENTE_EXCEL_COLUMNS,
    GEMEENTEN_COLUMNS,
    INDICATOR_COLUMNS,
    INDICATOR_EXCEL_COLUMNS,
    LABEL_COLUMNS,
)
from .tabletext import EXCEL, JSON, PLAIN, TextTable, csv_document

FIGURE_COLUMNS = ROUNDED  # every rounded column of liim-data.csv
DATA_FILE = "liim-data.csv"
REFERENCE_FILE = "liim-vergelijking.csv"
GEMEENTEN_FILE = "liim-gemeenten.csv"
# The comparison figures a gemeente's rows carry for the reports (``with_references``).
REFERENCE_LEVELS = ("vlaanderen", "cluster")
REFERENCE_FIELDS = ("kloof", "kloof_ondergrens", "kloof_bovengrens")
EXCEL_SUFFIX = "-excel.csv"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a cell starting so is a formula in a spreadsheet
# (plain columns, Excel-ready columns) of each kind of file
DATA_LAYOUT = (EXPORT_COLUMNS + LABEL_COLUMNS,) * 2
REFERENCE_LAYOUT = (REFERENCE_COLUMNS + LABEL_COLUMNS,) * 2
GEMEENTEN_LAYOUT = (GEMEENTEN_COLUMNS,) * 2
INDICATOR_LAYOUT = (INDICATOR_COLUMNS, INDICATOR_EXCEL_COLUMNS)
GEMEENTE_LAYOUT = (GEMEENTE_COLUMNS, GEMEENTE_EXCEL_COLUMNS)


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
    decimals, as ``formatting.round_half_up`` rounds them for the pages (vectorised). A frame without
    indicator (liim-gemeenten.csv) has no figures."""
    if "indicator" not in frame:
        return frame.copy()
    decimals = frame["indicator"].map({ind.code: ind.decimalen for ind in catalogue}).fillna(6)
    scale = np.power(10.0, decimals.to_numpy(dtype=float))
    out = frame.copy()
    for column in FIGURE_COLUMNS:
        if column in out:
            scaled = np.round(out[column].to_numpy(dtype=float) * scale, 6)  # 2.675 × 100 → 267.5, not 267.4999…
            out[column] = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5) / scale + 0.0
    return out


def formula_safe(text: str) -> str:
    """``text`` with ``'`` before it when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def excel_path(path: Path) -> Path:
    """``liim-data.csv`` → ``liim-data-excel.csv``."""
    return path.with_name(path.stem + EXCEL_SUFFIX)


def excel_frame(frame: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """``frame`` rounded to the catalogue's decimals, text that would start a formula prefixed with ``'``
    (each distinct text checked once)."""
    out = round_to_catalogue(frame, catalogue)
    for column in [c for c in out.columns if pd.api.types.is_string_dtype(out[c])]:
        texts = out[column].dropna().unique()
        risky = {t: formula_safe(t) for t in texts if isinstance(t, str) and t.startswith(FORMULA_START)}
        if risky:
            out[column] = out[column].replace(risky)
    return out


def text_tables(frame: pd.DataFrame, catalogue: Catalogue) -> tuple[TextTable, TextTable]:
    """The plain and the Excel-ready texts of a labelled open data frame."""
    return TextTable(frame, PLAIN), TextTable(excel_frame(frame, catalogue), EXCEL)


def write_text(path: Path, text: str, excel: bool) -> Path:
    """``text`` as UTF-8 at ``path``, with a byte order mark for the Excel-ready variant."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((BOM if excel else "").encode("utf-8") + text.encode("utf-8"))
    return path


def write_parts(tables: tuple[TextTable, TextTable], layout: tuple[tuple[str, ...], ...],
                parts: list[tuple[Path, np.ndarray | None]]) -> list[Path]:
    """Per part (path of the plain file, row positions or ``None`` for all) the plain file with the
    layout's first columns and the Excel-ready one (``excel_path``) with its second."""
    written = []
    for table, columns, excel in zip(tables, layout, (False, True)):
        header, lines = table.header(columns), table.lines(columns)
        for path, rows in parts:
            target = excel_path(path) if excel else path
            written.append(write_text(target, csv_document(header, lines, rows, table.dialect), excel))
    return written


def write_frame(frame: pd.DataFrame, path: Path, layout: tuple[tuple[str, ...], ...],
                catalogue: Catalogue) -> list[Path]:
    """A small frame as open data CSV at ``path`` and its Excel-ready variant."""
    return write_parts(text_tables(frame, catalogue), layout, [(path, None)])


def write_references(references: pd.DataFrame | None, folder: Path, catalogue: Catalogue) -> list[Path]:
    """``liim-vergelijking.csv`` and its Excel-ready variant in ``folder`` (beside liim-data.csv)."""
    return write_frame(with_labels(reference_frame(references), catalogue), folder / REFERENCE_FILE,
                       REFERENCE_LAYOUT, catalogue)


def gemeenten_frame(gemeenten: dict[str, Gemeente]) -> pd.DataFrame:
    """``liim-gemeenten.csv``: every gemeente of today's division with its cluster and province."""
    return pd.DataFrame([(g.nis, g.naam, g.clusternaam, g.provincie) for g in gemeenten.values()],
                        columns=list(GEMEENTEN_COLUMNS))


def write_data_files(monitor: Monitor, exported: pd.DataFrame, out_dir: Path, gemeenten: list[str],
                     cache: ReportCache | None = None) -> list[Path]:
    """``liim-data.csv``, ``liim-gemeenten.csv``, ``indicatoren/<slug>.csv`` (per indicator with rows)
    and ``gemeenten/<nis>.csv`` and ``.json`` (per NIS code in ``gemeenten``), each CSV with its
    Excel-ready variant. Every file is cut from the same column texts (``tabletext``). ``cache``: the
    indicator files of the previous build, reused for an indicator whose rows are the same."""
    labelled = with_labels(exported, monitor.catalogue)
    tables = text_tables(labelled, monitor.catalogue)
    by_code = labelled.groupby("indicator", sort=False).indices
    by_nis = labelled.groupby("nis", sort=False).indices
    none = np.array([], dtype=int)
    written = write_parts(tables, DATA_LAYOUT, [(out_dir / DATA_FILE, None)])
    written += write_frame(gemeenten_frame(monitor.gemeenten), out_dir / GEMEENTEN_FILE, GEMEENTEN_LAYOUT,
                           monitor.catalogue)
    written += write_indicator_files(tables, [(ind, out_dir / "indicatoren" / f"{ind.slug}.csv", by_code[ind.code])
                                              for ind in monitor.catalogue if ind.code in by_code], cache)
    gemeente_rows = {nis: by_nis.get(nis, none) for nis in gemeenten}
    written += write_parts(tables, GEMEENTE_LAYOUT, [(out_dir / "gemeenten" / f"{nis}.csv", rows)
                                                     for nis, rows in gemeente_rows.items()])
    return written + write_gemeente_jsons(monitor, tables[0], out_dir / "gemeenten", gemeente_rows)


def write_indicator_files(tables: tuple[TextTable, TextTable], parts: list[tuple[Indicator, Path, np.ndarray]],
                          cache: ReportCache | None) -> list[Path]:
    """``indicatoren/<slug>.csv`` and its Excel-ready variant per (indicator, path, row positions); from
    ``cache`` when the indicator's rows, their types and its decimals are those of the previous build."""
    written, todo = [], []
    for ind, path, rows in parts:
        keys = [cache.key(kind, rows_payload(tables[0].frame, rows, ind)) for kind in ("indicator-csv", "indicator-excel")] \
            if cache else []
        if cache and keys and all(cache.fetch(key, target) for key, target in zip(keys, (path, excel_path(path)))):
            written += [path, excel_path(path)]
        else:
            todo.append((path, rows, keys))
    for table, columns, excel in zip(tables, INDICATOR_LAYOUT, (False, True)):
        header = table.header(columns)
        for path, rows, keys in todo:
            target = excel_path(path) if excel else path
            target.unlink(missing_ok=True)  # may be a link into the cache (one of the pair was found)
            written.append(write_text(target, csv_document(header, table.lines(columns, rows.tolist()), None, table.dialect),
                                      excel))
            if cache:
                cache.store(keys[excel], target)
    return written


def rows_payload(frame: pd.DataFrame, rows: np.ndarray, ind: Indicator) -> bytes:
    """What an indicator's files are made from: its rows (every column, hashed), the columns' types and
    the indicator as the catalogue describes it (decimals, names, source)."""
    part = frame.iloc[rows]
    hashed = pd.util.hash_pandas_object(part, index=False).to_numpy().tobytes()
    return hashlib.sha256(hashed).digest() + repr((list(part.dtypes.astype(str).items()), ind)).encode()


def write_gemeente_jsons(monitor: Monitor, plain: TextTable, folder: Path,
                         gemeente_rows: dict[str, np.ndarray]) -> list[Path]:
    """``<nis>.json`` per gemeente (``gemeente_json``), from the JSON texts of its rows (numbers: the
    digits of the plain CSV, ``plain``)."""
    lines = TextTable(plain.frame, JSON, numbers_from=plain).lines(GEMEENTE_COLUMNS)
    codes = plain.frame["indicator"].to_numpy()
    written = []
    for nis, rows in gemeente_rows.items():
        present = set(codes[rows].tolist())
        indicators = [ind for ind in monitor.catalogue if ind.code in present]
        text = gemeente_json(monitor.gemeenten[nis], monitor.edition.jaar, indicators, [lines[i] for i in rows])
        written.append(write_text(folder / f"{nis}.json", text, excel=False))
    return written


def gemeente_json(g: Gemeente, edition: int, indicators: list[Indicator], rows: list[str]) -> str:
    """The compact JSON of one gemeente: ``nis``, ``gemeente``, ``cluster``, ``provincie``, ``editie``,
    ``kolommen`` (``GEMEENTE_COLUMNS``), ``rijen`` (``rows``: one JSON array per row, one per line),
    ``indicatoren`` (code → naam) and ``groepen`` (code → groep → naam) of the indicators in the rows."""
    head = {"nis": g.nis, "gemeente": g.naam, "cluster": g.clusternaam, "provincie": g.provincie,
            "editie": edition, "kolommen": list(GEMEENTE_COLUMNS)}
    names = {"indicatoren": {ind.code: ind.naam for ind in indicators},
             "groepen": {ind.code: group_labels(ind) for ind in indicators}}
    body = "[\n" + ",\n".join(rows) + "\n]" if rows else "[]"
    return f'{compact_json(head)[:-1]},"rijen":{body},{compact_json(names)[1:]}\n'


def compact_json(value: object) -> str:
    """JSON without spaces, non-ASCII as is."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
