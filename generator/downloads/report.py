"""The cijferrapport of a gemeente (PDF, typst): what it prints, as strings.

Both reports (this one and the begeleidend rapport, ``methodology.py``) are the typst
template ``templates/rapport.typ.j2``; only constants go through Jinja, the data
reach typst as JSON in ``sys.inputs`` and are inserted as strings, never parsed
as markup. Figures are written by ``presentation`` with its short labels (a narrow
table cell): suppressed figures never reach the text.

Per theme the cijferrapport has the newest figures (the gemeente's with its 95 % interval and
its counts, the comparison figures, and the verdicts against the Vlaams Gewest, the cluster and
five editions earlier as short words with a legend), the gaps between groups (gemeente,
cluster, Vlaams Gewest) and the gemeente's figure per year. A table cell is a string or a
list of lines (the first normal, the others small and grey).
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

import jinja2

from .. import paths
from ..catalogue import Catalogue, Indicator
from ..formatting import is_missing, unit_of
from ..model import (
    HIGHER,
    LOWER,
    SIMILAR,
    STATUS_MERGER,
    STATUS_MISSING,
    STATUS_PROVISIONAL,
    STATUS_SECRET,
    Edition,
    Gemeente,
    Provenance,
    is_published,
)
from ..presentation import (
    INCOMPLETE,
    MISSING,
    SERIES,
    SHORT_LABELS,
    SMALL_NUMBER,
    VERDICT_WORDS,
    cluster_members,
    counts_text,
    figure_mark,
    figure_text,
    gap_text,
    group_figure,
    group_label,
    group_mark,
    interval_text,
    ordered_groups,
)
from .pool import WorkerContext

REPORT_TEMPLATE = "rapport.typ.j2"
FONTS = ("DejaVu Sans", "Libertinus Serif")  # Libertinus is built into typst: always there
ACCENT = "#1f4e79"
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
# PDF accessibility tags for the cijferrapporten: off. Tagged, one report is about 460 KB
# (a structure element per table cell, written uncompressed), untagged about 100 KB; the limit
# is 300 KB. The text stays selectable and searchable. The begeleidend rapport is tagged.
GEMEENTE_PDF_TAGS = False


# ------------------------------------------------------------------- template


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


# ------------------------------------------------------------- shared texts


def dutch_date(iso: str) -> str:
    """``2025-12-15`` → ``15 december 2025`` (unparseable input is returned as given)."""
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def demo_notice(edition: Edition) -> str | None:
    """The warning on every report of the synthetic demo (``None`` for real figures)."""
    if not edition.demo:
        return None
    return ("Let op: dit rapport bevat synthetische demonstratiecijfers. Ze zijn gegenereerd om de "
            "monitor te tonen en beschrijven de gemeente niet.")


def catalogue_annex(catalogue: Catalogue, provenance: Provenance) -> list[dict]:
    """Per theme, per indicator: definition, teller/noemer, doelgroep, bron, ..."""
    return [{"naam": theme.naam,
             "indicatoren": [{"titel": f"{ind.code} {ind.naam}", "velden": indicator_fields(ind, provenance)}
                             for ind in catalogue.by_theme(theme.code)]}
            for theme in catalogue.themes]


def source_files_text(ind: Indicator, provenance: Provenance) -> str:
    """The raw files behind an indicator: publisher, title, source date and licence."""
    return "; ".join(f"{s.uitgever}, {s.titel} ({s.datum}; licentie: {s.licentie})"
                     for s in provenance.for_indicator(ind.code))


def indicator_fields(ind: Indicator, provenance: Provenance) -> list[list[str]]:
    """(label, text) pairs describing one indicator in the annex; empty fields are left out."""
    unit = unit_of(ind) or "aantal"
    decimals = f"{ind.decimalen} decima{'al' if ind.decimalen == 1 else 'len'}"
    groups = ", ".join(group.naam for group in ind.groepen)
    fields = [["Definitie", ind.definitie], ["Teller", ind.teller], ["Noemer", ind.noemer],
              ["Doelgroep", ind.doelgroep], ["Bron", ind.bron], ["Licentie", ind.licentie],
              ["Bronbestanden", source_files_text(ind, provenance)], ["Eenheid", f"{unit} ({decimals})"],
              ["Opsplitsing", f"{ind.indeling_naam}: {groups}" if len(ind.groepen) > 1 else "geen"],
              ["Beschikbaar sinds", str(ind.eerste_editie) if ind.available else "gepland"]]
    return [[label, str(text).strip()] for label, text in fields if str(text or "").strip()]


# ------------------------------------------------------------ the cijferrapport


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


def cover_facts(context: WorkerContext, g: Gemeente) -> list[list[str]]:
    """(label, text) pairs on the cover."""
    members = [m.naam for m in cluster_members(context.gemeenten, g)]
    facts = [["NIS-code", g.nis], ["Provincie", g.provincie], ["Editie", str(context.edition.jaar)],
             ["Publicatiedatum", dutch_date(context.edition.publicatiedatum)],
             ["Cluster", g.clusternaam],
             [f"Andere gemeenten in de cluster ({len(members)})", ", ".join(members) or MISSING]]
    if g.voorgangers:
        facts.append(["Voormalige gemeenten", former_text(g)])
    return facts


def former_text(g: Gemeente) -> str:
    """The gemeenten merged into ``g``, with their codes and merger dates."""
    return ", ".join(f"{naam} ({nis}, samengevoegd op {dutch_date(date)})"
                     for nis, naam, date in g.voorgangers)


VERDICT_MARKS = {HIGHER: "hoger", LOWER: "lager", SIMILAR: "≈"}  # a verdict in a narrow table cell
VERDICTS = "verdicts"  # the footnote key of the verdict columns
SMALL = "klein"        # the footnote key of a klein-aantal figure
SMALL_TEXT = (f"{SMALL_NUMBER}: noemer kleiner dan {{drempel}}; het cijfer schommelt sterk door toeval "
              "(grijs).")


def reading_guide(g: Gemeente) -> list[str]:
    """The paragraphs that explain the tables and their marks."""
    return [f"Per indicator het nieuwste cijfer van {g.naam}, naast het cijfer van de cluster "
            f"{g.clusternaam}, de provincie {g.provincie} en het Vlaams Gewest. Bij aandelen (%) en cijfers "
            "per 1\u202f000 (‰) staat achter het cijfer van de gemeente het 95\u202f%-betrouwbaarheidsinterval, "
            "met daaronder teller en noemer (bv. 1\u202f234 van 10\u202f020). Bij aantallen is het cijfer van "
            "cluster, provincie en Vlaams Gewest een totaal.",
            verdict_legend(),
            "Kloof tussen groepen: het cijfer van een groep min dat van de referentiegroep, in procentpunt "
            "(promillepunt bij ‰), met het 95\u202f%-interval tussen haakjes.",
            "(v) = voorlopig cijfer; (o) = onvolledig: een geheim cijfer ontbreekt in de som; "
            f"geheim = niet gepubliceerd; fusie = niet beschikbaar door fusie; {MISSING} = geen gegevens; "
            f"{SMALL_NUMBER} = de noemer is klein, het cijfer schommelt sterk door toeval.",
            "Zie het begeleidend rapport, 'Betrouwbaarheidsintervallen en significantie'."]


def verdict_legend() -> str:
    """What the verdict columns say (the legend of their short words)."""
    return (f"t.o.v. Vlaanderen, t.o.v. cluster: {VERDICT_MARKS[HIGHER]} = {VERDICT_WORDS[HIGHER]}, "
            f"{VERDICT_MARKS[LOWER]} = {VERDICT_WORDS[LOWER]} het cijfer van het Vlaams Gewest of de cluster "
            f"(het hele 95\u202f%-interval van de gemeente ligt erboven of eronder); {VERDICT_MARKS[SIMILAR]} = "
            f"{VERDICT_WORDS[SIMILAR]} dat cijfer. t.o.v. vroeger: het nieuwste cijfer tegenover dat van vijf "
            "edities eerder (het jaar staat eronder), hoger of lager alleen als het 95\u202f%-interval van het "
            "verschil 0 uitsluit. Leeg: geen interval (aantallen, gemiddelden) of geen cijfer.")


def theme_section(catalogue: Catalogue, theme: str, by_ind: dict[str, list[dict]],
                  g: Gemeente) -> dict:
    """The newest-year table, the gap table, the trend table and the notes of one theme."""
    marks: set[str] = set()
    rows: list[dict] = []
    trend: list[tuple[Indicator, list[dict]]] = []
    for ind in catalogue.by_theme(theme):
        records = by_ind.get(ind.code)
        if not records:
            rows.append({"c": [f"{ind.code} {ind.naam}"], "na": True, "sub": False, "klein": False})
            continue
        rows += latest_rows(ind, records, marks)
        trend.append((ind, records))
    return {"naam": catalogue.theme(theme).naam, "rijen": rows,
            "kop": ["Indicator", "Jaar", g.naam, "Cluster", "Provincie", "Vlaams Gewest",
                    ["t.o.v.", "Vlaanderen"], ["t.o.v.", "cluster"], ["t.o.v.", "vroeger"]],
            "kloven": gap_table(trend, g), "trend": trend_table(trend, marks),
            "noten": note_texts(marks, g)}


def newest_records(records: list[dict]) -> tuple[int, dict[str, dict]]:
    """The newest year of an indicator's records and its record per group."""
    newest = max(r["jaar"] for r in records)
    return newest, {r["groep"]: r for r in records if r["jaar"] == newest}


