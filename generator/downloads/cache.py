"""The reports of the previous build, reused when their content would be the same.

A gemeente's PDF and XLSX take most of a build's processor time, yet a change to one indicator's
data leaves the reports of nearly every gemeente as they were (they show figures rounded as on
the site). Each report is stored under the hash of everything it is made from — the code and
templates of the generator, the pinned versions, the kind of file and the exact data handed to
typst or the workbook writer — in a folder beside the site (never deployed). A build reads the
previous build's folder and writes its own: the cache holds exactly the reports of the last
build, and a report is reused only when its inputs are byte for byte the same.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import paths


def code_version() -> str:
    """A hash of the generator's code, templates and pinned versions: a new version, new reports."""
    digest = hashlib.sha256()
    for root in (paths.ROOT / "generator", paths.TEMPLATES, paths.ROOT / "requirements.lock"):
        for f in [root] if root.is_file() else sorted(root.rglob("*")):
            if f.is_file() and f.suffix != ".pyc":
                digest.update(f"{f.relative_to(root.parent)}\0".encode() + hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class ReportCache:
    """``previous``: the last build's reports (read); ``current``: this build's (written)."""

    previous: Path
    current: Path
    version: str

    @classmethod
    def beside(cls, out_dir: Path) -> ReportCache:
        """The cache of the site ``out_dir``: the last build's folder becomes ``previous``."""
        current = out_dir.parent / f".liim-rapporten-{out_dir.name}"
        previous = current.with_name(current.name + ".vorige")
        if previous.is_dir():  # the last build failed: its previous folder is still the right one
            shutil.rmtree(current, ignore_errors=True)
        elif current.is_dir():
            current.rename(previous)
        current.mkdir(parents=True, exist_ok=True)
        return cls(previous, current, code_version())

    def key(self, kind: str, payload: bytes) -> str:
        return hashlib.sha256(self.version.encode() + b"\0" + kind.encode() + b"\0" + payload).hexdigest()

    def fetch(self, key: str, target: Path) -> bool:
        """Put the cached file for ``key`` at ``target`` (and keep it for the next build); False if absent."""
        for folder in (self.current, self.previous):
            source = folder / key
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                _link(source, target)
                if folder is self.previous:
                    _link(source, self.current / key)
                return True
        return False

    def store(self, key: str, target: Path) -> None:
        """Keep the file just written at ``target`` for the next build."""
        _link(target, self.current / key)

    def reuse_or_write(self, key: str, target: Path, write: Callable[[], object]) -> None:
        """``target`` from the cache for ``key``; else ``write()`` makes it and it is kept for the next build."""
        if not self.fetch(key, target):
            write()
            self.store(key, target)

    def finish(self) -> None:
        """After the build: the previous build's reports are no longer needed."""
        shutil.rmtree(self.previous, ignore_errors=True)


def cached_file(cache: ReportCache | None, kind: str, payload: Callable[[], bytes], target: Path,
                write: Callable[[], object]) -> None:
    """``write()`` makes ``target``, unless ``cache`` holds the file made from the same ``payload()``
    (computed only with a cache)."""
    if cache is None:
        write()
    else:
        cache.reuse_or_write(cache.key(kind, payload()), target, write)


def _link(source: Path, target: Path) -> None:
    """A hard link where possible (no copy of the bytes; files are never rewritten in place)."""
    if target.exists():
        return
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
