"""Downloads: cijferrapport (PDF), werkmap (XLSX), CSV/JSON, indicator maps, datapackage, zips.

One full build (all 285 gemeenten) per session from generated demo data; smaller
builds (a few gemeenten) for the geheim case, hostile names (both on the demo data of two
indicators) and determinism.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pandas as pd
import pytest
from downloadfiles import (
    csv_rows,
    gemeente_csv_records,
    indicator_csv_records,
    json_records,
    schema_problems,
    values,
)
from pypdf import PdfReader
from sitebuild import built_site, harmonised_rows

from generator import paths
from generator.downloads import write_downloads
from generator.downloads.bundle import ZIP_THRESHOLD
from generator.downloads.columns import LABEL_COLUMNS
from generator.formatting import format_figure, round_half_up
from generator.model import EXPORT_COLUMNS, STATUS_OK, STATUS_PROVISIONAL, Monitor
from generator.monitor import load_inputs, make_monitor

pytestmark = pytest.mark.site  # reads the downloads of the built demo site

HOSTILE = "<script>alert(1)</script> =1+1 #set"
FORMULA_NAME = "=SUM(1;2) *x* $y$"
SAMPLED = ("D1", "I2", "W1")  # a percentage, a count, a euro value
MAX_PDF_BYTES = 300 * 1024


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The demo data the site was built from (``make site``)."""
    built_site()
    return paths.DEMO_DATA_DIR


@pytest.fixture(scope="session")
def monitor(demo_dir) -> Monitor:
    return make_monitor(load_inputs(demo_dir))


@pytest.fixture(scope="session")
def downloads(monitor) -> Path:
    """The downloads of the built demo site (``make site``), read back as a user gets them."""
    return built_site() / "downloads"


# The cases that write downloads anew (a geheim figure, hostile names) need no 34 indicators: the demo
# data of a share (D1, also the inhabitants) and the count made geheim (I2) prove the same, in every kind
# of download, without reading, harmonising and exporting the whole demo again (about 20 s each).
FEW = ("D1", "I2")


