"""``liim diff OLD NEW``: what changed between two editions, as a Dutch Markdown report.

The comparison works on a small view of each edition (``editionview.EditionView``), made
from a Monitor or from a frozen edition in the archive (the build's "Wat is nieuw").
``liim diff`` validates both data folders and harmonises them to today's gemeenten; the report
lists new and dropped indicators, new years, gemeenten merged since the old
edition, figures revised by more than a relative threshold, figures that became
``geheim`` and figures published anew. A figure that is ``geheim`` in either
edition is never shown: those rows are listed without figures.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .editionview import EditionView, IndicatorInfo, as_view
from .formatting import MISSING, NNBSP, count_text, date_text, format_figure, format_number
from .model import PUBLISHED, STATUS_SECRET, Monitor
from .presentation import group_label, status_text

KEY = ["indicator", "jaar", "nis", "groep"]
DEFAULT_THRESHOLD = 0.05


@dataclass(frozen=True)
class Changes:
    """Everything the report lists, each part already in report order."""

    new_indicators: list[str]
    dropped_indicators: list[str]
    years: pd.DataFrame       # indicator, nieuw (years), weg (years)
    mergers: list[tuple[str, str, str, list[tuple[str, str]]]]  # datum, new nis, new naam, [(old nis, old naam)]
    revised: pd.DataFrame     # KEY + waarde_oud, waarde_nieuw, relatief
    secret: pd.DataFrame      # KEY (became geheim)
    published: pd.DataFrame   # KEY + status_oud (had no figure, has one now)


# ------------------------------------------------------------------- comparing


def find_changes(old_edition: EditionView | Monitor, new_edition: EditionView | Monitor, threshold: float) -> Changes:
    """Compare two editions."""
    old, new = as_view(old_edition), as_view(new_edition)
    old_codes, new_codes = set(old.table["indicator"]), set(new.table["indicator"])
    both = pair_rows(old.table, new.table)
    return Changes(
        new_indicators=in_catalogue_order(new, new_codes - old_codes),
        dropped_indicators=in_catalogue_order(old, old_codes - new_codes),
        years=year_changes(old, new, old_codes & new_codes),
        mergers=merged_gemeenten(old, new),
        revised=order(revised_figures(both, threshold), new),
        secret=order(both[(both["status_nieuw"] == STATUS_SECRET) & both["status_oud"].isin(PUBLISHED)], new)[KEY],
        published=order(both[~both["status_oud"].isin(PUBLISHED) & both["status_nieuw"].isin(PUBLISHED)],
                        new)[KEY + ["status_oud"]],
    )


def pair_rows(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The rows of every (indicator, jaar, nis, groep) present in both editions."""
    cols = KEY + ["waarde", "status"]
    both = old[cols].merge(new[cols], on=KEY, suffixes=("_oud", "_nieuw"))
    return both.reset_index(drop=True)