def latest_rows(ind: Indicator, records: list[dict], marks: set[str]) -> list[dict]:
    """One row per group for the indicator's newest year (first row: the indicator itself)."""
    newest, by_group = newest_records(records)
    rows = []
    for n, groep in enumerate(ordered_groups(ind, by_group)):
        r = by_group[groep]
        label = f"{ind.code} {ind.naam}" if n == 0 else group_label(ind, groep)
        if n == 0 and groep != "totaal":
            label += f" ({group_label(ind, groep)})"
        cells = [label, str(newest), gemeente_cell(r, ind, marks),
                 comparison_figure(r, "cluster_waarde", "cluster_status", ind, marks),
                 comparison_figure(r, "provincie_waarde", "provincie_status", ind, marks),
                 comparison_figure(r, "vlaanderen", "vlaanderen_status", ind, marks)]
        cells += verdict_cells(r, marks)
        rows.append({"c": cells, "na": False, "sub": n > 0, "klein": small(r)})
    return rows


def small(record: dict) -> bool:
    """A published figure whose noemer is below the catalogue's threshold."""
    return bool(record.get("klein_aantal")) and is_published(record["status"] or "")


def gemeente_cell(record: dict, ind: Indicator, marks: set[str]) -> str | list[str]:
    """The gemeente's figure with its interval, "12,3 % (10,1–14,8)", and under it the counts
    ("1 234 van 10 020", with "klein aantal" when the noemer is small)."""
    text = gemeente_figure(record, ind, marks)
    if not is_published(record["status"] or "") or unit_of(ind) not in ("%", "‰"):
        return text
    interval = interval_text(record["ondergrens"], record["bovengrens"], ind)
    counts = counts_text(record["teller"], record["noemer"], ind)
    if small(record):
        marks.add(f"{SMALL}:{ind.klein_aantal}")
        counts = f"{counts} · {SMALL_NUMBER}" if counts else SMALL_NUMBER
    first = f"{text} ({interval})" if interval else text
    return [first, counts] if counts else first


