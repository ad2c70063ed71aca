"""The workbook of a gemeente (XLSX, written by ``xlsx.py``): "Overzicht" (the table of the gemeente's web page),
a sheet per theme, the gaps between groups, then "Definities".

"Overzicht" has, per indicator, the newest year's figure of the gemeente with its interval, the
cluster, province and Vlaams Gewest, the verdicts in words, the rank ("12/285") and the change
against five editions earlier: the columns of the web table, in its order.

A theme sheet has, per indicator × year × group, the figure with its 95 % interval, teller and
noemer, the "klein aantal" mark, the comparison figures and the verdicts against the Vlaams
Gewest, the cluster and five editions earlier in words. The sheet "Kloof tussen groepen" has
every gap to the reference group (gemeente, cluster, Vlaams Gewest) with its interval.

Text cells are written as strings (shared strings), so a name like ``=1+1`` is
never a formula; figures are numbers rounded to the indicator's decimals (as the pages round
them), with those decimals and the unit as a number format (``#,##0.0" %"``: spreadsheet software
shows its locale's separators, 1.234,5 in a Dutch one), and empty unless the figure is published.
Every sheet has a frozen header row and an autofilter. The bytes are deterministic: fixed
document times and zip entry times.
"""
from __future__ import annotations

import datetime as dt
import re

from ..catalogue import Catalogue, Indicator
from ..formatting import MISSING, is_missing, round_half_up, unit_of
from ..model import STATUS_OK, STATUS_PROVISIONAL, Edition, Gemeente, is_published
from ..presentation import SMALL_NUMBER, figure_text, gap_unit, group_label, group_rank, verdict_text
from .pool import WorkerContext
from .xlsx import Book, book_bytes, safe_text


class Sheet:
    """A worksheet written row by row (``xlsx.Sheet``, frozen header row): text stays text, figures
    stay numbers."""

    def __init__(self, book: Book, title: str, widths: tuple[int, ...], formats: dict[str, int]):
        self.sheet, self.formats = book.add_sheet(title, widths), formats

    def add_filter(self) -> None:
        """An autofilter over the header row and every row written."""
        self.sheet.filtered = True

    def append(self, cells: list[tuple[str, object, str | None]]) -> None:
        """``cells``: ("t", text, None | "bold") or ("n", number, number format); a text cell is a
        shared string, never a formula ("=1+1", "+", "-" or "@" stay text)."""
        formats = self.formats
        self.sheet.append([(kind, None if kind == "n" and is_missing(value) else value, formats[style] if style else 0)
                           for kind, value, style in cells])


def text_cell(value: object, bold: bool = False) -> tuple:
    """A text cell for ``Sheet.append``."""
    return ("t", value, "bold" if bold else None)


def number_cell(value: object, number_format: str) -> tuple:
    """A number cell (empty when ``value`` is missing) for ``Sheet.append``."""
    return ("n", value, number_format)


def figure_cell(value: object, ind: Indicator, number_format: str) -> tuple:
    """A figure rounded to the indicator's decimals (half away from zero, as on the pages)."""
    return number_cell(None if is_missing(value) else round_half_up(float(value), ind.decimalen),  # type: ignore[arg-type]
                       number_format)


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


THEME_HEADER = ("Code", "Indicator", "Jaar", "Groep", "Eenheid", "{naam}", "Ondergrens (95 %)",
                "Bovengrens (95 %)", "Teller", "Noemer", "Klein aantal", "Cluster {cluster}",
                "Provincie {provincie}", "Vlaams Gewest", "t.o.v. Vlaams Gewest", "t.o.v. cluster",
                "t.o.v. vijf edities eerder", "Status", "Opmerking")
THEME_WIDTHS = (7, 44, 7, 24, 9, 16, 12, 12, 12, 12, 12, 16, 16, 16, 34, 30, 24, 12, 30)
COUNT_FORMAT = "#,##0"


