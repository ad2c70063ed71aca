"""Synthetic data for the growth table of `make bench`: the demo at ×k the years or ×k the indicators.

* years ×k: the demo's 15 years (2011–2025) become 15·k years (2011 up to 2025 + 15·(k−1)); the
  edition is the last year (2040, 2070): synthetic, so the boundaries of today serve the later years;
* indicators ×k: every indicator of the catalogue k times, the copies numbered +10, +20, … within
  their theme (D1 → D11, D21, …), in a catalogue of the data folder's own (``indicatoren.yml``).

No archived edition in either, so the rows of one table compare like with like.
"""
from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import yaml

from generator import paths
from generator.catalogue import load_catalogue
from generator.demo import FIRST_YEAR, write_demo
from generator.divisions import load_divisions
from generator.geodata import locate_geodata

DEMO_EDITION = 2025
SPAN = DEMO_EDITION - FIRST_YEAR + 1  # 15 years


def years_data(out: Path, factor: int) -> Path:
    """The demo with ``factor`` × its years (edition = the last of them)."""
    divisions = load_divisions(locate_geodata(None))
    write_demo(out, load_catalogue(), divisions, FIRST_YEAR + SPAN * factor - 1, ())
    return out


def indicators_data(out: Path, factor: int) -> Path:
    """The demo with every indicator ``factor`` times (copies numbered +10 per copy)."""
    out.mkdir(parents=True, exist_ok=True)
    catalogue_file = out / "indicatoren.yml"
    catalogue_file.write_text(multiplied_catalogue(paths.CATALOGUE.read_text(encoding="utf-8"), factor),
                              encoding="utf-8")
    write_demo(out, load_catalogue(catalogue_file), load_divisions(locate_geodata(None)), DEMO_EDITION, ())
    return out


def multiplied_catalogue(text: str, factor: int) -> str:
    """The catalogue YAML with each indicator followed by ``factor - 1`` renumbered copies."""
    doc = yaml.safe_load(text)
    indicators = []
    for ind in doc["indicatoren"]:
        indicators.append(ind)
        letter, number = ind["code"][0], int(ind["code"][1:])
        for k in range(1, factor):
            twin = copy.deepcopy(ind)
            twin["code"] = f"{letter}{number + 10 * k}"
            twin["naam"] = f"{ind['naam']} (synthetische kopie {k})"
            indicators.append(twin)
    doc["indicatoren"] = indicators
    return "# Synthetische catalogus voor de groeitabel van make bench\n" + yaml.safe_dump(
        doc, sort_keys=False, allow_unicode=True)


FACTORS = (1, 2, 4)


def growth_table(work: Path, timed_build: Callable[[Path, Path], dict], size_of: Callable[[Path], int]) -> dict:
    """Build time and site size of the demo at ×1, ×2, ×4 the years and the indicators (no archive).
    Each build runs cold in its own process; its data and site are removed afterwards (disk)."""
    rows: dict[str, dict] = {}
    for kind, make in (("jaren", years_data), ("indicatoren", indicators_data)):
        for factor in FACTORS:
            if factor == 1 and "x1" in rows:
                rows[f"{kind} x1"] = rows["x1"]
                continue
            data, site = work / f"groei-{kind}-{factor}", work / f"groei-site-{kind}-{factor}"
            make(data, factor)
            built = timed_build(data, site)
            entry = {"wall_s": built["wall_s"], "mkdocs_s": built["stages_s"].get("mkdocs build"),
                     "peak_memory_mb": built["peak_memory_mb"], "site_bytes": size_of(site)}
            rows[f"{kind} x{factor}"] = entry
            if factor == 1:
                rows["x1"] = entry
            shutil.rmtree(data, ignore_errors=True)
            shutil.rmtree(site, ignore_errors=True)
    rows.pop("x1", None)
    for key, entry in rows.items():
        factor = int(key.rsplit("x", 1)[1])
        base = rows[key.split()[0] + " x1"]
        entry["time_ratio"] = round(entry["wall_s"] / base["wall_s"], 2)
        entry["size_ratio"] = round(entry["site_bytes"] / base["site_bytes"], 2)
        entry["linear_or_better"] = entry["time_ratio"] <= factor * 1.05 and entry["size_ratio"] <= factor * 1.05
    return rows


def archive_data(out: Path, years: tuple[int, ...]) -> Path:
    """The demo edition 2025 with the given earlier editions frozen under ``archief/<jaar>/``."""
    write_demo(out, load_catalogue(), load_divisions(locate_geodata(None)), DEMO_EDITION, years)
    return out
