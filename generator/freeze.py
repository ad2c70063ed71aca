"""The frozen form of a published edition: a deterministic tarball and its manifest ``bevroren.yml``.

``DIR/archief/<jaar>/`` holds ``editie-<jaar>.tar.gz`` (the edition's finished files, named as
they appear in the site: ``archief/<jaar>/…``) and ``bevroren.yml`` (year, publication date,
the tarball's sha256, size and number of files). The tarball is written deterministically
(sorted entries, fixed time, owner and mode, gzip without name or time): the same files give
the same bytes. A build checks the sha256 and copies the files out byte for byte; it never
renders them again, so a published edition does not change with the code or the templates.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import yaml

from .errors import BuildError, GeneratorError

MANIFEST = "bevroren.yml"
MANIFEST_HEADER = """\
# Bevroren editie van de Lokale Inburgerings- en Integratiemonitor: zo is ze gepubliceerd.
# Bewerk dit bestand en het tar.gz-bestand ernaast NOOIT met de hand. De build controleert de
# sha256 en weigert een gewijzigd of ontbrekend archief; hij pakt het uit zonder iets opnieuw
# te maken. Opnieuw bevriezen kan alleen bewust: liim archive {jaar} --opnieuw.
"""
FILE_MODE = 0o644


class ArchiveError(GeneratorError):
    """An edition cannot be frozen: wrong year, or already frozen."""


@dataclass(frozen=True)
class Frozen:
    """One frozen edition, as its manifest describes it."""

    folder: Path  # DIR/archief/<jaar>/
    jaar: int
    publicatiedatum: str  # ISO date
    bestand: str  # the tarball's name, beside the manifest
    sha256: str
    grootte: int  # bytes of the tarball
    bestanden: int  # files in the tarball

    @property
    def tarball(self) -> Path:
        return self.folder / self.bestand

    @property
    def prefix(self) -> str:
        """Where its files go in the site (every member's name starts with it)."""
        return f"archief/{self.jaar}/"


def tarball_name(jaar: int) -> str:
    return f"editie-{jaar}.tar.gz"


def epoch(date: str) -> int:
    """An ISO date as seconds since 1970 (UTC): the time stamp of every entry."""
    return int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())


# ------------------------------------------------------------------- writing


def write_tarball(root: Path, target: Path, mtime: int) -> int:
    """Every file under ``root`` (named relative to it, sorted) into ``target``; returns the count."""
    files = sorted((p for p in root.rglob("*") if p.is_file()), key=lambda p: p.relative_to(root).as_posix())
    with target.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path in files:
            info = tarfile.TarInfo(path.relative_to(root).as_posix())
            info.size, info.mtime, info.mode = path.stat().st_size, mtime, FILE_MODE
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with path.open("rb") as fh:
                tar.addfile(info, fh)
    return len(files)


