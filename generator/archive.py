"""Earlier editions under ``/archief/<jaar>/`` and the page "Wat is nieuw in editie <jaar>".

An earlier edition is published as it was: harmonised to the gemeenten of its own time, with a
table per indicator and per gemeente and its open data, so a figure quoted in an old multi-year
plan can still be found. It is a frozen artefact (``freeze.py``), made once:

* ``liim archive <jaar>`` (``freeze_edition``) validates and harmonises the edition's data folder,
  renders its archived form (``write_edition``: finished HTML with a stylesheet of its own, the
  open data as ``downloads/liim-data.zip`` and ``editie.json`` with what "Wat is nieuw" needs) and
  freezes it into ``DIR/archief/<jaar>/``. The pages load nothing of the current site; they link to
  its home and archive with relative links.
* ``liim build`` checks every frozen edition's sha256 (``archived_editions``), renders only the
  archive index and "Wat is nieuw" into the docs folder (``write_archive``: the comparison reads
  the newest earlier edition's open data and ``editie.json``), and after mkdocs copies each
  edition's files into the new site byte for byte (``unpack_archive``).
"""
from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from . import paths
from .diff import diff_report
from .downloads.bundle import zip_entry
from .downloads.sizes import size_text
from .downloads.tabletext import PLAIN, TextTable, csv_document
from .editionview import COLUMNS, EditionView
from .errors import BuildError
from .export import export_frame
from .freeze import MANIFEST, ArchiveError, Frozen, read_manifest, read_members, unpack, verified_bytes, write_frozen
from .load import read_edition
from .model import Monitor
from .monitor import load_inputs, make_monitor
from .pages import gemeente_rows, indicator_table
from .presentation import availability, latest
from .templating import render, render_html

ARCHIVE = "archief"
EDITION_JSON = "editie.json"
DATA_FILE = "liim-data.csv"
DATA_ZIP = "downloads/liim-data.zip"
STYLESHEET = "stijl.css"


# ------------------------------------------------------------------- freezing (liim archive)


def freeze_edition(data_dir: Path, jaar: int, out_dir: Path | None = None, geodata_dir: Path | None = None,
                   again: bool = False) -> Frozen:
    """Freeze the edition of ``data_dir`` (its ``editie.yml`` says ``jaar``) into ``out_dir/archief/<jaar>/``."""
    folder = Path(out_dir or data_dir) / ARCHIVE / str(jaar)
    if (folder / MANIFEST).exists() and not again:
        raise ArchiveError(f"editie {jaar} is al bevroren: een gepubliceerde editie verandert niet", path=folder / MANIFEST,
                           fix=f"laat ze zoals ze is; alleen als het bewust moet: liim archive {jaar} --opnieuw")
    edition, _ = read_edition(Path(data_dir))  # its problems are reported in full by load_inputs
    if edition is not None and edition.jaar != jaar:
        raise ArchiveError(f"de editie in {data_dir} is editie {edition.jaar}, niet {jaar}", path=Path(data_dir) / "editie.yml",
                           fix=f"geef het jaar uit editie.yml (liim archive {edition.jaar}) of kies de map met --data")
    monitor = make_monitor(load_inputs(Path(data_dir), geodata_dir))
    with tempfile.TemporaryDirectory(prefix=".liim-archief-") as tmp:
        write_edition(monitor, Path(tmp))
        return write_frozen(Path(tmp), folder, jaar, monitor.edition.publicatiedatum)


def write_edition(monitor: Monitor, root: Path) -> Path:
    """The archived form of an edition under ``root/archief/<jaar>/`` (no mkdocs pass needed)."""
    folder = root / ARCHIVE / str(monitor.edition.jaar)
    zipped = write_open_data(monitor, folder / DATA_ZIP)
    shutil.copyfile(paths.TEMPLATES / ARCHIVE / STYLESHEET, folder / STYLESHEET)
    record = json.dumps(EditionView.of(monitor).to_record(), ensure_ascii=False, indent=1)
    (folder / EDITION_JSON).write_text(record + "\n", encoding="utf-8")
    write_pages(monitor, folder, size_text(zipped.stat().st_size))
    return folder


def write_open_data(monitor: Monitor, target: Path) -> Path:
    """``liim-data.csv`` of the edition (``export_frame``) in a deterministic zip."""
    frame = export_frame(monitor.table)
    columns, table = list(frame.columns), TextTable(frame, PLAIN)  # the bytes of to_csv, ~5x faster
    text = csv_document(table.header(columns), table.lines(columns), None, PLAIN)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr(zip_entry(DATA_FILE), text.encode("utf-8"), compresslevel=9)
    return target