def verdict_cells(record: dict, marks: set[str]) -> list[str | list[str]]:
    """t.o.v. Vlaanderen, t.o.v. cluster and t.o.v. five editions earlier, in short words."""
    if not is_published(record["status"] or ""):
        return ["", "", ""]
    cells: list[str | list[str]] = [VERDICT_MARKS.get(record[c] or "", "") for c in ("t_o_v_vlaanderen", "t_o_v_cluster")]
    earlier, year = VERDICT_MARKS.get(record.get("t_o_v_eerder") or "", ""), record.get("eerder_jaar")
    cells.append([earlier, f"t.o.v. {int(year)}"] if earlier and not is_missing(year) else "")  # type: ignore[arg-type]
    if any(cells):
        marks.add(VERDICTS)
    return cells


def gap_table(trend: list[tuple[Indicator, list[dict]]], g: Gemeente) -> dict | None:
    """The gaps between groups in the newest year: each group minus the reference group, for the
    gemeente, its cluster and the Vlaams Gewest (``presentation.gap_text``); ``None`` without any."""
    rows = []
    for ind, records in trend:
        reference = ind.gap_reference
        if not reference:
            continue
        newest, by_group = newest_records(records)
        groups = [x for x in ordered_groups(ind, by_group) if x not in ("totaal", reference)]
        for n, groep in enumerate(groups):
            r = by_group[groep]
            rows.append([f"{ind.code} {ind.naam} ({newest})" if n == 0 else "",
                         [group_label(ind, groep), f"t.o.v. {group_label(ind, reference)}"],
                         gap_cell(r, "", ind), gap_cell(r, "cluster_", ind), gap_cell(r, "vlaanderen_", ind)])
    if not rows:
        return None
    return {"kop": ["Indicator", "Groep", g.naam, "Cluster", "Vlaams Gewest"], "rijen": rows}


