"""Reader for Provincies in Cijfers (Swing) exports as a visitor downloads them (CSV and XLSX).

The site writes one row per area *name* (not NIS code), already recalculated onto today's
gemeenten for every year; this reader only maps the names onto the codes of the division the
file is declared to be on. It never changes codes and never raises for bad content: every
problem is collected in the returned ``Extract``.

CSV: ``"gemeenten";"<label>|<year>";…``, ``;``-separated, decimal comma, ``"-"`` = no figure.
XLSX: row 1 a title, row 2 the labels (each on the *last* column of its block of years),
row 3 the years, one row per area, then a legend (``Speciale waarden``), ``Bron``,
``Voetnoot`` and ``Datum export``.
"""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import math
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..gemeenten import slugify
from ..model import NIS_UNLOCATED
from .extract import EXTRACT_COLUMNS, Extract, empty_extract

# The 19 Brussels gemeenten as Provincies in Cijfers names them (checked against the exports).
BRUSSELS_GEMEENTEN = (
    "Anderlecht", "Brussel", "Elsene", "Etterbeek", "Evere", "Ganshoren", "Jette", "Koekelberg",
    "Oudergem", "Schaarbeek", "Sint-Agatha-Berchem", "Sint-Gillis", "Sint-Jans-Molenbeek",
    "Sint-Joost-ten-Node", "Sint-Lambrechts-Woluwe", "Sint-Pieters-Woluwe", "Ukkel", "Vorst",
    "Watermaal-Bosvoorde",
)
UNLOCATED_FLANDERS = "Niet te lokaliseren - Vlaanderen"  # → NIS 99991
# Special rows that are no Flemish gemeente, with why they are left out.
IGNORED_ROWS = {
    "Buiten Vlaanderen en Brussel": "woonplaats buiten Vlaanderen en Brussel, geen Vlaamse gemeente",
    "Niet te lokaliseren": "niet toe te wijzen aan een gewest, geen Vlaamse gemeente",
    "Niet te lokaliseren - Brussel": "niet toe te wijzen binnen Brussel, geen Vlaamse gemeente",
}
NO_FIGURE = "-"  # "Geen waarde" in the site's legend
# The other special values of the site's legend ("Speciale waarden"): no figure either.
HIDDEN = "x"  # the publisher's own suppression of a figure
MARKERS = {"x": "verborgen waarde", "?": "ontbrekende waarde", "nvt": "niet van toepassing"}
GEO_LEVEL = "gemeenten"
XLSX_FOOTER = ("speciale waarden", "bron", "voetnoot", "datum export")
EXPORT_DATE = "datum export"
DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december")
RATE_MARKERS = ("per 1.000", "per 1000", "%", "(t.o.v.", "graad", "aandeel", "mediaan")

_NUMBERS = (int, float)  # exact types: a bool cell is no figure
_POINT, _TEXT = "punt", "tekst"  # kinds of unreadable values
_DECIMAL = re.compile(r"-?\d+(?:,\d+)?")
_POINTED = re.compile(r"-?[\d.,]*\d[\d.,]*")  # digits with a point: 6.6 or 1.234 (never guessed)
_HEADER_CELL = re.compile(r"(.+)\|(\d{4})")
_DATE_TEXT = re.compile(r"(\d{1,2})\s+([a-z]+)\s+(\d{4})")
_GEMIDDELD = re.compile(r"\bgemiddeld")  # "gemiddeld inkomen", not "jaargemiddelde"
REEXPORT = ("exporteer opnieuw uit provincies.incijfers.be, of controleer of het bestand "
            "in Excel werd herbewaard")


@dataclass(frozen=True)
class _Column:
    """One figure column: its position in a row, variable label and year."""

    index: int
    label: str
    year: int


def is_rate_label(label: str) -> bool:
    """Does the label denote a rate or share (not a count)? A ``[aantal]`` unit always means a count.

    ``werkzoekenden zonder werk (jaargemiddelde) [aantal]`` is a count (a yearly average of
    counts still adds up over gemeenten); ``werkzoekendengraad … [%]`` and
    ``nieuwkomers per 1.000 inwoners 18+ jaar`` are rates.
    """
    text = label.lower()
    if "[aantal]" in text:
        return False
    return any(marker in text for marker in RATE_MARKERS) or bool(_GEMIDDELD.search(text))


