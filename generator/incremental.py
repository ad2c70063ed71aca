"""Rebuilds that redo only what changed: mkdocs renders again only the pages whose source changed.

After every build a manifest beside the site (never deployed) records the *frame* — a hash of
everything that shapes every page at once: code, templates, configuration, the hand-written
pages, the snippets, the list of files and every page's title — and one hash per file of the
docs folder. When the next build has the same frame, the new site starts as a copy of the old
one and mkdocs runs "dirty": a page or static file whose hash is unchanged is neither rendered
nor copied again (``SkipUnchanged``); the search index keeps the entries of the pages it skipped,
in the order a full build writes them. A build with another frame is a full build. A test
checks that both give the same bytes (tests/test_incremental.py).
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mkdocs.plugins import BasePlugin

from . import paths
from .downloads.cache import code_version

ALWAYS_RENDERED = frozenset({"downloads.md"})  # post-processed after mkdocs (file sizes filled in)
DIRTY_WARNING = "A 'dirty' build is being performed"


@dataclass(frozen=True)
class DocsState:
    """The frame hash and a hash per file (path relative to the docs folder) of one build."""

    frame: str
    files: dict[str, str]


def docs_state(docs_dir: Path, settings: Mapping[str, object]) -> DocsState:
    """Hash the docs folder; ``settings``: what the build passes to mkdocs besides it (edition, demo …)."""
    files = {p.relative_to(docs_dir).as_posix(): _sha(p.read_bytes())
             for p in sorted(docs_dir.rglob("*")) if p.is_file()}
    frame = hashlib.sha256()
    frame.update(json.dumps(settings, sort_keys=True, default=str).encode())
    frame.update(json.dumps(sorted(files)).encode())
    frame.update(code_version().encode() + _sha(paths.MKDOCS_YML.read_bytes()).encode())
    for uri in files:
        frame.update(_frame_part(docs_dir / uri, uri).encode())
    return DocsState(frame.hexdigest(), files)


def _frame_part(path: Path, uri: str) -> str:
    """What of one file shapes other pages: all of a snippet or a hand-written page, else a page's title."""
    if uri.startswith(paths.SNIPPETS + "/") or (not paths.is_generated(uri) and path.suffix == ".md"):
        return f"{uri}\0{_sha(path.read_bytes())}\0"
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        meta = text.split("\n---", 1)[0] if text.startswith("---") else ""  # front matter (title, search, hide)
        head = ("\n" + text).split("\n# ", 1)
        title = head[1].split("\n", 1)[0] if len(head) > 1 else ""
        return f"{uri}\0{meta}\0{title}\0"
    return ""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_path(out_dir: Path) -> Path:
    """Beside the site, never in it (not deployed)."""
    return out_dir.parent / f".liim-pages-{out_dir.name}.json"


def read_state(out_dir: Path) -> DocsState | None:
    """The state the site in ``out_dir`` was built from, if it is known and the site is there."""
    path = manifest_path(out_dir)
    if not path.is_file() or not (out_dir / "index.html").is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return DocsState(str(data["frame"]), dict(data["files"]))
    except (ValueError, KeyError, TypeError):
        return None


def write_state(out_dir: Path, state: DocsState) -> None:
    manifest_path(out_dir).write_text(json.dumps({"frame": state.frame, "files": state.files}), encoding="utf-8")


def forget_state(out_dir: Path) -> None:
    """Before the site is replaced: a stale manifest must never describe a new site."""
    manifest_path(out_dir).unlink(missing_ok=True)


def unchanged_files(previous: DocsState | None, current: DocsState) -> frozenset[str] | None:
    """The files mkdocs may skip, or ``None`` when the whole site must be built."""
    if previous is None or previous.frame != current.frame:
        return None
    same = {uri for uri, digest in current.files.items() if previous.files.get(uri) == digest}
    return frozenset(same - ALWAYS_RENDERED)


def seed_site(old_site: Path, staged: Path) -> None:
    """Start the new site as a copy of the old one, without what other stages write into it: the
    downloads and the frozen editions under ``archief/<jaar>/`` (the archive index is mkdocs')."""
    def ignored(folder: str, names: list[str]) -> set[str]:
        where = Path(folder)
        if where == old_site:
            return {n for n in names if n == "downloads"}
        return {n for n in names if n.isdigit()} if where == old_site / "archief" else set()
    shutil.copytree(old_site, staged, ignore=ignored, dirs_exist_ok=True)


class SkipUnchanged(BasePlugin):
    """mkdocs plugin for a dirty build: skip unchanged files, keep their search entries."""

    def __init__(self, unchanged: frozenset[str]) -> None:
        super().__init__()
        self.unchanged = unchanged
        self.old_entries: list[dict] = []
        self.order: list[str] = []
        self.rebuilt: set[str] = set()

    def on_pre_build(self, *, config) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        self.old_entries = json.loads(index.read_text(encoding="utf-8"))["docs"] if index.is_file() else []

    def on_files(self, files, *, config):
        for file in files:
            skip = file.src_uri in self.unchanged or not file.abs_src_path or not _in_docs(file, config)
            file.is_modified = (lambda: False) if skip else (lambda: True)
            if file.is_documentation_page():
                url = "" if file.url == "./" else file.url  # the home page's location in the search index
                self.order.append(url)
                if not skip:
                    self.rebuilt.add(url)
        return files

    def on_nav(self, nav, *, config, files):
        for page in nav.pages:  # titles of skipped pages, for the nav and the footer of rebuilt ones
            if page.file.src_uri in self.unchanged and page.markdown is None:
                page.read_source(config)
        return nav

    def on_post_build(self, *, config) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if not index.is_file():
            return
        data = json.loads(index.read_text(encoding="utf-8"))
        data["docs"] = merged_entries(self.order, self.rebuilt, self.old_entries, data["docs"])
        index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")


def _in_docs(file, config) -> bool:
    """True for files of the docs folder (theme files are never copied again in a dirty build)."""
    return Path(file.abs_src_path).is_relative_to(Path(config.docs_dir))


def merged_entries(order: Iterable[str], rebuilt: set[str], old: list[dict], new: list[dict]) -> list[dict]:
    """The search entries in page order: a rebuilt page's new entries, else its old ones."""
    def by_page(entries: list[dict]) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for entry in entries:
            out.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        return out
    old_pages, new_pages = by_page(old), by_page(new)
    return [e for url in order for e in (new_pages if url in rebuilt else old_pages).get(url, [])]


class _DropDirtyWarning(logging.Filter):
    """mkdocs warns about every dirty build; ours is checked to equal a full build, and in strict
    mode the warning would abort it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


DIRTY_FILTER = _DropDirtyWarning()
logging.getLogger("mkdocs.commands.build").addFilter(DIRTY_FILTER)
