"""``datapackage.json``: a Frictionless Data Package describing every download.

Each resource has its relative path, format, media type, size and sha256; every CSV is a tabular
resource with a Table Schema: inline for the files at the top (``liim-data.csv``,
``liim-vergelijking.csv``, ``liim-gemeenten.csv`` and their Excel-ready variants), else a shared
schema file (``SHARED_SCHEMAS``: ``liim-indicator.schema.json`` for the indicator files,
``liim-gemeente.schema.json`` for the gemeente files, each with an ``-excel`` twin; and
``liim-data.schema.json``, the schema of liim-data.csv, which ``liim-data.zip`` carries). Those
schemas say which columns the smaller files leave out and how to join them back
(``columns.JOIN_DOCS``, a foreign key from the indicator files to liim-gemeenten.csv). Column
descriptions: ``export.column_docs`` and ``columns.REFERENCE_DOCS``. The Excel-ready CSVs have their
dialect (``;``, BOM) and a decimal comma in their schemas. An indicator's resources name its code
(``indicator``), a gemeente's its NIS code (``nis``). The package property ``indicatoren`` names
every indicator and its groups (the codes in ``groep``), ``json_per_gemeente`` describes the compact
JSON of a gemeente (once, not per file). Only files that exist are listed. No
timestamps: same downloads, same bytes.

``liim-data.zip`` holds its own, smaller package (``bundle_package``): the two CSVs and the schema.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..catalogue import Catalogue
from ..divisions import Division
from ..export import column_docs
from ..formatting import unit_of
from ..model import Monitor
from ..presentation import BOUNDARY_SOURCE, SERIES, group_labels
from .columns import GEMEENTEN_COLUMNS, JOIN_DOCS, data_fields, reference_fields
from .opendata import (
    DATA_FILE,
    EXCEL_SUFFIX,
    GEMEENTE_LAYOUT,
    GEMEENTEN_FILE,
    INDICATOR_LAYOUT,
    REFERENCE_FILE,
    excel_path,
)

MEDIATYPES = {"csv": "text/csv", "json": "application/json", "pdf": "application/pdf",
              "svg": "image/svg+xml", "zip": "application/zip",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ZIP_FILE = "liim-data.zip"
EXCEL_ZIP_FILE = "liim-data-excel.zip"
SCHEMA_FILE = "liim-data.schema.json"
PLAIN_DIALECT = {"delimiter": ",", "lineTerminator": "\n", "header": True}
EXCEL_DIALECT = {"delimiter": ";", "lineTerminator": "\r\n", "header": True}
EXCEL_NOTE = ("Excel-variant: puntkomma als scheidingsteken, decimale komma, UTF-8 met BOM, cijfers "
              "afgerond op de decimalen van de catalogus; in de bestanden per indicator en per gemeente de namen "
              "naast de codes.")
JSON_NOTE = ("gemeenten/<nis>.json is compacte JSON: nis, gemeente, cluster, provincie en editie één keer; "
             "'kolommen' (zoals in liim-gemeente.schema.json) en 'rijen' (per rij een lijst met de waarden in die "
             "volgorde, null als er geen cijfer is); 'indicatoren' (code → naam) en 'groepen' (code → groep → naam)")


def schema(current: Division) -> dict:
    """Table Schema of liim-data.csv; ``current``: today's division, which the NIS codes follow."""
    return {"fields": data_fields(column_docs(current)), "missingValues": [""],
            "primaryKey": ["indicator", "jaar", "nis", "groep"]}


def reference_schema(excel: bool = False) -> dict:
    """Table Schema of liim-vergelijking.csv (or of its Excel-ready variant)."""
    return excel_schema({"fields": reference_fields(), "missingValues": [""],
                         "primaryKey": ["indicator", "jaar", "groep", "niveau", "naam"]}, excel)


def excel_schema(table_schema: dict, excel: bool) -> dict:
    """``table_schema`` as is, or for an Excel-ready variant: numbers with a decimal comma, the
    variant's conventions first in its description."""
    if not excel:
        return table_schema
    fields = [f | {"decimalChar": ","} if f["type"] == "number" else f for f in table_schema["fields"]]
    description = " ".join(filter(None, (EXCEL_NOTE, table_schema.get("description"))))
    return {"description": description} | table_schema | {"description": description, "fields": fields}


def part_schema(current: Division, columns: tuple[str, ...], kind: str, key: list[str], excel: bool) -> dict:
    """The schema of an indicator or gemeente file (``kind``), with ``columns`` of liim-data.csv's."""
    table_schema: dict = {"description": JOIN_DOCS[kind], "fields": data_fields(column_docs(current), columns),
                          "missingValues": [""], "primaryKey": key}
    if "nis" in columns and not excel:
        table_schema["foreignKeys"] = [{"fields": ["nis"], "reference": {"resource": GEMEENTEN_FILE,
                                                                         "fields": ["nis"]}}]
    return excel_schema(table_schema, excel)