def _parse_cell(value: object) -> tuple[float | None, str]:
    """A cell's figure and, when it has none, why: ``""`` (no figure), a marker, ``punt`` or ``tekst``."""
    if value is None or isinstance(value, dt.datetime | dt.date | bool):
        return None, "" if value is None else _TEXT
    if isinstance(value, int | float):
        return (float(value), "") if math.isfinite(value) else (None, _TEXT)
    text = str(value).strip()
    if text in ("", NO_FIGURE):
        return None, ""
    if text.lower() in MARKERS:
        return None, text.lower()
    if _DECIMAL.fullmatch(text):
        return float(text.replace(",", ".")), ""
    return None, _POINT if "." in text and _POINTED.fullmatch(text) else _TEXT


def _parse_export_date(value: object) -> str | None:
    """``donderdag 21 mei 2026`` (or an Excel date) → ``2026-05-21``; None when not recognised."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    match = _DATE_TEXT.search(str(value or "").lower())
    if not match or match.group(2) not in DUTCH_MONTHS:
        return None
    try:
        day = dt.date(int(match.group(3)), DUTCH_MONTHS.index(match.group(2)) + 1, int(match.group(1)))
    except ValueError:
        return None
    return day.isoformat()


def _check_columns(columns: Sequence[_Column], shown: str, line: int) -> list[Problem]:
    """Each label × year once, and the years of each label consecutive (no missing year block)."""
    problems: list[Problem] = []
    years: dict[str, list[int]] = defaultdict(list)
    for column in columns:
        if column.year in years[column.label]:
            problems.append(Problem(shown, line, f"kolom '{column.label}|{column.year}' staat twee keer in de kopregel",
                                    REEXPORT))
        years[column.label].append(column.year)
    for label, found in years.items():
        missing = sorted(set(range(min(found), max(found) + 1)) - set(found))
        if missing:
            listed = ", ".join(str(year) for year in missing)
            problems.append(Problem(
                shown, line, f"jaren ontbreken voor '{label}': {listed} (gevonden {min(found)}–{max(found)})",
                "exporteer opnieuw uit provincies.incijfers.be met alle jaren aangevinkt"))
    return problems


@dataclass
class _Collector:
    """State while reading one file: name lookup, figures, problems and what was skipped."""

    shown: str
    names: Mapping[str, str]
    division: str
    elsewhere: Mapping[str, str]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    records: list[tuple[str, int, str, float, int]] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)  # NIS → line
    skipped: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))  # kind → lines
    markers: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.lookup = {slugify(name): nis for nis, name in self.names.items()}
        self.other = {slugify(name): text for name, text in self.elsewhere.items()}
        self.brussels = {slugify(name) for name in BRUSSELS_GEMEENTEN}
        self.ignored = {slugify(name): name for name in IGNORED_ROWS}
        self.unlocated = slugify(UNLOCATED_FLANDERS)

    def resolve(self, name: str, line: int) -> str | None:
        """NIS code of a row's name; None for a skipped special row or an unknown name (a problem)."""
        key = slugify(name)
        if key == self.unlocated:
            nis = NIS_UNLOCATED
        elif key in self.brussels or key in self.ignored:
            self.skipped["brussel" if key in self.brussels else self.ignored[key]].append(line)
            return None
        elif key in self.lookup:
            nis = self.lookup[key]
        else:
            self.problems.append(self._unknown(name, key, line))
            return None
        if nis in self.seen:
            self.problems.append(Problem(self.shown, line, f"gemeente '{name}' staat al op regel {self.seen[nis]}",
                                         "elke gemeente mag maar één rij hebben"))
            return None
        self.seen[nis] = line
        return nis

    def _unknown(self, name: str, key: str, line: int) -> Problem:
        """The problem for a name that is no gemeente of the declared division, with a likely cause."""
        message = f"gemeente '{name}' onbekend in de indeling {self.division}"
        if key in self.other:
            return Problem(self.shown, line, message,
                           f"'{name}' is een gemeente van {self.other[key]}, niet van de opgegeven indeling "
                           f"{self.division}: is het bestand op een andere indeling?")
        close = difflib.get_close_matches(key, list(self.lookup), n=3)
        if close:
            return Problem(self.shown, line, message,
                           "bedoelt u: " + " of ".join(self.names[self.lookup[c]] for c in close) + "?")
        return Problem(self.shown, line, message,
                       f"controleer de naam; de export moet op de gemeenten van de indeling {self.division} staan")

    def add_values(self, line: int, nis: str, row: Sequence[object], columns: Sequence[_Column]) -> None:
        """Parse the figures of one row; unreadable values give one problem per kind for the line."""
        bad: dict[str, list[str]] = defaultdict(list)
        append, width = self.records.append, len(row)
        for column in columns:
            value = row[column.index] if column.index < width else None
            if isinstance(value, (int, float)) and type(value) in _NUMBERS and math.isfinite(value):  # a number cell (XLSX)
                append((column.label, column.year, nis, float(value), line))
                continue
            figure, kind = _parse_cell(value)
            if figure is not None:
                append((column.label, column.year, nis, figure, line))
            elif kind in MARKERS:
                self.markers[kind].append((line, column.label))
                if kind == HIDDEN:  # suppressed by the publisher: kept as a hidden figure (geheim)
                    append((column.label, column.year, nis, math.nan, line))
            elif kind:
                bad[kind].append(f"'{value}' ({column.label}|{column.year})")
        if bad.get(_POINT):
            self.problems.append(Problem(
                self.shown, line, f"punt waar een decimale komma verwacht wordt: {_examples(bad[_POINT])}", REEXPORT))
        if bad.get(_TEXT):
            self.problems.append(Problem(
                self.shown, line, f"geen getal: {_examples(bad[_TEXT])}",
                "een cijfer is een getal met decimale komma, of '-', 'x', '?' of 'nvt' als er geen is"))

    def finish(self, meta: dict[str, str] | None = None) -> Extract:
        """The extract: figures, problems sorted by line, and one warning per kind of skipped row or marker."""
        self._skip_warnings()
        for marker, where in self.markers.items():
            labels = len({label for _, label in where})
            self.warnings.append(Problem(
                self.shown, where[0][0], f"{len(where)} waarden '{marker}' ({MARKERS[marker]}) in {labels} "
                f"variabele(n): " + ("overgenomen als geheim" if marker == HIDDEN else "zonder cijfer overgenomen")))
        missing = [self.names[nis] for nis in sorted(set(self.names) - set(self.seen))]
        if missing and self.seen:
            self.warnings.append(Problem(
                self.shown, 0, f"{len(missing)} gemeenten van de indeling {self.division} ontbreken in het bestand: "
                f"{_examples(missing, 5)}", "exporteer alle gemeenten als alle gemeenten nodig zijn"))
        frame = _frame(self.records)
        return Extract(frame, sorted(self.problems, key=lambda p: p.line), self.warnings, dict(meta or {}))

    def _skip_warnings(self) -> None:
        """One warning for all Brussels gemeenten together and one per other special row."""
        for kind, lines in self.skipped.items():
            if kind == "brussel":
                message = (f"{len(lines)} Brusselse gemeenten overgeslagen: de monitor toont alleen "
                           f"Vlaamse gemeenten")
            else:
                message = f"rij '{kind}' overgeslagen: {IGNORED_ROWS[kind]}"
            self.warnings.append(Problem(self.shown, lines[0], message))


