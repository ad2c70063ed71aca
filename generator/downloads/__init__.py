"""Downloads: reports, workbooks and open data files next to ``liim-data.csv``.

The build writes them into a fresh folder beside the output folder while mkdocs
runs, and moves that folder into the new site as ``downloads/`` (see
``build.downloads_alongside``); they never pass through the docs folder:

* ``liim-data.csv``  every figure, harmonised (``export.py``), with the names of indicator and group
  (the contract: its columns never change);
* ``liim-vergelijking.csv`` the figures of Vlaams Gewest, clusters and provinces with their sums,
  intervals and gaps (``opendata.py``, ``Monitor.references``);
* ``liim-gemeenten.csv`` every gemeente with its cluster and province (``opendata.py``);
* ``liim-data.zip`` liim-data.csv and liim-vergelijking.csv with ``datapackage.json`` and the schema,
  ``liim-data-excel.zip`` their Excel-ready variants (``bundle.py``): every download of 5 MB or more is
  also offered zipped (``bundle.ZIP_THRESHOLD``);
* ``indicatoren/<slug>.csv`` an indicator's rows without the constant and the comparison columns
  (``opendata.py``, ``columns.INDICATOR_COLUMNS``) and ``.svg`` its newest map (``svgmaps.py``);
* ``gemeenten/<nis>.csv`` the gemeente's rows without the constant columns (``columns.GEMEENTE_COLUMNS``)
  and ``.json`` the same, compact: the gemeente once, ``kolommen`` and ``rijen``, the names of
  indicators and groups once (``opendata.gemeente_json``);
* beside every CSV ``<name>-excel.csv``: the same for spreadsheet software (``;``, decimal comma,
  BOM, rounded to the catalogue's decimals, names beside the codes; ``opendata.excel_frame``);
* ``gemeenten/<nis>.pdf`` the cijferrapport (``report.py``, typst template ``templates/rapport.typ.j2``);
* ``gemeenten/<nis>.xlsx`` a sheet per theme plus "Definities" (``workbook.py``, written by ``xlsx.py``);
* ``begeleidend-rapport.pdf`` the methodology page plus the catalogue (``methodology.py``);
* ``datapackage.json`` a Frictionless Data Package describing every file, with the Table Schemas
  ``liim-*.schema.json`` (``datapackage.py``).

The downloads page shows every file's size: ``sizes.fill_sizes`` fills them into the built page
once the downloads are complete.

Safety: data reach typst only as JSON in ``sys.inputs`` and are inserted as
strings, never parsed as markup; text cells in the workbooks are typed as
strings, so a name like ``=1+1`` is never a formula. Suppressed figures
(``model.is_published`` false) are never printed.

Determinism: PDFs carry no date, workbook timestamps and zip entry times are
fixed, JSON keys are written in a fixed order: same input, same bytes.

Parallelism: the PDFs and workbooks are made in a pool of forked processes
(``pool.py``), which receive a small payload per gemeente (the tasks below);
the open data files are written meanwhile in the calling process, each column of the
big table formatted once for all of them (``tabletext.py``).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..export import export_frame
from ..memo import fingerprint
from ..model import Gemeente, Monitor
from ..webgeometry import SiteGeometry
from .bundle import write_data_zip, write_excel_zip
from .cache import ReportCache, cached_file
from .datapackage import write_datapackage
from .methodology import methodology_data
from .opendata import rounded_table, with_references, write_data_files, write_references
from .pool import WorkerContext, report_payload, start_tasks, write_pdf
from .report import GEMEENTE_PDF_TAGS, gemeente_report_data, report_template
from .sizes import fill_sizes
from .svgmaps import write_indicator_maps
from .workbook import workbook_bytes

__all__ = ["write_downloads", "start_downloads", "PendingDownloads", "rounded_table", "fill_sizes"]


def write_downloads(monitor: Monitor, out_dir: Path, *, workers: int | None = None,
                    gemeenten: Iterable[str] | None = None, geometry: SiteGeometry | None = None,
                    docs_dir: Path = paths.SITE_SRC, cache: ReportCache | None = None) -> list[Path]:
    """Write every download into ``out_dir`` (the site's ``downloads/``) and wait for them.

    ``workers``: processes (default: one per core); ``gemeenten``: only these NIS codes
    (previews, tests); ``geometry``: the build's (else made here); ``docs_dir``: the docs
    folder whose methodology page becomes the begeleidend rapport. Returns the paths written.
    """
    return start_downloads(monitor, out_dir, workers=workers, gemeenten=gemeenten, geometry=geometry,
                           docs_dir=docs_dir, cache=cache).finish()


@dataclass
class PendingDownloads:
    """Downloads whose reports are being made by worker processes (see ``start_downloads``)."""

    monitor: Monitor
    out_dir: Path
    written: list[Path]
    pool: ProcessPoolExecutor
    results: Iterator[list[str]]
    zips: Background | None = None

    def finish(self) -> list[Path]:
        """Wait for the workers and the zips, then describe everything in ``datapackage.json``."""
        try:
            self.written += [Path(p) for done in self.results for p in done]
        finally:
            self.pool.shutdown()
            zipped = self.zips.join() if self.zips else []
        return self.written + zipped + write_datapackage(self.monitor, self.out_dir)

    def cancel(self) -> None:
        """Stop the workers without waiting for the remaining reports (a failed build)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.zips:
            self.zips.thread.join()


def start_downloads(monitor: Monitor, out_dir: Path, *, workers: int | None = None,
                    gemeenten: Iterable[str] | None = None, geometry: SiteGeometry | None = None,
                    docs_dir: Path = paths.SITE_SRC, cache: ReportCache | None = None) -> PendingDownloads:
    """Start the PDF/XLSX workers, then write the quick files (CSV, zip, maps) meanwhile; the caller
    may do other work (the build runs mkdocs) before ``finish()``. The workers are forked here,
    before any other thread exists, so nothing the caller does afterwards can deadlock them.
    ``cache``: reports of the previous build, reused where their data are the same (``cache.py``)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    chosen = list(monitor.gemeenten) if gemeenten is None else list(gemeenten)
    geometry = SiteGeometry.of(monitor, chosen) if geometry is None else geometry
    exported = export_frame(monitor.table)
    table = rounded_table(monitor.table, exported)
    tasks: list = gemeente_tasks(monitor, table, out_dir / "gemeenten", chosen, geometry, cache)
    tasks.append(MethodologyTask(methodology_data(monitor, docs_dir), out_dir / "begeleidend-rapport.pdf"))
    pool, results = start_tasks(WorkerContext.of(monitor, report_template()), tasks, workers)
    zips = None
    try:
        written = write_data_files(monitor, exported, out_dir, chosen, cache)  # every CSV and JSON but the comparison
        written += write_references(monitor.references, out_dir, monitor.catalogue)
        zips = zip_in_background(monitor, out_dir)
        written += write_indicator_maps(monitor.catalogue, table, monitor.gemeenten, geometry.current,
                                        out_dir / "indicatoren", cache)
    except BaseException:
        PendingDownloads(monitor, out_dir, [], pool, results, zips).cancel()
        raise
    return PendingDownloads(monitor, out_dir, written, pool, results, zips)


def zip_in_background(monitor: Monitor, out_dir: Path) -> Background:
    """``liim-data.zip`` and ``liim-data-excel.zip`` in a thread: deflating ~100 MB of CSV is most of
    their time, and zlib releases the interpreter lock meanwhile, so the build goes on with the
    maps, the pages and mkdocs (``PendingDownloads.finish`` waits for it). The bytes are those of
    writing them in line."""
    return Background(lambda: [write_data_zip(monitor, out_dir), write_excel_zip(out_dir)])


class Background:
    """A function run in a thread of its own; ``join`` waits for it (the thread has ended then, so a
    later build may fork its workers safely) and returns its result or raises its error."""

    def __init__(self, function: Callable[[], list[Path]]) -> None:
        self.function, self.value = function, list[Path]()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="liim-zip", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.value = self.function()
        except BaseException as err:  # noqa: BLE001 - handed to the caller of join
            self.error = err

    def join(self) -> list[Path]:
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.value


# ------------------------------------------------------------- worker tasks


@dataclass(frozen=True)
class GemeenteTask:
    """One gemeente's payload: its rows (~1 000), its locator map and the target folder."""

    gemeente: Gemeente
    rows: pd.DataFrame
    locator: str
    folder: Path
    cache: ReportCache | None = None

    def run(self, context: WorkerContext) -> list[str]:
        """In a worker: the gemeente's PDF and XLSX, each from the cache when what it is made of is unchanged
        (the PDF: the data handed to typst; the XLSX: the gemeente's rows and the context it reads)."""
        g = self.gemeente
        records = self.rows.to_dict(orient="records")
        data = gemeente_report_data(context, g, records, self.locator)
        pdf = self.folder / f"{g.nis}.pdf"
        cached_file(self.cache, "pdf", lambda: report_payload(data).encode(), pdf,
                    lambda: write_pdf(data, pdf, tags=GEMEENTE_PDF_TAGS))
        xlsx = self.folder / f"{g.nis}.xlsx"
        cached_file(self.cache, "xlsx", lambda: workbook_inputs(context, g, self.rows), xlsx,
                    lambda: xlsx.write_bytes(workbook_bytes(context, g, records)))
        return [str(pdf), str(xlsx)]


def workbook_inputs(context: WorkerContext, g: Gemeente, rows: pd.DataFrame) -> bytes:
    """Everything ``workbook_bytes`` reads: the context but the typst template, the gemeente, its rows."""
    return context.data_fingerprint + fingerprint((g, rows))


@dataclass(frozen=True)
class MethodologyTask:
    """The begeleidend rapport: prepared data (JSON-able) and its target."""

    data: dict
    target: Path

    def run(self, context: WorkerContext) -> list[str]:
        """In a worker: compile the begeleidend rapport (tagged PDF)."""
        return [str(write_pdf(self.data, self.target, tags=True))]


def gemeente_tasks(monitor: Monitor, table: pd.DataFrame, folder: Path, chosen: list[str],
                   geometry: SiteGeometry, cache: ReportCache | None = None) -> list[GemeenteTask]:
    """One small payload per chosen gemeente: its rows with the Flemish and cluster intervals and gaps."""
    folder.mkdir(parents=True, exist_ok=True)
    table = with_references(table[table["nis"].isin(chosen)], monitor.references)
    parts = dict(tuple(table.groupby("nis", sort=False)))
    empty = table.iloc[0:0]
    return [GemeenteTask(monitor.gemeenten[nis], parts.get(nis, empty), geometry.locators[nis], folder, cache)
            for nis in chosen]