def write_frozen(root: Path, folder: Path, jaar: int, publicatiedatum: str) -> Frozen:
    """Freeze the files under ``root`` (``archief/<jaar>/…``) into ``folder``: tarball, then manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    name = tarball_name(jaar)
    partial = folder / f".{name}.tmp"
    count = write_tarball(root, partial, epoch(publicatiedatum))
    data = partial.read_bytes()
    os.replace(partial, folder / name)
    frozen = Frozen(folder, jaar, publicatiedatum, name, hashlib.sha256(data).hexdigest(), len(data), count)
    record = {"jaar": jaar, "publicatiedatum": publicatiedatum, "bestand": name, "sha256": frozen.sha256,
              "grootte": frozen.grootte, "bestanden": count}
    text = MANIFEST_HEADER.format(jaar=jaar) + yaml.safe_dump(record, sort_keys=False, allow_unicode=True)
    (folder / f".{MANIFEST}.tmp").write_text(text, encoding="utf-8")
    os.replace(folder / f".{MANIFEST}.tmp", folder / MANIFEST)
    return frozen


# ------------------------------------------------------------------- reading


def read_manifest(folder: Path) -> Frozen:
    """The manifest of ``folder``; a broken one (or one for another year) is a BuildError."""
    path = folder / MANIFEST
    fix = f"zet {MANIFEST} terug zoals 'liim archive' het schreef (git checkout), of bevries opnieuw met --opnieuw"
    try:
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        frozen = Frozen(folder, int(record["jaar"]), str(record["publicatiedatum"]), str(record["bestand"]),
                        str(record["sha256"]), int(record["grootte"]), int(record["bestanden"]))
    except (OSError, yaml.YAMLError, TypeError, KeyError, ValueError) as err:
        raise BuildError(f"onleesbaar manifest van een bevroren editie: {err}", path=path, fix=fix) from err
    if folder.name != str(frozen.jaar) or PurePosixPath(frozen.bestand).name != frozen.bestand:
        raise BuildError(f"manifest van editie {frozen.jaar} (bestand {frozen.bestand}) staat in map {folder.name}",
                         path=path, fix=f"een bevroren editie staat in archief/<jaar>/; {fix}")
    return frozen


def verified_bytes(frozen: Frozen) -> bytes:
    """The tarball's bytes, after checking its size and sha256 against the manifest."""
    fix = (f"zet {frozen.bestand} terug zoals het bevroren werd (git checkout, back-up); een gepubliceerde "
           f"editie verandert niet. Alleen als het bewust is: liim archive {frozen.jaar} --opnieuw")
    try:
        data = frozen.tarball.read_bytes()
    except OSError as err:
        raise BuildError(f"archief van editie {frozen.jaar} ontbreekt of is onleesbaar ({err.strerror})",
                         path=frozen.tarball, fix=fix) from err
    digest = hashlib.sha256(data).hexdigest()
    if digest != frozen.sha256 or len(data) != frozen.grootte:
        raise BuildError(f"archief van editie {frozen.jaar} is gewijzigd: sha256 {digest}, {len(data)} bytes; "
                         f"{MANIFEST} zegt {frozen.sha256}, {frozen.grootte} bytes", path=frozen.tarball, fix=fix)
    return data


def members(frozen: Frozen, data: bytes) -> Iterator[tuple[str, bytes]]:
    """Name and bytes of every file in the (verified) tarball, in its order; each under ``prefix``."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar:
            parts = PurePosixPath(member.name).parts
            if not member.isfile() or not member.name.startswith(frozen.prefix) or ".." in parts:
                raise BuildError(f"onverwacht item '{member.name}' in het archief van editie {frozen.jaar}",
                                 path=frozen.tarball, fix=f"bevries de editie opnieuw: liim archive {frozen.jaar} --opnieuw")
            handle = tar.extractfile(member)
            assert handle is not None  # a regular file
            yield member.name, handle.read()


def read_members(frozen: Frozen, names: set[str]) -> dict[str, bytes]:
    """Some files of the frozen edition, by name relative to its folder (e.g. ``editie.json``)."""
    found: dict[str, bytes] = {}
    for member, body in members(frozen, verified_bytes(frozen)):
        if (name := member[len(frozen.prefix):]) in names:
            found[name] = body
        if len(found) == len(names):
            break
    if missing := sorted(names - set(found)):
        raise BuildError(f"{', '.join(missing)} ontbreekt in het archief van editie {frozen.jaar}", path=frozen.tarball,
                         fix=f"bevries de editie opnieuw met deze versie van de generator: liim archive {frozen.jaar} --opnieuw")
    return found


def unpack(frozen: Frozen, site: Path) -> int:
    """Write every file of the frozen edition into ``site`` byte for byte; returns the count."""
    count = 0
    for name, body in members(frozen, verified_bytes(frozen)):
        target = site / name
        if target.exists():
            raise BuildError(f"{name} bestaat al in de site: het archief van editie {frozen.jaar} zou het overschrijven",
                             path=frozen.tarball, fix=f"haal de pagina's onder {frozen.prefix} uit de docs-map")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        count += 1
    return count
