"""The demo site that `make site` builds, shared by the tests that read the built output."""
from __future__ import annotations

import csv
import functools
import os
from pathlib import Path

from generator import paths

SITE_DIR_ENV = "LIIM_SITE_DIR"


@functools.lru_cache(maxsize=1)
def built_site() -> Path:
    """``site/`` as built by ``make site`` (``make test`` builds it first); built here when absent.

    ``LIIM_SITE_DIR`` points the tests at another built site (used as is, never rebuilt).
    """
    override = os.environ.get(SITE_DIR_ENV)
    if override:
        site = Path(override).resolve()
        if not (site / "index.html").exists():
            raise AssertionError(f"{SITE_DIR_ENV}={override}: daar staat geen gebouwde site (index.html ontbreekt)")
        return site
    site = paths.SITE
    if not (site / "index.html").exists() or not (site / paths.HARMONISED_CSV).exists():
        from generator.build import build
        data = paths.DATA_DIR
        if not (data / "editie.yml").exists():
            raise AssertionError("geen demodata: draai eerst 'make site' (of 'liim demo-data')")
        build(data, paths.SHARED_GEODATA, site)
    return site


@functools.lru_cache(maxsize=1)
def harmonised_rows() -> tuple[dict, ...]:
    with open(built_site() / paths.HARMONISED_CSV, encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))
