"""Downloads: reports, workbooks and open data files next to ``liim-data.csv``.

Written into the docs folder's ``downloads/`` (MkDocs copies it into the site):

* ``gemeenten/<nis>.pdf``  the cijferrapport (typst, template ``templates/rapport.typ.j2``);
* ``gemeenten/<nis>.xlsx`` a sheet per theme plus "Definities" (XlsxWriter);
* ``gemeenten/<nis>.csv`` / ``.json``  the gemeente's rows of liim-data;
* ``indicatoren/<code>.csv`` / ``.svg``  an indicator's rows and its newest map;
* ``begeleidend-rapport.pdf``  the methodology page plus the catalogue;
* ``datapackage.json``  a Frictionless Data Package describing every file.

Safety: data reach typst only as JSON in ``sys.inputs`` and are inserted as
strings, never parsed as markup; text cells in the workbooks are typed as
strings, so a name like ``=1+1`` is never a formula. Suppressed figures
(status other than "" or "voorlopig") are never printed.

Determinism: PDFs carry no date, workbook timestamps and zip entry times are
fixed, JSON keys are written in a fixed order: same input, same bytes.

Parallelism: the PDFs and workbooks are made in a pool of forked processes
(one per core), which inherit the imported modules and receive a small payload
per gemeente. typst only ever runs in those workers, never in the calling
process: a process forked after typst has compiled once deadlocks in typst's
thread pool, so compiling in the parent would break the next build in the same
process (tests, ``liim serve``). Even one worker is a forked process for that reason.
"""
from __future__ import annotations

import datetime as dt
import gc
import hashlib
import html.parser
import io
import json
import multiprocessing
import os
import re
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

import jinja2
import pandas as pd

from . import paths
from .catalogue import Catalogue, Indicator
from .export import COLUMN_DOCS, export_frame, write_csv, write_json
from .formatting import decimals_of, format_figure, is_missing, round_half_up, unit_of
from .maps import MERGER_COLOUR, NO_DATA_COLOUR, SECRET_COLOUR, class_breaks, class_colours
from .model import (EXPORT_COLUMNS, Provenance, STATUS_LABELS, STATUS_MERGER, STATUS_MISSING, STATUS_OK,
                    STATUS_PROVISIONAL, STATUS_SECRET, Edition, Gemeente, Monitor)
from .webgeometry import choropleth_svg, locator_svg

