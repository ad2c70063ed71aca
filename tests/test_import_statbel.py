"""The Statbel readers (``generator.importers.statbel``) on the real files and on broken ones.

Expected values are computed here independently of the readers: with the ``csv`` module on
the real files, or by hand from lines looked up with ``grep -n`` in the originals.
"""
from __future__ import annotations

import csv
import io
import time
import zipfile
from functools import cache
from pathlib import Path

import pytest

from generator import paths
from generator.importers import statbel
from generator.importers.extract import EXTRACT_COLUMNS, Extract

REALDATA = getattr(paths, "SHARED_REALDATA", Path(__file__).resolve().parents[2] / "shared" / "realdata")
STATBEL = REALDATA / "statbel"
STRUCTURE_ZIP = "TF_SOC_POP_STRUCT_2015.zip"

# key -> (reader name in READERS, file, separator)
FILES = {
    "structuur": ("statbel-bevolkingsstructuur", STRUCTURE_ZIP, "|"),
    "nationaliteit": ("statbel-nationaliteit", "bevolking-nationaliteit-2009-2025.csv", ","),
    "herkomst": ("statbel-herkomst", "bevolking-herkomst-2000-2025.csv", ","),
    "fiscaal": ("statbel-fiscale-inkomens", "TF_PSNL_INC_TAX_MUNTY_2005_2013.txt", "|"),
    "samenvatting": ("statbel-fiscale-inkomens-samenvatting", "fiscale-inkomens-2023-mediaan.csv", ","),
}
ORIGIN_GROUPS = ["belgian_bg", "neighbouring", "eu27", "non_eu27"]
SUMMARY_VARIABLES = ["declarations", "avg_income_per_declaration", "median_income_per_declaration",
                     "residents", "total_income_from_avg"]
TAX_VARIABLES = ["MS_NBR_NON_ZERO_INC", "MS_NBR_ZERO_INC", "MS_TOT_NET_TAXABLE_INC", "MS_TOT_RESIDENTS"]

needs_realdata = pytest.mark.skipif(not STATBEL.is_dir(), reason=f"{STATBEL} ontbreekt")


# --- independent helpers ------------------------------------------------------------------

def flemish(nis: str) -> bool:
    """A Flemish gemeente code, by the README's rule (1xxxx, 23/24xxx, 3xxxx, 4xxxx, 7xxxx)."""
    return (len(nis) == 5 and nis.isdigit() and not nis.endswith("000")
            and (nis[0] in "1347" or nis[:2] in ("23", "24")))


def gemeenten_in(year: int) -> int:
    """Number of Flemish gemeenten in ``year``'s division (README)."""
    return 308 if year <= 2018 else 300 if year <= 2024 else 285


def raw_nis(row: dict[str, str]) -> str:
    """The NIS code of a raw row, whatever the file calls its column."""
    return row.get("CD_REFNIS") or row.get("CD_MUNTY_REFNIS") or row["nis"]


def raw_year(row: dict[str, str]) -> str:
    """The year of a raw row."""
    return row.get("CD_YEAR") or row["year"]


@cache
def raw_rows(key: str) -> tuple[tuple[int, dict[str, str]], ...]:
    """(line, row) of every data row of a real csv/txt file, read with the csv module."""
    _, name, sep = FILES[key]
    with open(STATBEL / name, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter=sep)
        return tuple((reader.line_num, row) for row in reader)


def raw_row(key: str, year: int, nis: str) -> tuple[int, dict[str, str]]:
    """The one raw (line, row) of gemeente ``nis`` in ``year``."""
    found = [(line, row) for line, row in raw_rows(key) if raw_year(row) == str(year) and raw_nis(row) == nis]
    assert len(found) == 1, found
    return found[0]


@cache
def structure_sums() -> dict[tuple[str, str], tuple[int, int]]:
    """(nis, BEL|ETR) -> (persons, first line) summed by hand from the 2015 zip."""
    sums: dict[tuple[str, str], tuple[int, int]] = {}
    with zipfile.ZipFile(STATBEL / STRUCTURE_ZIP) as archive, archive.open(archive.namelist()[0]) as raw:
        lines = io.TextIOWrapper(raw, encoding="utf-8")
        header = next(lines).rstrip("\n").split("|")
        i_nis, i_nat, i_pop = (header.index(c) for c in ("CD_MUNTY_REFNIS", "CD_NATLTY", "MS_POPULATION"))
        for number, line in enumerate(lines, start=2):
            fields = line.rstrip("\n").split("|")
            if flemish(fields[i_nis]):
                persons, first = sums.get((fields[i_nis], fields[i_nat]), (0, number))
                sums[(fields[i_nis], fields[i_nat])] = (persons + int(fields[i_pop]), first)
    return sums


