"""Intervals, verdicts, small numbers and gaps in the downloads, on a small hand-made edition.

D1 2025 (a share, Wilson): Antwerpen 500 of 1 000, Aartselaar 100 of 1 000, Mesen 5 of 20 (a small
noemer). The Flemish figure is the ratio of the sums, 605 of 2 020 (29,95 %): Antwerpen's whole
interval lies above it ("hoger dan"), Aartselaar's below ("lager dan"), Mesen's straddles it ("geen
duidelijk verschil met"). T1 2025 (by origin, each group its own noemer: gaps to Belgische herkomst):
Antwerpen and Mesen published, Aartselaar geheim.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from downloadfiles import json_records
from pypdf import PdfReader
from support import make_data_dir

from generator import paths
from generator.downloads import write_downloads
from generator.downloads.columns import GEMEENTE_COLUMNS, INDICATOR_COLUMNS, LABEL_COLUMNS
from generator.downloads.pool import WorkerContext
from generator.downloads.report import gemeente_report_data
from generator.model import EXPORT_COLUMNS, REFERENCE_COLUMNS, Monitor
from generator.monitor import load_inputs, make_monitor

ANTWERPEN, AARTSELAAR, MESEN = "11002", "11001", "33016"
CHOSEN = [ANTWERPEN, AARTSELAAR, MESEN]
ROWS = """\
D1,2025,11002,totaal,500,1000,,
D1,2025,11001,totaal,100,1000,,
D1,2025,33016,totaal,5,20,,
T1,2025,11002,totaal,700,1000,,
T1,2025,11002,belgisch,500,600,,
T1,2025,11002,vreemd,200,400,,
T1,2025,33016,totaal,20,30,,
T1,2025,33016,belgisch,15,20,,
T1,2025,33016,vreemd,5,10,,
T1,2025,11001,totaal,,,,geheim
T1,2025,11001,belgisch,,,,geheim
T1,2025,11001,vreemd,,,,geheim
"""
Z = 1.959963984540054
SMALL_NOTE = "klein aantal: noemer kleiner dan 30; het cijfer schommelt sterk door toeval"


def wilson(t: float, n: float) -> tuple[float, float]:
    """The Wilson score interval of t/n in %, by the textbook formula."""
    p = t / n
    centre = p + Z * Z / (2 * n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    denominator = 1 + Z * Z / n
    return 100 * (centre - half) / denominator, 100 * (centre + half) / denominator


def newcombe(p1: float, ci1: tuple[float, float], p2: float, ci2: tuple[float, float]) -> tuple[float, float, float]:
    """p1 − p2 with Newcombe's hybrid score interval (method 10) from the two Wilson intervals."""
    d = p1 - p2
    return (d, d - math.sqrt((p1 - ci1[0]) ** 2 + (ci2[1] - p2) ** 2),
            d + math.sqrt((ci1[1] - p1) ** 2 + (p2 - ci2[0]) ** 2))


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def case(tmp_path_factory, divisions, catalogue) -> tuple[Monitor, Path]:
    folder = make_data_dir(tmp_path_factory.mktemp("onzekerheid") / "data", divisions, catalogue, {"rows.csv": ROWS})
    monitor = make_monitor(load_inputs(folder, paths.SHARED_GEODATA))
    out = tmp_path_factory.mktemp("onzekerheid-downloads")
    write_downloads(monitor, out, gemeenten=CHOSEN, workers=1)
    return monitor, out


def read_csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"nis": str, "klein_aantal": str}, keep_default_na=False, na_values=[""])


def theme_rows(path: Path, sheet: str) -> list[dict]:
    """The rows of one workbook sheet as dicts keyed by the header (first occurrence of a name)."""
    rows = list(openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True))
    header = rows[0]
    return [{h: v for h, v in reversed(list(zip(header, row)))} for row in rows[1:]]


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# ------------------------------------------------------------------------------ liim-vergelijking.csv


def test_comparison_file_columns_and_flemish_row(case):
    _, out = case
    refs = read_csv(out / "liim-vergelijking.csv")
    assert tuple(refs.columns) == REFERENCE_COLUMNS + LABEL_COLUMNS
    assert set(refs["niveau"]) == {"vlaanderen", "cluster", "provincie"}
    assert set(refs["klein_aantal"].fillna("")) <= {"", "ja"}
    row = refs[(refs.indicator == "D1") & (refs.jaar == 2025) & (refs.niveau == "vlaanderen")].iloc[0]
    assert row["naam"] == "Vlaams Gewest"
    assert (row["teller"], row["noemer"]) == (605, 2020)  # ratio of sums
    assert row["waarde"] == pytest.approx(100 * 605 / 2020, abs=1e-6)
    low, high = wilson(605, 2020)
    assert row["ondergrens"] == pytest.approx(low, abs=1e-5) and row["bovengrens"] == pytest.approx(high, abs=1e-5)
    assert pd.isna(row["klein_aantal"]) or row["klein_aantal"] == ""


