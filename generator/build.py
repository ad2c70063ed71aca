"""The build, as a list of stages (after mkdocs' ``build()``).

inputs → validated tables → harmonised table → comparisons → pages, maps,
downloads → ``mkdocs build`` into a temporary folder → the frozen archived
editions unpacked into it → atomic swap into the output folder. A failure in
any stage leaves the previous site untouched.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .errors import BuildError
from .formatting import date_text
from .timings import Progress, Timings

if TYPE_CHECKING:  # pragma: no cover - imported when a build runs, not for "nothing changed" (≤ 2 s)
    from .buildcache import BuildCache
    from .freeze import Frozen
    from .model import Monitor
    from .webgeometry import SiteGeometry


def build(data_dir: Path = paths.DATA_DIR, geodata_dir: Path | None = None, out_dir: Path = paths.SITE,
          progress: Progress = lambda m: None, docs_dir: Path = paths.SITE_SRC, force: bool = False) -> Timings:
    """Build the whole site into ``out_dir``; nothing in ``out_dir`` changes unless every stage succeeds."""
    timings = Timings(progress=progress)
    recover(Path(out_dir))
    fingerprint = input_fingerprint(Path(data_dir), geodata_dir, Path(docs_dir))
    if not force and up_to_date(Path(out_dir), fingerprint):
        progress(f"niets gewijzigd sinds de vorige build: {out_dir} is actueel (--force bouwt toch opnieuw)")
        return timings
    from .archive import archived_editions  # the stages: imported only when there is something to build
    from .buildcache import BuildCache, cache_dir
    from .downloads import fill_sizes
    from .incremental import docs_state, read_state, unchanged_files, write_state
    from .monitor import load_inputs, make_monitor
    from .render import render_docs
    cache = BuildCache(cache_dir(Path(out_dir)))
    with timings.stage("invoer lezen en valideren"):
        inputs = load_inputs(Path(data_dir), geodata_dir, cache=cache)
    for warning in inputs.warnings:
        progress(f"waarschuwing: {warning}")
    with timings.stage("archief controleren (bevroren edities)"):
        archived = archived_editions(Path(data_dir))  # sha256 checked before anything is written
    with timings.stage("harmoniseren en vergelijken"):
        monitor = make_monitor(inputs)
    geometry = cached_geometry(monitor, cache, timings)
    settings = mkdocs_settings(monitor)
    with downloads_alongside(monitor, geometry, Path(out_dir), Path(docs_dir), timings) as downloads:
        render_docs(monitor, geometry, Path(docs_dir), timings, archived, cache.memo)
        state = docs_state(Path(docs_dir), settings)
        unchanged = None if force else unchanged_files(read_state(Path(out_dir)), state)
        if unchanged is not None:
            progress(f"alleen gewijzigde pagina's opnieuw: {len(state.files) - len(unchanged)} van {len(state.files)} bestanden")
        with timings.stage("mkdocs build"):
            staged = mkdocs_build(Path(docs_dir), Path(out_dir), unchanged=unchanged, **settings)
    with timings.stage("archief uitpakken (bevroren edities)"):
        unpack_into(archived, staged)
    with timings.stage("site vervangen"):
        merge_into(downloads, staged / paths.DOWNLOADS)
        fill_sizes(staged / paths.DOWNLOADS)  # the downloads page names each file's size, now known
        swap_into(staged, Path(out_dir))
        write_state(Path(out_dir), state)
        write_fingerprint(Path(out_dir), fingerprint)
    cache.prune()
    return timings


def cached_geometry(monitor: Monitor, cache: BuildCache, timings: Timings) -> SiteGeometry:
    """Today's geometry and every gemeente's locator map (``SiteGeometry.of``), once per build, from ``cache`` when
    the boundary sources (their files are checked against bronnen.yml's sha256), the mergers, the
    division and its gemeenten are the same."""
    from .buildcache import file_digests
    from .webgeometry import SiteGeometry
    with timings.stage("geometrie en liggingskaartjes"):
        key = cache.key("geometrie", *file_digests([paths.GEODATA_SOURCES, paths.FUSIES]),
                        monitor.divisions.current.key, repr(list(monitor.gemeenten)))
        return cache.get_or_make(key, lambda: SiteGeometry.of(monitor))


def mkdocs_settings(monitor: Monitor) -> dict:
    """What mkdocs gets besides the docs folder: printed on every page, so part of every page's frame."""
    return {"demo": monitor.edition.demo, "date": monitor.edition.publicatiedatum,
            "catalogue": monitor.catalogue.path, "edition": monitor.edition.jaar}


@contextmanager
def downloads_alongside(monitor: Monitor, geometry: SiteGeometry, out_dir: Path, docs_dir: Path,
                        timings: Timings) -> Iterator[Path]:
    """Start the download workers (PDF, XLSX per gemeente) now; the body does the rest of the
    build meanwhile. Yields the folder they write into; on leaving, waits for them.
    ``docs_dir``: the build's docs folder (its methodology page is the begeleidend rapport)."""
    from .downloads import start_downloads
    from .downloads.cache import ReportCache
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-downloads-", dir=out_dir.parent))
    try:
        with timings.stage("downloads starten (werkprocessen)"):
            cache = ReportCache.beside(out_dir)
            pending = start_downloads(monitor, folder, geometry=geometry, docs_dir=docs_dir, cache=cache)
        try:
            yield folder
        except BaseException:
            pending.cancel()
            raise
        with timings.stage("downloads afwerken (PDF, XLSX, datapackage)"):
            pending.finish()
            cache.finish()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def unpack_into(archived: list[Frozen], staged: Path) -> None:
    """The frozen editions' files into the staged site, byte for byte; on failure the staged site goes."""
    from .archive import unpack_archive
    try:
        unpack_archive(archived, staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def merge_into(source: Path, target: Path) -> None:
    """Move the entries of ``source`` into ``target`` (which may hold the downloads page)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        entry.rename(target / entry.name)
    source.rmdir()


def mkdocs_build(docs_dir: Path, out_dir: Path, demo: bool = True, date: str = "2000-01-01",
                 catalogue: Path | None = None, edition: int | None = None,
                 unchanged: frozenset[str] | None = None) -> Path:
    """Run ``mkdocs build --strict`` into a fresh folder beside ``out_dir``; return that folder.

    The build date (sitemap, gzip headers) is the edition's publication date, so two
    builds of the same inputs are byte-identical. ``unchanged``: files of the docs folder
    that are the same as for the site in ``out_dir`` (``incremental.unchanged_files``): the new
    site starts as a copy of that one and mkdocs renders only the others.
    """
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .incremental import SkipUnchanged, seed_site

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp()))
    staged = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        config = load_config(str(paths.MKDOCS_YML), docs_dir=str(docs_dir), site_dir=str(staged), strict=True)
        config.extra["demo"] = demo
        config.extra["editie"] = {"jaar": edition, "datum": date_text(date)}  # printed on every page
        if catalogue is not None:  # the nav follows the catalogue this build read (the data folder's own)
            config.extra["catalogue"] = str(catalogue)
        if unchanged is not None:
            seed_site(out_dir, staged)
            config.plugins["liim/ongewijzigd"] = SkipUnchanged(unchanged)
        mk_build(config, dirty=unchanged is not None)
    except (MkDocsException, SystemExit) as err:
        shutil.rmtree(staged, ignore_errors=True)
        raise BuildError(f"mkdocs build mislukt: {err}", fix="zie de waarschuwingen hierboven") from err
    return staged


def swap_into(staged: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``staged`` with two renames: the site is wholly old or wholly new.

    A build killed between the renames leaves the old site as ``.<name>.old``;
    ``recover`` puts it back at the start of the next build.
    """
    from .incremental import forget_state
    os.chmod(staged, 0o755)
    fingerprint_path(out_dir).unlink(missing_ok=True)  # from here on the old stamp is void
    forget_state(out_dir)
    old = out_dir.parent / f".{out_dir.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staged.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def recover(out_dir: Path) -> None:
    """Undo what a killed build left: restore the old site, drop half-built folders."""
    old = out_dir.parent / f".{out_dir.name}.old"
    if old.exists() and not out_dir.exists():
        old.rename(out_dir)
    for leftover in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)


FINGERPRINT_FILE = ".liim-build"  # beside the site, not in it: never deployed


def input_fingerprint(data_dir: Path, geodata_dir: Path | None, docs_dir: Path) -> str:
    """A hash of everything a build reads: inputs, boundary sources, code, templates, hand-written
    pages, configuration and pinned versions. Equal hash → equal site (builds are reproducible)."""
    from .docsdir import hand_written
    digest = hashlib.sha256()
    roots = [data_dir, paths.ROOT / "generator", paths.TEMPLATES, docs_dir, paths.GEODATA_SOURCES,
             paths.FUSIES, paths.MKDOCS_YML, paths.ROOT / "requirements.lock", paths.CATALOGUE]
    for root in roots:
        files = ([root] if root.is_file() else list(hand_written(root).values()) if root == docs_dir
                 else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"))
        for f in files:
            digest.update(f"{f}\0{f.stat().st_size}\0".encode())
            digest.update(hashlib.sha256(f.read_bytes()).digest())
    for setting in (str(geodata_dir or os.environ.get(paths.GEODATA_ENV, "")),
                    os.environ.get("LIIM_KAARTTEGELS", ""), os.environ.get("LIIM_KAARTTEGELS_BRON", "")):
        digest.update(setting.encode() + b"\0")
    return digest.hexdigest()


def fingerprint_path(out_dir: Path) -> Path:
    return out_dir.parent / f"{FINGERPRINT_FILE}-{out_dir.name}"


def up_to_date(out_dir: Path, fingerprint: str) -> bool:
    stamp = fingerprint_path(out_dir)
    return (out_dir / "index.html").is_file() and stamp.is_file() and stamp.read_text() == fingerprint


def write_fingerprint(out_dir: Path, fingerprint: str) -> None:
    fingerprint_path(out_dir).write_text(fingerprint)


__all__ = ["build", "Timings"]
