"""Render stages: web geometry, pages with maps, the archive index and "Wat is nieuw" — into the docs folder.

``build.cached_geometry`` makes what the pages and the downloads share once per build
(today's geometry, every gemeente's locator map). The downloads do not pass
through the docs folder: ``build`` writes them straight into the new site while
mkdocs runs (see ``downloads.start_downloads``).

Only the generated sub-folders of the docs folder (``paths.GENERATED_DIRS``)
are rewritten; hand-written pages stay as they are. Archived editions are frozen:
only their index and the comparison with the newest one are rendered here; ``build``
unpacks their files into the built site (see ``archive.py``).
"""
from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .memo import Memo, compute
from .model import Monitor
from .timings import Timings
from .webgeometry import SiteGeometry, write_web_assets

if TYPE_CHECKING:  # pragma: no cover - type hints only
    from .freeze import Frozen


def clean_generated(docs_dir: Path) -> None:
    """Remove what an earlier build generated, so nothing stale survives."""
    for name in paths.GENERATED_DIRS + (paths.SNIPPETS,):
        target = docs_dir / name
        if target.is_dir():
            shutil.rmtree(target)
    for name in paths.GENERATED_FILES:
        (docs_dir / name).unlink(missing_ok=True)


def render_docs(monitor: Monitor, geometry: SiteGeometry, docs_dir: Path, timings: Timings,
                archived: Sequence[Frozen] = (), memo: Memo = compute) -> None:
    """Every generated file of the docs folder, stage by stage (``memo``: the build cache's, see
    ``memo.py``: the parts of unchanged indicators come from the previous build)."""
    from .archive import write_archive
    from .comparepage import write_compare_pages
    from .embed import write_embeds
    from .overview import write_overview
    from .pages import write_pages

    clean_generated(docs_dir)
    with timings.stage("webgeometrie"):
        write_web_assets(geometry.current, docs_dir / "assets" / "gen")
    with timings.stage("pagina's en kaarten"):
        write_pages(monitor, docs_dir, geometry, memo)
    with timings.stage("archief en 'wat is nieuw'"):
        write_archive(monitor, list(archived), docs_dir)
    with timings.stage("overzicht indicatoren, gemeentenamen"):
        write_overview(monitor, docs_dir)
    with timings.stage("vergelijken en insluiten"):
        write_compare_pages(monitor, docs_dir)
        write_embeds(monitor, docs_dir, geometry, memo)
    write_demo_notice(monitor, docs_dir / ".snippets" / "demo-melding.md")


DEMO_NOTICE = """!!! warning "Democijfers"
    Deze versie van de site toont **synthetische democijfers**. Ze tonen hoe de monitor
    werkt, maar zeggen niets over echte gemeenten. Gebruik ze niet voor beleid of onderzoek.
"""


def write_demo_notice(monitor: Monitor, target: Path) -> Path:
    """The home page's warning on a demo build; empty on the open-data edition (real figures)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(DEMO_NOTICE if monitor.edition.demo else "", encoding="utf-8")
    return target
