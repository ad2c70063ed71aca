"""How a Statbel open-data table is read: separator, header, records with their lines, checks.

The engine behind ``statbel.py``'s readers. Statbel writes one record per line. A
comma-separated file with quotes is followed record by record with the csv module (a
quoted field may then span lines; a record's line is the line it starts on); the
``|``-separated files have no quoting. Reading is vectorised with pandas; every line is
checked and every problem is collected. Rows of Wallonia, Brussels, the regions and the
country (``1000``) are dropped silently, as are the province and arrondissement rows
(``xx000``). Year and NIS code are checked on every line; figures only on kept lines.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..divisions import is_flemish
from ..errors import Problem
from .extract import EXTRACT_COLUMNS, Extract, empty_extract

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")
_YEAR = re.compile(r"\d{4}")
_NIS = re.compile(r"\d{4,5}")
_SEPARATORS = {",": "een komma (,)", ";": "een puntkomma (;)", "|": "een verticale streep (|)",
               "\t": "een tab"}

FIX_VERSION = ("is het bestand van een andere versie van de Statbel-tabel? "
               "vergelijk met de beschrijving in docs/onderhoud.md")
FIX_ORIGINAL = "vergelijk deze regel met het originele bestand van Statbel en download het opnieuw"
FIX_NUMBER = "schrijf het cijfer als getal met een decimaalpunt (bv. 12.5), of laat de cel leeg"


@dataclass(frozen=True)
class Spec:
    """What one Statbel table looks like: separator and the columns a reader needs."""

    sep: str
    year: str
    nis: tuple[str, ...]  # accepted names of the NIS column, one per column vintage
    figures: tuple[str, ...]
    counts: frozenset[str]  # figures that must be whole numbers (persons, declarations)
    extra: tuple[str, ...] = ()  # other required columns, read as text
    optional: tuple[str, ...] = ()  # columns read when present
    empty_is_problem: bool = False  # True where figures are summed: a gap spoils the sum


@dataclass
class Table:
    """The kept lines of one file: jaar, nis, regel, figures (float) and extra columns."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


class _Unreadable(Exception):
    """The file cannot be opened or holds no table at all (one problem at line 0)."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix


# --- opening and the header ---------------------------------------------------------------

def _load_bytes(path: Path) -> tuple[bytes, str]:
    """The raw bytes of ``path``, or of the single .txt/.csv member of a zip; and that member."""
    try:
        if not zipfile.is_zipfile(path):
            return path.read_bytes(), ""
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith((".txt", ".csv"))]
            if len(members) != 1:
                raise _Unreadable(f"het zip-bestand bevat {len(members)} .txt/.csv-bestanden, 1 verwacht",
                                  "gebruik het zip-bestand zoals Statbel het publiceert")
            return archive.read(members[0]), members[0]
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        raise _Unreadable(f"kan het bestand niet lezen: {exc}",
                          "controleer het pad en download het bestand opnieuw") from exc


def _header_fields(line: str, sep: str) -> list[str]:
    """Column names of a header line, stripped of spaces and quotes."""
    fields = next(csv.reader([line], delimiter=sep)) if sep != "|" else line.split(sep)
    return [name.strip().strip('"').strip() for name in fields]


def _read_header(raw: bytes, spec: Spec, shown: str) -> tuple[list[str], str, list[Problem]]:
    """The header's column names, the NIS column found, and problems with the header."""
    end = raw.find(b"\n")
    line = raw[:end if end >= 0 else len(raw)].decode("utf-8", errors="replace").rstrip("\r")
    if spec.sep not in line:
        others = [s for s in _SEPARATORS if s != spec.sep and s in line]
        if others:
            found = max(others, key=line.count)
            return [], "", [Problem(shown, 1, f"verkeerd scheidingsteken: de kopregel is gescheiden door "
                                    f"{_SEPARATORS[found]}, {_SEPARATORS[spec.sep]} verwacht",
                                    f"gebruik het bestand zoals Statbel het publiceert, met "
                                    f"{_SEPARATORS[spec.sep]} als scheidingsteken (niet opnieuw "
                                    f"opslaan met Excel)")]
    names = _header_fields(line, spec.sep)
    nis_col = next((c for c in spec.nis if c in names), "")
    missing = [c for c in (spec.year, *spec.figures, *spec.extra) if c not in names]
    if not nis_col:
        missing.insert(0, " of ".join(spec.nis))
    if not missing:
        return names, nis_col, []
    return names, nis_col, [Problem(shown, 1, f"kolom(men) ontbreken: {', '.join(missing)}; "
                                    f"gevonden: {', '.join(names)}", FIX_VERSION)]


# --- records and their lines --------------------------------------------------------------