def write_pages(monitor: Monitor, folder: Path, zip_size: str) -> None:
    """Overview, a page per indicator (newest year) and a page per gemeente, as finished HTML."""
    table, common = monitor.table, {"edition": monitor.edition}
    published = {code for code, _ in availability(table)}
    render_html("archief/editie.html.j2", folder / "index.html", root="../../", here="", catalogue=monitor.catalogue,
                gemeenten=list(monitor.gemeenten.values()), available=published, zip_size=zip_size, **common)
    totals = table[table["groep"] == "totaal"]
    by_indicator = dict(tuple(totals.groupby("indicator", sort=False)))
    for ind in monitor.catalogue:
        rows = by_indicator.get(ind.code)
        if rows is not None and not rows.empty:
            now = latest(rows)
            render_html("archief/indicator.html.j2", folder / "indicatoren" / ind.slug / "index.html",
                        root="../../../../", here="../../", ind=ind, year=int(now["jaar"].iloc[0]),
                        table=indicator_table(ind, now, monitor.gemeenten), **common)
    for nis, rows in totals.groupby("nis", sort=False):
        g = monitor.gemeenten[nis]
        render_html("archief/gemeente.html.j2", folder / "gemeenten" / g.slug / "index.html",
                    root="../../../../", here="../../", g=g, themes=gemeente_rows(monitor, rows), **common)


# ------------------------------------------------------------------- building


def archived_editions(data_dir: Path) -> list[Frozen]:
    """The frozen editions of ``DIR/archief/``, oldest first, each checked against its sha256.

    An edition still kept as inputs (``editie.yml`` without ``bevroren.yml``) is an error rather
    than left out: the site would silently lose it."""
    root = data_dir / ARCHIVE
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        if (folder / MANIFEST).exists():
            found.append(read_manifest(folder))
            verified_bytes(found[-1])
        elif (folder / "editie.yml").exists():
            raise BuildError(f"editie {folder.name} staat in het archief als invoer (editie.yml), niet bevroren; "
                             "de build maakt eerdere edities niet meer opnieuw", path=folder,
                             fix=f"bevries ze eenmalig: liim archive {folder.name} --data {folder} --uit {data_dir}")
    return sorted(found, key=lambda f: f.jaar)


def write_archive(current: Monitor, archived: list[Frozen], docs_dir: Path) -> None:
    """The archive index and the "what is new" page (against the newest earlier frozen edition)."""
    render("archief-index.md.j2", docs_dir / ARCHIVE / "index.md", current=current.edition,
           editions=sorted(archived, key=lambda f: -f.jaar))
    previous = max((f for f in archived if f.jaar < current.edition.jaar), key=lambda f: f.jaar, default=None)
    text = diff_report(frozen_view(previous), current) if previous else first_edition_text(current)
    (docs_dir / "wat-is-nieuw.md").write_text(text, encoding="utf-8")


def first_edition_text(current: Monitor) -> str:
    """The "what is new" page when there is no earlier edition to compare with."""
    return (f"# Wat is nieuw in editie {current.edition.jaar}\n\n"
            "Er is geen vorige editie in het archief om mee te vergelijken.\n")


def frozen_view(frozen: Frozen) -> EditionView:
    """The comparison view of a frozen edition: its ``editie.json`` and the table of its open data."""
    files = read_members(frozen, {EDITION_JSON, DATA_ZIP})
    try:
        with zipfile.ZipFile(io.BytesIO(files[DATA_ZIP])) as bundle, bundle.open(DATA_FILE) as fh:
            table = pd.read_csv(fh, usecols=COLUMNS, keep_default_na=False, na_values={"waarde": [""]},
                                dtype={"indicator": str, "nis": str, "groep": str, "status": str, "jaar": int})
        return EditionView.from_record(json.loads(files[EDITION_JSON]), table)
    except (KeyError, ValueError, zipfile.BadZipFile) as err:
        raise BuildError(f"{EDITION_JSON} of {DATA_ZIP} van editie {frozen.jaar} is onvolledig: {err}",
                         path=frozen.tarball, fix=f"bevries de editie opnieuw: liim archive {frozen.jaar} --opnieuw") from err


def unpack_archive(archived: list[Frozen], site: Path) -> int:
    """Every frozen edition's files into the built ``site`` (``archief/<jaar>/``); returns the count."""
    return sum(unpack(frozen, site) for frozen in archived)
