"""``datapackage.json``: a Frictionless Data Package describing every download.

Each resource has its relative path, format, media type, size and sha256; the
tabular ones share the Table Schema ``liim-data.schema.json`` (``liim-data.csv``
carries it inline); ``liim-vergelijking.csv`` has a schema of its own, inline. Column
descriptions: ``export.column_docs`` and ``columns.REFERENCE_DOCS``. The Excel-ready CSVs are
listed with their dialect (``;``, BOM) but no schema (decimal comma, rounded figures). The
package property ``indicatoren`` names every indicator and its groups (the codes in ``groep``).
Only files that exist are listed. No timestamps: same downloads, same bytes.

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
from .columns import data_fields, reference_fields
from .opendata import EXCEL_SUFFIX, REFERENCE_FILE, excel_path

MEDIATYPES = {"csv": "text/csv", "json": "application/json", "pdf": "application/pdf",
              "svg": "image/svg+xml", "zip": "application/zip",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
DATA_FILE = "liim-data.csv"
ZIP_FILE = "liim-data.zip"
EXCEL_DIALECT = {"delimiter": ";", "lineTerminator": "\r\n", "header": True}
EXCEL_NOTE = ("Excel-variant: puntkomma als scheidingsteken, decimale komma, UTF-8 met BOM, cijfers "
              "afgerond op de decimalen van de catalogus; dezelfde kolommen")


def schema(current: Division) -> dict:
    """Table Schema of liim-data.csv (and the CSV files with the same columns); ``current``: today's
    division, which the NIS codes follow."""
    return {"fields": data_fields(column_docs(current)), "missingValues": [""]}


def reference_schema() -> dict:
    """Table Schema of liim-vergelijking.csv."""
    return {"fields": reference_fields(), "missingValues": [""]}


SCHEMA_FILE = "liim-data.schema.json"


def resource(out_dir: Path, path: Path, title: str, *, table_schema: dict | str | None = None) -> dict:
    """One resource: relative path, format, media type, size and hash (deterministic).

    ``table_schema``: a tabular resource's schema, inline (a dict: liim-data.csv,
    liim-vergelijking.csv) or the shared file ``liim-data.schema.json`` (``SCHEMA_FILE``).
    """
    relative = path.relative_to(out_dir).as_posix()
    fmt = path.suffix.lstrip(".").lower()
    body = path.read_bytes()
    name = re.sub(r"[^a-z0-9._-]", "-", relative.lower().replace("/", "-"))
    item = {"name": name, "path": relative, "title": title, "format": fmt, "mediatype": MEDIATYPES[fmt],
            "bytes": len(body), "hash": "sha256:" + hashlib.sha256(body).hexdigest()}
    if table_schema is not None:
        item |= {"profile": "tabular-data-resource", "encoding": "utf-8",
                 "dialect": {"delimiter": ",", "header": True}, "schema": table_schema}
    elif path.name.endswith(EXCEL_SUFFIX):
        item |= {"description": EXCEL_NOTE, "encoding": "utf-8-sig", "dialect": dict(EXCEL_DIALECT)}
    elif fmt in ("csv", "json"):
        item["encoding"] = "utf-8"
    return item


def csv_resources(out_dir: Path, path: Path, title: str, table_schema: dict | str) -> list[dict]:
    """A CSV download and its Excel-ready variant, each only when written."""
    items = [resource(out_dir, path, title, table_schema=table_schema)] if path.is_file() else []
    excel = excel_path(path)
    return items + ([resource(out_dir, excel, f"{title} (Excel)")] if excel.is_file() else [])


def top_files(monitor: Monitor) -> list[tuple[str, str, dict | None]]:
    """(file, title, inline schema) of the files at the top of the downloads folder, in order."""
    return [(DATA_FILE, "Alle cijfers, geharmoniseerd", schema(monitor.divisions.current)),
            (REFERENCE_FILE, "Vergelijkingscijfers: Vlaams Gewest, clusters en provincies, met hun sommen, "
                             "betrouwbaarheidsintervallen en kloven tussen groepen", reference_schema())]


def resources(monitor: Monitor, out_dir: Path) -> list[dict]:
    """Every download that exists, in a fixed order."""
    items = [resource(out_dir, out_dir / SCHEMA_FILE, "Tabelschema van de CSV-bestanden")]
    for name, title, table_schema in top_files(monitor):
        items += csv_resources(out_dir, out_dir / name, title, table_schema or SCHEMA_FILE)
    for name, title in ((ZIP_FILE, f"{DATA_FILE} en {REFERENCE_FILE} met hun beschrijving (zip)"),
                        ("begeleidend-rapport.pdf", "Begeleidend rapport")):
        if (out_dir / name).is_file():
            items.append(resource(out_dir, out_dir / name, title))
    for ind in monitor.catalogue:
        name = f"{ind.code} {ind.naam}"
        items += csv_resources(out_dir, out_dir / "indicatoren" / f"{ind.slug}.csv", f"{name}: cijfers", SCHEMA_FILE)
        if (svg := out_dir / "indicatoren" / f"{ind.slug}.svg").is_file():
            items.append(resource(out_dir, svg, f"{name}: kaart van het nieuwste jaar"))
    for nis, g in monitor.gemeenten.items():
        folder, name = out_dir / "gemeenten", f"{g.naam} ({nis})"
        for ext, what in (("pdf", "cijferrapport"), ("xlsx", "werkmap")):
            if (path := folder / f"{nis}.{ext}").is_file():
                items.append(resource(out_dir, path, f"{name}: {what}"))
        items += csv_resources(out_dir, folder / f"{nis}.csv", f"{name}: cijfers", SCHEMA_FILE)
        if (path := folder / f"{nis}.json").is_file():
            items.append(resource(out_dir, path, f"{name}: cijfers"))
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


def write_schema(monitor: Monitor, out_dir: Path) -> Path:
    """The shared ``liim-data.schema.json``."""
    target = out_dir / SCHEMA_FILE
    target.write_text(json.dumps(schema(monitor.divisions.current), ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    return target


def package_json(package: dict) -> bytes:
    """A package as written: UTF-8, one space of indent, a final newline."""
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def bundle_package(monitor: Monitor, out_dir: Path) -> dict:
    """The package inside ``liim-data.zip``: the schema, liim-data.csv and liim-vergelijking.csv
    (read from ``out_dir``, where they are written first)."""
    items = [resource(out_dir, out_dir / SCHEMA_FILE, "Tabelschema van de CSV-bestanden")]
    items += [resource(out_dir, out_dir / name, title, table_schema=table_schema)
              for name, title, table_schema in top_files(monitor)]
    return package_head(monitor) | {"resources": items}


def write_datapackage(monitor: Monitor, out_dir: Path) -> list[Path]:
    """``datapackage.json`` (a Frictionless Data Package of every download, no timestamps)
    and the shared ``liim-data.schema.json``."""
    write_schema(monitor, out_dir)
    package = package_head(monitor) | {"resources": resources(monitor, out_dir)}
    target = out_dir / "datapackage.json"
    target.write_bytes(package_json(package))
    return [out_dir / SCHEMA_FILE, target]


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
    }