def _examples(items: Sequence[str], shown: int = 3) -> str:
    """The first few items, and how many more there are."""
    more = f" (en {len(items) - shown} meer)" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def _frame(records: list[tuple[str, int, str, float, int]]) -> pd.DataFrame:
    """Records in EXTRACT_COLUMNS order → the long frame with the extract's dtypes."""
    if not records:
        return empty_extract().frame
    frame = pd.DataFrame.from_records(records, columns=list(EXTRACT_COLUMNS))
    return frame.astype({"variabele": object, "jaar": "int64", "nis": object, "cijfer": "float64", "regel": "int64"})


# --- CSV ---------------------------------------------------------------------------------------

def _decode(data: bytes, shown: str) -> tuple[str, list[Problem]]:
    """The file's text (UTF-8, else Windows-1252 as Excel writes it, with a warning)."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [Problem(
            shown, 0, "bestand is geen UTF-8 en werd als Windows-1252 gelezen",
            "controleer of het bestand in Excel werd herbewaard")]


def _csv_header(header: list[str], shown: str) -> tuple[list[_Column], list[Problem]]:
    """The figure columns of a CSV header, or the problems that make the file unreadable."""
    if len(header) == 1:
        found = next((d for d in (",", "\t", "|") if d in header[0]), None)
        what = f"'{found}'" if found else "geen ';'"
        return [], [Problem(shown, 1, f"scheidingsteken is {what} in plaats van ';'", REEXPORT)]
    level = header[0].strip()
    if level.lower() != GEO_LEVEL:
        return [], [Problem(shown, 1, f"eerste kolom is '{level}': alleen exports op gemeenteniveau "
                            f"(eerste kolom 'gemeenten') worden gelezen",
                            "kies in provincies.incijfers.be het gebiedsniveau 'gemeenten' en exporteer opnieuw")]
    columns, problems = [], []
    for index, cell in enumerate(header[1:], start=1):
        match = _HEADER_CELL.fullmatch(cell.strip())
        if match and match.group(1).strip():
            columns.append(_Column(index, match.group(1).strip(), int(match.group(2))))
        else:
            problems.append(Problem(shown, 1, f"kopregel gewijzigd: kolom {index + 1} is '{cell}', "
                                    f"verwacht '<variabele>|<jaar>'", REEXPORT))
    return columns, problems or _check_columns(columns, shown, 1)  # a damaged cell explains a gap


def _read_csv(path: Path, collector: _Collector) -> Extract:
    """Read a CSV export into the collector."""
    text, decoding = _decode(path.read_bytes(), collector.shown)
    collector.warnings += decoding
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header = next(reader, None)
    if not header:
        return empty_extract([Problem(collector.shown, 0, "bestand is leeg", REEXPORT)])
    columns, problems = _csv_header(header, collector.shown)
    collector.problems += problems
    if not columns and problems:
        return collector.finish()
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        nis = collector.resolve(row[0].strip(), line)
        if len(row) != len(header):
            collector.problems.append(Problem(collector.shown, line, f"regel heeft {len(row)} velden, de kopregel "
                                              f"{len(header)}", REEXPORT))
        elif nis is not None:
            collector.add_values(line, nis, row, columns)
    return collector.finish()


# --- XLSX --------------------------------------------------------------------------------------

def _text(value: object) -> str:
    """A cell as stripped text ('' for an empty cell)."""
    return "" if value is None else str(value).strip()


def _year(value: object) -> int | None:
    """A year cell (``'2014'``, 2014 or 2014.0) as an int, else None."""
    text = _text(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return int(text) if re.fullmatch(r"\d{4}", text) else None


def _xlsx_columns(labels: Sequence[object], years: Sequence[object], shown: str) -> tuple[list[_Column], list[Problem]]:
    """Figure columns from row 2 (a label on the last column of its block) and row 3 (the years)."""
    from openpyxl.utils import get_column_letter

    columns: list[_Column] = []
    pending: list[tuple[int, int]] = []
    problems: list[Problem] = []
    for index in range(1, max(len(labels), len(years))):
        label = _text(labels[index]) if index < len(labels) else ""
        cell = years[index] if index < len(years) else None
        year = _year(cell)
        if year is not None:
            pending.append((index, year))
        elif label or _text(cell):
            problems.append(Problem(shown, 3, f"kopregels gewijzigd: kolom {get_column_letter(index + 1)} heeft "
                                    f"'{_text(cell)}' in rij 3, verwacht een jaar", REEXPORT))
        if label:
            columns += [_Column(i, label, y) for i, y in pending]
            pending = []
    if pending:
        where = f"{get_column_letter(pending[0][0] + 1)}–{get_column_letter(pending[-1][0] + 1)}"
        problems.append(Problem(shown, 2, f"kopregels gewijzigd: kolommen {where} hebben jaren maar geen variabele "
                                "(rij 2 draagt het label op de laatste kolom van elk blok)", REEXPORT))
    return columns, problems or _check_columns(columns, shown, 3)  # a damaged cell explains a gap


def _load_rows(path: Path, shown: str) -> tuple[list[tuple[object, ...]], list[Problem]]:
    """All rows of the first sheet as values (the exports declare a wrong A1:A1 dimension)."""
    import warnings
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Workbook contains no default style"
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            rows = list(sheet.iter_rows(values_only=True))
            sheets = [ws.title for ws in book.worksheets]
        finally:
            book.close()
    except (BadZipFile, InvalidFileException, ParseError, KeyError, IndexError, OSError, ValueError):
        return [], [Problem(shown, 0, "geen leesbaar Excel-bestand (.xlsx)", REEXPORT)]
    extra = [] if len(sheets) == 1 else [Problem(shown, 0, f"alleen het eerste werkblad '{sheets[0]}' werd gelezen")]
    return rows, extra


def _xlsx_data(rows: list[tuple[object, ...]], columns: list[_Column], collector: _Collector) -> int:
    """Read the area rows from row 4 on; returns the index of the first footer row."""
    for index in range(3, len(rows)):
        row = rows[index]
        name = _text(row[0]) if row else ""
        if name.lower() in XLSX_FOOTER:
            return index
        if not name:
            if any(_text(cell) for cell in row):
                collector.problems.append(Problem(collector.shown, index + 1, "rij met cijfers maar zonder "
                                                  "gemeentenaam in kolom A", REEXPORT))
            continue
        nis = collector.resolve(name, index + 1)
        if nis is not None:
            collector.add_values(index + 1, nis, row, columns)
    return len(rows)


def _xlsx_meta(rows: list[tuple[object, ...]], footer: int, collector: _Collector) -> dict[str, str]:
    """Title and export date (``Datum export``, as ISO date) of an XLSX export."""
    meta = {"titel": _text(rows[0][0])} if rows and rows[0] and _text(rows[0][0]) else {}
    for index in range(footer, len(rows)):
        row = rows[index]
        if row and _text(row[0]).lower() == EXPORT_DATE:
            value = row[1] if len(row) > 1 else None
            date = _parse_export_date(value)
            if date:
                meta["datum_export"] = date
            else:
                collector.warnings.append(Problem(collector.shown, index + 1,
                                                  f"datum export '{_text(value)}' niet herkend"))
    return meta


def _fractions_to_percent(extract: Extract, shown: str) -> None:
    """Labels with ``[%]`` whose figures are all ≤ 1 are stored as fractions: ×100, one warning each."""
    frame = extract.frame
    for label in frame["variabele"].unique():
        if "[%]" not in label:
            continue
        rows = frame["variabele"] == label
        if frame.loc[rows, "cijfer"].max() <= 1.0:
            frame.loc[rows, "cijfer"] = (frame.loc[rows, "cijfer"] * 100).round(10)
            first = int(frame.loc[rows, "regel"].min())
            extract.warnings.append(Problem(shown, first, f"'{label}': cijfers stonden als fractie (bv. 0,141) en "
                                            "zijn omgezet naar procenten (14,1)"))


def _read_xlsx(path: Path, collector: _Collector) -> Extract:
    """Read an XLSX export into the collector."""
    rows, problems = _load_rows(path, collector.shown)
    if not rows:
        return empty_extract(problems or [Problem(collector.shown, 0, "werkblad is leeg", REEXPORT)])
    collector.warnings += problems
    if len(rows) < 3:
        return empty_extract([Problem(collector.shown, 0, "geen kopregels (titel, variabelen, jaren)", REEXPORT)])
    columns, problems = _xlsx_columns(rows[1], rows[2], collector.shown)
    collector.problems += problems
    if not columns:
        return empty_extract(problems or [Problem(collector.shown, 2, "geen variabelen in rij 2", REEXPORT)])
    footer = _xlsx_data(rows, columns, collector)
    extract = collector.finish(_xlsx_meta(rows, footer, collector))
    _fractions_to_percent(extract, collector.shown)
    return extract


# --- entry point -------------------------------------------------------------------------------

_BY_SUFFIX: dict[str, Callable[[Path, _Collector], Extract]] = {".csv": _read_csv, ".xlsx": _read_xlsx}


def read_export(path: Path, shown: str, names: Mapping[str, str], division: str,
                elsewhere: Mapping[str, str] | None = None) -> Extract:
    """Read a Provincies in Cijfers export (``.csv`` or ``.xlsx``) as a visitor downloads it.

    ``names`` maps NIS → gemeente name of the declared division ``division`` (e.g. "2025");
    ``elsewhere`` maps a name to another division where it exists, to explain an unknown name.
    Problems point at ``shown`` and the 1-based line (CSV) or sheet row (XLSX).
    """
    reader = _BY_SUFFIX.get(path.suffix.lower())
    if reader is None:
        return empty_extract([Problem(shown, 0, f"bestandstype '{path.suffix}' wordt niet gelezen",
                                      "een export van provincies.incijfers.be is .csv of .xlsx")])
    if not path.is_file():
        return empty_extract([Problem(shown, 0, "bestand niet gevonden")])
    collector = _Collector(shown, names, division, elsewhere or {})
    try:
        return reader(path, collector)
    except OSError as error:
        return empty_extract([Problem(shown, 0, f"bestand kan niet gelezen worden: {error.strerror or error}")])


READERS = {"incijfers-export": read_export}