def theme_sheet(wb: Book, title: str, g: Gemeente, inds: list[Indicator],
                by_ind: dict[str, list[dict]], formats: dict) -> None:
    """One theme's sheet: a row per indicator × year × group, in catalogue and group order."""
    ws = Sheet(wb, title, THEME_WIDTHS, formats)
    header = [h.format(naam=g.naam, cluster=g.clusternaam, provincie=g.provincie) for h in THEME_HEADER]
    ws.append([text_cell(h, bold=True) for h in header])
    for ind in inds:
        for r in sorted(by_ind.get(ind.code, []), key=lambda r: row_order(ind, r)):
            ws.append(theme_row(ind, r))
    ws.add_filter()


def row_order(ind: Indicator, record: dict) -> tuple:
    """Sort key of a row: year, then the group's rank (``presentation.group_rank``)."""
    return (record["jaar"], group_rank(ind, record["groep"]))


def verdict_cell(verdict: object, reference: str) -> tuple:
    """"hoger dan …", "lager dan …", "geen duidelijk verschil met …"; empty without a verdict."""
    return text_cell(verdict_text(verdict, reference) if verdict else "")


def earlier_cell(r: dict) -> tuple:
    """The figure against that of five editions earlier, in words (empty without a verdict)."""
    year = r.get("eerder_jaar")
    return verdict_cell(r.get("t_o_v_eerder"), "" if is_missing(year) else f"het cijfer van {int(year)}")  # type: ignore[arg-type]


def theme_row(ind: Indicator, r: dict) -> list[tuple]:
    """One row: figures as numbers (empty unless published), status and remarks as text."""
    fmt = number_format(ind)
    status = r["status"] or STATUS_OK
    shown = is_published(status)

    def own(column: str, number_format: str = fmt) -> tuple:
        if number_format == COUNT_FORMAT:
            return number_cell(r[column] if shown else None, number_format)
        return figure_cell(r[column] if shown else None, ind, number_format)

    remarks = [name for name, col in (("cluster", "cluster_status"), ("provincie", "provincie_status"),
                                      ("Vlaams Gewest", "vlaanderen_status")) if r[col]]
    remark = f"onvolledig: {', '.join(remarks)}" if remarks else ""
    return [text_cell(ind.code), text_cell(ind.naam), number_cell(r["jaar"], "0"),
            text_cell(group_label(ind, r["groep"])), text_cell(unit_of(ind) or "aantal"),
            own("waarde"), own("ondergrens"), own("bovengrens"), own("teller", COUNT_FORMAT),
            own("noemer", COUNT_FORMAT), text_cell(SMALL_NUMBER if shown and r["klein_aantal"] else ""),
            figure_cell(r["cluster_waarde"], ind, fmt), figure_cell(r["provincie_waarde"], ind, fmt),
            figure_cell(r["vlaanderen"], ind, fmt), verdict_cell(shown and r["t_o_v_vlaanderen"], "het Vlaams Gewest"),
            verdict_cell(shown and r["t_o_v_cluster"], "de cluster"), earlier_cell(r) if shown else text_cell(""),
            text_cell(status), text_cell(remark)]


GAP_HEADER = ("Code", "Indicator", "Jaar", "Groep", "Referentiegroep", "Eenheid", "{naam}",
              "Ondergrens (95 %)", "Bovengrens (95 %)", "Cluster {cluster}", "Ondergrens (95 %)",
              "Bovengrens (95 %)", "Vlaams Gewest", "Ondergrens (95 %)", "Bovengrens (95 %)")
GAP_WIDTHS = (7, 44, 7, 24, 24, 13, 16, 12, 12, 16, 12, 12, 16, 12, 12)
GAP_LEVELS = ("", "cluster_", "vlaanderen_")  # column prefixes: the gemeente, its cluster, Vlaanderen


def gap_sheet(wb: Book, g: Gemeente, catalogue: Catalogue, by_ind: dict[str, list[dict]], formats: dict) -> None:
    """"Kloof tussen groepen": each group's figure minus the reference group's, with the interval,
    for the gemeente, its cluster and the Vlaams Gewest (every year; empty where there is none)."""
    ws = Sheet(wb, "Kloof tussen groepen", GAP_WIDTHS, formats)
    ws.append([text_cell(h.format(naam=g.naam, cluster=g.clusternaam), bold=True) for h in GAP_HEADER])
    for ind in catalogue:
        reference = ind.gap_reference
        if not reference:
            continue
        rows = [r for r in by_ind.get(ind.code, []) if r["groep"] not in ("totaal", reference)]
        for r in sorted(rows, key=lambda r: row_order(ind, r)):
            ws.append(gap_row(ind, r))
    ws.add_filter()


