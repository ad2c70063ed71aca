"""Downloads for office software: the Excel-ready CSVs (``;``, decimal comma, BOM, CRLF, rounded),
the names of indicator, group and gemeente beside the codes (in the Excel-ready CSVs, liim-data.csv and
the JSON), the workbook's "Overzicht" sheet (the web table
of the gemeente page) with autofilters, rounding to the catalogue's decimals in the reports,
``liim-data.zip`` and ``liim-data-excel.zip`` (deterministic), ``datapackage.json`` (groups, only existing files) and the file
sizes on the downloads page.

A small hand-made edition (as in ``test_downloads_uncertainty.py``): D1 2025 for three gemeenten,
T1 2025 by origin with Aartselaar geheim.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from support import make_data_dir
from test_downloads_uncertainty import AARTSELAAR, ANTWERPEN, CHOSEN, MESEN  # noqa: F401 - the same edition
from test_downloads_uncertainty import ROWS as UNCERTAINTY_ROWS

from generator import pages, paths
from generator.downloads import fill_sizes, write_downloads
from generator.downloads.bundle import write_data_zip, write_excel_zip
from generator.downloads.columns import LABEL_COLUMNS
from generator.downloads.opendata import FIGURE_COLUMNS, excel_frame
from generator.downloads.sizes import size_text
from generator.downloads.xlsx import Book, book_bytes
from generator.formatting import round_half_up
from generator.model import EXPORT_COLUMNS, REFERENCE_COLUMNS, Monitor
from generator.monitor import load_inputs, make_monitor

# the small edition of test_downloads_uncertainty.py, with one earlier year for Antwerpen
ROWS = UNCERTAINTY_ROWS + "D1,2024,11002,totaal,520,1030,,\n"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def case(tmp_path_factory, divisions, catalogue) -> tuple[Monitor, Path]:
    folder = make_data_dir(tmp_path_factory.mktemp("office") / "data", divisions, catalogue, {"rows.csv": ROWS})
    monitor = make_monitor(load_inputs(folder, paths.SHARED_GEODATA))
    out = tmp_path_factory.mktemp("office-downloads")
    write_downloads(monitor, out, gemeenten=CHOSEN, workers=1)
    return monitor, out


def read_open(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"nis": str, "klein_aantal": str}, keep_default_na=False, na_values=[""])


def read_excel_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig", dtype={"nis": str, "klein_aantal": str},
                       keep_default_na=False, na_values=[""])


def excel_pairs(out: Path) -> list[tuple[Path, Path]]:
    return [(out / f"{name}.csv", out / f"{name}-excel.csv")
            for name in ("liim-data", "liim-vergelijking", "indicatoren/d1", "indicatoren/t1",
                         f"gemeenten/{MESEN}", f"gemeenten/{AARTSELAAR}")]


# ------------------------------------------------------------------------------ Excel-ready CSV


def test_excel_csv_bytes_bom_semicolon_crlf_decimal_comma(case):
    _, out = case
    for _, excel in excel_pairs(out):
        body = excel.read_bytes()
        assert body.startswith(BOM), excel
        text = body[len(BOM):].decode("utf-8")
        assert text.count("\n") == text.count("\r\n") > 1, excel
        assert ";" in text.split("\r\n")[0] and "," not in text.split("\r\n")[0], excel
    data = (out / "liim-data-excel.csv").read_bytes().decode("utf-8-sig")
    assert re.search(r";\d+,\d;", data) and not re.search(r";\d+\.\d+;", data)  # 11,2 — never 11.2


NAMES = {"indicator_naam", "groep_naam", "gemeente"}  # what an Excel-ready variant may add to its plain file


def test_excel_csv_reads_back_as_the_open_data_rounded(case):
    monitor, out = case
    decimals = {ind.code: ind.decimalen for ind in monitor.catalogue}
    slugs = {ind.slug: ind.code for ind in monitor.catalogue}
    for plain, excel in excel_pairs(out):
        expected, got = read_open(plain), read_excel_csv(excel)
        assert set(expected.columns) <= set(got.columns) and set(got.columns) - set(expected.columns) <= NAMES, excel
        assert [c for c in got.columns if c in expected.columns] == list(expected.columns), excel
        if plain.parent == out:  # liim-data.csv and liim-vergelijking.csv: the same columns
            assert list(got.columns) == list(expected.columns), excel
        assert len(got) == len(expected), excel
        codes = expected["indicator"] if "indicator" in expected else [slugs[plain.stem]] * len(expected)  # an indicator's file
        for column in expected.columns:
            if column in FIGURE_COLUMNS:
                rounded = [v if pd.isna(v) else round_half_up(v, decimals[code])
                           for v, code in zip(expected[column], codes)]
                assert got[column].tolist() == pytest.approx(rounded, nan_ok=True, abs=1e-9), (excel, column)
            elif expected[column].dtype.kind in "fi":
                assert got[column].tolist() == pytest.approx(expected[column].tolist(), nan_ok=True), (excel, column)
            else:
                assert got[column].fillna("").tolist() == expected[column].fillna("").tolist(), (excel, column)


def test_excel_csv_text_never_starts_a_formula():
    frame = pd.DataFrame({"indicator": ["D1", "D1"], "gemeente": ["=SUM(1;2)", "Gent"], "waarde": [1.25, 2.0]})
    out = excel_frame(frame, [])
    assert out["gemeente"].tolist() == ["'=SUM(1;2)", "Gent"]


def test_open_data_stays_unrounded(case):
    _, out = case
    frame = read_open(out / "liim-data.csv")
    mesen = frame[(frame.nis == MESEN) & (frame.indicator == "D1") & (frame.jaar == 2025)].iloc[0]
    assert mesen["ondergrens"] == pytest.approx(11.186, abs=1e-3) and round(mesen["ondergrens"], 1) != mesen["ondergrens"]
    assert b";" not in (out / "liim-data.csv").read_bytes()[:200] and not (out / "liim-data.csv").read_bytes().startswith(BOM)


# ------------------------------------------------------------------------------ names next to codes


def test_names_of_indicator_and_group_after_the_contract_columns(case):
    monitor, out = case
    frame = read_open(out / "liim-data.csv")
    assert tuple(frame.columns) == EXPORT_COLUMNS + LABEL_COLUMNS
    t1 = frame[(frame.nis == ANTWERPEN) & (frame.indicator == "T1")].set_index("groep")
    assert t1.loc["vreemd", "groep_naam"] == "Vreemde herkomst" and t1.loc["belgisch", "groep_naam"] == "Belgische herkomst"
    assert set(t1["indicator_naam"]) == {monitor.catalogue.get("T1").naam}
    refs = read_open(out / "liim-vergelijking.csv")
    assert tuple(refs.columns) == REFERENCE_COLUMNS + LABEL_COLUMNS
    assert "Vreemde herkomst" in set(refs["groep_naam"])


def beside(columns: list[str], code: str, name: str) -> bool:
    return columns.index(name) == columns.index(code) + 1


def test_names_beside_the_codes_in_the_excel_variants_only(case):
    monitor, out = case
    naam = monitor.catalogue.get("T1").naam
    indicator = read_excel_csv(out / "indicatoren" / "t1-excel.csv")
    columns = list(indicator.columns)
    assert beside(columns, "nis", "gemeente") and beside(columns, "groep", "groep_naam") and "indicator_naam" not in columns
    rows = indicator[indicator.nis == ANTWERPEN].set_index("groep")
    assert rows.loc["vreemd", "groep_naam"] == "Vreemde herkomst" and rows.loc["vreemd", "gemeente"] == "Antwerpen"
    gemeente = read_excel_csv(out / "gemeenten" / f"{ANTWERPEN}-excel.csv")
    columns = list(gemeente.columns)
    assert beside(columns, "indicator", "indicator_naam") and beside(columns, "groep", "groep_naam")
    assert set(gemeente.loc[gemeente.indicator == "T1", "indicator_naam"]) == {naam}
    for plain in (out / "indicatoren" / "t1.csv", out / "gemeenten" / f"{ANTWERPEN}.csv"):
        assert not NAMES & set(read_open(plain).columns), plain  # codes only: the names are in datapackage.json
    data = json.loads((out / "gemeenten" / f"{ANTWERPEN}.json").read_text(encoding="utf-8"))
    assert data["indicatoren"]["T1"] == naam and data["groepen"]["T1"]["vreemd"] == "Vreemde herkomst"
    assert data["gemeente"] == "Antwerpen" and data["cluster"] == monitor.gemeenten[ANTWERPEN].clusternaam


# ------------------------------------------------------------------------------ workbook


def web_headers(naam: str) -> list[str]:
    """The column headers of the gemeente page's table (templates/gemeente.md.j2)."""
    template = (paths.TEMPLATES / "gemeente.md.j2").read_text(encoding="utf-8")
    head = re.search(r'<table class="liim-tabel liim-gemeente-tabel".*?<thead>(.*?)</thead>', template, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", h).replace("{{ g.naam }}", naam)  # the text, without links
            for h in re.findall(r'<th scope="col">(.*?)</th>', head)]


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