def _layout(raw: bytes, sep: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per data record: its first line, its number of fields (0 when blank), and whether it is blank."""
    if sep != "|" and b'"' in raw:
        return _layout_quoted(raw, sep)
    data = np.frombuffer(raw, dtype=np.uint8)
    starts = np.concatenate(([0], np.flatnonzero(data == ord("\n")) + 1))
    starts = starts[starts < len(data)][1:]  # where each data line begins (not the header)
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
    ends = np.append(starts[1:], len(data))
    positions = np.flatnonzero(data == ord(sep))  # sorted, so counting per line is two searches
    seps = np.searchsorted(positions, ends) - np.searchsorted(positions, starts)
    blank = np.zeros(len(starts), dtype=bool)
    for i in np.flatnonzero(seps == 0):
        blank[i] = not raw[starts[i]:ends[i]].strip()
    return np.arange(2, len(starts) + 2), np.where(blank, 0, seps + 1), blank


def _layout_quoted(raw: bytes, sep: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``_layout`` for a file with quoted fields, following the csv module's records."""
    reader = csv.reader(io.StringIO(raw.decode("utf-8", errors="replace"), newline=""), delimiter=sep)
    starts: list[int] = []
    counts: list[int] = []
    next(reader, None)  # the header
    previous_end = reader.line_num
    for record in reader:
        starts.append(previous_end + 1)
        counts.append(0 if not any(f.strip() for f in record) and len(record) <= 1 else len(record))
        previous_end = reader.line_num
    counts_arr = np.array(counts, dtype=np.int64)
    return np.array(starts, dtype=np.int64), counts_arr, counts_arr == 0


def _parse(raw: bytes, spec: Spec, names: list[str], columns: list[str]) -> pd.DataFrame:
    """The needed ``columns`` of every data record, as text ('' where a field is absent).

    Read as ``object`` rather than pandas' string dtype: factorising it is three times faster.
    """
    positions = [names.index(c) for c in columns]
    frame = pd.read_csv(io.BytesIO(raw), sep=spec.sep, header=0, usecols=positions, dtype=object,
                        na_filter=False, skip_blank_lines=False, index_col=False,
                        quoting=csv.QUOTE_NONE if spec.sep == "|" else csv.QUOTE_MINIMAL,
                        encoding="utf-8", encoding_errors="replace")
    frame.columns = [names[p] for p in sorted(positions)]
    return frame[columns]


def _field_problems(shown: str, sep: str, lines: np.ndarray, counts: np.ndarray,
                    expected: int) -> list[Problem]:
    """A problem for every non-blank line whose number of fields differs from the header's."""
    fix = ("staat er een komma in een getal (decimaalkomma, bv. 12,5) of in een naam zonder "
           "aanhalingstekens? schrijf getallen met een decimaalpunt" if sep == ","
           else f"staat er een '{sep}' te veel of te weinig op deze regel? " + FIX_ORIGINAL)
    wrong = np.flatnonzero((counts != expected) & (counts != 0))
    return [Problem(shown, int(lines[i]), f"de regel heeft {int(counts[i])} velden, {expected} verwacht "
                    f"(zoals in de kopregel)", fix) for i in wrong]


# --- checks on the values -----------------------------------------------------------------

def _per_value(values: pd.Series, *funcs: tuple[Callable[[str], object], str | type]) -> list[np.ndarray]:
    """Each ``(func, dtype)`` applied once per distinct value (stripped of spaces), spread over all.

    Statbel's columns repeat a few values many times, so this is much faster than a string
    method on every row.
    """
    codes, uniques = pd.factorize(values)
    stripped = [str(u).strip() for u in uniques]
    return [np.array([func(u) for u in stripped], dtype=dtype)[codes] if stripped
            else np.empty(0, dtype=dtype) for func, dtype in funcs]


def _number(text: str) -> float:
    """``text`` as a float when it is a number written with a decimal point; else NaN."""
    return float(text) if _NUMBER.fullmatch(text) else np.nan


def _scope(frame: pd.DataFrame, spec: Spec, nis_col: str, shown: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Problems with year or NIS code on any line; the lines of Flemish gemeenten, with jaar and nis."""
    year_ok, year = _per_value(frame[spec.year], (lambda v: bool(_YEAR.fullmatch(v)), bool),
                               (lambda v: int(v) if _YEAR.fullmatch(v) else 0, "int64"))
    nis_ok, nis, gemeente = _per_value(frame[nis_col], (lambda v: bool(_NIS.fullmatch(v)), bool),
                                       (lambda v: v.zfill(5), object),
                                       (lambda v: bool(_NIS.fullmatch(v)) and _is_gemeente(v.zfill(5)), bool))
    lines = frame["regel"].to_numpy()
    problems = [Problem(shown, int(line), f"jaar '{value}' (kolom {spec.year}) is geen jaartal van 4 cijfers",
                        "schrijf het jaar met 4 cijfers, bv. 2015; " + FIX_ORIGINAL)
                for line, value in zip(lines[~year_ok], frame[spec.year][~year_ok])]
    problems += [Problem(shown, int(line), f"NIS-code '{value}' (kolom {nis_col}) is ongeldig",
                         "een NIS-code van een gemeente heeft 5 cijfers, bv. 11002 voor Antwerpen")
                 for line, value in zip(lines[~nis_ok], frame[nis_col][~nis_ok])]
    keep = year_ok & gemeente
    return frame[keep].assign(jaar=year[keep], nis=nis[keep]).reset_index(drop=True), problems


def _is_gemeente(nis: str) -> bool:
    """Whether a 5-digit code is a Flemish gemeente, not a province or arrondissement (xx000)."""
    return is_flemish(nis) and not nis.endswith("000")


def _figure_message(column: str, value: str, number: float, count: bool) -> tuple[str, str]:
    """Why a figure cannot be used, and what to do about it (``("", "")`` when it can)."""
    if np.isnan(number):
        if _DECIMAL_COMMA.fullmatch(value):
            return (f"kolom {column}: '{value}' heeft een decimaalkomma; een decimaalpunt verwacht",
                    f"schrijf {value.replace(',', '.')} in plaats van {value}")
        return f"kolom {column}: '{value}' is geen getal", FIX_NUMBER
    if not np.isfinite(number):
        return f"kolom {column}: '{value}' is geen eindig getal", FIX_NUMBER
    if number < 0:
        what = "aantal" if count else "bedrag"
        return (f"kolom {column}: negatief {what} '{value}'",
                f"een {what} kan niet negatief zijn; {FIX_ORIGINAL}")
    if count and number != np.floor(number):
        return (f"kolom {column}: aantal '{value}' is geen geheel getal",
                f"een aantal is een geheel getal; {FIX_ORIGINAL}")
    return "", ""


def check_figures(table: Table, spec: Spec, shown: str) -> np.ndarray:
    """Turn the figure columns into floats (NaN where unusable); report; lines with a bad figure."""
    frame, spoilt = table.frame, np.zeros(len(table.frame), dtype=bool)
    for column in spec.figures:
        text = frame[column]
        numbers, empty = _per_value(text, (_number, float), (lambda v: not v, bool))
        suspect = ~empty & (np.isnan(numbers) | ~np.isfinite(numbers) | (numbers < 0)
                            | ((numbers != np.floor(numbers)) if column in spec.counts else False))
        for i in np.flatnonzero(suspect):
            message, fix = _figure_message(column, text.iat[i].strip(), numbers[i], column in spec.counts)
            table.problems.append(Problem(shown, int(frame["regel"].iat[i]), message, fix))
        if empty.any():
            target = table.problems if spec.empty_is_problem else table.warnings
            lines = frame["regel"].to_numpy()[empty]
            target.append(Problem(shown, int(lines[0]), f"kolom {column}: {int(empty.sum())} lege cel(len), "
                                  f"eerste op deze regel", "geen cijfer: " + FIX_ORIGINAL))
        numbers[suspect | empty] = np.nan
        frame[column] = numbers
        spoilt |= suspect | empty
    return spoilt


def check_duplicates(frame: pd.DataFrame, keys: list[str], shown: str,
                      what: str) -> tuple[np.ndarray, list[Problem]]:
    """A problem at every later line repeating the ``keys`` of an earlier one; which lines repeat."""
    repeated = frame.duplicated(keys, keep="first").to_numpy()
    if not repeated.any():
        return repeated, []
    first = frame.groupby(keys, sort=False)["regel"].transform("min").to_numpy()
    problems = [Problem(shown, int(line), f"dubbele regel: {what}gemeente {nis}, jaar {year}, "
                        f"staat al op regel {int(earlier)}",
                        "verwijder de dubbele regel; " + FIX_ORIGINAL)
                for line, nis, year, earlier in zip(frame["regel"][repeated], frame["nis"][repeated],
                                                    frame["jaar"][repeated], first[repeated])]
    return repeated, problems


def _check_sum(frame: pd.DataFrame, parts: list[str], total: str, shown: str) -> list[Problem]:
    """A problem at every line where the ``parts`` do not add up to ``total``."""
    summed = frame[parts].sum(axis=1, min_count=len(parts)).to_numpy()
    wrong = np.flatnonzero(np.abs(summed - frame[total].to_numpy()) > 1e-6)
    return [Problem(shown, int(frame["regel"].iat[i]),
                    f"{' + '.join(parts)} = {summed[i]:.0f}, maar {total} = {frame[total].iat[i]:.0f}",
                    "de groepen moeten samen het totaal vormen; " + FIX_ORIGINAL) for i in wrong]


# --- the common pipeline ------------------------------------------------------------------

def _open(path: Path, shown: str) -> tuple[bytes, str] | Extract:
    """The file's bytes (without a byte-order mark) and zip member, or an extract saying why not."""
    try:
        raw, member = _load_bytes(path)
    except _Unreadable as exc:
        return empty_extract([Problem(shown, 0, str(exc), exc.fix)])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if not raw or raw.isspace():
        return empty_extract([Problem(shown, 0, "het bestand is leeg", "download het bestand opnieuw")])
    return raw, member


def _records(raw: bytes, spec: Spec, names: list[str], columns: list[str],
             shown: str) -> tuple[pd.DataFrame, list[Problem]] | Extract:
    """The well-formed, non-blank records with their line (``regel``); a problem per malformed line."""
    try:
        lines, counts, blank = _layout(raw, spec.sep)
        frame = _parse(raw, spec, names, columns)
    except (pd.errors.ParserError, csv.Error, ValueError) as exc:
        return empty_extract([Problem(shown, 0, f"kan het bestand niet ontleden: {exc}", FIX_VERSION)])
    if len(frame) != len(lines):
        return empty_extract([Problem(shown, 0, f"{len(frame)} records gelezen op {len(lines)} regels",
                                      "controleer de regeleinden en aanhalingstekens in het bestand")])
    problems = _field_problems(shown, spec.sep, lines, counts, len(names))
    frame["regel"] = lines
    return frame[(counts == len(names)) & ~blank].reset_index(drop=True), problems


def read_table(path: Path, shown: str, spec: Spec) -> Table | Extract:
    """Read and check one file: the kept (Flemish, well-formed) lines, or an empty extract."""
    opened = _open(path, shown)
    if isinstance(opened, Extract):
        return opened
    raw, member = opened
    names, nis_col, problems = _read_header(raw, spec, shown)
    if problems:
        return empty_extract(problems)
    columns = [spec.year, nis_col, *spec.figures, *spec.extra, *(c for c in spec.optional if c in names)]
    records = _records(raw, spec, names, columns, shown)
    if isinstance(records, Extract):
        return records
    frame, problems = records
    frame, key_problems = _scope(frame, spec, nis_col, shown)
    for column in (*spec.extra, *spec.optional):
        if column in frame.columns:
            (frame[column],) = _per_value(frame[column], (lambda v: v, object))
    meta = {"nis_kolom": nis_col, **({"zip_lid": member} if member else {})}
    warnings = [] if len(frame) or problems or key_problems else [
        Problem(shown, 0, "geen enkele Vlaamse gemeente in het bestand",
                f"staan de NIS-codes van de gemeenten in kolom {nis_col}? " + FIX_VERSION)]
    return Table(frame, problems + key_problems, warnings, meta)


def standard(long: pd.DataFrame) -> pd.DataFrame:
    """The extract frame from long rows: figures only, typed and ordered as ``EXTRACT_COLUMNS``."""
    long = long.dropna(subset=["cijfer"])
    long = long.astype({"variabele": object, "nis": object, "jaar": "int64", "regel": "int64",
                        "cijfer": float})
    return long.sort_values(["jaar", "nis"], kind="stable")[list(EXTRACT_COLUMNS)].reset_index(drop=True)


def long_form(frame: pd.DataFrame, variables: list[str]) -> pd.DataFrame:
    """The extract frame of a table with one line per gemeente and year."""
    return standard(frame.melt(id_vars=["jaar", "nis", "regel"], value_vars=variables,
                                var_name="variabele", value_name="cijfer"))


def read_per_line(path: Path, shown: str, spec: Spec,
                   sum_check: tuple[list[str], str] | None) -> Table | Extract:
    """Read a table with one line per gemeente and year: figures, duplicates, optional sum check."""
    table = read_table(path, shown, spec)
    if isinstance(table, Extract):
        return table
    check_figures(table, spec, shown)
    repeated, problems = check_duplicates(table.frame, ["jaar", "nis"], shown, "")
    table.problems += problems
    table.frame = table.frame[~repeated].reset_index(drop=True)
    if sum_check:
        table.problems += _check_sum(table.frame, *sum_check, shown)
    return table


def finish(table: Table, frame: pd.DataFrame) -> Extract:
    """The extract of a read table: its long ``frame``, problems sorted by line, warnings, meta."""
    return Extract(frame, sorted(table.problems), sorted(table.warnings), table.meta)
