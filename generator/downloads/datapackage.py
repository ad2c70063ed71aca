"""``datapackage.json``: a Frictionless Data Package describing every download.

Each resource has its relative path, format, media type, size and sha256; the
tabular ones share the Table Schema ``liim-data.schema.json`` (``liim-data.csv``
carries it inline); ``liim-vergelijking.csv`` has a schema of its own, inline. Column
descriptions: ``export.column_docs`` and ``columns.REFERENCE_DOCS``. No timestamps:
same downloads, same bytes.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..divisions import Division
from ..export import column_docs
from ..model import Monitor
from ..presentation import BOUNDARY_SOURCE, SERIES
from .columns import data_fields, reference_fields
from .opendata import REFERENCE_FILE

MEDIATYPES = {"csv": "text/csv", "json": "application/json", "pdf": "application/pdf",
              "svg": "image/svg+xml",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


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
    elif fmt in ("csv", "json"):
        item["encoding"] = "utf-8"
    return item


def resources(monitor: Monitor, out_dir: Path) -> list[dict]:
    """Every download that exists, in a fixed order."""
    items = [resource(out_dir, out_dir / SCHEMA_FILE, "Tabelschema van de CSV-bestanden")]
    for name, title, table_schema in (
            ("liim-data.csv", "Alle cijfers, geharmoniseerd", schema(monitor.divisions.current)),
            ("liim-data.json", "Alle cijfers, geharmoniseerd", None),
            (REFERENCE_FILE, "Vergelijkingscijfers: Vlaams Gewest, clusters en provincies, met hun sommen, "
                             "betrouwbaarheidsintervallen en kloven tussen groepen", reference_schema())):
        if (out_dir / name).is_file():
            items.append(resource(out_dir, out_dir / name, title, table_schema=table_schema))
    if (out_dir / "begeleidend-rapport.pdf").is_file():
        items.append(resource(out_dir, out_dir / "begeleidend-rapport.pdf", "Begeleidend rapport"))
    for ind in monitor.catalogue:
        for ext, what in (("csv", "cijfers"), ("svg", "kaart van het nieuwste jaar")):
            path = out_dir / "indicatoren" / f"{ind.slug}.{ext}"
            if path.is_file():
                items.append(resource(out_dir, path, f"{ind.code} {ind.naam}: {what}",
                                      table_schema=SCHEMA_FILE if ext == "csv" else None))
    for nis, g in monitor.gemeenten.items():
        for ext, what in (("pdf", "cijferrapport"), ("xlsx", "werkmap"), ("csv", "cijfers"),
                          ("json", "cijfers")):
            path = out_dir / "gemeenten" / f"{nis}.{ext}"
            if path.is_file():
                items.append(resource(out_dir, path, f"{g.naam} ({nis}): {what}",
                                      table_schema=SCHEMA_FILE if ext == "csv" else None))
    return items


def package_sources(monitor: Monitor) -> list[dict]:
    """The raw files behind the figures (else the catalogue's sources), then the boundaries."""
    files = [{"title": f"{s.uitgever}: {s.titel} ({s.datum}; licentie: {s.licentie}; sha256 {s.sha256})",
              "path": s.adres} for s in monitor.provenance.sources]
    sources = files or [{"title": b} for b in sorted({ind.bron for ind in monitor.catalogue if ind.bron})]
    return sources + [{"title": f"Grenzen: {BOUNDARY_SOURCE}"}]


def write_datapackage(monitor: Monitor, out_dir: Path) -> list[Path]:
    """``datapackage.json`` (a Frictionless Data Package of every download, no timestamps)
    and the shared ``liim-data.schema.json``."""
    edition = monitor.edition
    (out_dir / SCHEMA_FILE).write_text(json.dumps(schema(monitor.divisions.current), ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    since = monitor.divisions.current.first_year  # the gemeenten of today's division
    package = {
        "profile": "data-package", "name": f"liim-{edition.jaar}",
        "title": f"{SERIES} – editie {edition.jaar}", "version": str(edition.jaar),
        "description": (f"Cijfers per indicator, jaar, gemeente (indeling sinds {since}) en groep, met "
                        "vergelijking met cluster, provincie en Vlaams Gewest, 95 %-betrouwbaarheidsintervallen en "
                        "kloven tussen groepen."
                        + (" Synthetische demonstratiecijfers." if edition.demo else "")),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Naamsvermelding 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": package_sources(monitor),
        "resources": resources(monitor, out_dir),
    }
    target = out_dir / "datapackage.json"
    target.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [out_dir / SCHEMA_FILE, target]