@cache
def real_extract(key: str) -> Extract:
    """The reader's extract of a real file (read once per test session)."""
    reader, name, _ = FILES[key]
    return statbel.READERS[reader](STATBEL / name, f"realdata/statbel/{name}")


def figures(extract: Extract) -> dict[tuple[str, int, str], tuple[float, int]]:
    """(variabele, jaar, nis) -> (cijfer, regel)."""
    frame = extract.frame
    return {(v, int(j), n): (float(c), int(r)) for v, j, n, c, r in
            zip(frame["variabele"], frame["jaar"], frame["nis"], frame["cijfer"], frame["regel"])}


def where(problems: list) -> list[str]:
    """``path:line`` of every problem, as the user sees it."""
    return [f"{p.path}:{p.line}" for p in problems]


# --- the real files -----------------------------------------------------------------------

@needs_realdata
@pytest.mark.parametrize("key", list(FILES))
def test_real_file_reads_cleanly(key: str) -> None:
    extract = real_extract(key)
    assert extract.problems == [] and extract.warnings == []
    assert tuple(extract.frame.columns) == EXTRACT_COLUMNS
    assert all(flemish(nis) for nis in extract.frame["nis"].unique())
    assert extract.frame["jaar"].dtype == "int64" and extract.frame["regel"].dtype == "int64"
    assert extract.frame["cijfer"].dtype == float and extract.frame["cijfer"].notna().all()
    assert not extract.frame.duplicated(["variabele", "jaar", "nis"]).any()


@needs_realdata
@pytest.mark.parametrize("key, variables, years", [
    ("structuur", ["BEL", "ETR", "total"], [2015]),
    ("nationaliteit", ["BEL", "ETR", "total"], list(range(2009, 2026))),
    ("herkomst", [*ORIGIN_GROUPS, "total"], list(range(2000, 2026))),
    ("fiscaal", TAX_VARIABLES, list(range(2005, 2014))),
    ("samenvatting", SUMMARY_VARIABLES, [2023]),
])
def test_rows_per_year(key: str, variables: list[str], years: list[int]) -> None:
    frame = real_extract(key).frame
    assert sorted(frame["variabele"].unique()) == sorted(variables)
    assert sorted(frame["jaar"].unique()) == years
    counts = frame.groupby(["variabele", "jaar"]).size()
    for variable in variables:
        for year in years:
            assert counts[(variable, year)] == gemeenten_in(year), (variable, year)


@needs_realdata
@pytest.mark.parametrize("key, variable, year", [
    ("nationaliteit", "ETR", 2009), ("nationaliteit", "total", 2009),
    ("nationaliteit", "ETR", 2018), ("nationaliteit", "total", 2019),
    ("nationaliteit", "ETR", 2025), ("nationaliteit", "total", 2025),
    ("herkomst", "non_eu27", 2000), ("herkomst", "total", 2012), ("herkomst", "total", 2025),
    ("fiscaal", "MS_TOT_NET_TAXABLE_INC", 2005), ("fiscaal", "MS_TOT_RESIDENTS", 2013),
    ("samenvatting", "declarations", 2023),
])
def test_flemish_sum(key: str, variable: str, year: int) -> None:
    expected = sum(float(row[variable]) for _, row in raw_rows(key)
                   if raw_year(row) == str(year) and flemish(raw_nis(row)))
    frame = real_extract(key).frame
    got = frame[(frame["variabele"] == variable) & (frame["jaar"] == year)]["cijfer"].sum()
    assert got == pytest.approx(expected, rel=1e-12)


@pytest.mark.slow
@needs_realdata
@pytest.mark.parametrize("variable", ["BEL", "ETR", "total"])
def test_structure_flemish_sum(variable: str) -> None:
    sums = structure_sums()
    codes = ["BEL", "ETR"] if variable == "total" else [variable]
    expected = sum(persons for (_, code), (persons, _) in sums.items() if code in codes)
    frame = real_extract("structuur").frame
    assert frame[frame["variabele"] == variable]["cijfer"].sum() == expected