def gemeenten_schema(current: Division) -> dict:
    """Table Schema of liim-gemeenten.csv."""
    return {"description": JOIN_DOCS["gemeenten"], "fields": data_fields(column_docs(current), GEMEENTEN_COLUMNS),
            "missingValues": [""], "primaryKey": ["nis"]}


def shared_schemas(current: Division) -> dict[str, tuple[str, dict]]:
    """The shared schema files, name → (title, schema): liim-data.csv's, and those of the indicator
    and gemeente files."""
    out = {SCHEMA_FILE: (f"Tabelschema van {DATA_FILE}", schema(current))}
    for kind, layout, key in (("indicator", INDICATOR_LAYOUT, ["jaar", "nis", "groep"]),
                              ("gemeente", GEMEENTE_LAYOUT, ["indicator", "jaar", "groep"])):
        for columns, suffix, excel in zip(layout, ("", "-excel"), (False, True)):
            title = f"Tabelschema van de cijfers per {kind}{' (Excel)' if excel else ''}"
            out[f"liim-{kind}{suffix}.schema.json"] = (title, part_schema(current, columns, kind, key, excel))
    return out


def resource(out_dir: Path, path: Path, title: str, *, table_schema: dict | str | None = None,
             extra: dict | None = None) -> dict:
    """One resource: relative path, format, media type, size and hash (deterministic), ``extra``
    properties (``indicator``, ``nis``).

    ``table_schema``: a CSV's schema, inline (a dict) or the name of a shared schema file. The
    Excel-ready variants (``-excel.csv``) get their dialect and encoding.
    """
    relative = path.relative_to(out_dir).as_posix()
    fmt = path.suffix.lstrip(".").lower()
    body = path.read_bytes()
    name = re.sub(r"[^a-z0-9._-]", "-", relative.lower().replace("/", "-"))
    item = {"name": name, "path": relative, "title": title, "format": fmt, "mediatype": MEDIATYPES[fmt],
            "bytes": len(body), "hash": "sha256:" + hashlib.sha256(body).hexdigest()} | (extra or {})
    excel = path.name.endswith(EXCEL_SUFFIX)
    if table_schema is not None:
        item |= {"profile": "tabular-data-resource", "encoding": "utf-8-sig" if excel else "utf-8",
                 "dialect": dict(EXCEL_DIALECT if excel else PLAIN_DIALECT), "schema": table_schema}
    elif fmt in ("csv", "json"):
        item["encoding"] = "utf-8"
    return item


def csv_resources(out_dir: Path, path: Path, title: str, schemas: tuple[dict | str, dict | str],
                  extra: dict | None = None) -> list[dict]:
    """A CSV download and its Excel-ready variant (``schemas``: theirs), each only when written."""
    pairs = ((path, title, schemas[0]), (excel_path(path), f"{title} (Excel)", schemas[1]))
    return [resource(out_dir, p, t, table_schema=s, extra=extra) for p, t, s in pairs if p.is_file()]


def top_files(monitor: Monitor) -> list[tuple[str, str, tuple[dict, dict]]]:
    """(file, title, (schema, Excel-ready schema)) of the CSVs at the top of the downloads folder."""
    current = monitor.divisions.current
    data = schema(current)
    return [(DATA_FILE, "Alle cijfers, geharmoniseerd", (data, excel_schema(data, True))),
            (REFERENCE_FILE, "Vergelijkingscijfers: Vlaams Gewest, clusters en provincies, met hun sommen, "
                             "betrouwbaarheidsintervallen en kloven tussen groepen",
             (reference_schema(), reference_schema(excel=True))),
            (GEMEENTEN_FILE, "Gemeenten met hun cluster en provincie",
             (gemeenten_schema(current), excel_schema(gemeenten_schema(current), True)))]


def resources(monitor: Monitor, out_dir: Path) -> list[dict]:
    """Every download that exists, in a fixed order."""
    items = [resource(out_dir, out_dir / name, title) for name, (title, _) in
             shared_schemas(monitor.divisions.current).items() if (out_dir / name).is_file()]
    for name, title, schemas in top_files(monitor):
        items += csv_resources(out_dir, out_dir / name, title, schemas)
    for name, title in ((ZIP_FILE, f"{DATA_FILE} en {REFERENCE_FILE} met hun beschrijving (zip)"),
                        (EXCEL_ZIP_FILE, "De Excel-varianten van beide bestanden (zip)"),
                        ("begeleidend-rapport.pdf", "Begeleidend rapport")):
        if (out_dir / name).is_file():
            items.append(resource(out_dir, out_dir / name, title))
    return items + indicator_resources(monitor, out_dir) + gemeente_resources(monitor, out_dir)


def indicator_resources(monitor: Monitor, out_dir: Path) -> list[dict]:
    """Per indicator its CSVs and map, with its code."""
    items = []
    for ind in monitor.catalogue:
        name, extra, folder = f"{ind.code} {ind.naam}", {"indicator": ind.code}, out_dir / "indicatoren"
        items += csv_resources(out_dir, folder / f"{ind.slug}.csv", f"{name}: cijfers",
                               ("liim-indicator.schema.json", "liim-indicator-excel.schema.json"), extra)
        if (svg := folder / f"{ind.slug}.svg").is_file():
            items.append(resource(out_dir, svg, f"{name}: kaart van het nieuwste jaar", extra=extra))
    return items


