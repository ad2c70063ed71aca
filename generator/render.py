"""Render stages: web geometry, pages with maps, the archive — into the docs folder.

The downloads do not pass through the docs folder: ``build`` writes them straight
into the new site while mkdocs runs (see ``downloads.start_downloads``).

Only the generated sub-folders of the docs folder (``paths.GENERATED_DIRS``)
are rewritten; hand-written pages stay as they are.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .model import Monitor

if TYPE_CHECKING:  # pragma: no cover
    from .build import Timings


def clean_generated(docs_dir: Path) -> None:
    """Remove what an earlier build generated, so nothing stale survives."""
    for name in paths.GENERATED_DIRS + (".snippets",):
        target = docs_dir / name
        if target.is_dir():
            shutil.rmtree(target)
    for name in paths.GENERATED_FILES:
        (docs_dir / name).unlink(missing_ok=True)


def render_docs(monitor: Monitor, docs_dir: Path, timings: "Timings", archived: list[Monitor] = ()) -> None:
    """Every generated file of the docs folder, stage by stage."""
    from .archive import write_archive
    from .pages import write_pages
    from .webgeometry import write_web_assets

    clean_generated(docs_dir)
    with timings.stage("webgeometrie"):
        geometry = monitor.divisions.geometry(monitor.divisions.current.key)
        write_web_assets(geometry, docs_dir / "assets" / "gen")
    with timings.stage("pagina's en kaarten"):
        write_pages(monitor, docs_dir)
    with timings.stage("archief en 'wat is nieuw'"):
        write_archive(monitor, list(archived), docs_dir)
