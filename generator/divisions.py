"""The three municipal divisions of Flanders and the mergers between them.

Codes and names are read from the dbf attributes (and, for the 2018 division,
from its gebiedsdefinities xlsx) without touching the geometry, so loading is
fast; polygons are read only when ``Divisions.geometry`` is asked for them.
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .errors import GeodataError, Problem, ValidationError
from .geodata import DivisionSpec, load_division_specs
from .provinces import province_of

if TYPE_CHECKING:  # geopandas is imported lazily: loading codes must stay fast
    import geopandas
    import pandas as pd

FUSIES_HEADER = ["oud_nis", "oud_naam", "nieuw_nis", "nieuw_naam", "datum"]
_NIS = re.compile(r"^\d{5}$")
_DATE = re.compile(r"^\d{4}-01-01$")
OWN_YEAR = "jaar"  # a source's declared ``indeling``: each data year on the division of that year


class FusiesError(ValidationError, GeodataError):
    """fusies.csv contradicts the divisions; carries every problem (``fusies.csv:LINE``)."""


@dataclass(frozen=True)
class Division:
    """One municipal division: the Flemish gemeenten valid for a range of data years."""

    key: str  # as in geodata/bronnen.yml, e.g. "2024"
    first_year: int
    last_year: int | None  # None: still valid
    names: dict[str, str] = field(hash=False)  # Flemish NIS -> naam

    def contains(self, nis: str) -> bool:
        return str(nis) in self.names

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def period(self) -> str:
        """The data years it is valid for, as the texts name it: ``2019–2024`` or ``sinds 2025``."""
        return f"{self.first_year}–{self.last_year}" if self.last_year else f"sinds {self.first_year}"


@dataclass(frozen=True)
class Merger:
    """One old gemeente joining a new one (a row of fusies.csv)."""

    old_nis: str
    old_naam: str
    new_nis: str
    new_naam: str
    datum: str  # ISO date, e.g. "2025-01-01"

    @property
    def year(self) -> int:
        """First data year of the new gemeente."""
        return int(self.datum[:4])


def normalise_nis(value: object) -> str:
    """``11002``, ``"11002"``, ``11002.0`` -> ``"11002"``; 4-digit codes get their zero."""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text.zfill(5)


def is_flemish(nis: str) -> bool:
    """A Flemish gemeente code (not Brussels 21xxx, not a 99xxx pseudo-area)."""
    return bool(_NIS.match(nis)) and province_of(nis) != ""


class Divisions:
    """All divisions, the mergers between them, and (lazily) their geometry."""

    def __init__(self, divisions: tuple[Division, ...], mergers: tuple[Merger, ...],
                 geodata_dir: Path, specs: dict[str, DivisionSpec]):
        self._divisions = tuple(sorted(divisions, key=lambda d: d.first_year))
        self._mergers = tuple(sorted(mergers, key=lambda m: (m.datum, m.new_nis, m.old_nis)))
        self._dir = geodata_dir
        self._specs = specs
        self._geometry: dict[tuple[str, str], geopandas.GeoDataFrame] = {}
        self._views: dict[int, Divisions] = {}  # as_of(year), built once
        self._tables: dict[str, dict[str, str]] = {}  # successor_table(key), built once
        self._counts: dict[tuple[str, str], int] | None = None  # predecessor_counts(), built once
        # per merger date: old NIS -> new NIS, applied in date order by successor()
        self._steps: list[tuple[int, dict[str, str]]] = []
        for year in sorted({m.year for m in self._mergers}):
            self._steps.append((year, {m.old_nis: m.new_nis for m in self._mergers if m.year == year}))

    @property
    def all(self) -> tuple[Division, ...]:
        return self._divisions

    @property
    def mergers(self) -> tuple[Merger, ...]:
        return self._mergers

    @property
    def current(self) -> Division:
        return self._divisions[-1]

    def as_of(self, year: int) -> Divisions:
        """The divisions and mergers an edition of ``year`` knew: its own division is ``current``.

        An archived edition is published on the gemeenten of its own time.
        """
        keep = tuple(d for d in self._divisions if d.first_year <= year)
        if len(keep) == len(self._divisions):
            return self
        if year not in self._views:
            view = Divisions(keep, tuple(m for m in self._mergers if m.year <= year), self._dir, self._specs)
            view._geometry = self._geometry  # share the lazily read polygons
            self._views[year] = view
        return self._views[year]

    def by_key(self, key: str) -> Division:
        for division in self._divisions:
            if division.key == key:
                return division
        raise GeodataError(f"onbekende gemeente-indeling {key!r}",
                           fix="kies uit " + ", ".join(d.key for d in self._divisions))

    def for_year(self, year: int) -> Division:
        """The division valid for data year ``year``."""
        for division in self._divisions:
            if division.covers(year):
                return division
        raise GeodataError(f"geen gemeente-indeling voor het jaar {year}",
                           fix=f"gegevens vanaf {self._divisions[0].first_year} zijn mogelijk")

    def successor(self, nis: str, year: int) -> str:
        """Today's NIS code of gemeente ``nis`` as it was in data year ``year``.

        Follows every later merger (2018 -> 2019 -> 2025). Raises GeodataError
        when ``nis`` is not a Flemish gemeente of that year's division.
        """
        nis = normalise_nis(nis)
        division = self.for_year(year)
        if not division.contains(nis):
            raise GeodataError(
                f"NIS-code {nis} is geen Vlaamse gemeente in de indeling van {year} "
                f"(indeling {division.key})",
                fix="gebruik de NIS-code die in dat jaar gold")
        for step_year, mapping in self._steps:
            if step_year > year:
                nis = mapping.get(nis, nis)
        return nis

    def predecessors(self, current_nis: str) -> tuple[Merger, ...]:
        """Every merger (all waves, transitively) that led into ``current_nis``.

        A gemeente that kept its code is not its own predecessor (11002 lists
        Borsbeek, not Antwerpen); sorted by date, then old NIS.
        """
        found: list[Merger] = []
        frontier = [(normalise_nis(current_nis), 10_000)]
        while frontier:
            nis, before = frontier.pop()
            for merger in self._mergers:
                if merger.new_nis == nis and merger.year < before:
                    if merger.old_nis != nis:
                        found.append(merger)
                    frontier.append((merger.old_nis, merger.year))
        return tuple(sorted(set(found), key=lambda m: (m.datum, m.old_nis)))

    def ending_merger(self, nis: str, year: int) -> Merger | None:
        """The merger that ended gemeente ``nis`` by data year ``year``; None when it still
        existed then (or kept its code)."""
        for merger in self._mergers:
            if merger.old_nis == nis and merger.old_nis != merger.new_nis:
                return merger if merger.year <= year else None
        return None

    # --- the division a file delivers a year on, and today's codes ------------------------

    def delivered_on(self, codes: Iterable[str], year: int) -> Division:
        """The division one file delivers data year ``year`` on, judged by all its ``codes``.

        That year's own division when it knows every code; else today's division when that
        knows every code (a supplier recalculated history); else the year's own, and the
        codes it lacks are wrong (a file may not mix divisions within a year).
        """
        found, own = set(codes), self.for_year(year)
        if found.issubset(own.names) or not found.issubset(self.current.names):
            return own
        return self.current

    def delivered_keys(self, rows: pd.DataFrame) -> list[str]:
        """Per row, the key of the division its (bestand, jaar) is delivered on (``delivered_on``).

        ``rows`` has the columns bestand, jaar (never empty) and nis, and no 02000/99991 rows.
        """
        grouped = rows.groupby(["bestand", "jaar"], sort=False)["nis"]
        keys = [self.delivered_on(codes, int(year)).key for (_, year), codes in grouped]
        return [keys[i] for i in grouped.ngroup()]

    def declared(self, indeling: str, year: int) -> Division:
        """The division a source declares for data year ``year``: the year's own (``indeling:
        jaar``) or a fixed one (``indeling: <key>``, e.g. history recalculated to today's)."""
        return self.for_year(year) if indeling == OWN_YEAR else self.by_key(indeling)

    def successor_table(self, key: str) -> dict[str, str]:
        """Every code of division ``key`` → today's code (``successor``); built once."""
        if key not in self._tables:
            division = self.by_key(key)
            self._tables[key] = {nis: self.successor(nis, division.first_year) for nis in division.names}
        return self._tables[key]

    def to_current(self, codes: Iterable[str], keys: Iterable[str]) -> list[str]:
        """Today's code of each code, read on the division of the matching key.

        A code that division does not know is kept as given (validation reports it).
        """
        return [self.successor_table(key).get(nis, nis) for nis, key in zip(codes, keys, strict=True)]

    def predecessor_counts(self) -> dict[tuple[str, str], int]:
        """(division key, today's code) → how many gemeenten of that division it covers."""
        if self._counts is None:
            counts: dict[tuple[str, str], int] = {}
            for division in self._divisions:
                for nis in self.successor_table(division.key).values():
                    counts[(division.key, nis)] = counts.get((division.key, nis), 0) + 1
            self._counts = counts
        return self._counts

    # --- geometry ---------------------------------------------------------------------------

    def geometry(self, key: str | None = None, crs: str = "EPSG:4326") -> geopandas.GeoDataFrame:
        """Polygons of division ``key`` (default today's): columns nis, naam, geometry; Flemish only, by nis."""
        key = key or self.current.key
        if (key, "") not in self._geometry:  # as read, in the files' own CRS
            self._geometry[(key, "")] = self._read_geometry(key)
        if (key, crs) not in self._geometry:
            gdf = self._geometry[(key, "")]
            self._geometry[(key, crs)] = gdf if gdf.crs == crs else gdf.to_crs(crs)
        return self._geometry[(key, crs)]

    def _read_geometry(self, key: str) -> geopandas.GeoDataFrame:
        import pyogrio

        division, spec = self.by_key(key), self._specs[key]
        path = self._dir / spec.shapefile
        gdf = pyogrio.read_dataframe(path, columns=[spec.code_column])
        gdf["nis"] = [normalise_nis(v) for v in gdf[spec.code_column]]
        gdf = gdf[gdf["nis"].map(division.contains)].copy()
        gdf["naam"] = gdf["nis"].map(division.names)
        gdf = gdf[["nis", "naam", "geometry"]].sort_values("nis").reset_index(drop=True)
        if gdf.crs is None:
            raise GeodataError("shapefile zonder coördinatenstelsel (.prj)", path=path)
        return gdf


# --- loading ----------------------------------------------------------------------------

def _read_attributes(path: Path, columns: list[str]) -> list[list[object]]:
    """Columns of a shapefile's dbf, without reading the geometry."""
    import pyogrio.raw

    try:
        meta, _, _, data = pyogrio.raw.read(path, columns=columns, read_geometry=False)
    except Exception as exc:  # pyogrio raises several DataSource/Field errors
        raise GeodataError(f"kan de attributen niet lezen: {exc}", path=path,
                           fix="controleer het bestand met locate_geodata()") from exc
    found = list(meta["fields"])
    if found != columns:
        raise GeodataError(f"kolommen {columns} verwacht, {found} gevonden", path=path,
                           fix="controleer code_column/name_column in geodata/bronnen.yml")
    return [list(column) for column in data]


def _read_xlsx_names(path: Path, code_col: str, name_col: str) -> dict[str, str]:
    """NIS -> name from a gebiedsdefinities workbook (first sheet, header in row 1)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
        if code_col not in header or name_col not in header:
            raise GeodataError(f"kolommen '{code_col}' en '{name_col}' verwacht, "
                               f"gevonden: {header}", path=path)
        ci, ni = header.index(code_col), header.index(name_col)
        return {normalise_nis(r[ci]): str(r[ni]).strip() for r in rows if r[ci] is not None}
    finally:
        workbook.close()


def _load_division(geodata_dir: Path, spec: DivisionSpec) -> Division:
    """Codes and names of one division; checks the number of Flemish gemeenten."""
    path = geodata_dir / spec.shapefile
    if spec.name_column:
        codes, labels = _read_attributes(path, [spec.code_column, spec.name_column])
        names = {normalise_nis(c): str(n).strip() for c, n in zip(codes, labels, strict=True)}
    else:
        (codes,) = _read_attributes(path, [spec.code_column])
        workbook = geodata_dir / str(spec.names_file)
        lookup = _read_xlsx_names(workbook, spec.names_code_column, spec.names_name_column)
        missing = sorted(normalise_nis(c) for c in codes if normalise_nis(c) not in lookup)
        if missing:
            raise GeodataError(f"geen naam voor NIS {', '.join(missing)}", path=workbook)
        names = {normalise_nis(c): lookup[normalise_nis(c)] for c in codes}
    if len(names) != len(codes):
        raise GeodataError("dubbele NIS-codes in de shapefile", path=path)
    flemish = {nis: naam for nis, naam in sorted(names.items()) if is_flemish(nis)}
    if len(flemish) != spec.flemish_count:
        raise GeodataError(
            f"indeling {spec.key}: {spec.flemish_count} Vlaamse gemeenten verwacht, "
            f"{len(flemish)} gevonden", path=path,
            fix="gebruik de bestanden van geodata/bronnen.yml (controleer sha256)")
    return Division(spec.key, spec.first_year, spec.last_year, flemish)


def load_divisions(geodata_dir: Path, fusies: Path = paths.FUSIES) -> Divisions:
    """Read the divisions of ``bronnen.yml`` from ``geodata_dir`` and check ``fusies``."""
    specs = load_division_specs()
    divisions = tuple(_load_division(geodata_dir, spec) for spec in specs)
    mergers = read_fusies(fusies, divisions)
    return Divisions(divisions, mergers, geodata_dir, {s.key: s for s in specs})


# --- fusies.csv ---------------------------------------------------------------------------

def read_fusies(path: Path, divisions: tuple[Division, ...]) -> tuple[Merger, ...]:
    """The mergers of ``path``, checked against ``divisions``; every bad line is reported."""
    name = path.name
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except OSError as exc:
        raise GeodataError(f"kan de fusietabel niet lezen: {exc}", path=path) from exc
    if not rows or rows[0] != FUSIES_HEADER:
        raise FusiesError([Problem(name, 1, f"kopregel moet {','.join(FUSIES_HEADER)} zijn")])
    problems: list[Problem] = []
    mergers: list[Merger] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        merger, errors = _parse_merger(row, divisions)
        problems += [Problem(name, line, msg, "vergelijk met geodata/README en de indelingen")
                     for msg in errors]
        if merger and not errors:
            mergers.append(merger)
    seen = [(m.old_nis, m.datum) for m in mergers]
    problems += [Problem(name, 0, f"{old} staat meer dan eens in de fusie van {datum}")
                 for old, datum in sorted(set(seen)) if seen.count((old, datum)) > 1]
    problems += _completeness(name, mergers, divisions)
    if problems:
        raise FusiesError(problems)
    return tuple(mergers)


def _division_pair(year: int, divisions: tuple[Division, ...]) -> tuple[Division, Division] | None:
    """(division before, division after) a merger taking effect in ``year``."""
    for before, after in zip(divisions, divisions[1:], strict=False):
        if after.first_year == year:
            return before, after
    return None


def _parse_merger(row: list[str], divisions: tuple[Division, ...]) -> tuple[Merger | None, list[str]]:
    """One row of fusies.csv and what is wrong with it."""
    if len(row) != len(FUSIES_HEADER):
        return None, [f"{len(FUSIES_HEADER)} velden verwacht, {len(row)} gevonden"]
    old, old_name, new, new_name, datum = (cell.strip() for cell in row)
    bad = [f"ongeldige NIS-code '{c}'" for c in (old, new) if not _NIS.match(c)]
    pair = _division_pair(int(datum[:4]), divisions) if _DATE.match(datum) else None
    if pair is None:
        bad.append(f"datum '{datum}' is niet het begin van een gemeente-indeling")
    if bad or pair is None:
        return None, bad
    before, after = pair
    errors = []
    for nis, naam, div, role in ((old, old_name, before, "oude"), (new, new_name, after, "nieuwe")):
        if not div.contains(nis):
            errors.append(f"{role} NIS {nis} bestaat niet in indeling {div.key}")
        elif div.names[nis] != naam:
            errors.append(f"{role} naam '{naam}' verschilt van '{div.names[nis]}' ({nis}, indeling {div.key})")
    if old != new and after.contains(old):
        errors.append(f"oude NIS {old} bestaat nog in indeling {after.key}")
    return Merger(old, old_name, new, new_name, datum), errors


def _completeness(name: str, mergers: list[Merger], divisions: tuple[Division, ...]) -> list[Problem]:
    """Every code that disappears or appears between two divisions must be in fusies.csv."""
    problems = []
    for before, after in zip(divisions, divisions[1:], strict=False):
        wave = [m for m in mergers if m.year == after.first_year]
        olds, news = {m.old_nis for m in wave}, {m.new_nis for m in wave}
        for nis in sorted(set(before.names) - set(after.names) - olds):
            problems.append(Problem(name, 0, f"{nis} {before.names[nis]} verdwijnt na indeling "
                                              f"{before.key} maar staat niet als oud_nis in de fusietabel"))
        for nis in sorted(set(after.names) - set(before.names) - news):
            problems.append(Problem(name, 0, f"{nis} {after.names[nis]} is nieuw in indeling "
                                              f"{after.key} maar staat niet als nieuw_nis in de fusietabel"))
    return problems
