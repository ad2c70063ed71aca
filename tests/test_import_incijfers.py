"""The reader of Provincies in Cijfers exports as a visitor downloads them (CSV and XLSX).

Expected figures are read independently from the raw files (``csv`` module, openpyxl cells)
or written by hand from a raw line that is named in a comment.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import time
import warnings
from pathlib import Path

import openpyxl
import pytest

from generator import paths
from generator.importers.extract import EXTRACT_COLUMNS
from generator.importers.incijfers import READERS, is_rate_label, read_export

REALDATA = getattr(paths, "SHARED_REALDATA", Path(__file__).resolve().parents[2] / "shared" / "realdata")
PIC = REALDATA / "provinciesincijfers"
XLSX = PIC / "unemployment_jobseekers_data.xlsx"
COUNTS = "nieuwkomers - gemeenten.csv"
RATES = "nieuwkomers per 1.000 inwoners 18_ jaar - gemeenten.csv"
CSV_FILES = (
    "flanders_youth.csv",
    COUNTS,
    "nieuwkomers niet-EU - gemeenten.csv",
    "nieuwkomers niet-EU per 1.000 inwoners 18_ jaar niet-EU -%2.csv",
    RATES,
)
BRUSSELS = {"Anderlecht", "Brussel", "Elsene", "Etterbeek", "Evere", "Ganshoren", "Jette", "Koekelberg",
            "Oudergem", "Schaarbeek", "Sint-Agatha-Berchem", "Sint-Gillis", "Sint-Jans-Molenbeek",
            "Sint-Joost-ten-Node", "Sint-Lambrechts-Woluwe", "Sint-Pieters-Woluwe", "Ukkel", "Vorst",
            "Watermaal-Bosvoorde"}
IGNORED = ("Buiten Vlaanderen en Brussel", "Niet te lokaliseren", "Niet te lokaliseren - Brussel")
UNLOCATED = "Niet te lokaliseren - Vlaanderen"
# Row 2 of the XLSX, verbatim (the double spaces are the publisher's).
XLSX_LABELS = [
    "werkzoekendengraad (jaargemiddelde) [%]",
    "werkzoekendengraad mannen (jaargemiddelde) [%]",
    "werkzoekendengraad vrouwen (jaargemiddelde) [%]",
    "werkzoekendengraad 18-24 jaar (jaargemiddelde) [%]",
    "werkzoekendengraad 25-59 jaar (jaargemiddelde) [%]",
    "werkzoekendengraad 60-64 jaar (jaargemiddelde) [%]",
    "werkzoekenden zonder werk (jaargemiddelde) [aantal]",
    "WZW [aantal] (1)",
    "WZW (t.o.v. inwoners 18-64 jaar) [%] (1)",
    "WZW Belg [aantal] (1)",
    "WZW EU (excl. Belg) [aantal] (1)",
    "WZW niet-EU [aantal] (1)",
    "WZW Belgische herkomst [aantal] (1)",
    "WZW EU herkomst (excl. Belg) [aantal] (1)",
    "WZW niet-EU herkomst [aantal] (1)",
    "WZW vorig jaar wonend in dezelfde gemeente [aantal] (1)",
    "WZW vorig jaar wonend in het buitenland [aantal] (1)",
    "WZW vorig jaar wonend in een andere  gemeente [aantal] (1)",
    "WZW volgend jaar wonend in dezelfde gemeente [aantal] (1)",
    "WZW volgend jaar wonend in een andere  gemeente [aantal] (1)",
    "WZW volgend jaar wonend in het buitenland [aantal] (1)",
]

needs_realdata = pytest.mark.skipif(not PIC.is_dir(), reason=f"{PIC} ontbreekt")


@pytest.fixture(scope="module")
def names(divisions) -> dict[str, str]:
    return divisions.current.names


@pytest.fixture(scope="module")
def extracts(names):
    """Every real export read once on the 2025 division."""
    return {p.name: read_export(p, f"bronnen/{p.name}", names, "2025") for p in sorted(PIC.iterdir())}


@pytest.fixture(scope="module")
def sheet() -> list[tuple]:
    """The XLSX rows as openpyxl gives them (independent of the reader)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the export has no default style
        book = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    ws = book.worksheets[0]
    ws.reset_dimensions()
    rows = list(ws.iter_rows(values_only=True))
    book.close()
    return rows