def test_comparison_file_flemish_gap(case):
    _, out = case
    refs = read_csv(out / "liim-vergelijking.csv")
    flemish = refs[(refs.indicator == "T1") & (refs.jaar == 2025) & (refs.niveau == "vlaanderen")].set_index("groep")
    vreemd, belgisch = (205, 410), (515, 620)  # Antwerpen + Mesen (Aartselaar is geheim)
    assert (flemish.loc["vreemd", "teller"], flemish.loc["vreemd", "noemer"]) == vreemd
    d, low, high = newcombe(100 * vreemd[0] / vreemd[1], wilson(*vreemd), 100 * belgisch[0] / belgisch[1], wilson(*belgisch))
    assert flemish.loc["vreemd", "kloof"] == pytest.approx(d, abs=1e-5)
    assert flemish.loc["vreemd", "kloof_ondergrens"] == pytest.approx(low, abs=1e-5)
    assert flemish.loc["vreemd", "kloof_bovengrens"] == pytest.approx(high, abs=1e-5)
    assert pd.isna(flemish.loc["belgisch", "kloof"]) and pd.isna(flemish.loc["totaal", "kloof"])


# ------------------------------------------------------------------------------ open data files


def test_small_number_is_ja_in_every_csv_and_json(case):
    _, out = case
    files = {out / "liim-data.csv": EXPORT_COLUMNS + LABEL_COLUMNS, out / "gemeenten" / f"{MESEN}.csv": GEMEENTE_COLUMNS,
             out / "indicatoren" / "d1.csv": INDICATOR_COLUMNS}
    for path, columns in files.items():
        frame = read_csv(path)
        assert tuple(frame.columns) == columns, path
        mesen = frame[(frame.get("nis", MESEN) == MESEN) & (frame.get("indicator", "D1") == "D1")].iloc[0]
        assert mesen["klein_aantal"] == "ja", path
        assert set(frame["klein_aantal"].fillna("")) <= {"", "ja"}, path
    records = json_records(out / "gemeenten" / f"{MESEN}.json")
    assert {r["klein_aantal"] for r in records} <= {"", "ja"}
    assert [r for r in records if r["indicator"] == "D1"][0]["klein_aantal"] == "ja"


