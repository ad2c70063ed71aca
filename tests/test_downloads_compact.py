"""The compact open data downloads on a small hand-made edition (that of ``test_downloads_uncertainty.py``):
the gemeente and indicator files rebuild liim-data.csv's rows (read as their documentation says,
``downloadfiles.py``), every CSV has a schema that is its header, and the fast CSV writer
(``tabletext``) writes the bytes pandas writes.
"""
from __future__ import annotations

import json
import math

import numpy as np
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
from test_downloads_uncertainty import AARTSELAAR, CHOSEN, case  # noqa: F401 - the same edition

from generator.downloads.tabletext import EXCEL, JSON, PLAIN, TextTable, csv_document
from generator.model import EXPORT_COLUMNS

CONTRACT = list(EXPORT_COLUMNS)


def liim_data(out) -> list[dict[str, str]]:
    return csv_rows(out / "liim-data.csv")


@pytest.mark.parametrize("nis", CHOSEN)
def test_gemeente_json_rebuilds_its_rows_of_liim_data(case, nis):  # noqa: F811
    _, out = case
    expected = [values(r) for r in liim_data(out) if r["nis"] == nis]
    assert expected and [values(r) for r in json_records(out / "gemeenten" / f"{nis}.json")] == expected


@pytest.mark.parametrize("nis", CHOSEN)
def test_gemeente_csv_with_the_gemeenten_file_rebuilds_its_rows(case, nis):  # noqa: F811
    _, out = case
    expected = [values(r, CONTRACT) for r in liim_data(out) if r["nis"] == nis]
    assert expected and [values(r, CONTRACT) for r in gemeente_csv_records(out, nis)] == expected


@pytest.mark.parametrize("code", ["D1", "T1"])
def test_indicator_csv_joined_with_comparison_and_gemeenten_rebuilds_its_rows(case, code):  # noqa: F811
    monitor, out = case
    expected = [values(r, CONTRACT) for r in liim_data(out) if r["indicator"] == code]
    got = indicator_csv_records(out, code, monitor.catalogue.get(code).slug)
    assert expected and [values(r, CONTRACT) for r in got] == expected
    assert any(r["vlaanderen"] is not None and r["cluster_waarde"] is not None for r in expected)


def test_secret_figure_stays_empty_in_the_compact_json(case):  # noqa: F811
    _, out = case
    data = json.loads((out / "gemeenten" / f"{AARTSELAAR}.json").read_text(encoding="utf-8"))
    columns = data["kolommen"]
    secret = [dict(zip(columns, row)) for row in data["rijen"] if row[columns.index("indicator")] == "T1"]
    assert len(secret) == 3 and all(r["status"] == "geheim" for r in secret)
    assert all(r[c] is None for r in secret for c in ("teller", "noemer", "waarde", "ondergrens", "kloof"))


def test_every_csv_has_its_header_as_schema(case):  # noqa: F811
    _, out = case
    assert schema_problems(out) == []


def test_json_is_small_and_keyless_per_row(case):  # noqa: F811
    _, out = case
    text = (out / "gemeenten" / f"{CHOSEN[0]}.json").read_text(encoding="utf-8")
    assert text.count('"indicator"') == 1 and text.count('"gemeente"') == 1  # a key once, not per row
    assert text.count('"Antwerpen"') == 2  # the gemeente and its province, once each: not per row


# ------------------------------------------------------------------------------ the text writer

TRICKY = pd.DataFrame({
    "getal": [1.5, np.nan, 1e16, -0.0, 123456789.123456, 0.0, 2.675, -3.0],
    "jaar": [2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018],
    "tekst": ["x,y", 'q"t', None, "a;b", "regel\nnieuw", "", "=1+1", "Sint-Genesius-Rode"],
    "vlag": ["ja", "", "ja", "", "ja", "", "ja", ""],
})


@pytest.mark.parametrize("dialect,options", [(PLAIN, {"lineterminator": "\n"}),
                                             (EXCEL, {"sep": ";", "decimal": ",", "lineterminator": "\r\n"})])
def test_text_table_writes_the_bytes_pandas_writes(dialect, options):
    columns = list(TRICKY.columns)
    table = TextTable(TRICKY, dialect)
    mine = csv_document(table.header(columns), table.lines(columns), None, dialect)
    assert mine == TRICKY.to_csv(index=False, float_format="%.15g", **options)
    part = csv_document(table.header(columns), table.lines(columns), [3, 0], dialect)
    assert part == TRICKY.iloc[[3, 0]].to_csv(index=False, float_format="%.15g", **options)


def test_text_table_json_rows_are_the_values():
    columns = list(TRICKY.columns)
    for line, row in zip(TextTable(TRICKY, JSON).lines(columns), TRICKY.itertuples(index=False)):
        parsed = json.loads(line)
        for got, want in zip(parsed, row):
            missing = want is None or isinstance(want, float) and math.isnan(want)
            assert got is None if missing else got == want and isinstance(got, str) == isinstance(want, str)