@needs_realdata
@pytest.mark.parametrize("key, year, variables", [
    ("nationaliteit", 2009, ["BEL", "ETR", "total"]),
    ("nationaliteit", 2025, ["BEL", "ETR", "total"]),
    ("herkomst", 2000, [*ORIGIN_GROUPS, "total"]),
    ("herkomst", 2025, [*ORIGIN_GROUPS, "total"]),
    ("fiscaal", 2013, TAX_VARIABLES),
    ("samenvatting", 2023, SUMMARY_VARIABLES[:4]),
])
def test_antwerpen_against_raw_line(key: str, year: int, variables: list[str]) -> None:
    line, row = raw_row(key, year, "11002")
    got = figures(real_extract(key))
    for variable in variables:
        assert got[(variable, year, "11002")] == (float(row[variable]), line)


@pytest.mark.slow
@needs_realdata
def test_antwerpen_structure_against_hand_sum() -> None:
    got = figures(real_extract("structuur"))
    (bel, bel_line), (etr, etr_line) = structure_sums()[("11002", "BEL")], structure_sums()[("11002", "ETR")]
    assert got[("BEL", 2015, "11002")] == (bel, bel_line)
    assert got[("ETR", 2015, "11002")] == (etr, etr_line)
    assert got[("total", 2015, "11002")] == (bel + etr, min(bel_line, etr_line))


# Looked up by hand with `grep -n` in the originals (line numbers count the header as 1).
@needs_realdata
@pytest.mark.parametrize("key, variable, year, nis, value, line", [
    ("nationaliteit", "ETR", 2009, "11002", 74812, 3),
    ("nationaliteit", "total", 2025, "11002", 562002, 9379),
    ("herkomst", "total", 2020, "44021", 263927, 12048),
    ("herkomst", "non_eu27", 2025, "11002", 236816, 14680),
    ("fiscaal", "MS_NBR_NON_ZERO_INC", 2005, "11002", 265752, 11),
    ("fiscaal", "MS_NBR_ZERO_INC", 2005, "11002", 21131, 11),
    ("fiscaal", "MS_NBR_NON_ZERO_INC", 2013, "71022", 45418, 4231),
    ("samenvatting", "median_income_per_declaration", 2023, "44021", 29665.24, 277),
    ("samenvatting", "total_income_from_avg", 2023, "11002", 35363 * 313807, 4),
    # the 2015 nationality table (README: equal to the structure table) gives the figures;
    # grep -n '^11002|' and '^11002|.*|ETR|' in the zip's .txt give the first lines
    ("structuur", "BEL", 2015, "11002", 410418, 13231),
    ("structuur", "ETR", 2015, "11002", 103152, 381897),
    ("structuur", "total", 2015, "11002", 513570, 13231),
])
def test_known_row(key: str, variable: str, year: int, nis: str, value: float, line: int) -> None:
    assert figures(real_extract(key))[(variable, year, nis)] == (pytest.approx(value), line)


@pytest.mark.slow
@needs_realdata
def test_structure_2015_equals_nationality_table() -> None:
    def of_2015(extract: Extract) -> dict[tuple[str, str], float]:
        return {(v, n): c for (v, j, n), (c, _) in figures(extract).items() if j == 2015}
    structure = of_2015(real_extract("structuur"))
    assert len(structure) == 3 * 308
    assert structure == of_2015(real_extract("nationaliteit"))


@needs_realdata
def test_summary_total_is_average_times_declarations() -> None:
    got = figures(real_extract("samenvatting"))
    checked = 0
    for line, row in raw_rows("samenvatting"):
        if flemish(row["nis"]):
            expected = int(row["avg_income_per_declaration"]) * int(row["declarations"])
            assert got[("total_income_from_avg", 2023, row["nis"])] == (expected, line)
            checked += 1
    assert checked == 300
    assert not any(nis in ("01000", "1000") for _, _, nis in got)


@pytest.mark.slow
@needs_realdata
def test_structure_zip_reads_within_budget() -> None:
    """Reading the 102 MB structure table takes < 3 s (measured twice if the machine is busy)."""
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        extract = statbel.read_population_structure(STATBEL / STRUCTURE_ZIP, STRUCTURE_ZIP)
        timings.append(time.perf_counter() - start)
        assert len(extract.frame) == 3 * 308
        if timings[-1] < 3.0:
            break
    print(f"\n{STRUCTURE_ZIP}: " + ", ".join(f"{t:.2f} s" for t in timings))
    assert min(timings) < 3.0