REPORT_TEMPLATE = "rapport.typ.j2"
FONTS = ("DejaVu Sans", "Libertinus Serif")  # Libertinus is built into typst: always there
ACCENT = "#1f4e79"
PUBLISHED = (STATUS_OK, STATUS_PROVISIONAL)
FIGURE_COLUMNS = ("waarde", "cluster_waarde", "provincie_waarde", "vlaanderen")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
SERIES = "Lokale Inburgerings- en Integratiemonitor"
BOUNDARY_SOURCE = "Statbel / Provincies in Cijfers"
SECRET_PATTERN_ID = "liim-geheim"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
MEDIATYPES = {"csv": "text/csv", "json": "application/json", "pdf": "application/pdf",
              "svg": "image/svg+xml",
              "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
SHORT_STATUS = {STATUS_SECRET: "geheim", STATUS_MERGER: "fusie", STATUS_MISSING: "–"}
# PDF accessibility tags for the cijferrapporten: off. Tagged, one report is about 460 KB
# (a structure element per table cell, written uncompressed), untagged about 100 KB; the limit
# is 300 KB. The text stays selectable and searchable. The begeleidend rapport is tagged.
GEMEENTE_PDF_TAGS = False


# ============================================================================ entry point


def write_downloads(monitor: Monitor, out_dir: Path, *, workers: int | None = None,
                    gemeenten: Iterable[str] | None = None) -> list[Path]:
    """Write every download into ``out_dir`` (the site's ``downloads/``) and wait for them.

    ``workers``: processes (default: one per core); ``gemeenten``: only these NIS codes
    (previews, tests). Returns the paths written.
    """
    return start_downloads(monitor, out_dir, workers=workers, gemeenten=gemeenten).finish()


@dataclass
class PendingDownloads:
    """Downloads whose reports are being made by worker processes (see ``start_downloads``)."""

    monitor: Monitor
    out_dir: Path
    written: list[Path]
    pool: ProcessPoolExecutor
    results: Iterator[list[str]]

    def finish(self) -> list[Path]:
        """Wait for the workers, then describe everything in ``datapackage.json``."""
        try:
            self.written += [Path(p) for done in self.results for p in done]
        finally:
            self.pool.shutdown()
        return self.written + write_datapackage(self.monitor, self.out_dir)

    def cancel(self) -> None:
        """Stop the workers without waiting for the remaining reports (a failed build)."""
        self.pool.shutdown(wait=True, cancel_futures=True)


def start_downloads(monitor: Monitor, out_dir: Path, *, workers: int | None = None,
                    gemeenten: Iterable[str] | None = None) -> PendingDownloads:
    """Write the quick files and start the PDF/XLSX workers; the caller may do other work
    (the build runs mkdocs) before ``finish()``. The workers are forked here, before any
    other thread exists, so nothing the caller does afterwards can deadlock them."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    exported = export_frame(monitor.table)
    table = rounded_table(monitor.table, exported)
    chosen = list(monitor.gemeenten) if gemeenten is None else [n for n in gemeenten]
    written = [write_csv(exported, out_dir / "liim-data.csv")]
    written += write_indicator_files(monitor, table, out_dir / "indicatoren")
    tasks: list = gemeente_tasks(monitor, table, out_dir / "gemeenten", chosen)
    tasks.append(MethodologyTask(methodology_data(monitor), out_dir / "begeleidend-rapport.pdf"))
    pool, results = start_tasks(WorkerContext.of(monitor), tasks, workers)
    return PendingDownloads(monitor, out_dir, written, pool, results)


def rounded_table(table: pd.DataFrame, exported: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table with the export's rounding (``exported``: export_frame(table), if already made),
    so every download shows the CSV's figures."""
    out = table.copy()
    exported = export_frame(table) if exported is None else exported
    for column in FIGURE_COLUMNS:
        out[column] = exported[column]
    return out


# ============================================================================ open data files


def write_indicator_files(monitor: Monitor, table: pd.DataFrame, folder: Path) -> list[Path]:
    """``<code>.csv`` (its rows of liim-data) and ``<code>.svg`` (newest map) per available indicator."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = dict(tuple(table.groupby("indicator", sort=False)))
    geometry = monitor.divisions.geometry(monitor.divisions.current.key)
    written = []
    for ind in monitor.catalogue:
        rows = parts.get(ind.code)
        if rows is None or rows.empty:
            continue
        written.append(write_csv(rows[list(EXPORT_COLUMNS)], folder / f"{ind.slug}.csv"))
        svg = indicator_map_svg(ind, rows, monitor.gemeenten, geometry)
        target = folder / f"{ind.slug}.svg"
        target.write_text(svg, encoding="utf-8")
        written.append(target)
    return written


# ============================================================================ indicator maps


@dataclass(frozen=True)
class MapClasses:
    """Classes of the web map for one group: lowest figure, upper bounds, colours."""

    lowest: float | None
    breaks: list[float]
    colours: list[str]

    def colour(self, value: float) -> str:
        """The web map's rule (liim.js): the first class whose upper bound is not exceeded."""
        for bound, colour in zip(self.breaks, self.colours):
            if value <= bound:
                return colour
        return self.colours[-1]


def map_classes(ind: Indicator, rows: pd.DataFrame) -> MapClasses:
    """Quantile classes over all years, on rounded figures: the same as ``maps._classes``."""
    decimalen = decimals_of(ind)
    values = [round_half_up(v, decimalen) for v in published_values(rows)]
    breaks = class_breaks(values, decimalen)
    lowest = min(values) if values else None
    return MapClasses(lowest, breaks, class_colours(ind.richting, len(breaks)))


def published_values(rows: pd.DataFrame) -> list[float]:
    """Figures the web map shows (not geheim, fusie or ontbreekt; not empty)."""
    shown = rows[~rows["status"].isin([STATUS_SECRET, STATUS_MERGER, STATUS_MISSING])]
    return [float(v) for v in shown["waarde"] if not is_missing(v)]


def map_fills(ind: Indicator, newest: pd.DataFrame, classes: MapClasses) -> dict[str, str]:
    """nis → fill for the newest year; gemeenten without a figure stay out (grey)."""
    fills = {}
    for nis, value, status in zip(newest["nis"], newest["waarde"], newest["status"]):
        if status == STATUS_SECRET:
            fills[nis] = f"url(#{SECRET_PATTERN_ID})"
        elif status == STATUS_MERGER:
            fills[nis] = MERGER_COLOUR
        elif status in PUBLISHED and not is_missing(value):
            fills[nis] = classes.colour(round_half_up(value, decimals_of(ind)))
    return fills


def map_legend(ind: Indicator, classes: MapClasses, statuses: set[str]) -> list[tuple[str, str]]:
    """(colour, label) per class with Dutch bounds, then the special fills that occur."""
    items, lower = [], classes.lowest
    for i, (upper, colour) in enumerate(zip(classes.breaks, classes.colours)):
        low, high = format_figure(lower, ind), format_figure(upper, ind)
        items.append((colour, f"{low} – {high}" if i == 0 else f"meer dan {low} tot en met {high}"))
        lower = upper
    if STATUS_SECRET in statuses:
        items.append((f"url(#{SECRET_PATTERN_ID})", STATUS_LABELS[STATUS_SECRET]))
    if STATUS_MERGER in statuses:
        items.append((MERGER_COLOUR, STATUS_LABELS[STATUS_MERGER]))
    items.append((NO_DATA_COLOUR, STATUS_LABELS[STATUS_MISSING]))
    return items


def indicator_map_svg(ind: Indicator, rows: pd.DataFrame, gemeenten: dict[str, Gemeente],
                      geometry: Any) -> str:
    """The newest year's map of the first group (totaal), as a standalone SVG."""
    rows = rows[(rows["groep"] == ind.group_codes[0]) & rows["nis"].isin(set(gemeenten))]
    classes = map_classes(ind, rows)
    newest = rows[rows["jaar"] == rows["jaar"].max()]
    year = int(newest["jaar"].iloc[0]) if len(newest) else ""
    unit = unit_of(ind)
    title = f"{ind.code} {ind.naam}{f' (in {unit})' if unit else ''}, {year}"
    legend = map_legend(ind, classes, set(newest["status"]))
    svg = choropleth_svg(geometry, map_fills(ind, newest, classes), title, legend)
    return with_source_line(with_secret_pattern(svg),
                            f"Bron: {ind.bron}. Grenzen: {BOUNDARY_SOURCE}.")


def with_secret_pattern(svg: str) -> str:
    """Add the hatching pattern used for geheim (dark lines on white) right after <title>."""
    pattern = (f'<defs><pattern id="{SECRET_PATTERN_ID}" patternUnits="userSpaceOnUse" width="5" '
               'height="5" patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff" '
               f'style="stroke:none"/><rect width="2" height="5" fill="{SECRET_COLOUR}" '
               'style="stroke:none"/></pattern></defs>')
    head, sep, tail = svg.partition("</title>")
    return head + sep + pattern + tail


def with_source_line(svg: str, text: str) -> str:
    """Append a source line below the legend, growing the SVG's height by one line."""
    match = re.search(r'viewBox="0 0 (\d+) (\d+)" width="\d+" height="(\d+)"', svg)
    if match is None:
        raise ValueError("onverwachte SVG-kop: bronregel niet toe te voegen")
    width, height = int(match.group(1)), int(match.group(2))
    new_head = f'viewBox="0 0 {width} {height + 18}" width="{width}" height="{height + 18}"'
    line = f'<text x="4" y="{height + 10}" font-size="11">{_xml(text)}</text>'
    svg = svg[:match.start()] + new_head + svg[match.end():]
    return svg[: -len("</svg>")] + line + "</svg>"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ============================================================================ worker pool


@dataclass(frozen=True)
class WorkerContext:
    """What every worker needs once (small): catalogue, edition, gemeenten, template source."""

    catalogue: Catalogue
    edition: Edition
    gemeenten: dict[str, Gemeente]
    template: bytes
    provenance: Provenance = Provenance()

    @classmethod
    def of(cls, monitor: Monitor) -> "WorkerContext":
        return cls(monitor.catalogue, monitor.edition, dict(monitor.gemeenten), report_template(), monitor.provenance)


@dataclass(frozen=True)
class GemeenteTask:
    """One gemeente's payload: its rows (~1 000), its locator map and the target folder."""

    gemeente: Gemeente
    rows: pd.DataFrame
    locator: str
    folder: Path


@dataclass(frozen=True)
class MethodologyTask:
    """The begeleidend rapport: prepared data (JSON-able) and its target."""

    data: dict
    target: Path


_WORKER: dict[str, Any] = {}


def _init_worker(context: WorkerContext) -> None:
    import typst  # imported here: only workers compile

    _WORKER["context"] = context
    _WORKER["compiler"] = typst.Compiler()


def run_task(task: GemeenteTask | MethodologyTask) -> list[str]:
    """Worker entry point: make the files of one task, return their paths."""
    context: WorkerContext = _WORKER["context"]
    if isinstance(task, MethodologyTask):
        return [str(write_pdf(task.data, task.target, tags=True))]
    g = task.gemeente
    data_files = [write_csv(task.rows[list(EXPORT_COLUMNS)], task.folder / f"{g.nis}.csv"),
                  write_json(task.rows[list(EXPORT_COLUMNS)], task.folder / f"{g.nis}.json")]
    records = task.rows.to_dict(orient="records")
    data = gemeente_report_data(context, g, records, task.locator)
    pdf = write_pdf(data, task.folder / f"{g.nis}.pdf", tags=GEMEENTE_PDF_TAGS)
    xlsx = task.folder / f"{g.nis}.xlsx"
    xlsx.write_bytes(workbook_bytes(context, g, records))
    return [str(pdf), str(xlsx)] + [str(p) for p in data_files]


def write_pdf(data: dict, target: Path, *, tags: bool) -> Path:
    """Compile the report template with ``data`` (as JSON in sys.inputs) into ``target``."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    pdf = _WORKER["compiler"].compile(input=_WORKER["context"].template, format="pdf",
                                      sys_inputs={"data": payload}, pdf_tags=tags)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    return target


def worker_count(workers: int | None) -> int:
    if workers is not None:
        return max(1, workers)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def start_tasks(context: WorkerContext, tasks: list, workers: int | None):
    """Fork a pool of workers (typst never runs in this process) and submit every task."""
    if "compiler" in _WORKER:
        raise RuntimeError("typst draaide al in dit proces: een fork zou vastlopen")
    count = max(1, min(worker_count(workers), len(tasks)))
    gc.freeze()  # the workers' collector then skips the inherited heap (no copy-on-write storm)
    try:
        pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_init_worker, initargs=(context,))
        results = pool.map(run_task, tasks, chunksize=4)  # submits all: the workers fork now
    finally:
        gc.unfreeze()
    return pool, results


def gemeente_tasks(monitor: Monitor, table: pd.DataFrame, folder: Path,
                   chosen: list[str]) -> list[GemeenteTask]:
    """One small payload per chosen gemeente."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = dict(tuple(table.groupby("nis", sort=False)))
    geometry = monitor.divisions.geometry(monitor.divisions.current.key)
    empty = table.iloc[0:0]
    return [GemeenteTask(monitor.gemeenten[nis], parts.get(nis, empty), locator_svg(geometry, nis),
                         folder) for nis in chosen]


@lru_cache(maxsize=1)
def _template_environment() -> jinja2.Environment:
    """Jinja2 with delimiters that never clash with typst (``{`` and ``#`` are typst syntax)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=False,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                              block_start_string="<%", block_end_string="%>",
                              variable_start_string="<<", variable_end_string=">>",
                              comment_start_string="<#", comment_end_string="#>")


def report_template() -> bytes:
    """The typst source of both reports; only constants go through Jinja, data go via JSON."""
    fonts = "(" + ", ".join(json.dumps(f) for f in FONTS) + ",)"
    text = _template_environment().get_template(REPORT_TEMPLATE).render(fonts=fonts, accent=ACCENT)
    return text.encode("utf-8")


# ============================================================================ gemeente report


def dutch_date(iso: str) -> str:
    """``2025-12-15`` → ``15 december 2025`` (unparseable input is returned as given)."""
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def demo_notice(edition: Edition) -> str | None:
    if not edition.demo:
        return None
    return ("Let op: dit rapport bevat synthetische demonstratiecijfers. Ze zijn gegenereerd om de "
            "monitor te tonen en beschrijven de gemeente niet.")


def cover_facts(context: WorkerContext, g: Gemeente) -> list[list[str]]:
    """(label, text) pairs on the cover."""
    members = [m.naam for m in context.gemeenten.values() if m.cluster == g.cluster and m.nis != g.nis]
    facts = [["NIS-code", g.nis], ["Provincie", g.provincie], ["Editie", str(context.edition.jaar)],
             ["Publicatiedatum", dutch_date(context.edition.publicatiedatum)],
             ["Cluster", g.clusternaam],
             [f"Andere gemeenten in de cluster ({len(members)})", ", ".join(members) or "–"]]
    if g.voorgangers:
        facts.append(["Voormalige gemeenten", former_text(g)])
    return facts


def former_text(g: Gemeente) -> str:
    return ", ".join(f"{naam} ({nis}, samengevoegd op {dutch_date(date)})"
                     for nis, naam, date in g.voorgangers)


def gemeente_report_data(context: WorkerContext, g: Gemeente, records: list[dict],
                         locator: str) -> dict:
    """Everything the cijferrapport prints, as strings (inserted as text by typst)."""
    by_ind: dict[str, list[dict]] = {}
    for record in records:
        by_ind.setdefault(record["indicator"], []).append(record)
    edition = context.edition
    return {
        "soort": "gemeente", "reeks": SERIES, "titel": f"Cijferrapport {g.naam}",
        "naam": g.naam, "voettekst": f"LIIM {edition.jaar} · cijferrapport {g.naam} ({g.nis})",
        "feiten": cover_facts(context, g), "demo": demo_notice(edition),
        "ligging": locator, "ligging_alt": f"Ligging van {g.naam} in Vlaanderen",
        "leeswijzer": reading_guide(g),
        "themas": [theme_section(context.catalogue, theme.code, by_ind, g)
                   for theme in context.catalogue.themes],
        "bijlage": catalogue_annex(context.catalogue, context.provenance),
    }


def reading_guide(g: Gemeente) -> list[str]:
    return [f"Per indicator het nieuwste cijfer van {g.naam}, naast het cijfer van de cluster "
            f"{g.clusternaam}, de provincie {g.provincie} en het Vlaams Gewest. Bij aantallen is het "
            "cijfer van cluster, provincie en Vlaams Gewest een totaal.",
            "(v) = voorlopig cijfer; (o) = onvolledig: een geheim cijfer ontbreekt in de som; "
            "geheim = niet gepubliceerd; fusie = niet beschikbaar door fusie; – = geen gegevens."]


def theme_section(catalogue: Catalogue, theme: str, by_ind: dict[str, list[dict]],
                  g: Gemeente) -> dict:
    """The newest-year table, the trend table and the notes of one theme."""
    marks: set[str] = set()
    rows: list[dict] = []
    trend: list[tuple[Indicator, list[dict]]] = []
    for ind in catalogue.by_theme(theme):
        records = by_ind.get(ind.code)
        if not records:
            rows.append({"c": [f"{ind.code} {ind.naam}"], "na": True, "sub": False})
            continue
        rows += latest_rows(ind, records, marks)
        trend.append((ind, records))
    return {"naam": catalogue.theme(theme).naam, "rijen": rows,
            "kop": ["Indicator", "Jaar", g.naam, "Cluster", "Provincie", "Vlaams Gewest"],
            "trend": trend_table(trend, marks), "noten": note_texts(marks, g)}


def ordered_groups(ind: Indicator, present: Iterable[str]) -> list[str]:
    present = set(present)
    declared = [code for code in ind.group_codes if code in present]
    return declared + sorted(present - set(declared))


def latest_rows(ind: Indicator, records: list[dict], marks: set[str]) -> list[dict]:
    """One row per group for the indicator's newest year (first row: the indicator itself)."""
    newest = max(r["jaar"] for r in records)
    by_group = {r["groep"]: r for r in records if r["jaar"] == newest}
    labels = {group.code: group.naam for group in ind.groepen}
    rows = []
    for n, groep in enumerate(ordered_groups(ind, by_group)):
        r = by_group[groep]
        label = f"{ind.code} {ind.naam}" if n == 0 else labels.get(groep, groep)
        if n == 0 and groep != "totaal":
            label += f" ({labels.get(groep, groep)})"
        cells = [label, str(newest), gemeente_figure(r, ind, marks),
                 comparison_figure(r, "cluster_waarde", "cluster_status", ind, marks),
                 comparison_figure(r, "provincie_waarde", "provincie_status", ind, marks),
                 comparison_figure(r, "vlaanderen", "vlaanderen_status", ind, marks)]
        rows.append({"c": cells, "na": False, "sub": n > 0})
    return rows


def gemeente_figure(record: dict, ind: Indicator, marks: set[str]) -> str:
    """The gemeente's figure, or why there is none. Suppressed figures never reach the text."""
    status = record["status"] or STATUS_OK
    value = record["waarde"]
    if status not in PUBLISHED or is_missing(value):
        status = status if status in SHORT_STATUS else STATUS_MISSING
        marks.add(status)
        return SHORT_STATUS[status]
    if status == STATUS_PROVISIONAL:
        marks.add(STATUS_PROVISIONAL)
        return format_figure(value, ind) + " (v)"
    return format_figure(value, ind)


def comparison_figure(record: dict, column: str, status_column: str, ind: Indicator,
                      marks: set[str]) -> str:
    value = record[column]
    if is_missing(value):
        return "–"
    if record[status_column]:
        marks.add("onvolledig")
        return format_figure(value, ind) + " (o)"
    return format_figure(value, ind)


def trend_table(trend: list[tuple[Indicator, list[dict]]], marks: set[str]) -> dict | None:
    """The gemeente's figure (first group) per year: a row per year, a column per indicator."""
    if not trend:
        return None
    cells: dict[tuple[str, int], str] = {}
    years: set[int] = set()
    for ind, records in trend:
        for r in records:
            if r["groep"] == ind.group_codes[0]:
                cells[(ind.code, r["jaar"])] = gemeente_figure(r, ind, marks)
                years.add(r["jaar"])
    rows = [[str(year)] + [cells.get((ind.code, year), "–") for ind, _ in trend]
            for year in sorted(years)]
    return {"kop": ["Jaar"] + [ind.code for ind, _ in trend], "rijen": rows,
            "sleutel": "; ".join(f"{ind.code}: {ind.naam}" for ind, _ in trend)}


def note_texts(marks: set[str], g: Gemeente) -> list[str]:
    """Footnotes for the marks that occur in one theme, in a fixed order."""
    texts = {
        STATUS_PROVISIONAL: "(v) Voorlopig cijfer: kan nog wijzigen wanneer de bron definitieve "
                            "gegevens levert.",
        "onvolledig": "(o) Onvolledig: een geheim cijfer van een gemeente ontbreekt in de som van "
                      "de cluster, de provincie of het Vlaams Gewest.",
        STATUS_SECRET: "geheim: niet gepubliceerd om de privacy te beschermen (te kleine aantallen).",
        STATUS_MERGER: "fusie: niet beschikbaar door fusie. Een waarde van vóór de fusie kan niet "
                       "uit de voormalige gemeenten worden samengesteld"
                       + (f" (voormalige gemeenten: {former_text(g)})." if g.voorgangers else "."),
        STATUS_MISSING: "–: geen gegevens.",
    }
    return [text for key, text in texts.items() if key in marks]


def catalogue_annex(catalogue: Catalogue, provenance: Provenance = Provenance()) -> list[dict]:
    """Per theme, per indicator: definition, teller/noemer, doelgroep, bron, ..."""
    return [{"naam": theme.naam,
             "indicatoren": [{"titel": f"{ind.code} {ind.naam}", "velden": indicator_fields(ind, provenance)}
                             for ind in catalogue.by_theme(theme.code)]}
            for theme in catalogue.themes]


def source_files_text(ind: Indicator, provenance: Provenance) -> str:
    """The raw files behind an indicator: publisher, title, source date and licence."""
    return "; ".join(f"{s.uitgever}, {s.titel} ({s.datum}; licentie: {s.licentie})"
                     for s in provenance.for_indicator(ind.code))


def indicator_fields(ind: Indicator, provenance: Provenance = Provenance()) -> list[list[str]]:
    unit = unit_of(ind) or "aantal"
    decimals = f"{ind.decimalen} decima{'al' if ind.decimalen == 1 else 'len'}"
    groups = ", ".join(group.naam for group in ind.groepen)
    fields = [["Definitie", ind.definitie], ["Teller", ind.teller], ["Noemer", ind.noemer],
              ["Doelgroep", ind.doelgroep], ["Bron", ind.bron], ["Licentie", ind.licentie],
              ["Bronbestanden", source_files_text(ind, provenance)], ["Eenheid", f"{unit} ({decimals})"],
              ["Opsplitsing", f"{ind.indeling_naam}: {groups}" if len(ind.groepen) > 1 else "geen"],
              ["Beschikbaar sinds", str(ind.eerste_editie) if ind.available else "gepland"]]
    return [[label, str(text).strip()] for label, text in fields if str(text or "").strip()]


# ============================================================================ workbook


ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_text(value: object) -> str:
    """Text for a cell: control characters Excel refuses are dropped."""
    return ILLEGAL_CHARACTERS.sub("", str(value))


class Sheet:
    """A worksheet written row by row (XlsxWriter): text stays text, figures stay numbers."""

    def __init__(self, wb: Any, title: str, widths: tuple[int, ...], formats: dict):
        self.ws, self.row, self.formats = wb.add_worksheet(title), 0, formats
        for i, width in enumerate(widths):
            self.ws.set_column(i, i, width)
        self.ws.freeze_panes(1, 0)

    def append(self, cells: list[tuple[str, object, str | None]]) -> None:
        """``cells``: ("t", text, None | "bold") or ("n", number, number format)."""
        for col, (kind, value, style) in enumerate(cells):
            fmt = self.formats.get(style) if style else None
            if kind == "t":
                # write_string never turns "=1+1", "+", "-" or "@" into a formula
                self.ws.write_string(self.row, col, safe_text(value), fmt)
            elif is_missing(value):
                self.ws.write_blank(self.row, col, None, fmt)
            else:
                self.ws.write_number(self.row, col, float(value), fmt)
        self.row += 1


def text_cell(value: object, bold: bool = False) -> tuple:
    return ("t", value, "bold" if bold else None)


def number_cell(value: object, number_format: str) -> tuple:
    return ("n", value, number_format)


def number_format(ind: Indicator) -> str:
    """``#,##0.0" %"`` etc.: the indicator's decimals and unit (shown with Excel's separators)."""
    base = "#,##0" + ("." + "0" * ind.decimalen if ind.decimalen > 0 else "")
    unit = unit_of(ind)
    if unit == "€":
        return '"€ "' + base
    return f'{base}" {unit}"' if unit else base


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet title (max. 31 characters, no []:*?/\\)."""
    title = re.sub(r"[\[\]:*?/\\]", " ", safe_text(name)).strip()[:31] or "Blad"
    base, n = title, 2
    while title.lower() in used:
        title = f"{base[:28]} {n}"
        n += 1
    used.add(title.lower())
    return title


THEME_HEADER = ("Code", "Indicator", "Jaar", "Groep", "Eenheid", "{naam}", "Cluster {cluster}",
                "Provincie {provincie}", "Vlaams Gewest", "Status", "Opmerking")
THEME_WIDTHS = (7, 44, 7, 24, 9, 16, 16, 16, 16, 12, 30)


def theme_sheet(wb: Any, title: str, g: Gemeente, inds: list[Indicator],
                by_ind: dict[str, list[dict]], formats: dict) -> None:
    ws = Sheet(wb, title, THEME_WIDTHS, formats)
    header = [h.format(naam=g.naam, cluster=g.clusternaam, provincie=g.provincie) for h in THEME_HEADER]
    ws.append([text_cell(h, bold=True) for h in header])
    for ind in inds:
        for r in sorted(by_ind.get(ind.code, []), key=lambda r: row_order(ind, r)):
            ws.append(theme_row(ind, r))


def row_order(ind: Indicator, record: dict) -> tuple:
    codes = ind.group_codes
    groep = record["groep"]
    return (record["jaar"], codes.index(groep) if groep in codes else len(codes), groep)


def theme_row(ind: Indicator, r: dict) -> list[tuple]:
    """One row: figures as numbers (empty unless published), status and remarks as text."""
    fmt = number_format(ind)
    status = r["status"] or STATUS_OK
    shown = status in PUBLISHED
    labels = {group.code: group.naam for group in ind.groepen}
    remarks = [name for name, col in (("cluster", "cluster_status"), ("provincie", "provincie_status"),
                                      ("Vlaams Gewest", "vlaanderen_status")) if r[col]]
    remark = f"onvolledig: {', '.join(remarks)}" if remarks else ""
    return [text_cell(ind.code), text_cell(ind.naam), number_cell(r["jaar"], "0"),
            text_cell(labels.get(r["groep"], r["groep"])), text_cell(unit_of(ind) or "aantal"),
            number_cell(r["waarde"] if shown else None, fmt),
            number_cell(r["cluster_waarde"], fmt), number_cell(r["provincie_waarde"], fmt),
            number_cell(r["vlaanderen"], fmt), text_cell(status), text_cell(remark)]


DEFINITION_HEADER = ("Code", "Indicator", "Thema", "Soort", "Eenheid", "Decimalen", "Definitie",
                     "Teller", "Noemer", "Doelgroep", "Bron", "Opsplitsing", "Beschikbaar sinds")
DEFINITION_WIDTHS = (7, 44, 20, 9, 9, 10, 60, 40, 40, 40, 30, 30, 12)


def definitions_sheet(wb: Any, catalogue: Catalogue, formats: dict) -> None:
    ws = Sheet(wb, "Definities", DEFINITION_WIDTHS, formats)
    ws.append([text_cell(h, bold=True) for h in DEFINITION_HEADER])
    for ind in catalogue:
        values = [ind.code, ind.naam, catalogue.theme(ind.thema).naam, ind.soort,
                  unit_of(ind) or "aantal", str(ind.decimalen), ind.definitie, ind.teller, ind.noemer,
                  ind.doelgroep, " — ".join(t for t in (ind.bron, ind.licentie) if t),
                  ", ".join(group.naam for group in ind.groepen),
                  str(ind.eerste_editie) if ind.available else "gepland"]
        ws.append([text_cell(" ".join(str(v or "").split())) for v in values])


def workbook_bytes(context: WorkerContext, g: Gemeente, records: list[dict]) -> bytes:
    """The gemeente's workbook: a sheet per theme, then "Definities"; deterministic bytes."""
    import xlsxwriter

    stamp = edition_datetime(context.edition)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.set_properties({"author": "LIIM", "created": stamp,
                       "title": safe_text(f"LIIM {context.edition.jaar} – cijfers {g.naam}")})
    formats = workbook_formats(wb, context.catalogue)
    by_ind: dict[str, list[dict]] = {}
    for record in records:
        by_ind.setdefault(record["indicator"], []).append(record)
    used: set[str] = {"definities"}
    for theme in context.catalogue.themes:
        inds = list(context.catalogue.by_theme(theme.code))
        theme_sheet(wb, sheet_title(theme.naam, used), g, inds, by_ind, formats)
    definitions_sheet(wb, context.catalogue, formats)
    wb.close()
    return normalise_zip(buffer.getvalue(), stamp)


def workbook_formats(wb: Any, catalogue: Catalogue) -> dict:
    """One cell format per number format in use (plus bold headers)."""
    codes = {"0"} | {number_format(ind) for ind in catalogue}
    formats = {code: wb.add_format({"num_format": code}) for code in sorted(codes)}
    formats["bold"] = wb.add_format({"bold": True})
    return formats


def edition_datetime(edition: Edition) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(str(edition.publicatiedatum))
    except ValueError:
        day = dt.date(int(edition.jaar), 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def normalise_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite a zip with fixed entry times and the workbook's save time replaced by ``stamp``."""
    fixed = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + fixed + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, body)
    return out.getvalue()


# ============================================================================ begeleidend rapport


SNIPPET_LINE = re.compile(r'^--8<--\s+"([^"]+)"\s*$', re.MULTILINE)
SNIPPET_MARK = "LIIMSNIPPET"


def methodology_data(monitor: Monitor, source: Path | None = None) -> dict:
    """The methodology page (Markdown) as typst-ready blocks, plus the catalogue annex."""
    text = Path(source or paths.SITE_SRC / "methodologie.md").read_text(encoding="utf-8")
    snippets = {"beschikbaarheid.md": availability_block(monitor)}
    edition = monitor.edition
    return {"soort": "methodologie", "reeks": SERIES, "titel": f"Begeleidend rapport LIIM {edition.jaar}",
            "voettekst": f"LIIM {edition.jaar} · begeleidend rapport",
            "ondertitel": f"Editie {edition.jaar} · gepubliceerd op {dutch_date(edition.publicatiedatum)}",
            "demo": demo_notice(edition), "blokken": markdown_blocks(text, snippets),
            "bijlage": catalogue_annex(monitor.catalogue, monitor.provenance)}


def availability_block(monitor: Monitor) -> dict:
    """Indicator × year with X where any row has a published figure (status "" or voorlopig)."""
    table = monitor.table
    published = table[table["status"].isin(list(PUBLISHED))]
    available = set(zip(published["indicator"], published["jaar"].astype(int)))
    years = sorted(int(y) for y in table["jaar"].unique())
    rows = [[_plain(f"{ind.code} {ind.naam}"), _plain(str(ind.eerste_editie or "gepland"))]
            + [_plain("X" if (ind.code, y) in available else "") for y in years]
            for ind in monitor.catalogue]
    head = [_plain("Indicator"), _plain("Eerste editie")] + [_plain(str(y)) for y in years]
    return {"k": "table", "head": head, "rows": rows, "klein": True,
            "titel": "Beschikbaarheid van de indicatoren per jaar (X = cijfers beschikbaar)"}


def _plain(text: str) -> list[dict]:
    return [{"k": "t", "t": text}]


def markdown_blocks(text: str, snippets: dict[str, dict]) -> list[dict]:
    """Markdown (front matter, headings, paragraphs, lists, quotes, tables) → block dicts."""
    import markdown

    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = SNIPPET_LINE.sub(lambda m: f"\n{SNIPPET_MARK}{m.group(1)}\n", text)
    tree = HtmlTree.parse(markdown.markdown(text, extensions=["tables"]))
    return _replace_snippets(html_blocks(tree), snippets)


def _replace_snippets(blocks: list[dict], snippets: dict[str, dict]) -> list[dict]:
    """Paragraphs holding a snippet marker become the snippet's block (unknown ones are dropped)."""
    out = []
    for block in blocks:
        parts = block.get("c") if block["k"] == "p" else None
        text = parts[0].get("t", "") if parts and len(parts) == 1 else ""
        if text.strip().startswith(SNIPPET_MARK):
            name = text.strip()[len(SNIPPET_MARK):]
            if name in snippets:
                out.append(snippets[name])
            continue
        out.append(block)
    return out


class HtmlTree(html.parser.HTMLParser):
    """A minimal element tree of python-markdown's HTML: nodes are (tag, attrs, children)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict = {"tag": "root", "attrs": {}, "children": []}
        self.stack = [self.root]

    @classmethod
    def parse(cls, text: str) -> dict:
        parser = cls()
        parser.feed(text)
        parser.close()
        return parser.root

    def handle_starttag(self, tag: str, attrs: list) -> None:
        node = {"tag": tag, "attrs": dict(attrs), "children": []}
        self.stack[-1]["children"].append(node)
        if tag not in ("br", "hr", "img"):
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i]["tag"] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1]["children"].append(data)


BLOCK_TAGS = {"p", "ul", "ol", "blockquote", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "div"}


def html_blocks(node: dict) -> list[dict]:
    """Block dicts of a node's children; loose inline content becomes a paragraph."""
    blocks, loose = [], []
    for child in node["children"]:
        if isinstance(child, dict) and child["tag"] in BLOCK_TAGS:
            blocks += _paragraph(loose) + html_block(child)
            loose = []
        elif isinstance(child, dict) or child.strip():
            loose.append(child)
    return blocks + _paragraph(loose)


def _paragraph(nodes: list) -> list[dict]:
    parts = inline_parts({"tag": "span", "attrs": {}, "children": nodes})
    return [{"k": "p", "c": parts}] if parts else []


def html_block(node: dict) -> list[dict]:
    tag = node["tag"]
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return [{"k": "h", "l": int(tag[1]), "c": inline_parts(node)}]
    if tag == "p":
        return _paragraph(node["children"])
    if tag in ("ul", "ol"):
        items = [html_blocks(li) for li in node["children"] if isinstance(li, dict) and li["tag"] == "li"]
        return [{"k": tag, "items": items}]
    if tag == "blockquote":
        return [{"k": "quote", "c": html_blocks(node)}]
    if tag == "table":
        return [html_table(node)]
    if tag == "pre":
        return [{"k": "code", "t": node_text(node)}]
    return html_blocks(node)


def html_table(node: dict) -> dict:
    rows = [tr for tr in _descendants(node) if tr["tag"] == "tr"]
    cells = [[inline_parts(c) for c in tr["children"] if isinstance(c, dict) and c["tag"] in ("th", "td")]
             for tr in rows]
    has_head = bool(rows) and all(isinstance(c, dict) and c["tag"] == "th"
                                  for c in rows[0]["children"] if isinstance(c, dict))
    return {"k": "table", "head": cells[0] if has_head else [], "rows": cells[1:] if has_head else cells,
            "klein": False, "titel": None}


def _descendants(node: dict) -> Iterable[dict]:
    for child in node["children"]:
        if isinstance(child, dict):
            yield child
            yield from _descendants(child)


def node_text(node: dict | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(node_text(child) for child in node["children"])


INLINE_KINDS = {"strong": "strong", "b": "strong", "em": "emph", "i": "emph"}


def inline_parts(node: dict) -> list[dict]:
    """Inline content: text, strong, emph, code, links; whitespace collapsed, U+202F kept."""
    parts: list[dict] = []
    for child in node["children"]:
        if isinstance(child, str):
            parts.append({"k": "t", "t": re.sub(r"[ \t\r\n]+", " ", child)})
        elif child["tag"] in INLINE_KINDS:
            parts.append({"k": INLINE_KINDS[child["tag"]], "c": inline_parts(child)})
        elif child["tag"] == "code":
            parts.append({"k": "code", "t": node_text(child)})
        elif child["tag"] == "a" and re.match(r"https?://", child["attrs"].get("href") or ""):
            parts.append({"k": "link", "u": child["attrs"]["href"], "c": inline_parts(child)})
        elif child["tag"] == "br":
            parts.append({"k": "t", "t": " "})
        else:
            parts += inline_parts(child)
    return _trim(parts)


def _trim(parts: list[dict]) -> list[dict]:
    """Drop leading/trailing blanks of a run of inline parts."""
    if parts and parts[0]["k"] == "t":
        parts[0] = {"k": "t", "t": parts[0]["t"].lstrip(" ")}
    if parts and parts[-1]["k"] == "t":
        parts[-1] = {"k": "t", "t": parts[-1]["t"].rstrip(" ")}
    return [p for p in parts if p["k"] != "t" or p["t"]]


# ============================================================================ datapackage


def schema() -> dict:
    """Table Schema of liim-data.csv (and the CSV files with the same columns)."""
    types = {"jaar": "integer", "teller": "number", "noemer": "number", "waarde": "number",
             "vlaanderen": "number", "cluster_waarde": "number", "provincie_waarde": "number"}
    fields = [{"name": col, "type": types.get(col, "string"), "description": COLUMN_DOCS[col]}
              for col in EXPORT_COLUMNS]
    for f in fields:
        if f["name"] == "status":
            f["constraints"] = {"enum": ["", STATUS_PROVISIONAL, STATUS_SECRET, STATUS_MERGER,
                                         STATUS_MISSING]}
    return {"fields": fields, "missingValues": [""]}


SCHEMA_FILE = "liim-data.schema.json"


def resource(out_dir: Path, path: Path, title: str, *, tabular: bool = False,
             inline_schema: bool = False) -> dict:
    """One resource: relative path, format, media type, size and hash (deterministic).

    Tabular resources share the schema file ``liim-data.schema.json``; liim-data.csv
    itself carries the schema inline.
    """
    relative = path.relative_to(out_dir).as_posix()
    fmt = path.suffix.lstrip(".").lower()
    body = path.read_bytes()
    name = re.sub(r"[^a-z0-9._-]", "-", relative.lower().replace("/", "-"))
    item = {"name": name, "path": relative, "title": title, "format": fmt, "mediatype": MEDIATYPES[fmt],
            "bytes": len(body), "hash": "sha256:" + hashlib.sha256(body).hexdigest()}
    if tabular:
        item |= {"profile": "tabular-data-resource", "encoding": "utf-8",
                 "dialect": {"delimiter": ",", "header": True},
                 "schema": schema() if inline_schema else SCHEMA_FILE}
    elif fmt in ("csv", "json"):
        item["encoding"] = "utf-8"
    return item


def resources(monitor: Monitor, out_dir: Path) -> list[dict]:
    """Every download that exists, in a fixed order."""
    items = [resource(out_dir, out_dir / SCHEMA_FILE, "Tabelschema van de CSV-bestanden")]
    for name, tabular in (("liim-data.csv", True), ("liim-data.json", False)):
        if (out_dir / name).is_file():
            items.append(resource(out_dir, out_dir / name, "Alle cijfers, geharmoniseerd",
                                  tabular=tabular, inline_schema=tabular))
    if (out_dir / "begeleidend-rapport.pdf").is_file():
        items.append(resource(out_dir, out_dir / "begeleidend-rapport.pdf", "Begeleidend rapport"))
    for ind in monitor.catalogue:
        for ext, what in (("csv", "cijfers"), ("svg", "kaart van het nieuwste jaar")):
            path = out_dir / "indicatoren" / f"{ind.slug}.{ext}"
            if path.is_file():
                items.append(resource(out_dir, path, f"{ind.code} {ind.naam}: {what}", tabular=ext == "csv"))
    for nis, g in monitor.gemeenten.items():
        for ext, what in (("pdf", "cijferrapport"), ("xlsx", "werkmap"), ("csv", "cijfers"),
                          ("json", "cijfers")):
            path = out_dir / "gemeenten" / f"{nis}.{ext}"
            if path.is_file():
                items.append(resource(out_dir, path, f"{g.naam} ({nis}): {what}", tabular=ext == "csv"))
    return items


def write_datapackage(monitor: Monitor, out_dir: Path) -> list[Path]:
    """``datapackage.json`` (a Frictionless Data Package of every download, no timestamps)
    and the shared ``liim-data.schema.json``."""
    edition = monitor.edition
    (out_dir / SCHEMA_FILE).write_text(json.dumps(schema(), ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    files = [{"title": f"{s.uitgever}: {s.titel} ({s.datum}; licentie: {s.licentie}; sha256 {s.sha256})",
              "path": s.adres} for s in monitor.provenance.sources]
    sources = files or [{"title": b} for b in sorted({ind.bron for ind in monitor.catalogue if ind.bron})]
    package = {
        "profile": "data-package", "name": f"liim-{edition.jaar}",
        "title": f"{SERIES} – editie {edition.jaar}", "version": str(edition.jaar),
        "description": ("Cijfers per indicator, jaar, gemeente (indeling sinds 2025) en groep, met "
                        "vergelijking met cluster, provincie en Vlaams Gewest."
                        + (" Synthetische demonstratiecijfers." if edition.demo else "")),
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Naamsvermelding 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": sources + [{"title": f"Grenzen: {BOUNDARY_SOURCE}"}],
        "resources": resources(monitor, out_dir),
    }
    target = out_dir / "datapackage.json"
    target.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [out_dir / SCHEMA_FILE, target]