def test_datapackage_documents_every_column(case):
    _, out = case
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"]: r for r in package["resources"]}
    for name in ("liim-data.csv", "liim-vergelijking.csv"):
        header = (out / name).read_text(encoding="utf-8").splitlines()[0].split(",")
        fields = listed[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == header, name
        assert all(f["description"].strip() and f["type"] in ("number", "integer", "string") for f in fields)
    data = {f["name"]: f for f in listed["liim-data.csv"]["schema"]["fields"]}
    for col in ("ondergrens", "bovengrens", "kloof", "kloof_ondergrens", "kloof_bovengrens"):
        assert data[col]["type"] == "number", col
    assert data["klein_aantal"]["constraints"]["enum"] == ["", "ja"]
    for col in ("t_o_v_vlaanderen", "t_o_v_cluster"):
        assert sorted(data[col]["constraints"]["enum"]) == ["", "gelijk", "hoger", "lager"]
    shared = json.loads((out / "liim-data.schema.json").read_text(encoding="utf-8"))
    assert [f["name"] for f in shared["fields"]] == list(EXPORT_COLUMNS + LABEL_COLUMNS)


# ------------------------------------------------------------------------------ workbook


def test_workbook_interval_counts_and_verdicts_in_words(case):
    monitor, out = case
    expected = {ANTWERPEN: "hoger dan", AARTSELAAR: "lager dan", MESEN: "geen duidelijk verschil met"}
    for nis, words in expected.items():
        rows = [r for r in theme_rows(out / "gemeenten" / f"{nis}.xlsx", "Demografie") if r["Code"] == "D1"]
        assert len(rows) == 1
        row = rows[0]
        assert row["t.o.v. Vlaams Gewest"] == f"{words} het Vlaams Gewest", nis
        assert row["t.o.v. cluster"].startswith(("hoger dan", "lager dan", "geen duidelijk verschil met"))
        teller, noemer = {ANTWERPEN: (500, 1000), AARTSELAAR: (100, 1000), MESEN: (5, 20)}[nis]
        low, high = wilson(teller, noemer)
        assert (row["Teller"], row["Noemer"]) == (teller, noemer)
        assert row["Ondergrens (95 %)"] == round(low, 1)  # rounded to the catalogue's decimals
        assert row["Bovengrens (95 %)"] == round(high, 1)
        assert (row["Klein aantal"] or "") == ("klein aantal" if nis == MESEN else "")
    assert monitor.gemeenten[MESEN].naam == "Mesen"


def test_workbook_gap_sheet(case):
    _, out = case
    rows = theme_rows(out / "gemeenten" / f"{ANTWERPEN}.xlsx", "Kloof tussen groepen")
    t1 = [r for r in rows if r["Code"] == "T1" and r["Jaar"] == 2025]
    assert [r["Groep"] for r in t1] == ["Vreemde herkomst"] and t1[0]["Referentiegroep"] == "Belgische herkomst"
    d, low, high = newcombe(50.0, wilson(200, 400), 100 * 500 / 600, wilson(500, 600))
    assert t1[0]["Antwerpen"] == round(d, 1)  # rounded to the catalogue's decimals
    assert t1[0]["Ondergrens (95 %)"] == round(low, 1)  # the gemeente's (first such column)
    assert t1[0]["Bovengrens (95 %)"] == round(high, 1)
    assert t1[0]["Vlaams Gewest"] is not None and t1[0]["Eenheid"] == "procentpunt"


# ------------------------------------------------------------------------------ cijferrapport


def test_report_marks_small_number(case):
    monitor, out = case
    text = re.sub(r"\s+", " ", pdf_text(out / "gemeenten" / f"{MESEN}.pdf"))
    assert SMALL_NOTE in text
    assert "5 van 20 · klein aantal" in text
    assert "25,0 % (11,2–46,9)" in text  # the interval beside the figure, the textbook one
    low, high = wilson(5, 20)
    assert (round(low, 1), round(high, 1)) == (11.2, 46.9)
    antwerpen = re.sub(r"\s+", " ", pdf_text(out / "gemeenten" / f"{ANTWERPEN}.pdf"))
    assert SMALL_NOTE not in antwerpen and "500 van 1 000" in antwerpen
    assert "Kloof tussen groepen" in antwerpen and "procentpunt" in antwerpen


def test_report_verdicts_and_legend(case):
    monitor, _ = case
    context = WorkerContext.of(monitor, b"")
    rows = monitor.table[monitor.table.nis == AARTSELAAR]
    data = gemeente_report_data(context, monitor.gemeenten[AARTSELAAR], rows.to_dict(orient="records"), "")
    demografie = data["themas"][0]
    d1 = [r for r in demografie["rijen"] if r["c"][0].startswith("D1 ")][0]
    assert d1["c"][6] == "lager" and d1["c"][2] == ["10,0\u202f% (8,3–12,0)", "100 van 1\u202f000"]
    assert any("lager = hoger dan, lager dan" in n for n in demografie["noten"])
    assert any("geen duidelijk verschil met" in p for p in data["leeswijzer"])


# ------------------------------------------------------------------------------ geheim


def test_secret_figure_has_no_interval_count_or_gap_anywhere(case):
    monitor, out = case
    for path in (out / "liim-data.csv", out / "gemeenten" / f"{AARTSELAAR}.csv", out / "indicatoren" / "t1.csv"):
        frame = read_csv(path)
        secret = frame[(frame.get("nis", AARTSELAAR) == AARTSELAAR) & (frame.get("indicator", "T1") == "T1")]
        assert len(secret) == 3 and set(secret["status"]) == {"geheim"}, path
        for col in ("teller", "noemer", "waarde", "ondergrens", "bovengrens", "kloof", "kloof_ondergrens",
                    "kloof_bovengrens", "t_o_v_vlaanderen", "t_o_v_cluster"):
            assert secret[col].isna().all(), (path, col)
    records = [r for r in json_records(out / "gemeenten" / f"{AARTSELAAR}.json") if r["indicator"] == "T1"]
    assert all(r["ondergrens"] is None and r["teller"] is None and r["kloof"] is None for r in records)
    workbook = out / "gemeenten" / f"{AARTSELAAR}.xlsx"
    for row in (r for r in theme_rows(workbook, "Tewerkstelling") if r["Code"] == "T1"):
        own = ("Ondergrens (95 %)", "Bovengrens (95 %)", "Teller", "Noemer", "Klein aantal", "t.o.v. Vlaams Gewest",
               "t.o.v. cluster", "t.o.v. vijf edities eerder")
        assert row["Status"] == "geheim" and all(row[c] in (None, "") for c in own)
    gaps = [r for r in theme_rows(workbook, "Kloof tussen groepen") if r["Code"] == "T1"]
    assert gaps and all(r["Aartselaar"] is None and r["Ondergrens (95 %)"] is None for r in gaps)
    text = pdf_text(out / "gemeenten" / f"{AARTSELAAR}.pdf")
    line = [x for x in text.splitlines() if x.startswith("T1 Werkzaamheidsgraad 2025")][0]
    assert "geheim" in line and " van " not in line and "–" not in line  # no counts, no interval
    context = WorkerContext.of(monitor, b"")
    rows = monitor.table[monitor.table.nis == AARTSELAAR]
    data = gemeente_report_data(context, monitor.gemeenten[AARTSELAAR], rows.to_dict(orient="records"), "")
    werk = [t for t in data["themas"] if t["naam"] == "Tewerkstelling"][0]
    t1 = [r for r in werk["rijen"] if r["c"][0].startswith("T1 ")]
    assert t1 and t1[0]["c"][2] == "geheim" and t1[0]["c"][6:] == ["", "", ""]
    assert werk["kloven"]["rijen"][0][2] == "–"
