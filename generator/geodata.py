"""Locating, downloading and verifying the municipal boundary files.

The boundary files (``geodata/bronnen.yml``) are never committed. They are
looked up, in this order, in the ``--geodata`` folder, ``$LIIM_GEODATA_DIR``,
``geodata/cache/`` and ``../shared/geodata``; failing that they are
downloaded into the cache. Every file is checked against its sha256 sum.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import paths
from .errors import GeodataError

DOWNLOAD_TIMEOUT = 20  # seconds per file

# (resolved path, size, mtime_ns) -> sha256: each file is hashed once per process
_HASHES: dict[tuple[str, int, int], str] = {}


@dataclass(frozen=True)
class Source:
    """One boundary file: where it lives, where it comes from, how to check it."""

    name: str
    division: str  # "2018" | "2024" | "2025"
    path: str  # relative to the geodata folder
    url: str
    sha256: str
    licence: str
    attribution: str


@dataclass(frozen=True)
class DivisionSpec:
    """How to read one municipal division (``divisions`` in bronnen.yml)."""

    key: str
    first_year: int
    last_year: int | None
    shapefile: str
    code_column: str
    name_column: str | None
    names_file: str | None
    names_code_column: str
    names_name_column: str
    flemish_count: int


def _read_yaml(path: Path) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise GeodataError(f"kan de bronnenlijst niet lezen: {exc}", path=path,
                           fix="herstel geodata/bronnen.yml") from exc


def load_sources(path: Path | None = None) -> list[Source]:
    """The boundary files listed in ``bronnen.yml``, for verification and provenance."""
    path = path or paths.GEODATA_SOURCES
    try:
        return [Source(**{k: str(v) for k, v in entry.items()})
                for entry in _read_yaml(path)["files"]]
    except (KeyError, TypeError) as exc:
        raise GeodataError(f"ongeldige bestandenlijst ({exc})", path=path,
                           fix="elk item onder 'files' heeft name, division, path, url, "
                               "sha256, licence en attribution") from exc


def load_division_specs(path: Path | None = None) -> list[DivisionSpec]:
    """The divisions listed in ``bronnen.yml``, oldest first."""
    path = path or paths.GEODATA_SOURCES
    try:
        specs = [DivisionSpec(**entry) for entry in _read_yaml(path)["divisions"]]
    except (KeyError, TypeError) as exc:
        raise GeodataError(f"ongeldige indelingenlijst ({exc})", path=path,
                           fix="zie de velden onder 'divisions' in bronnen.yml") from exc
    return sorted(specs, key=lambda s: s.first_year)


def sha256_of(path: Path) -> str:
    """sha256 of a file, computed once per process per (path, size, mtime)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key not in _HASHES:
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        _HASHES[key] = digest.hexdigest()
    return _HASHES[key]


def check_folder(folder: Path, sources: list[Source]) -> list[str]:
    """Problems with ``folder`` as geodata folder: missing files and wrong sums."""
    problems = []
    for src in sources:
        file = folder / src.path
        if not file.is_file():
            problems.append(f"{file}: ontbreekt")
        elif (actual := sha256_of(file)) != src.sha256:
            problems.append(f"{file}: sha256 {actual} verschilt van de verwachte {src.sha256}")
    return problems


def _layout(sources: list[Source]) -> str:
    return ", ".join(src.path for src in sources)


def _require(folder: Path, sources: list[Source], origin: str) -> Path:
    """``folder`` when it holds every verified file; a GeodataError otherwise."""
    problems = check_folder(folder, sources)
    if problems:
        raise GeodataError(
            f"de geodata-map uit {origin} is onvolledig of beschadigd:\n  " + "\n  ".join(problems),
            path=folder,
            fix=f"zet de originele bestanden (zie geodata/bronnen.yml) in {folder}, "
                f"of verwijder {origin} om de standaardlocaties te gebruiken",
        )
    return folder


def locate_geodata(explicit: Path | None = None) -> Path:
    """The folder holding every file of bronnen.yml with the right sha256.

    Order: ``explicit`` (--geodata), ``$LIIM_GEODATA_DIR``, the cache, the
    shared copy; otherwise download into the cache. A folder the user named
    (option or environment variable) must be complete and correct.
    """
    sources = load_sources()
    if explicit is not None:
        return _require(Path(explicit), sources, "--geodata")
    if env := os.environ.get(paths.GEODATA_ENV):
        return _require(Path(env), sources, f"${paths.GEODATA_ENV}")
    for candidate in (paths.GEODATA_CACHE, paths.SHARED_GEODATA):
        if not check_folder(candidate, sources):
            return candidate
    return download_geodata(paths.GEODATA_CACHE, sources)


def fetch_file(url: str, target: Path) -> None:
    """Fetch ``url`` into ``target`` atomically (a temporary file, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                while block := response.read(1 << 20):
                    fh.write(block)
            os.replace(tmp, target)
        finally:
            Path(tmp).unlink(missing_ok=True)


def download_geodata(cache: Path, sources: list[Source]) -> Path:
    """Download the missing or damaged files into ``cache`` and verify them all."""
    for src in sources:
        target = cache / src.path
        if target.is_file() and sha256_of(target) == src.sha256:
            continue
        try:
            fetch_file(src.url, target)
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise GeodataError(
                f"geen gemeentegrenzen gevonden en downloaden van {src.url} mislukt ({exc})",
                fix=(f"zet de bestanden ({_layout(sources)}) in een map en geef die mee met "
                     f"--geodata MAP of ${paths.GEODATA_ENV}=MAP, of kopieer ze naar {cache} "
                     f"of {paths.SHARED_GEODATA}; zie geodata/bronnen.yml voor adressen en sha256"),
            ) from exc
        if (actual := sha256_of(target)) != src.sha256:
            raise GeodataError(
                f"gedownload bestand {src.name} heeft sha256 {actual}, verwacht {src.sha256}",
                path=target,
                fix=f"verwijder {target} en probeer opnieuw; blijft het verschil, "
                    f"controleer dan url en sha256 in geodata/bronnen.yml",
            )
    return cache