@pytest.fixture(scope="session")
def few_indicators_dir(demo_dir, tmp_path_factory) -> Path:
    """The demo data of the indicators FEW only (their files, the clusters, an edition of FEW)."""
    folder = tmp_path_factory.mktemp("demo-few")
    shutil.copyfile(demo_dir / "clusters.csv", folder / "clusters.csv")
    (folder / "waarden").mkdir()
    for code in FEW:
        shutil.copyfile(demo_dir / "waarden" / f"{code.lower()}.csv", folder / "waarden" / f"{code.lower()}.csv")
    edition = (demo_dir / "editie.yml").read_text(encoding="utf-8")
    listed = re.compile(r"^indicatoren:\n(?:- \S+\n)+", flags=re.MULTILINE)
    assert listed.search(edition), edition
    (folder / "editie.yml").write_text(listed.sub("indicatoren:\n" + "".join(f"- {c}\n" for c in FEW), edition),
                                       encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def few_indicators(few_indicators_dir) -> Monitor:
    few = make_monitor(load_inputs(few_indicators_dir))
    assert set(few.table["indicator"].unique()) == set(FEW) and len(few.gemeenten) == 285
    return few


@pytest.fixture(scope="session")
def secret_case(few_indicators_dir, tmp_path_factory) -> tuple[Monitor, Path, str]:
    """Demo data (FEW) where Aartselaar's I2 figure of the newest year (2025) is geheim."""
    folder = tmp_path_factory.mktemp("geheim-data")
    shutil.copytree(few_indicators_dir, folder, dirs_exist_ok=True)
    path = folder / "waarden" / "i2.csv"
    text = path.read_text(encoding="utf-8")
    marked = re.sub(r"^I2,2025,11001,totaal,[^\n]*$", "I2,2025,11001,totaal,,,,geheim", text,
                    flags=re.MULTILINE)
    assert marked != text
    path.write_text(marked, encoding="utf-8")
    case = make_monitor(load_inputs(folder))
    out = tmp_path_factory.mktemp("geheim-downloads")
    write_downloads(case, out, gemeenten=["11001"])
    return case, out, "11001"


# ------------------------------------------------------------------------------ helpers


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def squeeze(text: str) -> str:
    """Text without any whitespace: line wrapping in the PDF does not matter."""
    return re.sub(r"\s+", "", text)


def gemeente_csv(folder: Path, nis: str) -> pd.DataFrame:
    return pd.read_csv(folder / "gemeenten" / f"{nis}.csv", keep_default_na=False, na_values=[""])


def newest_total(frame: pd.DataFrame, code: str) -> pd.Series:
    rows = frame[(frame["indicator"] == code) & (frame["groep"] == "totaal")]
    return rows[rows["jaar"] == rows["jaar"].max()].iloc[0]


def workbook_figures(path: Path, monitor: Monitor) -> dict[tuple[str, int, str], tuple]:
    """(code, jaar, groep label) → (figure cell, status) over every theme sheet."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.title in ("Overzicht", "Definities", "Kloof tussen groepen"):
            continue
        status = [cell.value for cell in ws[1]].index("Status")
        for row in ws.iter_rows(min_row=2):
            out[(row[0].value, row[2].value, row[3].value)] = (row[5], row[status].value)
    return out


def group_label(monitor: Monitor, code: str, groep: str) -> str:
    return {g.code: g.naam for g in monitor.catalogue.get(code).groepen}.get(groep, groep)


# ------------------------------------------------------------------------------ PDF


def test_pdf_shows_name_and_the_csv_figures(downloads, monitor):
    nis = "44084"  # Aalter: merged in 2019
    text = pdf_text(downloads / "gemeenten" / f"{nis}.pdf")
    assert monitor.gemeenten[nis].naam in text
    frame = gemeente_csv(downloads, nis)
    for code in SAMPLED:
        ind = monitor.catalogue.get(code)
        row = newest_total(frame, code)
        assert row["status"] in ("", STATUS_PROVISIONAL) or pd.isna(row["status"])
        expected = f"{int(row['jaar'])} {format_figure(row['waarde'], ind)}"
        assert expected in text, (code, expected)
        assert format_figure(row["vlaanderen"], ind) in text
        assert format_figure(row["cluster_waarde"], ind) in text


def test_pdf_pages_size_and_demo_notice(downloads, monitor):
    pdfs = sorted((downloads / "gemeenten").glob("*.pdf"))
    assert len(pdfs) == len(monitor.gemeenten) == 285
    assert max(p.stat().st_size for p in pdfs) < MAX_PDF_BYTES
    reader = PdfReader(pdfs[0])
    assert len(reader.pages) >= 2
    first = reader.pages[0].extract_text()
    assert "synthetische demonstratiecijfers" in first
    last = reader.pages[-1].extract_text()
    assert f"pagina {len(reader.pages)} van {len(reader.pages)}" in last


def test_pdf_lists_former_gemeenten_and_planned_indicators(downloads):
    text = pdf_text(downloads / "gemeenten" / "44084.pdf")
    assert "Knesselare" in text
    assert "nog niet beschikbaar" in text
    assert "Bijlage: definities en bronnen" in text


# ------------------------------------------------------------------------------ XLSX


def test_xlsx_numbers_equal_csv(downloads, monitor):
    nis = "11002"
    frame = gemeente_csv(downloads, nis)
    cells = workbook_figures(downloads / "gemeenten" / f"{nis}.xlsx", monitor)
    assert len(cells) == len(frame)
    for row in frame.itertuples(index=False):
        cell, status = cells[(row.indicator, row.jaar, group_label(monitor, row.indicator, row.groep))]
        published = (row.status if isinstance(row.status, str) else "") in (STATUS_OK, STATUS_PROVISIONAL)
        if published and not pd.isna(row.waarde):
            decimals = monitor.catalogue.get(row.indicator).decimalen  # the workbook rounds as the pages do
            assert cell.data_type == "n" and cell.value == round_half_up(row.waarde, decimals)
            assert "0" in cell.number_format
        else:
            assert cell.value is None


def test_xlsx_has_definitions_sheet(downloads, monitor):
    wb = openpyxl.load_workbook(downloads / "gemeenten" / "11002.xlsx")
    assert wb.sheetnames[0] == "Overzicht" and wb.sheetnames[-2:] == ["Kloof tussen groepen", "Definities"]
    assert len(wb.sheetnames) == len(monitor.catalogue.themes) + 3
    codes = [row[0].value for row in wb["Definities"].iter_rows(min_row=2)]
    assert codes == [ind.code for ind in monitor.catalogue]


# ------------------------------------------------------------------------------ geheim


def test_secret_figure_is_nowhere(secret_case):
    case, out, nis = secret_case
    frame = gemeente_csv(out, nis)
    secret = frame[(frame["indicator"] == "I2") & (frame["jaar"] == 2025)].iloc[0]
    assert secret["status"] == "geheim" and pd.isna(secret["waarde"]) and pd.isna(secret["teller"])
    record = [r for r in json_records(out / "gemeenten" / f"{nis}.json")
              if r["indicator"] == "I2" and r["jaar"] == 2025][0]
    assert record["status"] == "geheim" and record["waarde"] is None and record["teller"] is None
    cells = workbook_figures(out / "gemeenten" / f"{nis}.xlsx", case)
    cell, status = cells[("I2", 2025, group_label(case, "I2", "totaal"))]
    assert cell.value is None and status == "geheim"


def test_secret_year_keeps_other_years_in_place(secret_case):
    case, out, nis = secret_case
    ind = case.catalogue.get("I2")
    frame = gemeente_csv(out, nis)
    earlier = frame[(frame["indicator"] == "I2") & (frame["jaar"] < 2025)].set_index("jaar")["waarde"]
    cells = workbook_figures(out / "gemeenten" / f"{nis}.xlsx", case)
    label = group_label(case, "I2", "totaal")
    for jaar, value in earlier.items():
        assert cells[("I2", jaar, label)][0].value == pytest.approx(value)
    text = pdf_text(out / "gemeenten" / f"{nis}.pdf")
    newest_row = re.search(rf"I2 {re.escape(ind.naam[:20])}.{{0,120}}?2025 (\S+)", squeeze_lines(text))
    assert newest_row and newest_row.group(1) == "geheim"  # not 2024's figure moved up
    lines = text.splitlines()
    assert any(line.startswith("2025 ") and "geheim" in line for line in lines)  # trend table
    assert any(line.startswith("2024 ") and format_figure(earlier[2024], ind) in line for line in lines)


def squeeze_lines(text: str) -> str:
    return re.sub(r"[ \t]*\n[ \t]*", " ", text)


# ------------------------------------------------------------------------------ hostile names


@pytest.fixture(scope="session")
def hostile(few_indicators, tmp_path_factory) -> tuple[Path, Monitor]:
    monitor = few_indicators
    gemeenten = dict(monitor.gemeenten)
    gemeenten["11001"] = dataclasses.replace(gemeenten["11001"], naam=HOSTILE)
    gemeenten["11002"] = dataclasses.replace(gemeenten["11002"], naam=FORMULA_NAME)
    changed = dataclasses.replace(monitor, gemeenten=gemeenten)
    out = tmp_path_factory.mktemp("hostile")
    write_downloads(changed, out, gemeenten=["11001", "11002"])
    return out, changed


@pytest.mark.parametrize("nis,name", [("11001", HOSTILE), ("11002", FORMULA_NAME)])
def test_hostile_name_is_text_in_pdf(hostile, nis, name):
    out, _ = hostile
    text = pdf_text(out / "gemeenten" / f"{nis}.pdf")
    assert squeeze(name) in squeeze(text)
    assert PdfReader(out / "gemeenten" / f"{nis}.pdf").metadata.title == f"Cijferrapport {name}"


@pytest.mark.parametrize("nis,name", [("11001", HOSTILE), ("11002", FORMULA_NAME)])
def test_hostile_name_is_a_string_in_xlsx(hostile, nis, name):
    out, _ = hostile
    path = out / "gemeenten" / f"{nis}.xlsx"
    wb = openpyxl.load_workbook(path)
    header = wb.worksheets[1]["F1"]  # the first theme sheet ("Overzicht" has the name in D1)
    assert wb.worksheets[0]["D1"].value == name and wb.worksheets[0]["D1"].data_type == "s"
    assert header.value == name and header.data_type == "s"
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


# ------------------------------------------------------------------------------ open data files


def test_gemeente_csv_json_are_its_rows_of_liim_data(downloads):
    full = harmonised_rows()  # liim-data.csv
    contract = list(EXPORT_COLUMNS)
    for nis in ("44084", "11002"):
        expected = [values(r) for r in full if r["nis"] == nis]
        assert len(expected) > 500
        assert [values(r) for r in json_records(downloads / "gemeenten" / f"{nis}.json")] == expected
        assert [values(r, contract) for r in gemeente_csv_records(downloads, nis)] == [values(r, contract) for r in expected]


def test_gemeente_files_leave_out_what_every_row_repeats(downloads):
    header = (downloads / "gemeenten" / "44084.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert not {"nis", "gemeente", "cluster", "provincie", *LABEL_COLUMNS} & set(header)
    assert {"indicator", "jaar", "groep", "waarde", "vlaanderen", "cluster_waarde", "provincie_waarde"} <= set(header)
    data = json.loads((downloads / "gemeenten" / "44084.json").read_text(encoding="utf-8"))
    assert (data["nis"], data["gemeente"]) == ("44084", "Aalter") and data["kolommen"] == header
    assert all(isinstance(row, list) and len(row) == len(header) for row in data["rijen"])
    excel = csv_rows(downloads / "gemeenten" / "44084-excel.csv", excel=True)
    assert excel[0]["indicator_naam"] and excel[0]["groep_naam"] and "gemeente" not in excel[0]


def test_indicator_files(downloads, monitor):
    available = [ind for ind in monitor.catalogue if not monitor.rows(ind.code).empty]
    for ind in available:
        header = (downloads / "indicatoren" / f"{ind.slug}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert not {"indicator", "vlaanderen", "cluster_waarde", "provincie_waarde", *LABEL_COLUMNS} & set(header)
        assert {"jaar", "nis", "groep", "waarde", "ondergrens", "t_o_v_vlaanderen"} <= set(header)
        svg = (downloads / "indicatoren" / f"{ind.slug}.svg").read_text(encoding="utf-8")
        root = ElementTree.fromstring(svg)
        year = int(monitor.rows(ind.code)["jaar"].max())
        assert f"{ind.naam}" in root.find("{http://www.w3.org/2000/svg}title").text
        assert str(year) in root.find("{http://www.w3.org/2000/svg}title").text
        assert "Grenzen: Statbel / Provincies in Cijfers" in svg
    planned = [ind for ind in monitor.catalogue if monitor.rows(ind.code).empty]
    assert planned and not any((downloads / "indicatoren" / f"{i.slug}.csv").exists() for i in planned)


@pytest.mark.parametrize("code", ["D1", "I2", "T3", "W1"])  # a share, a count, groups, a euro value
def test_indicator_file_joined_with_gemeenten_and_comparison_is_liim_data(downloads, monitor, code):
    contract = list(EXPORT_COLUMNS)
    ind = monitor.catalogue.get(code)
    expected = [values(r, contract) for r in harmonised_rows() if r["indicator"] == code]
    assert len(expected) == len(monitor.rows(code)) > 0
    assert [values(r, contract) for r in indicator_csv_records(downloads, code, ind.slug)] == expected


def test_methodology_report(downloads, monitor):
    text = pdf_text(downloads / "begeleidend-rapport.pdf")
    assert "Methodologie: begeleidend rapport" in text
    assert "personen die legaal en langdurig" in text
    assert "Beschikbaarheid van de indicatoren per jaar" in text
    assert "--8<--" not in text and "**" not in text
    assert "Bijlage: definities en bronnen" in text
    assert all(f"{ind.code} {ind.naam}"[:30] in squeeze_lines(text) for ind in monitor.catalogue)


def test_datapackage_lists_every_file(downloads, monitor):
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == str(monitor.edition.jaar) and package["name"]
    listed = {r["path"]: r for r in package["resources"]}
    page = downloads / "index.html"  # the site's downloads page lives in the same folder
    present = {p.relative_to(downloads).as_posix() for p in downloads.rglob("*")
               if p.is_file() and p.name != "datapackage.json" and p != page}
    assert set(listed) == present
    for path, item in listed.items():
        body = (downloads / path).read_bytes()
        assert item["hash"] == "sha256:" + hashlib.sha256(body).hexdigest()
        assert item["bytes"] == len(body)
    fields = listed["liim-data.csv"]["schema"]["fields"]
    assert [f["name"] for f in fields] == list(EXPORT_COLUMNS + LABEL_COLUMNS)
    header = (downloads / "liim-vergelijking.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [f["name"] for f in listed["liim-vergelijking.csv"]["schema"]["fields"]] == header
    assert any("Statbel / Provincies in Cijfers" in s["title"] for s in package["sources"])


def test_datapackage_schema_of_every_csv_is_its_header(downloads):
    assert schema_problems(downloads) == []
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    csvs = [r for r in package["resources"] if r["format"] == "csv"]
    indicator = [r for r in csvs if r["path"] == "indicatoren/d1.csv"][0]
    assert indicator["indicator"] == "D1" and indicator["schema"] == "liim-indicator.schema.json"
    gemeente = [r for r in package["resources"] if r["path"] == "gemeenten/44084.json"][0]
    assert gemeente["nis"] == "44084" and "kolommen" in package["json_per_gemeente"]


def test_large_downloads_are_zipped_too(downloads):
    entries: dict[str, bytes] = {}
    for archive in downloads.glob("*.zip"):
        with zipfile.ZipFile(archive) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            entries |= {name: hashlib.sha256(z.read(name)).hexdigest() for name in z.namelist()}
    large = [p for p in downloads.rglob("*") if p.is_file() and p.suffix not in (".zip", ".pdf", ".xlsx")
             and p.stat().st_size >= ZIP_THRESHOLD]
    assert {p.name for p in large} >= {"liim-data.csv", "liim-data-excel.csv"}
    for path in large:
        assert entries.get(path.name) == hashlib.sha256(path.read_bytes()).hexdigest(), path
    # nothing small zipped on its own: only the big files with their companions and description
    assert set(entries) == {"datapackage.json", "liim-data.schema.json", "liim-data.csv", "liim-vergelijking.csv",
                            "liim-data-excel.csv", "liim-vergelijking-excel.csv"}


# ------------------------------------------------------------------------------ determinism


def test_two_writes_give_identical_bytes(downloads, monitor, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        write_downloads(monitor, out, gemeenten=["44084"], workers=1)
    for name in ("44084.pdf", "44084.xlsx", "44084.csv", "44084-excel.csv", "44084.json"):
        body = (first / "gemeenten" / name).read_bytes()
        assert body == (second / "gemeenten" / name).read_bytes(), name
        assert body == (downloads / "gemeenten" / name).read_bytes(), name
    assert (first / "begeleidend-rapport.pdf").read_bytes() == (second / "begeleidend-rapport.pdf").read_bytes()
    for name in ("liim-data.zip", "liim-data-excel.zip", "liim-gemeenten.csv", "indicatoren/d1.csv", "datapackage.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "indicatoren" / "d1.svg").read_bytes() == (downloads / "indicatoren" / "d1.svg").read_bytes()
