"""Read the wide 'Swing' layout of the Flemish statistics offices.

Provincies in Cijfers and Statistiek Vlaanderen export ``;``-separated files
``period;geolevel;geoitem;<one column per variable>`` in which ``-99997``
means *suppressed* and ``-99999`` *missing*. ``DIR/swing/mapping.yml`` says
which variable column is the teller, noemer or waarde of which indicator and
group (see ``docs/swing.md``). Every file line becomes canonical rows (the
columns of ``tables.VALUE_COLUMNS``, as strings) whose ``bestand`` and ``regel``
point at the Swing file, so ``validate.validate_values`` reports problems at
the Swing line. Mistakes in the mapping are reported at the mapping's line.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from .catalogue import Catalogue, catalogue_path, load_catalogue
from .errors import Problem
from .model import NIS_UNLOCATED, NIS_VLAANDEREN, STATUS_SECRET
from .tables import VALUE_COLUMNS, Table, concat, decode, empty_frame, relative
from .yamlnodes import compose, yaml_problem

SWING_DIR = "swing"
MAPPING_FILE = "mapping.yml"
KEY_COLUMNS = ("period", "geolevel", "geoitem")
ROLES = ("teller", "noemer", "waarde")
ENTRY_KEYS = ("indicator", "groep", "rol")
SUPPRESSED = -99997.0   # 'geheim': the figure exists but is not published
MISSING = -99999.0      # no figure: no row
GEMEENTE_LEVEL = "gemeente"
REGION_LEVELS = ("vlaams_gewest", "gewest")
REGION_ITEMS = ("2000", "02000")
DECIMAL_COMMA = re.compile(r"-?[\d.]*\d,\d+")
SWING_FIX = "exporteer uit Swing met een punt als decimaalteken"


@dataclass(frozen=True)
class Variable:
    """One variable column of the mapping: where its figures go."""

    column: str
    indicator: str
    groep: str
    rol: str
    line: int


@dataclass
class Mapping:
    """The checked mapping; ``rejected`` columns are known but unusable (already reported)."""

    shown: str
    variables: dict[str, Variable] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


# ------------------------------------------------------------------ entry point


def swing_files(data_dir: Path) -> list[Path]:
    """The Swing exports ``DIR/swing/*.csv`` in a stable order."""
    return sorted((data_dir / SWING_DIR).glob("*.csv"))


def read_swing(data_dir: Path, catalogue: Catalogue | None = None) -> Table | None:
    """Canonical rows of every Swing file; ``None`` when the folder has no Swing input."""
    folder, files = data_dir / SWING_DIR, swing_files(data_dir)
    if not files and not (folder / MAPPING_FILE).exists():
        return None
    base = data_dir.parent
    if catalogue is None:
        catalogue = load_catalogue(catalogue_path(data_dir))
    mapping = read_mapping(folder / MAPPING_FILE, relative(folder / MAPPING_FILE, base), catalogue)
    tables = [read_swing_file(f, relative(f, base), mapping, catalogue) for f in files]
    mapping.warnings += unused_variables(mapping, files)
    result = concat(tables, VALUE_COLUMNS)
    result.problems = mapping.problems + result.problems
    result.warnings = mapping.warnings + result.warnings
    if not files:
        result.problems.append(Problem(relative(folder, base), 0, "mapping.yml zonder Swing-bestanden",
                                       "zet de Swing-exports (*.csv) naast mapping.yml"))
    return result


# ---------------------------------------------------------------------- mapping


def read_mapping(path: Path, shown: str, catalogue: Catalogue) -> Mapping:
    """Read and check ``mapping.yml``: variable column → indicator, groep, rol."""
    mapping = Mapping(shown)
    if not path.exists():
        mapping.problems.append(Problem(shown, 0, "mapping.yml ontbreekt",
                                        "beschrijf per variabele: {indicator: D1, groep: totaal, rol: teller}"))
        return mapping
    entries, problems = parse_entries(path.read_bytes(), shown)
    mapping.problems += problems
    for column, value, line in entries:
        variable, entry_problems = check_entry(column, value, line, shown, catalogue)
        mapping.problems += entry_problems
        if variable is None:
            mapping.rejected.add(column)
        else:
            mapping.variables[column] = variable
    mapping.problems += check_pairs(mapping, catalogue)
    return mapping


def parse_entries(raw: bytes, shown: str) -> tuple[list[tuple[str, object, int]], list[Problem]]:
    """(column, value, line) per top-level key; YAML errors and duplicate keys as problems."""
    text, problems = decode(raw, shown)
    if text is None:
        return [], problems
    try:
        data, root = compose(text)
    except yaml.MarkedYAMLError as err:
        return [], [yaml_problem(err, shown)]
    if not isinstance(root, yaml.MappingNode) or not isinstance(data, dict):
        return [], [Problem(shown, 0, "mapping.yml moet per variabele een regel bevatten",
                            "bv. d1_vreemd_totaal: {indicator: D1, groep: totaal, rol: teller}")]
    entries: list[tuple[str, object, int]] = []
    seen: dict[str, int] = {}
    values = {str(k): v for k, v in data.items()}
    for key_node, _ in root.value:
        name, line = str(key_node.value), key_node.start_mark.line + 1
        if name in seen:
            problems.append(Problem(shown, line, f"variabele '{name}' staat twee keer in de mapping (ook op regel {seen[name]})"))
            continue
        seen[name] = line
        entries.append((name, values.get(name), line))
    return entries, problems


def check_entry(column: str, value: object, line: int, shown: str,
                catalogue: Catalogue) -> tuple[Variable | None, list[Problem]]:
    """One mapping line: known keys, a known indicator, a group of its indeling, a valid rol."""
    example = f"{column}: {{indicator: D1, groep: totaal, rol: teller}}"
    if not isinstance(value, dict):
        return None, [Problem(shown, line, f"variabele '{column}': verwacht indicator, groep en rol", example)]
    problems = [Problem(shown, line, f"variabele '{column}': veld '{k}' ontbreekt", example)
                for k in ENTRY_KEYS if k not in value]
    problems += [Problem(shown, line, f"variabele '{column}': onbekend veld '{k}'", "toegelaten: indicator, groep, rol")
                 for k in value if k not in ENTRY_KEYS]
    if problems:
        return None, problems
    indicator, groep, rol = (str(value[k]).strip() for k in ENTRY_KEYS)
    if indicator not in catalogue:
        return None, [Problem(shown, line, f"variabele '{column}': onbekende indicator '{indicator}'",
                              "gebruik een code uit data/indicatoren.yml")]
    known = catalogue.get(indicator)
    if not known.available:
        problems.append(Problem(shown, line, f"variabele '{column}': indicator {indicator} staat als gepland in de catalogus",
                                "vul eerste_editie in data/indicatoren.yml in"))
    if groep not in known.group_codes:
        problems.append(Problem(shown, line, f"variabele '{column}': onbekende groep '{groep}' voor {indicator}",
                                "groepen van " + indicator + ": " + ", ".join(known.group_codes)))
    if rol not in ROLES:
        problems.append(Problem(shown, line, f"variabele '{column}': onbekende rol '{rol}'", "rol is teller, noemer of waarde"))
    return (None if problems else Variable(column, indicator, groep, rol, line)), problems


def check_pairs(mapping: Mapping, catalogue: Catalogue) -> list[Problem]:
    """Per indicator × groep: exactly the roles its soort needs (teller and noemer for a ratio)."""
    problems: list[Problem] = []
    for (indicator, groep), members in sorted(by_group(mapping.variables.values()).items()):
        soort = catalogue.get(indicator).soort
        needed, roles = catalogue.get(indicator).roles, Counter(v.rol for v in members)
        bad = [Problem(mapping.shown, v.line, f"variabele '{v.column}': rol '{v.rol}' hoort niet bij {indicator} ({soort})",
                       f"een {soort} heeft {' en '.join(needed)}") for v in members if v.rol not in needed]
        bad += [Problem(mapping.shown, v.line, f"variabele '{v.column}': {indicator} {groep} heeft al een {v.rol}")
                for v in members if roles[v.rol] > 1 and v is not first_with(members, v.rol)]
        first = min(v.line for v in members)
        bad += [Problem(mapping.shown, first, f"{indicator} {groep}: geen variabele met rol '{rol}' in de mapping",
                        f"een {soort} heeft {' en '.join(needed)} nodig") for rol in needed if rol not in roles]
        if bad:
            problems += bad
            for v in members:
                mapping.variables.pop(v.column)
                mapping.rejected.add(v.column)
    return problems


def by_group(variables) -> dict[tuple[str, str], list[Variable]]:
    groups: dict[tuple[str, str], list[Variable]] = {}
    for variable in sorted(variables, key=lambda v: v.line):
        groups.setdefault((variable.indicator, variable.groep), []).append(variable)
    return groups


def first_with(members: list[Variable], rol: str) -> Variable:
    return next(v for v in members if v.rol == rol)


def unused_variables(mapping: Mapping, files: list[Path]) -> list[Problem]:
    """Mapping lines whose column occurs in no Swing file."""
    seen: set[str] = set()
    for path in files:
        text, _ = decode(path.read_bytes(), "")
        first = (text or "").splitlines()[:1]
        seen.update(c.strip() for c in (first[0].split(";") if first else []))
    return [Problem(mapping.shown, v.line, f"variabele '{v.column}' komt in geen enkel Swing-bestand voor")
            for v in sorted(mapping.variables.values(), key=lambda v: v.line) if v.column not in seen]


# ------------------------------------------------------------------------ files


def read_swing_file(path: Path, shown: str, mapping: Mapping, catalogue: Catalogue) -> Table:
    """One Swing export as canonical rows pointing at its own lines."""
    text, problems = decode(path.read_bytes(), shown)
    if text is None or not text.strip():
        return Table(empty_frame(VALUE_COLUMNS), problems or [Problem(shown, 0, "leeg bestand")])
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = [h.strip() for h in rows[0]]
    problems = check_swing_header(header, shown)
    if problems:
        return Table(empty_frame(VALUE_COLUMNS), problems)
    groups, problems, warnings = file_groups(header, mapping, catalogue, shown)
    records: list[list] = []
    ignored: Counter[str] = Counter()
    for number, row in enumerate(rows[1:], start=2):
        row_records, row_problems, level = convert_row(row, number, header, groups, shown)
        records += row_records
        problems += row_problems
        if level is not None:
            ignored[level] += 1
    warnings += [Problem(shown, 0, f"{n} rij(en) met geolevel {level} genegeerd",
                         "alleen gemeente, vlaams_gewest 2000 en 99991 worden gelezen")
                 for level, n in sorted(ignored.items())]
    frame = pd.DataFrame(records, columns=[*VALUE_COLUMNS, "regel"])
    frame["bestand"] = shown
    return Table(frame if len(frame) else empty_frame(VALUE_COLUMNS), problems, warnings)


def check_swing_header(header: list[str], shown: str) -> list[Problem]:
    """The header starts with period;geolevel;geoitem and names every column once."""
    expected = ";".join(KEY_COLUMNS)
    if len(header) == 1 and "," in header[0]:
        return [Problem(shown, 1, "scheidingsteken is ',' in plaats van ';'",
                        f"een Swing-bestand is door ';' gescheiden: {expected};<variabelen>")]
    if [h.lower() for h in header[:3]] != list(KEY_COLUMNS):
        return [Problem(shown, 1, f"kopregel moet beginnen met {expected}", f"gevonden: {';'.join(header[:3])}")]
    dupes = sorted({h for h in header if header.count(h) > 1})
    return [Problem(shown, 1, f"kolom dubbel in de kopregel: {', '.join(dupes)}")] if dupes else []


def file_groups(header: list[str], mapping: Mapping, catalogue: Catalogue, shown: str):
    """Per indicator × groep in this file: rol → column index; incomplete pairs are problems."""
    variables = header[3:]
    warnings = [Problem(shown, 1, f"kolom '{c}' staat niet in {mapping.shown} en wordt genegeerd",
                        "voeg de variabele toe aan mapping.yml als ze nodig is")
                for c in variables if c not in mapping.variables and c not in mapping.rejected]
    present = [mapping.variables[c] for c in variables if c in mapping.variables]
    groups, problems = {}, []
    for key, members in by_group(present).items():
        needed = catalogue.get(key[0]).roles
        roles = {v.rol: header.index(v.column) for v in members}
        missing = [r for r in needed if r not in roles]
        if missing:
            wanted = [v.column for v in mapping.variables.values() if (v.indicator, v.groep) == key and v.rol in missing]
            problems.append(Problem(shown, 1, f"{key[0]} {key[1]}: kolom {', '.join(wanted)} ({', '.join(missing)}) ontbreekt",
                                    "lever teller en noemer in hetzelfde bestand"))
            continue
        groups[key] = roles
    return groups, problems, warnings


# ------------------------------------------------------------------------- rows


def convert_row(row: list[str], number: int, header: list[str], groups: dict,
                shown: str) -> tuple[list[list], list[Problem], str | None]:
    """Canonical records of one Swing line, its problems, and the geolevel when it was ignored."""
    if not row or (len(row) == 1 and not row[0].strip()):
        return [], [], None
    if len(row) != len(header):
        return [], [Problem(shown, number, f"{len(row)} velden in plaats van {len(header)}",
                            "controleer scheidingstekens; is het bestand afgebroken?")], None
    period, geolevel, geoitem = (cell.strip() for cell in row[:3])
    nis = location(geolevel, geoitem)
    if nis is None:
        level = geolevel.lower()
        return [], [], f"'{geolevel}' {geoitem}" if level in REGION_LEVELS else f"'{geolevel}'"
    comma = [header[i] for key in sorted(groups) for i in groups[key].values() if DECIMAL_COMMA.fullmatch(row[i].strip())]
    if comma:
        return [], [Problem(shown, number, f"decimale komma in {', '.join(comma)}: "
                            + ", ".join(row[header.index(c)].strip() for c in comma), SWING_FIX)], None
    records = []
    for (indicator, groep), roles in sorted(groups.items()):
        figures = {rol: classify(row[i]) for rol, i in roles.items()}
        record = canonical(indicator, period, nis, groep, figures)
        if record is not None:
            records.append(record + [number])
    return records, [], None


def location(geolevel: str, geoitem: str) -> str | None:
    """The canonical NIS code of a Swing area, or ``None`` for areas the monitor does not read."""
    item = geoitem.strip()
    if item.endswith(".0"):
        item = item[:-2]
    if item == NIS_UNLOCATED:
        return NIS_UNLOCATED
    level = geolevel.strip().lower()
    if level == GEMEENTE_LEVEL:
        return item.zfill(5) if item.isdigit() else item
    if level in REGION_LEVELS and item in REGION_ITEMS:
        return NIS_VLAANDEREN
    return None


def classify(cell: str) -> str | None:
    """``None`` for a missing figure, ``geheim`` for a suppressed one, else the text."""
    text = cell.strip()
    try:
        number = float(text) if text else MISSING
    except ValueError:
        return text
    if number == MISSING:
        return None
    return STATUS_SECRET if number == SUPPRESSED else text


def canonical(indicator: str, period: str, nis: str, groep: str, figures: dict[str, str | None]) -> list | None:
    """One canonical row (strings); ``None`` when every figure is missing."""
    if all(v is None for v in figures.values()):
        return None
    if STATUS_SECRET in figures.values():
        return [indicator, period, nis, groep, "", "", "", STATUS_SECRET]
    cells = [figures.get(rol) or "" for rol in ROLES]
    return [indicator, period, nis, groep, *cells, ""]
