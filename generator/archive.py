"""Earlier editions under ``/archief/<jaar>/`` and the page "Wat is nieuw in editie <jaar>".

An earlier edition's inputs live in ``DIR/archief/<jaar>/`` (a complete data
folder with its own ``editie.yml``). It is published as it was: harmonised to
the gemeenten of its own time, with a table per indicator and per gemeente and
its open data, so a figure quoted in an old multi-year plan can still be found.
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .diff import diff_report
from .export import export_frame, write_csv, write_json
from .model import Monitor
from .pages import gemeente_rows, indicator_table, latest, render

ARCHIVE = "archief"


def archived_folders(data_dir: Path) -> list[Path]:
    """``DIR/archief/<jaar>/`` folders holding an ``editie.yml``, oldest first."""
    root = data_dir / ARCHIVE
    return sorted((p for p in root.glob("*") if (p / "editie.yml").exists()), key=lambda p: p.name) if root.is_dir() else []


def write_archive(current: Monitor, archived: list[Monitor], docs_dir: Path) -> None:
    """The archive index, every archived edition, and the "what is new" page."""
    render("archief-index.md.j2", docs_dir / ARCHIVE / "index.md", current=current.edition,
           editions=[m.edition for m in sorted(archived, key=lambda m: -m.edition.jaar)])
    for monitor in archived:
        write_edition(monitor, docs_dir / ARCHIVE / str(monitor.edition.jaar))
    previous = max(archived, key=lambda m: m.edition.jaar, default=None)
    text = diff_report(previous, current) if previous else first_edition_text(current)
    (docs_dir / "wat-is-nieuw.md").write_text(text, encoding="utf-8")


def first_edition_text(current: Monitor) -> str:
    return (f"# Wat is nieuw in editie {current.edition.jaar}\n\n"
            "Er is geen vorige editie in het archief om mee te vergelijken.\n")


def write_edition(monitor: Monitor, folder: Path) -> None:
    """Tables and downloads of one archived edition."""
    table = monitor.table
    frame = export_frame(table)
    write_csv(frame, folder / "downloads" / "liim-data.csv")
    write_json(frame, folder / "downloads" / "liim-data.json")
    for nis, rows in frame.groupby("nis", sort=False):
        write_csv(rows, folder / "downloads" / "gemeenten" / f"{nis}.csv")
    render("archief-editie.md.j2", folder / "index.md", edition=monitor.edition, catalogue=monitor.catalogue,
           gemeenten=list(monitor.gemeenten.values()),
           available={c for c in table.loc[table["status"].isin(["", "voorlopig"]), "indicator"].unique()})
    by_indicator = dict(tuple(table[table["groep"] == "totaal"].groupby("indicator", sort=False)))
    for ind in monitor.catalogue:
        rows = by_indicator.get(ind.code)
        if rows is None or rows.empty:
            continue
        now = latest(rows)
        render("archief-indicator.md.j2", folder / "indicatoren" / f"{ind.slug}.md", ind=ind,
               edition=monitor.edition, year=int(now["jaar"].iloc[0]),
               table=indicator_table(ind, now, monitor.gemeenten))
    totals = table[table["groep"] == "totaal"]
    for nis, rows in totals.groupby("nis", sort=False):
        g = monitor.gemeenten[nis]
        render("archief-gemeente.md.j2", folder / "gemeenten" / f"{g.slug}.md", g=g, edition=monitor.edition,
               themes=gemeente_rows(monitor, rows))