def gap_cell(record: dict, prefix: str, ind: Indicator) -> str | list[str]:
    """A gap with its interval on a second line; the gemeente's only when its figure is published."""
    if prefix == "" and not is_published(record["status"] or ""):
        return MISSING
    text = gap_text(record.get(f"{prefix}kloof"), record.get(f"{prefix}kloof_ondergrens"),
                    record.get(f"{prefix}kloof_bovengrens"), ind)
    head, _, rest = text.partition(" (")
    return [head, f"({rest}"] if rest else head


def gemeente_figure(record: dict, ind: Indicator, marks: set[str]) -> str:
    """The gemeente's figure in a table cell (short labels); its footnote is added to ``marks``."""
    value, status = record["waarde"], record["status"]
    mark = figure_mark(value, status)
    if mark is not None:
        marks.add(mark)
    return figure_text(value, status, ind, SHORT_LABELS)


def comparison_figure(record: dict, column: str, status_column: str, ind: Indicator,
                      marks: set[str]) -> str:
    """A cluster/province/Flemish figure in a table cell; its footnote is added to ``marks``."""
    value, status = record[column], record[status_column]
    mark = group_mark(value, status)
    if mark is not None:
        marks.add(mark)
    return group_figure(value, status, ind)


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
    rows = [[str(year)] + [cells.get((ind.code, year), MISSING) for ind, _ in trend]
            for year in sorted(years)]
    return {"kop": ["Jaar"] + [ind.code for ind, _ in trend], "rijen": rows,
            "sleutel": "; ".join(f"{ind.code}: {ind.naam}" for ind, _ in trend)}


def note_texts(marks: set[str], g: Gemeente) -> list[str]:
    """Footnotes for the marks that occur in one theme, in a fixed order."""
    thresholds = sorted({int(m.split(":")[1]) for m in marks if m.startswith(f"{SMALL}:")})
    texts = {
        VERDICTS: (f"{VERDICT_MARKS[HIGHER]}, {VERDICT_MARKS[LOWER]} = {VERDICT_WORDS[HIGHER]}, "
                   f"{VERDICT_WORDS[LOWER]} (het hele 95\u202f%-interval ligt erboven of eronder); "
                   f"{VERDICT_MARKS[SIMILAR]} = {VERDICT_WORDS[SIMILAR]}; t.o.v. vroeger: tegenover vijf "
                   "edities eerder (zie de leeswijzer)."),
        SMALL: SMALL_TEXT.format(drempel=" of ".join(str(t) for t in thresholds)),
        STATUS_PROVISIONAL: "(v) Voorlopig cijfer: kan nog wijzigen wanneer de bron definitieve "
                            "gegevens levert.",
        INCOMPLETE: "(o) Onvolledig: een geheim cijfer van een gemeente ontbreekt in de som van "
                    "de cluster, de provincie of het Vlaams Gewest.",
        STATUS_SECRET: f"{SHORT_LABELS[STATUS_SECRET]}: niet gepubliceerd om de privacy te beschermen "
                       "(te kleine aantallen).",
        STATUS_MERGER: f"{SHORT_LABELS[STATUS_MERGER]}: niet beschikbaar door fusie. Een waarde van vóór "
                       "de fusie kan niet uit de voormalige gemeenten worden samengesteld"
                       + (f" (voormalige gemeenten: {former_text(g)})." if g.voorgangers else "."),
        STATUS_MISSING: f"{SHORT_LABELS[STATUS_MISSING]}: geen gegevens.",
    }
    present = marks | ({SMALL} if thresholds else set())
    return [text for key, text in texts.items() if key in present]
