"""Read the input tables: canonical CSV files, clusters and the edition file.

Reading never stops at the first problem: every problem is collected as a
``Problem`` with file and line; the caller decides when to raise.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .errors import Problem
from .model import Edition, Provenance, SourceRecord

VALUE_COLUMNS = ("indicator", "jaar", "nis", "groep", "teller", "noemer", "waarde", "status")
CLUSTER_COLUMNS = ("nis", "cluster", "clusternaam")


@dataclass
class Table:
    """Rows of one or more CSV files as strings, with ``bestand`` and ``regel`` columns."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def relative(path: Path, base: Path | None) -> str:
    """Path as shown in messages: relative to ``base`` when possible."""
    try:
        return str(path.relative_to(base)) if base else str(path)
    except ValueError:
        return str(path)


def decode(raw: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode UTF-8 (with or without BOM); on failure name the first bad line."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, [Problem(name, line, "bestand is geen UTF-8 (mogelijk Windows-1252 uit Excel)",
                              "bewaar als 'CSV UTF-8 (door komma's gescheiden)'")]


def read_csv(path: Path, columns: tuple[str, ...], shown: str) -> Table:
    """Read one CSV file into strings; check encoding, delimiter, header and field counts."""
    text, problems = decode(path.read_bytes(), shown)
    if text is None:
        return Table(empty_frame(columns), problems)
    if not text.strip():
        return Table(empty_frame(columns), [Problem(shown, 0, "leeg bestand", f"verwacht de kolommen {','.join(columns)}")])
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip() for h in rows[0]]
    problems = check_header(header, columns, shown)
    if problems:
        return Table(empty_frame(columns), problems)
    warnings = [Problem(shown, 1, f"onbekende kolom '{h}' wordt genegeerd") for h in header if h not in columns]
    records, problems = collect_rows(rows[1:], header, columns, shown)
    frame = pd.DataFrame(records, columns=[*columns, "regel"])
    frame["bestand"] = shown
    return Table(frame, problems, warnings)


def check_header(header: list[str], columns: tuple[str, ...], shown: str) -> list[Problem]:
    """A header must name every required column (any order); ';' means a wrong delimiter."""
    if len(header) == 1 and ";" in header[0]:
        return [Problem(shown, 1, "scheidingsteken is ';' in plaats van ','",
                        "bewaar als 'CSV UTF-8 (door komma's gescheiden)'")]
    missing = [c for c in columns if c not in header]
    if missing:
        return [Problem(shown, 1, f"ontbrekende kolom(men): {', '.join(missing)}",
                        f"de kopregel moet {','.join(columns)} bevatten")]
    dupes = sorted({h for h in header if header.count(h) > 1})
    return [Problem(shown, 1, f"kolom dubbel in de kopregel: {', '.join(dupes)}")] if dupes else []


def collect_rows(rows: list[list[str]], header: list[str], columns: tuple[str, ...], shown: str):
    """Turn raw rows into records in ``columns`` order, flagging rows of the wrong length."""
    index = [header.index(c) for c in columns]
    records, problems = [], []
    for number, row in enumerate(rows, start=2):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(header):
            problems.append(Problem(shown, number, f"{len(row)} velden in plaats van {len(header)}",
                                    "controleer scheidingstekens en aanhalingstekens; is het bestand afgebroken?"))
            continue
        records.append([row[i].strip() for i in index] + [number])
    return records, problems


def empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in (*columns, "regel", "bestand")})


def value_files(data_dir: Path) -> list[Path]:
    """The canonical value files ``DIR/waarden/**/*.csv`` in a stable order."""
    return sorted((data_dir / "waarden").rglob("*.csv"))


def read_values(data_dir: Path, extra_files: list[Path] | None = None, catalogue=None) -> Table:
    """Read every canonical value file under ``data_dir/waarden`` and the Swing exports under
    ``data_dir/swing`` (mapped with ``catalogue``; the data folder's or the default one when None)."""
    files = value_files(data_dir) + list(extra_files or [])
    swing = read_swing_values(data_dir, catalogue)
    if not files and swing is None:
        return Table(empty_frame(VALUE_COLUMNS), [Problem(relative(data_dir / "waarden", data_dir.parent), 0,
                     "geen invoerbestanden gevonden", "zet CSV-bestanden in DIR/waarden/ of maak demodata met 'liim demo-data'")])
    tables = [read_csv(f, VALUE_COLUMNS, relative(f, data_dir.parent)) for f in files]
    return concat(tables + ([swing] if swing is not None else []), VALUE_COLUMNS)


def read_swing_values(data_dir: Path, catalogue=None) -> Table | None:
    """Canonical rows from the Swing exports in ``data_dir/swing`` (see generator/swing.py); None without any."""
    from .swing import read_swing  # swing builds on this module
    return read_swing(data_dir, catalogue)


def concat(tables: list[Table], columns: tuple[str, ...]) -> Table:
    frames = [t.frame for t in tables if len(t.frame)]
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame(columns)
    return Table(frame, [p for t in tables for p in t.problems], [w for t in tables for w in t.warnings])


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
