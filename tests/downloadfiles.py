"""Readers of the compact open data downloads, written from their documentation (the downloads page,
datapackage.json), not from the generator: they rebuild the long rows of liim-data.csv.

* ``gemeenten/<nis>.csv``: liim-data.csv's columns without nis, gemeente, cluster, provincie and the
  names; the gemeente's nis/gemeente/cluster/provincie are in ``liim-gemeenten.csv``.
* ``gemeenten/<nis>.json``: the gemeente once, ``kolommen`` and ``rijen``, ``indicatoren`` (code →
  naam) and ``groepen`` (code → groep → naam).
* ``indicatoren/<slug>.csv``: without indicator, the comparison figures and names; vlaanderen,
  cluster_waarde and provincie_waarde are ``waarde`` of ``liim-vergelijking.csv`` on indicator, jaar,
  groep and niveau/naam (Vlaams Gewest, the gemeente's cluster, its province).

Every value is compared as liim-data.csv holds it: text, or a number for the numeric columns.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

NUMBERS = frozenset({"jaar", "teller", "noemer", "waarde", "vlaanderen", "cluster_waarde", "provincie_waarde",
                     "ondergrens", "bovengrens", "kloof", "kloof_ondergrens", "kloof_bovengrens"})
COMPARISON = {"vlaanderen": "vlaanderen", "cluster_waarde": "cluster", "provincie_waarde": "provincie"}


def csv_rows(path: Path, excel: bool = False) -> list[dict[str, str]]:
    """Every row of a CSV download as texts (the Excel-ready variant: BOM, ``;``)."""
    text = path.read_bytes().decode("utf-8-sig" if excel else "utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";" if excel else ","))


def value(column: str, raw: object) -> object:
    """A field as comparable value: ``None`` when empty, a float in a numeric column, else text."""
    if raw is None or raw == "":
        return None
    if column in NUMBERS:
        return float(str(raw).replace(",", ".")) if isinstance(raw, str) else float(raw)  # type: ignore[arg-type]
    return str(raw)


def values(record: dict[str, object], columns: list[str] | None = None) -> dict[str, object]:
    """``record`` (or its ``columns``) as comparable values."""
    return {c: value(c, record[c]) for c in (columns or list(record))}


def gemeenten_table(folder: Path) -> dict[str, dict[str, str]]:
    """nis → the row of liim-gemeenten.csv."""
    return {row["nis"]: row for row in csv_rows(folder / "liim-gemeenten.csv")}


def json_records(path: Path) -> list[dict[str, object]]:
    """The long records of a compact gemeente JSON: the gemeente's fields, each row by ``kolommen``,
    and the names of indicator and group."""
    data = json.loads(path.read_text(encoding="utf-8"))
    head = {k: data[k] for k in ("nis", "gemeente", "cluster", "provincie")}
    out = []
    for row in data["rijen"]:
        record = head | dict(zip(data["kolommen"], row, strict=True))
        code, groep = record["indicator"], record["groep"]
        out.append(record | {"indicator_naam": data["indicatoren"][code], "groep_naam": data["groepen"][code][groep]})
    return out


def gemeente_csv_records(folder: Path, nis: str) -> list[dict[str, object]]:
    """The rows of ``gemeenten/<nis>.csv`` with the gemeente's columns from liim-gemeenten.csv."""
    gemeente = gemeenten_table(folder)[nis]
    return [dict(gemeente) | row for row in csv_rows(folder / "gemeenten" / f"{nis}.csv")]


def indicator_csv_records(folder: Path, code: str, slug: str) -> list[dict[str, object]]:
    """The rows of ``indicatoren/<slug>.csv`` joined back: the indicator, the gemeente's columns
    (liim-gemeenten.csv) and the comparison figures (liim-vergelijking.csv)."""
    gemeenten = gemeenten_table(folder)
    figures = {(r["jaar"], r["groep"], r["niveau"], r["naam"]): r["waarde"]
               for r in csv_rows(folder / "liim-vergelijking.csv") if r["indicator"] == code}
    out = []
    for row in csv_rows(folder / "indicatoren" / f"{slug}.csv"):
        record: dict[str, object] = {"indicator": code} | dict(gemeenten[row["nis"]]) | row
        areas = {"vlaanderen": "Vlaams Gewest", "cluster": record["cluster"], "provincie": record["provincie"]}
        for column, level in COMPARISON.items():
            record[column] = figures.get((row["jaar"], row["groep"], level, areas[level]), "")
        out.append(record)
    return out


def schema_problems(folder: Path) -> list[str]:
    """Every CSV of ``folder`` listed in its datapackage.json, each with a schema (inline or a shared
    schema file) whose fields are the file's header, a decimal comma in the Excel-ready variants."""
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    csvs = [r for r in package["resources"] if r["format"] == "csv"]
    problems = [] if len(csvs) == len(list(folder.rglob("*.csv"))) else ["not every CSV is listed"]
    for item in csvs:
        table_schema = item["schema"]
        if isinstance(table_schema, str):
            table_schema = json.loads((folder / table_schema).read_text(encoding="utf-8"))
        excel = item["path"].endswith("-excel.csv")
        first = (folder / item["path"]).read_bytes().decode("utf-8-sig" if excel else "utf-8").splitlines()[0]
        names = [f["name"] for f in table_schema["fields"]]
        if names != first.split(item["dialect"]["delimiter"]):
            problems.append(f"{item['path']}: schema {names} is not the header {first}")
        marks = {f.get("decimalChar") for f in table_schema["fields"] if f["type"] == "number"}
        if marks - {"," if excel else None} or item["encoding"] != ("utf-8-sig" if excel else "utf-8"):
            problems.append(f"{item['path']}: decimal mark {marks} or encoding {item['encoding']}")
    return problems
