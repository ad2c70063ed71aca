"""``liim-data.zip``: liim-data.csv and liim-vergelijking.csv with their own ``datapackage.json``
and the schema, in one file. Deterministic: fixed entry times and attributes, a fixed order."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from ..model import Monitor
from .datapackage import DATA_FILE, SCHEMA_FILE, ZIP_FILE, bundle_package, package_json, write_schema
from .opendata import REFERENCE_FILE

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """An entry with a fixed time, file mode and system, compressed."""
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 3  # Unix, wherever the build runs
    entry.external_attr = 0o644 << 16
    return entry


def write_data_zip(monitor: Monitor, out_dir: Path) -> Path:
    """``liim-data.zip`` in ``out_dir``, from liim-data.csv and liim-vergelijking.csv written there."""
    write_schema(monitor, out_dir)
    target = out_dir / ZIP_FILE
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(zip_entry("datapackage.json"), package_json(bundle_package(monitor, out_dir)))
        for name in (SCHEMA_FILE, DATA_FILE, REFERENCE_FILE):
            with (out_dir / name).open("rb") as source, archive.open(zip_entry(name), "w") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
    return target
