"""Readers for Statbel's open-data files: population, origin and fiscal income per gemeente.

Every reader takes the file's path and the path as shown to the user, and returns an
``Extract`` in long form (see ``extract.py``): one row per variable × year × Flemish
gemeente, with the 1-based line of the file the figure was read from (the header is
line 1; for a figure summed over several lines, the first line that contributed).

Reading is vectorised with pandas; every line is checked and every problem is
collected, so a user sees all that is wrong with a file at once. Rows of Wallonia,
Brussels, the regions and the country (``1000``) are dropped silently, as are the
province and arrondissement rows (``xx000``): they are not gemeenten. Year and NIS code
are checked on every line (they decide whether a line is in scope); figures only on the
lines that are kept.

Statbel writes one record per line. A comma-separated file with quotes is followed record by
record with the csv module (a quoted field may then span lines; a record's line is the line
it starts on); the ``|``-separated files have no quoting.
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
class _Spec:
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
class _Table:
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


def _read_header(raw: bytes, spec: _Spec, shown: str) -> tuple[list[str], str, list[Problem]]:
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


def _parse(raw: bytes, spec: _Spec, names: list[str], columns: list[str]) -> pd.DataFrame:
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


def _scope(frame: pd.DataFrame, spec: _Spec, nis_col: str, shown: str) -> tuple[pd.DataFrame, list[Problem]]:
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


def _check_figures(table: _Table, spec: _Spec, shown: str) -> np.ndarray:
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


def _check_duplicates(frame: pd.DataFrame, keys: list[str], shown: str,
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


def _records(raw: bytes, spec: _Spec, names: list[str], columns: list[str],
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


def _read_table(path: Path, shown: str, spec: _Spec) -> _Table | Extract:
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
    return _Table(frame, problems + key_problems, warnings, meta)


def _standard(long: pd.DataFrame) -> pd.DataFrame:
    """The extract frame from long rows: figures only, typed and ordered as ``EXTRACT_COLUMNS``."""
    long = long.dropna(subset=["cijfer"])
    long = long.astype({"variabele": object, "nis": object, "jaar": "int64", "regel": "int64",
                        "cijfer": float})
    return long.sort_values(["jaar", "nis"], kind="stable")[list(EXTRACT_COLUMNS)].reset_index(drop=True)


def _long(frame: pd.DataFrame, variables: list[str]) -> pd.DataFrame:
    """The extract frame of a table with one line per gemeente and year."""
    return _standard(frame.melt(id_vars=["jaar", "nis", "regel"], value_vars=variables,
                                var_name="variabele", value_name="cijfer"))


def _read_per_line(path: Path, shown: str, spec: _Spec,
                   sum_check: tuple[list[str], str] | None) -> _Table | Extract:
    """Read a table with one line per gemeente and year: figures, duplicates, optional sum check."""
    table = _read_table(path, shown, spec)
    if isinstance(table, Extract):
        return table
    _check_figures(table, spec, shown)
    repeated, problems = _check_duplicates(table.frame, ["jaar", "nis"], shown, "")
    table.problems += problems
    table.frame = table.frame[~repeated].reset_index(drop=True)
    if sum_check:
        table.problems += _check_sum(table.frame, *sum_check, shown)
    return table


def _finish(table: _Table, frame: pd.DataFrame) -> Extract:
    """The extract of a read table: its long ``frame``, problems sorted by line, warnings, meta."""
    return Extract(frame, sorted(table.problems), sorted(table.warnings), table.meta)


# --- the readers --------------------------------------------------------------------------

_STRUCTURE = _Spec(sep="|", year="CD_YEAR", nis=("CD_REFNIS", "CD_MUNTY_REFNIS"),
                   figures=("MS_POPULATION",), counts=frozenset({"MS_POPULATION"}),
                   extra=("CD_NATLTY",), optional=("CD_SEX", "CD_CIV_STS", "CD_AGE"),
                   empty_is_problem=True)
_NATIONALITY = _Spec(sep=",", year="CD_YEAR", nis=("CD_REFNIS",), figures=("BEL", "ETR", "total"),
                     counts=frozenset({"BEL", "ETR", "total"}))
_ORIGIN_GROUPS = ["belgian_bg", "neighbouring", "eu27", "non_eu27"]
_ORIGIN = _Spec(sep=",", year="CD_YEAR", nis=("CD_REFNIS",), figures=(*_ORIGIN_GROUPS, "total"),
                counts=frozenset({*_ORIGIN_GROUPS, "total"}))
_INCOME_TAX = _Spec(sep="|", year="CD_YEAR", nis=("CD_REFNIS", "CD_MUNTY_REFNIS"),
                    figures=("MS_NBR_NON_ZERO_INC", "MS_NBR_ZERO_INC", "MS_TOT_NET_TAXABLE_INC",
                             "MS_TOT_RESIDENTS"),
                    counts=frozenset({"MS_NBR_NON_ZERO_INC", "MS_NBR_ZERO_INC", "MS_TOT_RESIDENTS"}))
_SUMMARY = _Spec(sep=",", year="year", nis=("nis",),
                 figures=("declarations", "avg_income_per_declaration", "median_income_per_declaration",
                          "residents"), counts=frozenset({"declarations", "residents"}))


def _structure_checks(table: _Table, shown: str) -> np.ndarray:
    """Nationality codes and repeated detail lines of the structure table; lines to leave out."""
    frame = table.frame
    bad_code = ~frame["CD_NATLTY"].isin(["BEL", "ETR"]).to_numpy()
    table.problems += [Problem(shown, int(line), f"kolom CD_NATLTY: '{code}' is geen nationaliteitscode; "
                               "BEL of ETR verwacht", FIX_VERSION)
                       for line, code in zip(frame["regel"][bad_code], frame["CD_NATLTY"][bad_code])]
    detail = ["CD_SEX", "CD_CIV_STS", "CD_AGE"]
    if not all(c in frame.columns for c in detail):
        return bad_code
    repeated, problems = _check_duplicates(frame, ["jaar", "nis", "CD_NATLTY", *detail], shown,
                                           "hetzelfde geslacht, dezelfde nationaliteit, burgerlijke "
                                           "staat en leeftijd voor ")
    table.problems += problems
    return bad_code | repeated


def read_population_structure(path: Path, shown: str) -> Extract:
    """Population on 1 January by nationality, summed per gemeente from ``TF_SOC_POP_STRUCT_<jaar>``.

    Reads the zip (one ``.txt`` inside) or the bare ``|``-separated text, in either column
    vintage (``CD_MUNTY_REFNIS`` of 2015, ``CD_REFNIS`` later). ``MS_POPULATION`` is summed
    per gemeente × ``CD_YEAR`` × ``CD_NATLTY``; variables ``BEL``, ``ETR`` and ``total``
    (= BEL + ETR). Statbel leaves out combinations without inhabitants, so a gemeente
    without any ``ETR`` line has ETR 0. A gemeente × year with an unusable line gets no figures.
    """
    table = _read_table(path, shown, _STRUCTURE)
    if isinstance(table, Extract):
        return table
    spoilt = _check_figures(table, _STRUCTURE, shown) | _structure_checks(table, shown)
    frame = table.frame
    spoilt_keys = frame.loc[spoilt, ["jaar", "nis"]].drop_duplicates()
    keep = ~pd.MultiIndex.from_frame(frame[["jaar", "nis"]]).isin(pd.MultiIndex.from_frame(spoilt_keys))
    return _finish(table, _sum_by_nationality(frame[keep]))


def _sum_by_nationality(frame: pd.DataFrame) -> pd.DataFrame:
    """Long rows BEL, ETR, total per gemeente × year, each with the first line that contributed.

    A nationality without lines counts 0 persons, at the gemeente's first line.
    """
    keys = ["jaar", "nis"]
    grouped = frame.groupby([*keys, "CD_NATLTY"], as_index=False).agg(
        cijfer=("MS_POPULATION", "sum"), regel=("regel", "min"))
    first = frame.groupby(keys, as_index=False).agg(eerste=("regel", "min"))
    parts = first.merge(pd.DataFrame({"CD_NATLTY": ["BEL", "ETR"]}), how="cross")
    parts = parts.merge(grouped, how="left", on=[*keys, "CD_NATLTY"])
    parts["cijfer"] = parts["cijfer"].fillna(0.0)
    parts["regel"] = parts["regel"].fillna(parts["eerste"])
    total = parts.groupby(keys, as_index=False).agg(cijfer=("cijfer", "sum"), regel=("eerste", "min"))
    total["variabele"] = "total"
    parts = parts.rename(columns={"CD_NATLTY": "variabele"})
    return _standard(pd.concat([parts, total], ignore_index=True))


def read_population_by_nationality(path: Path, shown: str) -> Extract:
    """Population on 1 January per gemeente and year: ``BEL``, ``ETR`` (not Belgian), ``total``.

    Reads ``bevolking-nationaliteit-2009-2025.csv`` (comma-separated). Checks that
    BEL + ETR = total on every line.
    """
    table = _read_per_line(path, shown, _NATIONALITY, (["BEL", "ETR"], "total"))
    if isinstance(table, Extract):
        return table
    return _finish(table, _long(table.frame, ["BEL", "ETR", "total"]))


def read_population_by_origin(path: Path, shown: str) -> Extract:
    """Population by origin per gemeente and year (``bevolking-herkomst-2000-2025.csv``).

    Variables ``belgian_bg``, ``neighbouring``, ``eu27``, ``non_eu27`` and ``total``; a line
    where the four groups do not add up to ``total`` is a problem at that line.
    """
    table = _read_per_line(path, shown, _ORIGIN, (_ORIGIN_GROUPS, "total"))
    if isinstance(table, Extract):
        return table
    return _finish(table, _long(table.frame, [*_ORIGIN_GROUPS, "total"]))


def read_income_tax(path: Path, shown: str) -> Extract:
    """Fiscal income per gemeente and income year (``TF_PSNL_INC_TAX_MUNTY_*.txt``, ``|``-separated).

    Either column vintage (``CD_MUNTY_REFNIS`` or ``CD_REFNIS``). Variables
    ``MS_NBR_NON_ZERO_INC`` (returns, aangiften, with an income), ``MS_NBR_ZERO_INC`` (returns
    with a zero income; the two together are all returns), ``MS_TOT_NET_TAXABLE_INC`` (total
    net taxable income, euro) and ``MS_TOT_RESIDENTS``. ``jaar`` is the income year;
    ``MS_TOT_RESIDENTS`` counts the inhabitants on 1 January of the year after it (the tax
    year): in the 2005–2013 file it equals the origin table's ``total`` of ``jaar`` + 1.
    """
    table = _read_per_line(path, shown, _INCOME_TAX, None)
    if isinstance(table, Extract):
        return table
    return _finish(table, _long(table.frame, list(_INCOME_TAX.figures)))


def read_income_summary(path: Path, shown: str) -> Extract:
    """Statbel's summary of fiscal income per gemeente (``fiscale-inkomens-<jaar>-mediaan.csv``).

    Variables ``declarations``, ``avg_income_per_declaration``, ``median_income_per_declaration``,
    ``residents``, and ``total_income_from_avg`` = avg_income_per_declaration × declarations:
    the total net taxable income reconstructed from the average. Statbel rounds the average
    to the euro, so this total is exact to within 0.5 euro per declaration (Antwerpen 2023:
    313 807 declarations: at most ± 156 904 euro on about 11.1 billion). A median cannot be
    summed over a merger; the total can.
    """
    table = _read_per_line(path, shown, _SUMMARY, None)
    if isinstance(table, Extract):
        return table
    table.frame["total_income_from_avg"] = (table.frame["avg_income_per_declaration"]
                                            * table.frame["declarations"])
    return _finish(table, _long(table.frame, [*_SUMMARY.figures, "total_income_from_avg"]))


READERS: dict[str, Callable[[Path, str], Extract]] = {
    "statbel-bevolkingsstructuur": read_population_structure,
    "statbel-nationaliteit": read_population_by_nationality,
    "statbel-herkomst": read_population_by_origin,
    "statbel-fiscale-inkomens": read_income_tax,
    "statbel-fiscale-inkomens-samenvatting": read_income_summary,
}
