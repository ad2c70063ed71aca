"""Results of earlier builds, reused when everything they were made from is the same.

A rebuild after a change to one indicator's file read, parsed and validated every input file
again, and drew every gemeente's locator map again from unchanged boundaries. This cache keeps
such results in a folder beside the site (``.liim-cache-<site>``, never deployed), each as a
pickle named by the hash of everything it was made from: the code version (``cache.code_version``:
generator code, templates, pinned versions), the input file's own bytes and whatever else the
step reads (catalogue, edition, boundary sources). A changed byte in any of them is another key,
so a stale result is never found; after a successful build the entries it did not use are removed
(``prune``). A file that cannot be read back is recomputed.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .downloads.cache import code_version
from .memo import fingerprint, name_of

T = TypeVar("T")


def cache_dir(out_dir: Path) -> Path:
    """The cache of the site ``out_dir``: beside it, never in it."""
    return out_dir.parent / f".liim-cache-{out_dir.name}"


def digest(*parts: bytes | str) -> str:
    """One sha256 of ``parts`` (each length-prefixed, so no two lists of parts collide)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(f"{len(data)}\0".encode() + data)
    return h.hexdigest()


def file_digests(paths: Iterable[Path]) -> list[str]:
    """sha256 of each file's bytes (a missing file: empty)."""
    return [hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "" for p in paths]


@dataclass
class BuildCache:
    """``folder``: where the pickles live; ``version``: the code version in every key."""

    folder: Path
    version: str = field(default_factory=code_version)
    used: set[str] = field(default_factory=set)
    hits: int = 0
    misses: int = 0

    def key(self, kind: str, *parts: bytes | str) -> str:
        return f"{kind}-{digest(self.version, kind, *parts)}"

    def get_or_make(self, key: str, make: Callable[[], T]) -> T:
        """The stored result for ``key``, else ``make()`` (then stored)."""
        self.used.add(key)
        path = self.folder / f"{key}.pickle"
        if path.is_file():
            try:
                value = pickle.loads(path.read_bytes())
                self.hits += 1
                return value
            except Exception:  # noqa: BLE001 - a damaged entry is made again
                path.unlink(missing_ok=True)
        self.misses += 1
        value = make()
        self._store(path, value)
        return value

    def memo(self, function: Callable[..., T], *args: object) -> T:
        """``memo.Memo``: ``function(*args)``, stored under its name and the fingerprint of every argument."""
        key = self.key("memo", name_of(function), *(fingerprint(a) for a in args))
        return self.get_or_make(key, lambda: function(*args))

    def _store(self, path: Path, value: Any) -> None:
        """Write atomically: a killed build never leaves half a pickle under a valid name."""
        self.folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def prune(self) -> None:
        """After a successful build: drop every entry (and leftover) this build did not use."""
        if not self.folder.is_dir():
            return
        for entry in self.folder.iterdir():
            if entry.is_file() and entry.name.removesuffix(".pickle") not in self.used:
                entry.unlink(missing_ok=True)