def gap_row(ind: Indicator, r: dict) -> list[tuple]:
    """One gap row: the three gaps (percentage or per-mille points) and their intervals."""
    fmt = gap_format(ind)
    shown = is_published(r["status"] or STATUS_OK)
    cells = [text_cell(ind.code), text_cell(ind.naam), number_cell(r["jaar"], "0"),
             text_cell(group_label(ind, r["groep"])), text_cell(group_label(ind, ind.gap_reference)),
             text_cell(gap_unit(ind))]
    for prefix in GAP_LEVELS:
        visible = shown or prefix != ""
        cells += [figure_cell(r.get(f"{prefix}{col}") if visible else None, ind, fmt)
                  for col in ("kloof", "kloof_ondergrens", "kloof_bovengrens")]
    return cells


def gap_format(ind: Indicator) -> str:
    """The indicator's decimals, without unit (the unit is in its own column)."""
    return "#,##0" + ("." + "0" * ind.decimalen if ind.decimalen > 0 else "")


DEFINITION_HEADER = ("Code", "Indicator", "Thema", "Soort", "Eenheid", "Decimalen", "Definitie",
                     "Teller", "Noemer", "Doelgroep", "Bron", "Opsplitsing", "Beschikbaar sinds")
DEFINITION_WIDTHS = (7, 44, 20, 9, 9, 10, 60, 40, 40, 40, 30, 30, 12)


def definitions_sheet(wb: Book, catalogue: Catalogue, formats: dict) -> None:
    """The "Definities" sheet: one row per indicator of the catalogue."""
    ws = Sheet(wb, "Definities", DEFINITION_WIDTHS, formats)
    ws.append([text_cell(h, bold=True) for h in DEFINITION_HEADER])
    for ind in catalogue:
        values = [ind.code, ind.naam, catalogue.theme(ind.thema).naam, ind.soort,
                  unit_of(ind) or "aantal", str(ind.decimalen), ind.definitie, ind.teller, ind.noemer,
                  ind.doelgroep, " — ".join(t for t in (ind.bron, ind.licentie) if t),
                  ", ".join(group.naam for group in ind.groepen),
                  str(ind.eerste_editie) if ind.available else "gepland"]
        ws.append([text_cell(" ".join(str(v or "").split())) for v in values])
    ws.add_filter()


def workbook_bytes(context: WorkerContext, g: Gemeente, records: list[dict]) -> bytes:
    """The gemeente's workbook: a sheet per theme, the gaps, then "Definities"; deterministic bytes."""
    wb = Book()
    formats = workbook_formats(wb, context.catalogue)
    by_ind: dict[str, list[dict]] = {}
    for record in records:
        by_ind.setdefault(record["indicator"], []).append(record)
    used: set[str] = {"overzicht", "definities", "kloof tussen groepen"}
    overview_sheet(wb, g, context.catalogue, by_ind, formats)
    for theme in context.catalogue.themes:
        inds = list(context.catalogue.by_theme(theme.code))
        theme_sheet(wb, sheet_title(theme.naam, used), g, inds, by_ind, formats)
    gap_sheet(wb, g, context.catalogue, by_ind, formats)
    definitions_sheet(wb, context.catalogue, formats)
    return book_bytes(wb, f"LIIM {context.edition.jaar} – cijfers {g.naam}", "LIIM", edition_datetime(context.edition))


OVERVIEW_HEADER = ("Thema", "Indicator", "Jaar", "{naam}", "Ondergrens (95 %)", "Bovengrens (95 %)",
                   "Cluster", "Provincie", "Vlaams Gewest", "t.o.v. Vlaams Gewest", "t.o.v. cluster",
                   "Rang in Vlaanderen", "Evolutie", "Opmerking")
OVERVIEW_WIDTHS = (22, 52, 7, 16, 12, 12, 14, 14, 14, 34, 30, 11, 34, 30)
NOT_AVAILABLE = "nog niet beschikbaar"