def test_readers_table() -> None:
    assert statbel.READERS == {
        "statbel-bevolkingsstructuur": statbel.read_population_structure,
        "statbel-nationaliteit": statbel.read_population_by_nationality,
        "statbel-herkomst": statbel.read_population_by_origin,
        "statbel-fiscale-inkomens": statbel.read_income_tax,
        "statbel-fiscale-inkomens-samenvatting": statbel.read_income_summary,
    }


# --- small hand-written files -------------------------------------------------------------

STRUCT_2015 = ("CD_MUNTY_REFNIS|TX_MUNTY_DESCR_NL|TX_MUNTY_DESCR_FR|CD_DSTR_REFNIS|TX_ADM_DSTR_DESCR_NL|"
               "TX_ADM_DSTR_DESCR_FR|CD_PROV_REFNIS|TX_PROV_DESCR_NL|TX_PROV_DESCR_FR|CD_RGN_REFNIS|"
               "TX_RGN_DESCR_NL|TX_RGN_DESCR_FR|CD_SEX|CD_NATLTY|TX_NATLTY_FR|TX_NATLTY_NL|CD_CIV_STS|"
               "TX_CIV_STS_FR|TX_CIV_STS_NL|CD_AGE|MS_POPULATION|CD_YEAR")
STRUCT_NEW = STRUCT_2015.replace("CD_MUNTY_REFNIS|TX_MUNTY_DESCR_NL|TX_MUNTY_DESCR_FR",
                                 "CD_REFNIS|TX_DESCR_NL|TX_DESCR_FR")
NAT = "CD_YEAR,CD_REFNIS,TX_DESCR_NL,TX_DESCR_FR,TX_PROV_DESCR_NL,TX_RGN_DESCR_NL,BEL,ETR,total"
ORIGIN = ("CD_YEAR,CD_REFNIS,TX_DESCR_NL,TX_PROV_DESCR_NL,TX_RGN_DESCR_NL,"
          "belgian_bg,neighbouring,eu27,non_eu27,total")
TAX = ("CD_YEAR|CD_MUNTY_REFNIS|MS_NBR_NON_ZERO_INC|MS_NBR_ZERO_INC|MS_TOT_NET_TAXABLE_INC|MS_TOT_RESIDENTS|"
       "TX_MUNTY_DESCR_NL")
SUMMARY = ("nis,name_nl,name_fr,year,declarations,avg_income_per_declaration,"
           "median_income_per_declaration,residents")


def struct(nis: str, sex: str, nat: str, civ: str, age: str, persons: str, year: str = "2024") -> str:
    """One line of the population structure table."""
    return (f"{nis}|Naam|Nom|11000|Arr|Arr|10000|Prov|Prov|2000|Gewest|Région|{sex}|{nat}|x|x|{civ}|x|x|"
            f"{age}|{persons}|{year}")


def nat(year: str = "2020", nis: str = "11002", bel: str = "10", etr: str = "2", total: str = "12") -> str:
    """One line of the nationality table."""
    return f"{year},{nis},Antwerpen,Anvers,Provincie Antwerpen,Vlaams Gewest,{bel},{etr},{total}"


def origin(groups: str = "70,10,5,15", total: str = "100", nis: str = "44021") -> str:
    """One line of the origin table."""
    return f"2020,{nis},Gent,Provincie Oost-Vlaanderen,Vlaams Gewest,{groups},{total}"


def write(tmp_path: Path, name: str, *lines: str, newline: str = "\n") -> Path:
    """A small file of ``lines`` (a trailing newline, as Statbel writes it)."""
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode("utf-8"))
    return path