def raw_rows(name: str) -> list[list[str]]:
    with open(PIC / name, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle, delimiter=";"))


def figure(extract, label: str, year: int, nis: str) -> tuple[float, int]:
    """(cijfer, regel) of one figure; fails unless there is exactly one."""
    f = extract.frame
    hit = f[(f["variabele"] == label) & (f["jaar"] == year) & (f["nis"] == nis)]
    assert len(hit) == 1, (label, year, nis, len(hit))
    return float(hit["cijfer"].iloc[0]), int(hit["regel"].iloc[0])


def write(tmp_path: Path, text: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def real_text(name: str) -> str:
    return (PIC / name).read_text(encoding="utf-8")


# --- the real CSV files ----------------------------------------------------------------------

@needs_realdata
@pytest.mark.parametrize("name", CSV_FILES)
def test_real_csv_every_gemeente_and_year(name, extracts, names):
    extract = extracts[name]
    raw = raw_rows(name)
    assert extract.problems == []
    assert tuple(extract.frame.columns) == EXTRACT_COLUMNS
    assert set(extract.frame["nis"]) - {"99991"} == set(names) and len(names) == 285
    assert sorted(extract.frame["jaar"].unique()) == list(range(2014, 2025))
    labels = list(dict.fromkeys(cell.split("|")[0] for cell in raw[0][1:]))
    assert list(extract.frame["variabele"].unique()) == labels
    # every figure of a Flemish row is in the frame: cells that are digits with an optional decimal comma
    flemish = set(names.values()) | {UNLOCATED}
    expected = sum(bool(re.fullmatch(r"\d+(,\d+)?", c)) for r in raw[1:] if r[0] in flemish for c in r[1:])
    hidden = sum(c == "x" for r in raw[1:] if r[0] in flemish for c in r[1:])  # suppressed: kept as NaN (geheim)
    assert len(extract.frame) == expected + hidden
    assert int(extract.frame["cijfer"].isna().sum()) == hidden


@needs_realdata
@pytest.mark.parametrize("name", CSV_FILES)
def test_real_csv_unlocated_row_is_99991(name, extracts):
    raw = {r[0]: (line, r) for line, r in enumerate(raw_rows(name), start=1)}
    line, row = raw[UNLOCATED]
    frame = extracts[name].frame
    unlocated = frame[frame["nis"] == "99991"]
    # in all five files the row is all "-": no figures, and nothing read from any other line
    assert set(row[1:]) == {"-"}
    assert unlocated.empty
    assert UNLOCATED not in " ".join(w.message for w in extracts[name].warnings)


@needs_realdata
@pytest.mark.parametrize("name", CSV_FILES)
@pytest.mark.parametrize("gemeente, nis", [("Antwerpen", "11002"), ("Pajottegem", "23106")])
def test_real_csv_values_match_raw_line(name, gemeente, nis, extracts):
    raw = raw_rows(name)
    line = next(i for i, r in enumerate(raw, start=1) if r[0] == gemeente)
    checked = 0
    for header, cell in zip(raw[0][1:], raw[line - 1][1:]):
        label, year = header.split("|")
        if re.fullmatch(r"\d+(,\d+)?", cell):
            assert figure(extracts[name], label, int(year), nis) == (float(cell.replace(",", ".")), line)
            checked += 1
    assert checked >= 11


@needs_realdata
@pytest.mark.parametrize("name, label, year, nis, value, line", [
    # nieuwkomers - gemeenten.csv:10  "Antwerpen";7094;7711;...;9778
    (COUNTS, "nieuwkomers", 2014, "11002", 7094.0, 10),
    # nieuwkomers - gemeenten.csv:210 "Pajottegem";37;27;...;83;84
    (COUNTS, "nieuwkomers", 2024, "23106", 84.0, 210),
    # nieuwkomers per 1.000 …csv:10   "Antwerpen";17,3;18,8;23,1;...
    (RATES, "nieuwkomers per 1.000 inwoners 18+ jaar", 2016, "11002", 23.1, 10),
    # nieuwkomers per 1.000 …csv:210  "Pajottegem";1,9;1,4;2,6;...;4,1
    (RATES, "nieuwkomers per 1.000 inwoners 18+ jaar", 2024, "23106", 4.1, 210),
    # flanders_youth.csv:10 "Antwerpen";42,4;...(22 fields);103060;...;130540  (3rd label, 2024)
    ("flanders_youth.csv", "0-24 jaar totaal niet-Belgische herkomst", 2024, "11002", 130540.0, 10),
    # flanders_youth.csv:210 "Pajottegem";9,5;10,1;...
    ("flanders_youth.csv", "leerlingen basisonderwijs die thuis geen Nederlands spreken (t.o.v. lln bo) - WP",
     2014, "23106", 9.5, 210),
])
def test_real_csv_known_values(name, label, year, nis, value, line, extracts):
    assert figure(extracts[name], label, year, nis) == (value, line)


@needs_realdata
@pytest.mark.parametrize("name", CSV_FILES)
def test_real_csv_one_warning_per_special_kind(name, extracts):
    warnings = extracts[name].warnings
    raw = raw_rows(name)
    brussels = [w for w in warnings if "Brusselse gemeenten" in w.message]
    assert len(brussels) == 1
    assert brussels[0].message.startswith(f"{sum(r[0] in BRUSSELS for r in raw)} Brusselse")
    assert sum(r[0] in BRUSSELS for r in raw) == 19
    for special in IGNORED:
        hits = [w for w in warnings if f"rij '{special}' overgeslagen" in w.message]
        line = next(i for i, r in enumerate(raw, start=1) if r[0] == special)
        assert [w.line for w in hits] == [line]


@needs_realdata
def test_real_csv_hidden_values_x_give_one_warning(extracts, names):
    raw = raw_rows("flanders_youth.csv")
    hidden = sum(c == "x" for r in raw[1:] if r[0] in set(names.values()) for c in r[1:])
    warnings = [w for w in extracts["flanders_youth.csv"].warnings if "'x'" in w.message]
    assert hidden == 447 and len(warnings) == 1
    assert warnings[0].message.startswith(f"{hidden} waarden 'x' (verborgen waarde)")


# --- the real XLSX ---------------------------------------------------------------------------

@needs_realdata
def test_xlsx_labels_years_and_gemeenten(extracts, names):
    extract = extracts[XLSX.name]
    frame = extract.frame
    assert extract.problems == []
    assert list(frame["variabele"].unique()) == XLSX_LABELS and len(XLSX_LABELS) == 21
    assert sorted(frame["jaar"].unique()) == list(range(2014, 2025))
    assert set(frame["nis"]) == set(names) | {"99991"}
    # footnote, legend and export rows are not read as gemeenten (rows 293–308)
    assert frame["regel"].max() == 292
    assert extract.meta["datum_export"] == "2026-05-21"  # row 308: 'Datum export' | 'donderdag 21 mei 2026'


@needs_realdata
@pytest.mark.parametrize("column, row, label, year, nis, factor", [
    ("B", 11, "werkzoekendengraad (jaargemiddelde) [%]", 2014, "11002", 100),         # first column of block 1
    ("L", 11, "werkzoekendengraad (jaargemiddelde) [%]", 2024, "11002", 100),         # its label column
    ("M", 11, "werkzoekendengraad mannen (jaargemiddelde) [%]", 2014, "11002", 100),  # first of block 2
    ("CB", 203, "WZW [aantal] (1)", 2015, "23106", 1),                                # Pajottegem
    ("CM", 11, "WZW (t.o.v. inwoners 18-64 jaar) [%] (1)", 2015, "11002", 100),
    ("CB", 292, "WZW [aantal] (1)", 2015, "99991", 1),                                # Niet te lokaliseren - Vl.
])
def test_xlsx_label_is_on_last_column_of_block(column, row, label, year, nis, factor, extracts, sheet):
    index = openpyxl.utils.column_index_from_string(column) - 1
    block_end = next(j for j in range(index, len(sheet[1])) if sheet[1][j])
    assert sheet[1][block_end] == label and int(sheet[2][index]) == year
    cell = sheet[row - 1][index]
    assert figure(extracts[XLSX.name], label, year, nis) == (pytest.approx(cell * factor), row)


@needs_realdata
def test_xlsx_fractions_converted_once_per_label(extracts):
    extract = extracts[XLSX.name]
    converted = [w for w in extract.warnings if "omgezet naar procenten" in w.message]
    assert sorted(w.message.split("'")[1] for w in converted) == sorted(label for label in XLSX_LABELS if "[%]" in label)
    # B11 = 0.171: Antwerpen's werkzoekendengraad 2014, 17,1 %
    assert figure(extract, XLSX_LABELS[0], 2014, "11002")[0] == 17.1
    rates = extract.frame[extract.frame["variabele"].str.contains(r"\[%\]")]["cijfer"]
    assert rates.max() > 1


@needs_realdata
def test_xlsx_wzw_starts_2015(extracts, sheet):
    # column CA (WZW [aantal] 2014) is "-" for every gemeente
    frame = extracts[XLSX.name].frame
    assert {row[78] for row in sheet[3:288]} == {"-"}
    assert sorted(frame[frame["variabele"] == "WZW [aantal] (1)"]["jaar"].unique()) == list(range(2015, 2025))


@needs_realdata
def test_all_six_files_read_fast(names):
    # CPU time of this process: other processes on a busy machine do not count
    start = time.process_time()
    for path in sorted(PIC.iterdir()):
        assert read_export(path, path.name, names, "2025").problems == []
    assert time.process_time() - start < 2.0


# --- names -----------------------------------------------------------------------------------

HEADER = '"gemeenten";"nieuwkomers|2023";"nieuwkomers|2024"\n'


@pytest.mark.parametrize("written", ["sint niklaas", "SINT-NIKLAAS", "Sint-Niklaas", " Sint  Niklaas ",
                                     "Sínt-Niklaas", "sint_niklaas"])
def test_tolerant_name_matching(written, tmp_path, names):
    extract = read_export(write(tmp_path, HEADER + f'"{written}";628;642\n'), "x.csv", names, "2025")
    assert extract.problems == []
    assert list(extract.frame[["nis", "jaar", "cijfer", "regel"]].itertuples(index=False, name=None)) == [
        ("46021", 2023, 628.0, 2), ("46021", 2024, 642.0, 2)]


def test_unknown_name_suggests_closest(tmp_path, names):
    text = HEADER + '"Aalst";646;662\n"Antwrpen";8961;9778\n'
    extract = read_export(write(tmp_path, text), "bronnen/x.csv", names, "2025")
    assert [str(p) for p in extract.problems] == [
        "bronnen/x.csv:3: gemeente 'Antwrpen' onbekend in de indeling 2025 (bedoelt u: Antwerpen?)"]
    assert set(extract.frame["nis"]) == {"41002"}


def test_missing_gemeenten_warned(tmp_path, names):
    extract = read_export(write(tmp_path, HEADER + '"Aalst";646;662\n'), "x.csv", names, "2025")
    assert extract.problems == []
    assert any(w.message.startswith("284 gemeenten van de indeling 2025 ontbreken") for w in extract.warnings)


def test_file_on_another_division(tmp_path, divisions):
    old, new = divisions.by_key("2024").names, divisions.current.names
    lines = [f'"{name}";1;2' for name in sorted(old.values())]
    path = write(tmp_path, HEADER + "\n".join(lines) + "\n")
    gone = sorted(set(old.values()) - set(new.values()))
    elsewhere = {name: "de indeling 2019–2024" for name in gone}
    extract = read_export(path, "x.csv", new, "2025", elsewhere)
    assert sorted(p.message.split("'")[1] for p in extract.problems) == gone and len(gone) == 22
    borsbeek = next(p for p in extract.problems if "'Borsbeek'" in p.message)
    assert borsbeek.line == 2 + sorted(old.values()).index("Borsbeek")
    assert str(borsbeek).endswith("(\'Borsbeek\' is een gemeente van de indeling 2019–2024, niet van de opgegeven "
                                  "indeling 2025: is het bestand op een andere indeling?)")
    assert read_export(path, "x.csv", old, "2024").problems == []


# --- bad inputs: a real file's text, edited ---------------------------------------------------

def drop_2019(text: str) -> str:
    """Remove the 2019 column (7th field) from every line."""
    return "\n".join(";".join(f for i, f in enumerate(line.split(";")) if i != 6) if line else line
                     for line in text.split("\n"))


BAD = [
    # (case, file, edit, line, message substrings)
    ("header", RATES, lambda t: t.replace('18+ jaar|2016"', '18+ jaar 2016"', 1), 1,
     ["kopregel gewijzigd", "kolom 4", "<variabele>|<jaar>"]),
    ("geo level", RATES, lambda t: t.replace('"gemeenten"', '"provincies"', 1), 1,
     ["'provincies'", "alleen exports op gemeenteniveau"]),
    ("point", RATES, lambda t: t.replace('"Aalst";6,6;', '"Aalst";6.6;', 1), 2,
     ["punt waar een decimale komma verwacht wordt", "'6.6'", "exporteer opnieuw uit provincies.incijfers.be"]),
    ("thousands", COUNTS, lambda t: t.replace('"Antwerpen";7094;', '"Antwerpen";7.094;', 1), 10,
     ["punt waar een decimale komma verwacht wordt", "'7.094'", "in Excel werd herbewaard"]),
    ("missing year", RATES, drop_2019, 1, ["jaren ontbreken", "nieuwkomers per 1.000 inwoners 18+ jaar", "2019"]),
    ("delimiter", COUNTS, lambda t: t.replace(";", ","), 1, ["scheidingsteken is ','"]),
    ("short row", RATES, lambda t: t.replace(';9,0;9,1\n"Aalter"', ';9,0\n"Aalter"', 1), 2,
     ["regel heeft 11 velden, de kopregel 12"]),
    ("non-numeric", RATES, lambda t: t.replace('"Aalst";6,6;', '"Aalst";zes;', 1), 2, ["geen getal", "'zes'"]),
    ("duplicate row", COUNTS, lambda t: t + t.splitlines()[1] + "\n", 310, ["gemeente 'Aalst' staat al op regel 2"]),
]


@needs_realdata
@pytest.mark.parametrize("case, name, edit, line, parts", BAD, ids=[b[0] for b in BAD])
def test_bad_input(case, name, edit, line, parts, tmp_path, names):
    text = real_text(name)
    edited = edit(text)
    assert edited != text
    extract = read_export(write(tmp_path, edited), "bronnen/export.csv", names, "2025")
    assert len(extract.problems) == 1, extract.problems
    shown = str(extract.problems[0])
    assert shown.startswith(f"bronnen/export.csv:{line}: ")
    for part in parts:
        assert part in shown


@needs_realdata
def test_several_problems_reported_at_once(tmp_path, names):
    text = real_text(RATES)
    for old, new in [('"Aarschot";2,5;', '"Aarschot";2.5;'), (';9,0;9,1\n"Aalter";', ';9,0\n"Aaltr";'),
                     ('"Antwerpen";17,3;', '"Antwerpen";?!;'), ('18+ jaar|2016"', '18+ jaar 2016"')]:
        assert old in text
        text = text.replace(old, new, 1)
    extract = read_export(write(tmp_path, text), "e.csv", names, "2025")
    got = sorted((p.line, p.message.split(":")[0].split(" '")[0]) for p in extract.problems)
    assert got == [(1, "kopregel gewijzigd"), (2, "regel heeft 11 velden, de kopregel 12"), (3, "gemeente"),
                   (4, "punt waar een decimale komma verwacht wordt"), (10, "geen getal")]


@needs_realdata
def test_unlocated_figures_become_99991(tmp_path, names):
    text = real_text(COUNTS).replace(f'"{UNLOCATED}";"-";"-";', f'"{UNLOCATED}";12;"-";', 1)
    extract = read_export(write(tmp_path, text), "e.csv", names, "2025")
    assert extract.problems == []
    assert figure(extract, "nieuwkomers", 2014, "99991") == (12.0, 309)


def test_empty_and_unsupported_files(tmp_path, names):
    assert [p.message for p in read_export(write(tmp_path, ""), "e.csv", names, "2025").problems] == ["bestand is leeg"]
    assert "bestandstype '.txt'" in read_export(write(tmp_path, "x", "e.txt"), "e.txt", names, "2025").problems[0].message
    broken = read_export(write(tmp_path, "geen zip", "e.xlsx"), "e.xlsx", names, "2025").problems
    assert [p.message for p in broken] == ["geen leesbaar Excel-bestand (.xlsx)"]
    assert READERS["incijfers-export"] is read_export


@pytest.mark.parametrize("encoding, warned", [("utf-8", False), ("utf-8-sig", False), ("cp1252", True)])
def test_encodings(encoding, warned, tmp_path, names):
    path = tmp_path / "e.csv"
    path.write_bytes((HEADER + '"Sínt-Niklaas";628;642\n').encode(encoding))
    extract = read_export(path, "e.csv", names, "2025")
    assert extract.problems == []
    assert set(extract.frame["nis"]) == {"46021"}
    assert any("Windows-1252" in w.message for w in extract.warnings) is warned


# --- XLSX layout, built like the real export -------------------------------------------------

def build_xlsx(path: Path, blocks: dict[str, list[int]], rows: dict[str, list[object]], date: object) -> Path:
    """Title, labels on the last column of each block, years, data, legend, Voetnoot, Datum export."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Test - gemeenten"])
    ws.append([""] + [label if i == len(years) - 1 else "" for label, years in blocks.items() for i in range(len(years))])
    ws.append([""] + [str(y) for years in blocks.values() for y in years])
    for name, values in rows.items():
        ws.append([name] + values)
    for extra in ([], ["Speciale waarden", "- Geen waarde"], ["", "x Verborgen waarde"], ["Bron", "VDAB"],
                  ["Voetnoot"], ["(1)", "Een voetnoot."], [], ["provincies.incijfers.be"], [], ["Datum export", date]):
        ws.append(extra)
    book.save(path)
    return path


def test_xlsx_layout(tmp_path, names):
    blocks = {"graad [%]": [2023, 2024], "WZW [aantal] (1)": [2023, 2024], "index [%]": [2023, 2024]}
    rows = {"Aalst": [0.072, 0.076, "1.234", 3817, 12.5, "0,9"], "Antwerpen": [0.135, "x", 28696, "33607", 0.5, 0.7]}
    path = build_xlsx(tmp_path / "w.xlsx", blocks, rows, "maandag 3 februari 2025")
    extract = read_export(path, "w.xlsx", names, "2025")
    assert [str(p) for p in extract.problems] == [
        "w.xlsx:4: punt waar een decimale komma verwacht wordt: '1.234' (WZW [aantal] (1)|2023) "
        "(exporteer opnieuw uit provincies.incijfers.be, of controleer of het bestand in Excel werd herbewaard)"]
    got = {(v, j, n): (c, r) for v, j, n, c, r in extract.frame.itertuples(index=False) if c == c}
    hidden = {(v, j, n) for v, j, n, c, r in extract.frame.itertuples(index=False) if c != c}
    assert hidden == {("graad [%]", 2024, "11002")}  # 'x': suppressed by the publisher, kept as geheim
    assert got == {("graad [%]", 2023, "41002"): (7.2, 4), ("graad [%]", 2024, "41002"): (7.6, 4),
                   ("graad [%]", 2023, "11002"): (13.5, 5),
                   ("WZW [aantal] (1)", 2024, "41002"): (3817.0, 4),
                   ("WZW [aantal] (1)", 2023, "11002"): (28696.0, 5), ("WZW [aantal] (1)", 2024, "11002"): (33607.0, 5),
                   ("index [%]", 2023, "41002"): (12.5, 4), ("index [%]", 2024, "41002"): (0.9, 4),
                   ("index [%]", 2023, "11002"): (0.5, 5), ("index [%]", 2024, "11002"): (0.7, 5)}
    assert [w.message for w in extract.warnings if "procenten" in w.message] == [
        "'graad [%]': cijfers stonden als fractie (bv. 0,141) en zijn omgezet naar procenten (14,1)"]
    assert extract.meta == {"titel": "Test - gemeenten", "datum_export": "2025-02-03"}


@pytest.mark.parametrize("date", [dt.datetime(2025, 2, 3), "maandag 3 februari 2025"])
def test_xlsx_year_gap_and_date(date, tmp_path, names):
    path = build_xlsx(tmp_path / "w.xlsx", {"aantal": [2014, 2015, 2017]}, {"Aalst": [1, 2, 3]}, date)
    extract = read_export(path, "w.xlsx", names, "2025")
    assert [str(p) for p in extract.problems] == [
        "w.xlsx:3: jaren ontbreken voor 'aantal': 2016 (gevonden 2014–2017) "
        "(exporteer opnieuw uit provincies.incijfers.be met alle jaren aangevinkt)"]
    assert extract.meta["datum_export"] == "2025-02-03"


# --- rate labels -----------------------------------------------------------------------------

RATE_CASES = [
    ("nieuwkomers", False),
    ("nieuwkomers niet-EU", False),
    ("nieuwkomers per 1.000 inwoners 18+ jaar", True),
    ("nieuwkomers niet-EU per 1.000 inwoners 18+ jaar niet-EU", True),
    ("leerlingen basisonderwijs die thuis geen Nederlands spreken (t.o.v. lln bo) - WP", True),
    ("leerlingen secundair onderwijs die thuis geen Nederlands spreken (t.o.v. lln so) - WP", True),
    ("0-24 jaar totaal niet-Belgische herkomst", False),
    ("0-24 jaar Maghreb herkomst (t.o.v. 0-24 jaar)", True),
    ("0-24 jaar Turkse herkomst (t.o.v. 0-24 jaar)", True),
    ("0-24 jaar Oost-Europese (niet-EU) herkomst (t.o.v. 0-24 jaar)", True),
    ("0-24 jaar andere Afrikaanse herkomst (t.o.v. 0-24 jaar)", True),
    *[(label, "[%]" in label) for label in XLSX_LABELS],  # [aantal] labels are counts, also the jaargemiddelde
    ("gemiddeld inkomen per inwoner", True),
    ("mediaan netto belastbaar inkomen", True),
    ("aandeel inwoners met een niet-Belgische herkomst", True),
    ("geboorten per 1000 vrouwen", True),
    ("werkzoekenden gemiddeld per maand [aantal]", False),  # the unit tag wins over a keyword
]


@pytest.mark.parametrize("label, rate", RATE_CASES)
def test_is_rate_label(label, rate):
    assert is_rate_label(label) is rate


@needs_realdata
def test_rate_table_covers_every_real_label(extracts):
    table = {label for label, _ in RATE_CASES}
    real = {label for e in extracts.values() for label in e.frame["variabele"].unique()}
    assert real <= table and len(real) == 7 + 4 + 21