def overview_sheet(wb: Book, g: Gemeente, catalogue: Catalogue, by_ind: dict[str, list[dict]],
                   formats: dict) -> None:
    """"Overzicht": the table of the gemeente's web page, one row per indicator (its newest year,
    the total), in catalogue order."""
    ws = Sheet(wb, "Overzicht", OVERVIEW_WIDTHS, formats)
    ws.append([text_cell(h.format(naam=g.naam), bold=True) for h in OVERVIEW_HEADER])
    for theme in catalogue.themes:
        for ind in catalogue.by_theme(theme.code):
            record = newest_total(ind, by_ind.get(ind.code, []))
            lead = [text_cell(theme.naam), text_cell(f"{ind.code} {ind.naam}")]
            if record is None:
                ws.append(lead + [text_cell(""), text_cell(NOT_AVAILABLE)])
            else:
                ws.append(lead + overview_row(ind, record))
    ws.add_filter()


def newest_total(ind: Indicator, records: list[dict]) -> dict | None:
    """The record of the newest year's total (else its first group), as on the gemeente page."""
    if not records:
        return None
    newest = max(r["jaar"] for r in records)
    return min((r for r in records if r["jaar"] == newest), key=lambda r: (r["groep"] != "totaal",
                                                                           group_rank(ind, r["groep"])))


def overview_row(ind: Indicator, r: dict) -> list[tuple]:
    """Year, the gemeente's figure and interval, the comparison figures, verdicts, rank, change, remark."""
    fmt = number_format(ind)
    status = r["status"] or STATUS_OK
    shown = is_published(status) and not is_missing(r["waarde"])
    figure = figure_cell(r["waarde"], ind, fmt) if shown else text_cell(figure_text(r["waarde"], status, ind))
    rank = (f"{int(r['rang'])}/{int(r['rang_van'])}"
            if not (is_missing(r.get("rang")) or is_missing(r.get("rang_van"))) else MISSING)
    return [number_cell(r["jaar"], "0"), figure,
            figure_cell(r["ondergrens"] if shown else None, ind, fmt),
            figure_cell(r["bovengrens"] if shown else None, ind, fmt),
            figure_cell(r["cluster_waarde"], ind, fmt), figure_cell(r["provincie_waarde"], ind, fmt),
            figure_cell(r["vlaanderen"], ind, fmt),
            verdict_cell(shown and r["t_o_v_vlaanderen"], "het Vlaams Gewest"),
            verdict_cell(shown and r["t_o_v_cluster"], "de cluster"), text_cell(rank),
            earlier_cell(r) if shown else text_cell(""), text_cell(overview_remark(r, shown))]


def overview_remark(r: dict, shown: bool) -> str:
    """Voorlopig, klein aantal, an incomplete comparison figure: what the web table marks."""
    notes = ["voorlopig"] if shown and r["status"] == STATUS_PROVISIONAL else []
    notes += [SMALL_NUMBER] if shown and r["klein_aantal"] else []
    incomplete = [name for name, col in (("cluster", "cluster_status"), ("provincie", "provincie_status"),
                                         ("Vlaams Gewest", "vlaanderen_status")) if r[col]]
    return "; ".join(notes + ([f"onvolledig: {', '.join(incomplete)}"] if incomplete else []))


def workbook_formats(wb: Book, catalogue: Catalogue) -> dict[str, int]:
    """One cell style per number format in use (plus bold headers), by format code."""
    codes = {"0", COUNT_FORMAT} | {number_format(ind) for ind in catalogue} | {gap_format(ind) for ind in catalogue}
    formats = {code: wb.style(code) for code in sorted(codes)}
    formats["bold"] = wb.style(None, bold=True)
    return formats


def edition_datetime(edition: Edition) -> dt.datetime:
    """The workbook's fixed time stamp: the publication date (else 1 January of the edition)."""
    try:
        day = dt.date.fromisoformat(str(edition.publicatiedatum))
    except ValueError:
        day = dt.date(int(edition.jaar), 1, 1)
    return dt.datetime(day.year, day.month, day.day)
