"""The sites `make test` builds first, shared by the tests that read the built output.

``built_site()`` is the synthetic demo (`make demo`, all 34 indicators) that most tests
check; ``real_site()`` is the open-data edition (`make site`).
"""
from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

from generator import paths

SITE_DIR_ENV = "LIIM_SITE_DIR"


def ensure_built(site: Path, data: Path) -> Path:
    """``site`` as built from ``data``; built here when absent."""
    if not (site / "index.html").exists() or not (site / paths.HARMONISED_CSV).exists():
        from generator.build import build
        from generator.docsdir import docs_dir_for
        if not (data / "editie.yml").exists():
            raise AssertionError(f"geen invoer in {data}: draai eerst 'make demo' of 'make site'")
        build(data, paths.SHARED_GEODATA, site, docs_dir=docs_dir_for(site))
    return site


@functools.lru_cache(maxsize=1)
def built_site() -> Path:
    """``site-demo/`` as built by ``make demo`` (``make test`` builds it first).

    ``LIIM_SITE_DIR`` points the tests at another built demo site (used as is, never rebuilt).
    """
    override = os.environ.get(SITE_DIR_ENV)
    if override:
        site = Path(override).resolve()
        if not (site / "index.html").exists():
            raise AssertionError(f"{SITE_DIR_ENV}={override}: daar staat geen gebouwde site (index.html ontbreekt)")
        return site
    if not (paths.DEMO_DATA_DIR / "editie.yml").exists():
        from generator.catalogue import load_catalogue
        from generator.demo import write_demo
        from generator.divisions import load_divisions
        write_demo(paths.DEMO_DATA_DIR, load_catalogue(), load_divisions(paths.SHARED_GEODATA), 2025, (2024,))
    return ensure_built(paths.DEMO_SITE, paths.DEMO_DATA_DIR)


@functools.lru_cache(maxsize=1)
def real_site() -> Path:
    """``site/``: the open-data edition as built by ``make site`` from the committed tables."""
    return ensure_built(paths.SITE, paths.DATA_DIR)


@functools.lru_cache(maxsize=1)
def harmonised_rows() -> tuple[dict, ...]:
    with open(built_site() / paths.HARMONISED_CSV, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


# What the demo data are made from: a file of these newer than the demo data makes them stale.
DEMO_SOURCES = ("generator", "templates", "data/indicatoren.yml", "data/indicatoren.schema.json")


def current_demo_data() -> Path | None:
    """``build/demo-data`` when ``make demo`` wrote it after the last change to its sources (as in
    ``make test``, whose demo data depend on them), else ``None``."""
    stamp = paths.DEMO_DATA_DIR / "archief" / "2024" / "bevroren.yml"  # the last file demo-data writes
    if not stamp.exists():
        return None
    sources = [p for name in DEMO_SOURCES for p in ([paths.ROOT / name] if (paths.ROOT / name).is_file()
                                                     else (paths.ROOT / name).rglob("*"))
               if p.is_file() and "__pycache__" not in p.parts]
    newest = max(p.stat().st_mtime for p in sources)
    return paths.DEMO_DATA_DIR if stamp.stat().st_mtime > newest else None