def revised_figures(both: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Figures published in both editions that changed by more than ``threshold`` (relative)."""
    shown = both[both["status_oud"].isin(PUBLISHED) & both["status_nieuw"].isin(PUBLISHED)
                 & both["waarde_oud"].notna() & both["waarde_nieuw"].notna()].copy()
    before = shown["waarde_oud"]
    change = shown["waarde_nieuw"] - before
    relative = change / before.abs().where(before != 0)
    shown["relatief"] = relative.where(before != 0, change.ne(0) * math.inf).fillna(0.0)
    return shown[shown["relatief"].abs() > threshold].reset_index(drop=True)


def year_changes(old: EditionView, new: EditionView, codes: set[str]) -> pd.DataFrame:
    """Per common indicator: years only in the new edition, years only in the old one."""
    old_years = old.table.groupby("indicator")["jaar"].agg(set)
    new_years = new.table.groupby("indicator")["jaar"].agg(set)
    rows = [(code, sorted(new_years[code] - old_years[code]), sorted(old_years[code] - new_years[code]))
            for code in in_catalogue_order(new, codes)]
    return pd.DataFrame([r for r in rows if r[1] or r[2]], columns=["indicator", "nieuw", "weg"])


def merged_gemeenten(old: EditionView, new: EditionView) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Mergers between the editions: old codes gone from the new division, or dated after the old edition."""
    gone = (set(old.table["nis"]) | old.division) - new.division
    waves: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for m in new.mergers:
        if m.old_nis in gone or old.jaar < m.year <= new.jaar:
            waves.setdefault((m.datum, m.new_nis, m.new_naam), []).append((m.old_nis, m.old_naam))
    return [(d, nis, naam, sorted(olds)) for (d, nis, naam), olds in sorted(waves.items())]


def in_catalogue_order(edition: EditionView, codes: set[str]) -> list[str]:
    """The codes in the order of ``edition``'s catalogue, unknown ones last (A–Z)."""
    order_ = [i.code for i in edition.indicators if i.code in codes]
    return order_ + sorted(codes - set(order_))


def order(rows: pd.DataFrame, edition: EditionView) -> pd.DataFrame:
    """Sort by catalogue order, year, NIS code and group order (deterministic)."""
    rank = {i.code: n for n, i in enumerate(edition.indicators)}
    groups = {(i.code, g): n for i in edition.indicators for n, g in enumerate(i.group_codes)}
    keys = rows.assign(_i=rows["indicator"].map(rank).fillna(len(rank)),
                       _g=[groups.get(k, 99) for k in zip(rows["indicator"], rows["groep"], strict=True)])
    return keys.sort_values(["_i", "jaar", "nis", "_g"], kind="stable").drop(columns=["_i", "_g"]).reset_index(drop=True)


# ------------------------------------------------------------------- reporting


def diff_report(old_edition: EditionView | Monitor, new_edition: EditionView | Monitor,
                threshold: float = DEFAULT_THRESHOLD) -> str:
    """The Markdown report 'Wat is nieuw in editie <jaar>' (Dutch, deterministic)."""
    old, new = as_view(old_edition), as_view(new_edition)
    changes = find_changes(old, new, threshold)
    names = Names(old, new)
    parts = [
        f"# Wat is nieuw in editie {new.jaar}\n",
        f"Vergelijking van editie {old.jaar} (publicatie {date_text(old.publicatiedatum)}) met editie "
        f"{new.jaar} (publicatie {date_text(new.publicatiedatum)}). Cijfers op de gemeenten van vandaag.\n",
        summary(changes, threshold),
        indicator_section(changes, names),
        years_section(changes, names),
        merger_section(changes),
        revised_section(changes, names, threshold),
        secret_section(changes, names),
        published_section(changes, names),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def write_diff(old_dir: Path, new_dir: Path, geodata_dir: Path | None = None,
               threshold: float = DEFAULT_THRESHOLD, out: Path | None = None) -> str:
    """Validate and harmonise both data folders, write the report to ``out`` (if given) and return it."""
    from .monitor import load_inputs, make_monitor
    new = make_monitor(load_inputs(Path(new_dir), geodata_dir))
    old = make_monitor(load_inputs(Path(old_dir), geodata_dir, as_of=new.edition.jaar))
    text = diff_report(old, new, threshold)
    if out is not None:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(text, encoding="utf-8")
    return text


class Names:
    """Display names from the new edition, falling back to the old one."""

    def __init__(self, old: EditionView, new: EditionView) -> None:
        self.old, self.new = old, new

    def info(self, code: str) -> IndicatorInfo | None:
        """The indicator as the new edition describes it (else the old one), or ``None``."""
        return self.new.indicator(code) or self.old.indicator(code)

    def indicator(self, code: str) -> str:
        """Code and name of an indicator."""
        info = self.info(code)
        return f"{code} {info.naam}" if info else code

    def gemeente(self, nis: str) -> str:
        """Name and NIS code of a gemeente."""
        found = self.new.gemeenten.get(nis) or self.old.gemeenten.get(nis)
        return f"{found} ({nis})" if found else nis

    def group(self, code: str, groep: str) -> str:
        """The label of an indicator's group."""
        info = self.info(code)
        return group_label(info, groep) if info else groep

    def figure(self, value: float, code: str) -> str:
        """A figure with the indicator's decimals and unit."""
        info = self.info(code)
        return format_figure(value, info) if info else format_number(value, 1)


def summary(changes: Changes, threshold: float) -> str:
    """The counts of every kind of change."""
    merged = sum(len(m[3]) for m in changes.mergers)
    lines = [
        count_text(len(changes.new_indicators), "nieuwe indicator", "nieuwe indicatoren"),
        count_text(len(changes.dropped_indicators), "verdwenen indicator", "verdwenen indicatoren"),
        count_text(sum(len(y) for y in changes.years["nieuw"]), "nieuw jaar", "nieuwe jaren") + " bij bestaande indicatoren",
        count_text(merged, "gemeente", "gemeenten") + " betrokken bij "
        + count_text(len(changes.mergers), "fusie", "fusies") + " sinds de vorige editie",
        count_text(len(changes.revised), "cijfer", "cijfers") + f" herzien met meer dan {percent(threshold)}",
        count_text(len(changes.secret), "cijfer", "cijfers") + " nu geheim",
        count_text(len(changes.published), "cijfer", "cijfers") + " nieuw gepubliceerd",
    ]
    return "## Samenvatting\n\n" + "".join(f"- {line}\n" for line in lines)


def indicator_section(changes: Changes, names: Names) -> str:
    """New and dropped indicators."""
    lines = [f"- {names.indicator(c)}" for c in changes.new_indicators] or ["Geen."]
    gone = [f"- {names.indicator(c)}" for c in changes.dropped_indicators] or ["Geen."]
    return ("## Nieuwe indicatoren\n\n" + "\n".join(lines) + "\n\n"
            "## Verdwenen indicatoren\n\n" + "\n".join(gone) + "\n")


def years_section(changes: Changes, names: Names) -> str:
    """Years added to or dropped from the common indicators."""
    rows = [[names.indicator(r.indicator), years(r.nieuw), years(r.weg)] for r in changes.years.itertuples()]
    return "## Nieuwe jaren\n\n" + table(["Indicator", "Nieuwe jaren", "Niet meer in deze editie"], rows)


def merger_section(changes: Changes) -> str:
    """The mergers between the two editions."""
    rows = [[f"{naam} ({nis})", ", ".join(f"{n} ({o})" for o, n in olds), date_text(datum)]
            for datum, nis, naam, olds in changes.mergers]
    intro = "Cijfers van deze gemeenten staan in beide edities op de nieuwe gemeente.\n\n" if rows else ""
    return "## Gefuseerde gemeenten\n\n" + intro + table(["Nieuwe gemeente", "Ontstaan uit", "Datum"], rows)


def revised_section(changes: Changes, names: Names, threshold: float) -> str:
    """Figures revised by more than the threshold: old → new and the relative change."""
    rows = [[names.indicator(r.indicator), str(r.jaar), names.gemeente(r.nis), names.group(r.indicator, r.groep),
             f"{names.figure(r.waarde_oud, r.indicator)} → {names.figure(r.waarde_nieuw, r.indicator)}",
             relative_change(r.relatief)] for r in changes.revised.itertuples()]
    return (f"## Herziene cijfers (meer dan {percent(threshold)} verschil)\n\n"
            + table(["Indicator", "Jaar", "Gemeente", "Groep", "Oud → nieuw", "Verschil"], rows))


def secret_section(changes: Changes, names: Names) -> str:
    """Figures that became geheim (listed without figures)."""
    rows = [key_cells(r, names) for r in changes.secret.itertuples()]
    return "## Cijfers die geheim werden\n\n" + table(["Indicator", "Jaar", "Gemeente", "Groep"], rows)


def published_section(changes: Changes, names: Names) -> str:
    """Figures published anew, with what the previous edition showed instead."""
    rows = [key_cells(r, names) + [status_text(r.status_oud)]
            for r in changes.published.itertuples()]
    return ("## Nieuw gepubliceerde cijfers\n\nCijfers die de vorige editie niet toonde.\n\n"
            + table(["Indicator", "Jaar", "Gemeente", "Groep", "Vorige editie"], rows))


def key_cells(row: Any, names: Names) -> list[str]:
    """Indicator, year, gemeente and group of a changed row, in words."""
    return [names.indicator(row.indicator), str(row.jaar), names.gemeente(row.nis), names.group(row.indicator, row.groep)]


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, or 'Geen.' without rows."""
    if not rows:
        return "Geen.\n"
    clean = [[str(c).replace("|", "\\|") for c in row] for row in rows]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in clean]) + "\n"


def years(values: list[int]) -> str:
    """Years as a list in words (``MISSING`` when there are none)."""
    return ", ".join(str(v) for v in values) or MISSING


def percent(fraction: float, decimals: int | None = None) -> str:
    """``0.05`` → ``5 %``; without ``decimals``: none for whole percentages, else one."""
    value = fraction * 100
    if decimals is None:
        decimals = 0 if round(value, 6).is_integer() else 1
    return f"{format_number(value, decimals)}{NNBSP}%"


def relative_change(fraction: float) -> str:
    """A signed percentage, or "was 0" when the old figure was zero."""
    if math.isinf(fraction):
        return "was 0"
    return ("+" if fraction > 0 else "") + percent(fraction, 1)
