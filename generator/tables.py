"""CSV files read into string tables that remember where each row came from.

Shared by every reader of canonical files (``load``), Swing exports (``swing``) and the
importers: a ``Table`` keeps each row's file (``bestand``) and line (``regel``), so every
later problem can point at the line a user must fix.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import Problem

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


def concat(tables: list[Table], columns: tuple[str, ...]) -> Table:
    frames = [t.frame for t in tables if len(t.frame)]
    frame = pd.concat(frames, ignore_index=True) if frames else empty_frame(columns)
    return Table(frame, [p for t in tables for p in t.problems], [w for t in tables for w in t.warnings])
