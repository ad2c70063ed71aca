"""Read the input tables: canonical CSV files, clusters and the edition file.

Reading never stops at the first problem: every problem is collected as a
``Problem`` with file and line; the caller decides when to raise.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .errors import Problem
from .model import Edition, Provenance, SourceRecord
from .swing import read_swing
from .tables import CLUSTER_COLUMNS, VALUE_COLUMNS, Table, concat, empty_frame, read_csv, relative


def value_files(data_dir: Path) -> list[Path]:
    """The canonical value files ``DIR/waarden/**/*.csv`` in a stable order."""
    return sorted((data_dir / "waarden").rglob("*.csv"))


def read_values(data_dir: Path, extra_files: list[Path] | None = None, catalogue=None) -> Table:
    """Read every canonical value file under ``data_dir/waarden`` and the Swing exports under
    ``data_dir/swing`` (mapped with ``catalogue``; the data folder's or the default one when None)."""
    files = value_files(data_dir) + list(extra_files or [])
    swing = read_swing(data_dir, catalogue)
    if not files and swing is None:
        return Table(empty_frame(VALUE_COLUMNS), [Problem(relative(data_dir / "waarden", data_dir.parent), 0,
                     "geen invoerbestanden gevonden", "zet CSV-bestanden in DIR/waarden/ of maak demodata met 'liim demo-data'")])
    tables = [read_csv(f, VALUE_COLUMNS, relative(f, data_dir.parent)) for f in files]
    return concat(tables + ([swing] if swing is not None else []), VALUE_COLUMNS)


def read_clusters(data_dir: Path) -> Table:
    path = data_dir / "clusters.csv"
    shown = relative(path, data_dir.parent)
    if not path.exists():
        return Table(empty_frame(CLUSTER_COLUMNS), [Problem(shown, 0, "bestand ontbreekt",
                     "elke gemeente heeft een cluster nodig: nis,cluster,clusternaam")])
    return read_csv(path, CLUSTER_COLUMNS, shown)


def read_edition(data_dir: Path) -> tuple[Edition | None, list[Problem]]:
    """Read ``DIR/editie.yml`` (jaar, publicatiedatum, indicatoren, demo)."""
    path = data_dir / "editie.yml"
    shown = relative(path, data_dir.parent)
    if not path.exists():
        return None, [Problem(shown, 0, "bestand ontbreekt", "maak editie.yml met jaar, publicatiedatum en indicatoren")]
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", -1) + 1
        return None, [Problem(shown, line, f"ongeldige YAML: {getattr(err, 'problem', err)}")]
    return edition_from(raw, shown)


def edition_from(raw: dict, shown: str) -> tuple[Edition | None, list[Problem]]:
    problems = [Problem(shown, 0, f"veld '{k}' ontbreekt") for k in ("jaar", "publicatiedatum", "indicatoren") if k not in raw]
    problems += [Problem(shown, 0, f"onbekend veld '{k}'") for k in raw if k not in ("jaar", "publicatiedatum", "indicatoren", "demo")]
    if problems:
        return None, problems
    if not isinstance(raw["jaar"], int) or not isinstance(raw["indicatoren"], list):
        return None, [Problem(shown, 0, "jaar moet een getal zijn en indicatoren een lijst van codes")]
    codes = tuple(str(c) for c in raw["indicatoren"])
    return Edition(raw["jaar"], str(raw["publicatiedatum"]), codes, bool(raw.get("demo", False))), []


MANIFEST = "waarden/bronnen.yml"  # written by `liim import`: the provenance of every table


def read_provenance(data_dir: Path) -> tuple[Provenance, list[Problem]]:
    """The provenance manifest of an imported data folder; an empty record without one (demo)."""
    path = data_dir / MANIFEST
    if not path.exists():
        return Provenance(), []
    shown = relative(path, data_dir.parent)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sources = tuple(SourceRecord(s["id"], s["uitgever"], s["titel"], s["adres"], s["licentie"], str(s["datum"]),
                                     s["bestand"], s["sha256"], tuple(s["indicatoren"]), tuple(s["jaren"]))
                        for s in raw.get("bronnen", []))
        unused = tuple((u["bestand"], u["reden"]) for u in raw.get("niet_gebruikt", []))
    except (yaml.YAMLError, KeyError, TypeError, OSError) as err:
        return Provenance(), [Problem(shown, 0, f"herkomstbestand onleesbaar ({err})", "maak het opnieuw met 'liim import'")]
    return Provenance(sources, unused, str(raw.get("clusters", ""))), []