def gemeente_resources(monitor: Monitor, out_dir: Path) -> list[dict]:
    """Per gemeente its report, workbook, CSVs and JSON, with its NIS code."""
    items = []
    for nis, g in monitor.gemeenten.items():
        folder, name, extra = out_dir / "gemeenten", f"{g.naam} ({nis})", {"nis": nis}
        for ext, what in (("pdf", "cijferrapport"), ("xlsx", "werkmap")):
            if (path := folder / f"{nis}.{ext}").is_file():
                items.append(resource(out_dir, path, f"{name}: {what}", extra=extra))
        items += csv_resources(out_dir, folder / f"{nis}.csv", f"{name}: cijfers",
                               ("liim-gemeente.schema.json", "liim-gemeente-excel.schema.json"), extra)
        if (path := folder / f"{nis}.json").is_file():
            items.append(resource(out_dir, path, f"{name}: cijfers", extra=extra))
    return items


def indicator_list(catalogue: Catalogue) -> list[dict]:
    """Every indicator of the catalogue with its unit, decimals and groups (the codes in ``groep``)."""
    return [{"code": ind.code, "naam": ind.naam, "eenheid": unit_of(ind) or "aantal", "decimalen": ind.decimalen,
             "groepen": [{"code": code, "naam": naam} for code, naam in group_labels(ind).items()]}
            for ind in catalogue]


def package_sources(monitor: Monitor) -> list[dict]:
    """The raw files behind the figures (else the catalogue's sources), then the boundaries."""
    files = [{"title": f"{s.uitgever}: {s.titel} ({s.datum}; licentie: {s.licentie}; sha256 {s.sha256})",
              "path": s.adres} for s in monitor.provenance.sources]
    sources = files or [{"title": b} for b in sorted({ind.bron for ind in monitor.catalogue if ind.bron})]
    return sources + [{"title": f"Grenzen: {BOUNDARY_SOURCE}"}]


def schema_json(table_schema: dict) -> bytes:
    """A schema file as written: UTF-8, one space of indent, a final newline."""
    return (json.dumps(table_schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_schema(monitor: Monitor, out_dir: Path) -> Path:
    """The schema of liim-data.csv, ``liim-data.schema.json`` (also in liim-data.zip)."""
    target = out_dir / SCHEMA_FILE
    target.write_bytes(schema_json(schema(monitor.divisions.current)))
    return target


def write_schemas(monitor: Monitor, out_dir: Path) -> list[Path]:
    """Every shared schema file (``shared_schemas``)."""
    written = []
    for name, (_, table_schema) in shared_schemas(monitor.divisions.current).items():
        (out_dir / name).write_bytes(schema_json(table_schema))
        written.append(out_dir / name)
    return written


def package_json(package: dict) -> bytes:
    """A package as written: UTF-8, one space of indent, a final newline."""
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def bundle_package(monitor: Monitor, out_dir: Path) -> dict:
    """The package inside ``liim-data.zip``: the schema, liim-data.csv and liim-vergelijking.csv
    (read from ``out_dir``, where they are written first)."""
    items = [resource(out_dir, out_dir / SCHEMA_FILE, f"Tabelschema van {DATA_FILE}")]
    items += [resource(out_dir, out_dir / name, title, table_schema=schemas[0])
              for name, title, schemas in top_files(monitor) if name in (DATA_FILE, REFERENCE_FILE)]
    return package_head(monitor) | {"resources": items}


def write_datapackage(monitor: Monitor, out_dir: Path) -> list[Path]:
    """``datapackage.json`` (a Frictionless Data Package of every download, no timestamps)
    and the shared schema files."""
    written = write_schemas(monitor, out_dir)
    package = package_head(monitor) | {"resources": resources(monitor, out_dir)}
    target = out_dir / "datapackage.json"
    target.write_bytes(package_json(package))
    return written + [target]


def package_head(monitor: Monitor) -> dict:
    """Everything of the package but its resources."""
    edition = monitor.edition
    since = monitor.divisions.current.first_year  # the gemeenten of today's division
    return {
        "profile": "data-package", "name": f"liim-{edition.jaar}",
        "title": f"{SERIES} – editie {edition.jaar}", "version": str(edition.jaar),
        "description": (f"Cijfers per indicator, jaar, gemeente (indeling sinds {since}) en groep, met "
                        "vergelijking met cluster, provincie en Vlaams Gewest, 95 %-betrouwbaarheidsintervallen en "
                        "kloven tussen groepen."
                        + (" Synthetische demonstratiecijfers." if edition.demo else "")),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Naamsvermelding 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": package_sources(monitor),
        "indicatoren": indicator_list(monitor.catalogue),
        "json_per_gemeente": JSON_NOTE,
    }
