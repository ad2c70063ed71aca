"""The zipped downloads. ``liim-data.zip``: liim-data.csv and liim-vergelijking.csv with their own
``datapackage.json`` and the schema, in one file; ``liim-data-excel.zip``: their Excel-ready variants.

Every download of ``ZIP_THRESHOLD`` bytes or more is also offered zipped: on the demo those are
liim-data.csv (in liim-data.zip) and liim-data-excel.csv; an indicator's or a gemeente's files are
far smaller (the tests check the rule on the built site). Smaller files are not zipped: a zip beside
them would only add to the site's size. Deterministic: fixed entry times and attributes, a fixed order.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from ..model import Monitor
from .datapackage import DATA_FILE, EXCEL_ZIP_FILE, SCHEMA_FILE, ZIP_FILE, bundle_package, package_json, write_schema
from .opendata import REFERENCE_FILE, excel_path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
ZIP_THRESHOLD = 5_000_000  # bytes: a download this large is also offered zipped


def zip_entry(name: str) -> zipfile.ZipInfo:
    """An entry with a fixed time, file mode and system, compressed."""
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 3  # Unix, wherever the build runs
    entry.external_attr = 0o644 << 16
    return entry


def write_zip(target: Path, folder: Path, names: list[str], extra: dict[str, bytes] | None = None) -> Path:
    """``target``: the ``extra`` entries (name → bytes), then the files ``names`` of ``folder``."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name, body in (extra or {}).items():
            archive.writestr(zip_entry(name), body)
        for name in names:
            with (folder / name).open("rb") as source, archive.open(zip_entry(name), "w") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
    return target


def write_data_zip(monitor: Monitor, out_dir: Path) -> Path:
    """``liim-data.zip`` in ``out_dir``, from liim-data.csv and liim-vergelijking.csv written there."""
    write_schema(monitor, out_dir)
    return write_zip(out_dir / ZIP_FILE, out_dir, [SCHEMA_FILE, DATA_FILE, REFERENCE_FILE],
                     {"datapackage.json": package_json(bundle_package(monitor, out_dir))})


def write_excel_zip(out_dir: Path) -> Path:
    """``liim-data-excel.zip`` in ``out_dir``: the Excel-ready liim-data and liim-vergelijking written there."""
    names = [excel_path(Path(name)).name for name in (DATA_FILE, REFERENCE_FILE)]
    return write_zip(out_dir / EXCEL_ZIP_FILE, out_dir, names)
