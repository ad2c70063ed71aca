"""The docs folder a build renders into: one per site, so that two builds never share one.

``site/`` (the open-data edition) renders into ``site_src/`` itself: that is the folder ``mkdocs
serve`` shows. Any other site (``site-demo/``, a test's or a benchmark's) renders into its own copy
of the hand-written pages beside it, ``.liim-docs-<name>/``. Before, ``make -j2 site demo`` rendered
both editions into ``site_src/`` at once, and one build's mkdocs could read the other's pages.

The copy is brought up to date before every build: hand-written files are copied when their bytes
differ and removed when ``site_src/`` no longer has them; the generated folders are left to the build
(``render.clean_generated``), so an incremental rebuild still finds its previous pages.
"""
from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from . import paths

PREFIX = ".liim-docs-"


def docs_dir_of(out_dir: Path) -> Path:
    """Where the docs folder of the site ``out_dir`` is."""
    if Path(out_dir).resolve() == paths.SITE.resolve():
        return paths.SITE_SRC
    return Path(out_dir).parent / f"{PREFIX}{Path(out_dir).name}"


def docs_dir_for(out_dir: Path) -> Path:
    """The docs folder of the site ``out_dir``, its hand-written pages brought up to date for a build."""
    docs = docs_dir_of(out_dir)
    return docs if docs == paths.SITE_SRC else copy_hand_written(docs)


def hand_written(folder: Path) -> dict[str, Path]:
    """The files of a docs folder that no build writes, by their path inside it."""
    return {rel: path for path in sorted(folder.rglob("*"))
            if path.is_file() and not paths.is_generated(rel := path.relative_to(folder).as_posix())}


def copy_hand_written(target: Path, source: Path = paths.SITE_SRC) -> Path:
    """``target`` holding exactly the hand-written files of ``source`` (its generated folders untouched)."""
    wanted, present = hand_written(source), hand_written(target) if target.exists() else {}
    for rel in present.keys() - wanted.keys():
        present[rel].unlink()
    for rel, path in wanted.items():
        copy = target / rel
        if rel not in present or not filecmp.cmp(path, copy, shallow=False):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy)
    return target