def test_workbook_first_sheet_is_the_web_table(case):
    monitor, out = case
    wb = openpyxl.load_workbook(out / "gemeenten" / f"{MESEN}.xlsx")
    ws = wb.worksheets[0]
    assert ws.title == "Overzicht" and ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert is_subsequence(web_headers("Mesen"), header), (web_headers("Mesen"), header)
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}{ws.max_row}"
    rows = {r[1]: dict(zip(header, r)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == len(list(monitor.catalogue))
    d1 = rows[f"D1 {monitor.catalogue.get('D1').naam}"]
    assert d1["Jaar"] == 2025 and d1["Mesen"] == 25.0
    assert (d1["Ondergrens (95 %)"], d1["Bovengrens (95 %)"]) == (11.2, 46.9)
    assert d1["t.o.v. Vlaams Gewest"] == "geen duidelijk verschil met het Vlaams Gewest"
    assert re.fullmatch(r"\d+/\d+", d1["Rang in Vlaanderen"]) and "klein aantal" in d1["Opmerking"]
    assert ws.cell(row=list(rows).index(d1["Indicator"]) + 2, column=header.index("Mesen") + 1).number_format.endswith('" %"')
    assert any(v == "nog niet beschikbaar" for row in rows.values() for v in row.values())
    secret = openpyxl.load_workbook(out / "gemeenten" / f"{AARTSELAAR}.xlsx").worksheets[0]
    t1 = [r for r in secret.iter_rows(min_row=2, values_only=True) if str(r[1]).startswith("T1 ")][0]
    assert t1[3].startswith("geheim") and t1[4] is None and t1[5] is None


def test_every_workbook_sheet_has_autofilter_and_frozen_header(case):
    _, out = case
    wb = openpyxl.load_workbook(out / "gemeenten" / f"{ANTWERPEN}.xlsx")
    for ws in wb.worksheets:
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert ws.freeze_panes == "A2", ws.title


AWKWARD = ["=1+1", "+32 3 123 45 67", "@som", "-5", " spatie ", "_x0041_", "a<b>&c\"'", "tab\tna", "ctrl\x01x", "é ‰ €"]


def test_xlsx_writer_keeps_awkward_text_as_text_and_numbers_exact(tmp_path):
    book = Book()
    sheet = book.add_sheet("Blad 'één' & <x>", (10, 12))
    numbers = [0.1 + 0.2, 2011, 1e16, -0.5, 123456.789012, None, float("nan"), 7, 1 / 3, 2.675]
    for text, number in zip(AWKWARD, numbers):
        sheet.append([("t", text, 0), ("n", number, book.style("#,##0.0"))])
    sheet.filtered = True
    stamp = dt.datetime(2025, 12, 15)
    body = book_bytes(book, "Titel <&>", "LIIM", stamp)
    assert body == book_bytes(book, "Titel <&>", "LIIM", stamp)
    (tmp_path / "x.xlsx").write_bytes(body)
    wb = openpyxl.load_workbook(tmp_path / "x.xlsx")
    ws = wb.worksheets[0]
    assert ws.title == "Blad 'één' & <x>" and wb.properties.title == "Titel <&>" and wb.properties.created == stamp
    assert [c.value for c in ws["A"]] == [t.replace("\x01", "") for t in AWKWARD]
    assert all(c.data_type == "s" for c in ws["A"])  # text, never a formula
    assert [c.value for c in ws["B"]] == [None if n is None or n != n else n for n in numbers]  # exact doubles
    assert ws["B1"].number_format == "#,##0.0" and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B10"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist())


def test_workbook_figures_rounded_to_the_catalogue(case):
    monitor, out = case
    checked = 0
    for nis in CHOSEN:
        wb = openpyxl.load_workbook(out / "gemeenten" / f"{nis}.xlsx")
        for ws in wb.worksheets[1:-1]:  # themes and gaps (Overzicht is checked above, Definities is text)
            header = [c.value for c in ws[1]]
            figures = [i for i, h in enumerate(header) if h not in ("Jaar", "Teller", "Noemer")]
            for row in ws.iter_rows(min_row=2, values_only=True):
                decimals = monitor.catalogue.get(row[0]).decimalen
                for i in figures:
                    if isinstance(row[i], float):
                        assert row[i] == round_half_up(row[i], decimals), (ws.title, header[i], row[i])
                        checked += 1
    assert checked > 20


def test_pdf_figures_have_the_catalogue_decimals(case):
    monitor, out = case
    most = max(ind.decimalen for ind in monitor.catalogue)
    text = "\n".join(p.extract_text() for p in PdfReader(out / "gemeenten" / f"{ANTWERPEN}.pdf").pages)
    figures = text.split("Bijlage")[0]  # the catalogue's texts (definitions) follow
    fractions = re.findall(r"\d,(\d+)", figures)
    assert fractions and all(len(f) <= most for f in fractions)
    assert "50,0 % (46,9–53,1)" in re.sub(r"\s+", " ", text)


# ------------------------------------------------------------------------------ zip and datapackage


def test_zip_is_complete_and_byte_identical_across_writes(case, tmp_path):
    monitor, out = case
    first = (out / "liim-data.zip").read_bytes()
    copy = tmp_path / "again"
    copy.mkdir()
    for name in ("liim-data.csv", "liim-vergelijking.csv"):
        (copy / name).write_bytes((out / name).read_bytes())
    assert write_data_zip(monitor, copy).read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names == ["datapackage.json", "liim-data.schema.json", "liim-data.csv", "liim-vergelijking.csv"]
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        package = json.loads(archive.read("datapackage.json"))
        assert {r["path"] for r in package["resources"]} == set(names[1:])
        for item in package["resources"]:
            body = archive.read(item["path"])
            assert body == (out / item["path"]).read_bytes()
            assert item["hash"] == "sha256:" + hashlib.sha256(body).hexdigest()


def test_excel_zip_holds_the_excel_variants_and_is_byte_identical_across_writes(case, tmp_path):
    _, out = case
    first = (out / "liim-data-excel.zip").read_bytes()
    names = ["liim-data-excel.csv", "liim-vergelijking-excel.csv"]
    for name in names:
        (tmp_path / name).write_bytes((out / name).read_bytes())
    assert write_excel_zip(tmp_path).read_bytes() == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == names
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert all(archive.read(name) == (out / name).read_bytes() for name in names)


def test_datapackage_lists_existing_files_only_and_every_file(case):
    monitor, out = case
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in package["resources"]}
    assert all((out / path).is_file() for path in listed), [p for p in listed if not (out / p).is_file()]
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name != "datapackage.json"}
    assert set(listed) == present
    excel = listed["liim-data-excel.csv"]
    assert excel["dialect"]["delimiter"] == ";" and excel["encoding"] == "utf-8-sig"
    assert listed["liim-data.zip"]["mediatype"] == "application/zip"
    groups = {i["code"]: {g["code"]: g["naam"] for g in i["groepen"]} for i in package["indicatoren"]}
    assert groups["T1"]["vreemd"] == "Vreemde herkomst" and set(groups) == {i.code for i in monitor.catalogue}
    fields = [f["name"] for f in listed["liim-data.csv"]["schema"]["fields"]]
    assert fields == list(EXPORT_COLUMNS + LABEL_COLUMNS)