def write_zip(tmp_path: Path, name: str, member: str, *lines: str) -> Path:
    """A zip holding one text member of ``lines``."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, "\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize("as_zip", [True, False], ids=["zip", "txt"])
def test_structure_new_column_vintage(tmp_path: Path, as_zip: bool) -> None:
    lines = [STRUCT_NEW,
             struct("11002", "M", "BEL", "10", "30", "5"),    # 2
             struct("62063", "F", "BEL", "10", "30", "99"),   # 3 Liège: dropped
             struct("11002", "F", "ETR", "20", "40", "3"),    # 4
             struct("11002", "F", "BEL", "20", "41", "7"),    # 5
             struct("11001", "M", "BEL", "10", "50", "4"),    # 6 Aartselaar: no ETR line
             struct("21004", "M", "ETR", "10", "50", "8")]    # 7 Brussel: dropped
    path = (write_zip(tmp_path, "TF_SOC_POP_STRUCT_2024.zip", "TF_SOC_POP_STRUCT_2024.txt", *lines)
            if as_zip else write(tmp_path, "TF_SOC_POP_STRUCT_2024.txt", *lines))
    extract = statbel.read_population_structure(path, path.name)
    assert extract.problems == []
    assert extract.meta["nis_kolom"] == "CD_REFNIS"
    assert figures(extract) == {
        ("BEL", 2024, "11002"): (12.0, 2), ("ETR", 2024, "11002"): (3.0, 4), ("total", 2024, "11002"): (15.0, 2),
        ("BEL", 2024, "11001"): (4.0, 6), ("ETR", 2024, "11001"): (0.0, 6), ("total", 2024, "11001"): (4.0, 6),
    }


def test_income_tax_new_column_vintage(tmp_path: Path) -> None:
    path = write(tmp_path, "TF_PSNL_INC_TAX_MUNTY_2022.txt", TAX.replace("CD_MUNTY_REFNIS", "CD_REFNIS"),
                 "2022|11002|300000|4000|9500000000.5|540000|Antwerpen",
                 "2022|1000|6000000|300000|250000000000|11000000|België")
    extract = statbel.read_income_tax(path, path.name)
    assert extract.problems == []
    assert figures(extract) == {("MS_NBR_NON_ZERO_INC", 2022, "11002"): (300000.0, 2),
                                ("MS_NBR_ZERO_INC", 2022, "11002"): (4000.0, 2),
                                ("MS_TOT_NET_TAXABLE_INC", 2022, "11002"): (9500000000.5, 2),
                                ("MS_TOT_RESIDENTS", 2022, "11002"): (540000.0, 2)}


def test_only_flemish_gemeenten_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "nat.csv", NAT, nat(nis="1000"), nat(nis="10000"), nat(nis="11000"),
                 nat(nis="21004"), nat(nis="62063"), nat(nis="23002"), nat(nis="24062"), nat(nis="71022"),
                 nat(nis="2000"))
    extract = statbel.read_population_by_nationality(path, "nat.csv")
    assert extract.problems == []
    assert sorted(extract.frame["nis"].unique()) == ["23002", "24062", "71022"]
    assert sorted(extract.frame["regel"].unique()) == [7, 8, 9]


def test_blank_lines_and_crlf_keep_line_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, "nat.csv", NAT, nat(nis="11001"), "", nat(nis="11002", etr="x"), "",
                 nat(nis="11004"), newline="\r\n")
    extract = statbel.read_population_by_nationality(path, "nat.csv")
    assert where(extract.problems) == ["nat.csv:4"]
    assert figures(extract)[("total", 2020, "11004")] == (12.0, 6)


SHOWN = "bronnen/statbel/bestand"

# id -> (reader, file name, lines, [(line, text in the message)])
ERRORS = {
    "kolom-ontbreekt": (statbel.read_population_by_nationality, "nat.csv",
                        [NAT.replace(",ETR", ""), "2020,11002,A,A,P,V,10,12"],
                        [(1, "kolom(men) ontbreken: ETR; gevonden: CD_YEAR, CD_REFNIS, TX_DESCR_NL, "
                             "TX_DESCR_FR, TX_PROV_DESCR_NL, TX_RGN_DESCR_NL, BEL, total")]),
    "nis-kolom-ontbreekt": (statbel.read_population_structure, "struct.txt",
                            [STRUCT_2015.replace("CD_MUNTY_REFNIS", "CD_GEMEENTE"),
                             struct("11002", "M", "BEL", "10", "30", "5")],
                            [(1, "kolom(men) ontbreken: CD_REFNIS of CD_MUNTY_REFNIS; gevonden: CD_GEMEENTE")]),
    "puntkomma-in-kommabestand": (statbel.read_population_by_nationality, "nat.csv",
                                  [NAT.replace(",", ";"), nat().replace(",", ";")],
                                  [(1, "de kopregel is gescheiden door een puntkomma (;), een komma (,) verwacht")]),
    "komma-in-pipebestand": (statbel.read_income_tax, "tax.txt",
                             [TAX.replace("|", ","), "2010,11002,1,0,2,3,Antwerpen"],
                             [(1, "gescheiden door een komma (,), een verticale streep (|) verwacht")]),
    "geen-getal": (statbel.read_population_by_nationality, "nat.csv",
                   [NAT, nat(nis="11001"), nat(etr="abc")],
                   [(3, "kolom ETR: 'abc' is geen getal")]),
    "decimaalkomma-pipe": (statbel.read_income_tax, "tax.txt",
                           [TAX, "2010|11002|100|5|12,5|300|Antwerpen"],
                           [(2, "kolom MS_TOT_NET_TAXABLE_INC: '12,5' heeft een decimaalkomma")]),
    "decimaalkomma-tussen-aanhalingstekens": (
        statbel.read_income_summary, "sam.csv",
        [SUMMARY, "11001,Aartselaar,Aartselaar,2023,8641,49361,36933.09,14890",
         '11002,Antwerpen,Anvers,2023,313807,35363,"27469,02",544759'],
        [(3, "kolom median_income_per_declaration: '27469,02' heeft een decimaalkomma")]),
    "decimaalkomma-zonder-aanhalingstekens": (statbel.read_population_by_nationality, "nat.csv",
                                              [NAT, nat(etr="2,5")],
                                              [(2, "de regel heeft 10 velden, 9 verwacht")]),
    "negatief-aantal": (statbel.read_population_by_origin, "her.csv",
                        [ORIGIN, origin(nis="44001"), origin("70,10,-5,25")],
                        [(3, "kolom eu27: negatief aantal '-5'")]),
    "geen-geheel-aantal": (statbel.read_population_by_nationality, "nat.csv",
                           [NAT, nat(bel="10.5", total="12")],
                           [(2, "kolom BEL: aantal '10.5' is geen geheel getal")]),
    "jaar-2-cijfers": (statbel.read_population_by_nationality, "nat.csv",
                       [NAT, nat(year="20")], [(2, "jaar '20' (kolom CD_YEAR) is geen jaartal van 4 cijfers")]),
    "jaar-5-cijfers": (statbel.read_income_tax, "tax.txt",
                       [TAX, "2010|11002|1|0|2|3|A", "20101|11001|1|0|2|3|A"],
                       [(3, "jaar '20101'")]),
    "nis-met-letter": (statbel.read_population_by_nationality, "nat.csv",
                       [NAT, nat(nis="11O02")], [(2, "NIS-code '11O02' (kolom CD_REFNIS) is ongeldig")]),
    "nis-te-lang": (statbel.read_income_summary, "sam.csv",
                    [SUMMARY, "110020,Antwerpen,Anvers,2023,313807,35363,27469.02,544759"],
                    [(2, "NIS-code '110020'")]),
    "dubbele-regel": (statbel.read_population_by_nationality, "nat.csv",
                      [NAT, nat(), nat(nis="11001"), nat()],
                      [(4, "dubbele regel: gemeente 11002, jaar 2020, staat al op regel 2")]),
    "dubbele-regel-pipe": (statbel.read_income_tax, "tax.txt",
                           [TAX, "2010|11002|1|0|2|3|A", "2010|11001|1|0|2|3|A", "2011|11002|1|0|2|3|A",
                            "2010|11002|1|0|2|3|A"],
                           [(5, "staat al op regel 2")]),
    "herkomst-telt-niet-op": (statbel.read_population_by_origin, "her.csv",
                              [ORIGIN, origin(nis="44001"), origin(total="101")],
                              [(3, "belgian_bg + neighbouring + eu27 + non_eu27 = 100, maar total = 101")]),
    "nationaliteitscode": (statbel.read_population_structure, "struct.txt",
                           [STRUCT_2015, struct("11002", "M", "BEL", "10", "30", "5"),
                            struct("11002", "M", "XYZ", "10", "31", "5")],
                           [(3, "kolom CD_NATLTY: 'XYZ' is geen nationaliteitscode")]),
    "dubbele-detailregel": (statbel.read_population_structure, "struct.txt",
                            [STRUCT_2015, struct("11002", "M", "BEL", "10", "30", "5"),
                             struct("11002", "F", "BEL", "10", "30", "5"),
                             struct("11002", "M", "BEL", "10", "30", "6")],
                            [(4, "dubbele regel: hetzelfde geslacht, dezelfde nationaliteit")]),
    "leeg-cijfer-in-som": (statbel.read_population_structure, "struct.txt",
                           [STRUCT_2015, struct("11002", "M", "BEL", "10", "30", "")],
                           [(2, "kolom MS_POPULATION: 1 lege cel(len)")]),
    "te-weinig-velden-pipe": (statbel.read_income_tax, "tax.txt",
                              [TAX, "2010|11002|1|0|2|3"],
                              [(2, "de regel heeft 6 velden, 7 verwacht")]),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_error_is_reported_at_its_line(tmp_path: Path, case: str) -> None:
    reader, name, lines, expected = ERRORS[case]
    extract = reader(write(tmp_path, name, *lines), SHOWN)
    assert where(extract.problems) == [f"{SHOWN}:{line}" for line, _ in expected]
    for problem, (_, text) in zip(extract.problems, expected):
        assert text in problem.message
        assert problem.fix, "every problem says what to do"
    if expected[0][0] == 1:
        assert extract.frame.empty


def test_changed_header_names_the_description(tmp_path: Path) -> None:
    extract = statbel.read_population_by_origin(write(tmp_path, "her.csv", ORIGIN.replace(",eu27,", ",")), SHOWN)
    assert [p.fix for p in extract.problems] == [
        "is het bestand van een andere versie van de Statbel-tabel? "
        "vergelijk met de beschrijving in docs/onderhoud.md"]


def test_all_problems_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "nat.csv", NAT,
                 nat(nis="11001", etr="abc"),       # 2 not a number
                 nat(nis="11002", bel="-1", total="1"),  # 3 negative count
                 nat(nis="11004"),                  # 4 fine
                 nat(year="15", nis="11005"))       # 5 bad year
    extract = statbel.read_population_by_nationality(path, SHOWN)
    assert where(extract.problems) == [f"{SHOWN}:2", f"{SHOWN}:3", f"{SHOWN}:5"]
    assert ["geen getal" in extract.problems[0].message, "negatief" in extract.problems[1].message,
            "jaartal" in extract.problems[2].message] == [True, True, True]
    assert figures(extract)[("total", 2020, "11004")] == (12.0, 4)


@pytest.mark.parametrize("make, text", [
    (lambda tmp: tmp / "bestaat-niet.zip", "kan het bestand niet lezen"),
    (lambda tmp: write_zip(tmp, "leeg.zip", "leesmij.pdf", "x"), "0 .txt/.csv-bestanden"),
    (lambda tmp: write(tmp, "leeg.txt", ""), "leeg"),
], ids=["ontbreekt", "zip-zonder-txt", "leeg-bestand"])
def test_unreadable_file_gives_one_problem_at_line_0(tmp_path: Path, make, text: str) -> None:
    extract = statbel.read_population_structure(make(tmp_path), SHOWN)
    assert [(p.path, p.line) for p in extract.problems] == [(SHOWN, 0)]
    assert text in extract.problems[0].message
    assert extract.frame.empty and tuple(extract.frame.columns) == EXTRACT_COLUMNS


def test_empty_cell_is_a_warning_without_figure(tmp_path: Path) -> None:
    path = write(tmp_path, "nat.csv", NAT, nat(nis="11001"), nat(nis="11002", etr="", total="10"))
    extract = statbel.read_population_by_nationality(path, SHOWN)
    assert extract.problems == []
    assert where(extract.warnings) == [f"{SHOWN}:3"] and "ETR" in extract.warnings[0].message
    got = figures(extract)
    assert ("ETR", 2020, "11002") not in got and got[("BEL", 2020, "11002")] == (10.0, 3)


def test_file_without_flemish_gemeenten_warns(tmp_path: Path) -> None:
    path = write(tmp_path, "nat.csv", NAT, nat(nis="62063"), nat(nis="21004"))
    extract = statbel.read_population_by_nationality(path, SHOWN)
    assert extract.problems == [] and extract.frame.empty
    assert [(p.line, p.message) for p in extract.warnings] == [(0, "geen enkele Vlaamse gemeente in het bestand")]