# ------------------------------------------------------------------------------ sizes on the downloads page


def test_size_text_is_dutch():
    assert size_text(33_100_000) == "33,1\u202fMB"
    assert size_text(97_049) == "97\u202fkB" and size_text(120) == "1\u202fkB"


def test_downloads_page_gets_every_size(case, tmp_path):
    monitor, out = case
    chosen = [monitor.gemeenten[nis] for nis in CHOSEN]
    page = pages.render("downloads-lijst.md.j2", tmp_path / "lijst.md", catalogue=monitor.catalogue, gemeenten=chosen)
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a class="liim-bestand" href="([^"]+)">', html)  # underlined file links
    files = [link for link in links if not link.startswith("../")]
    assert all(f'data-grootte="{f}"' in html for f in files)
    (out / "index.html").write_text(html, encoding="utf-8")
    try:
        available = [f for f in files if (out / f).is_file()]
        assert fill_sizes(out) == len(available) and len(available) > 20
        filled = (out / "index.html").read_text(encoding="utf-8")
        assert f'<small>({size_text((out / "liim-data.zip").stat().st_size)})</small>' in filled
        assert not any(f'data-grootte="{f}"' in filled for f in available)
    finally:
        (out / "index.html").unlink()


def test_fill_sizes_ignores_paths_outside_the_folder(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"x" * 2500)
    (tmp_path / "index.html").write_text('<small data-grootte="a.csv"></small><small data-grootte="../x"></small>',
                                         encoding="utf-8")
    assert fill_sizes(tmp_path) == 1
    assert (tmp_path / "index.html").read_text(encoding="utf-8").startswith("<small>(3\u202fkB)</small>")

