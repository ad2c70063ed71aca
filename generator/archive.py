"""Earlier editions under ``/archief/<jaar>/`` and the page "Wat is nieuw in editie <jaar>".

An earlier edition's inputs live in ``DIR/archief/<jaar>/`` (a complete data
folder with its own ``editie.yml``). It is published as it was: harmonised to
the gemeenten of its own time, with a table per indicator and per gemeente and
its open data, so a figure quoted in an old multi-year plan can still be found.
"""
from __future__ import annotations

from pathlib import Path

from .diff import diff_report
from .export import export_frame, write_csv
from .model import Monitor
from .pages import gemeente_rows, indicator_table, latest, render, render_html
from .presentation import availability

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
    """The "what is new" page when there is no earlier edition to compare with."""
    return (f"# Wat is nieuw in editie {current.edition.jaar}\n\n"
            "Er is geen vorige editie in het archief om mee te vergelijken.\n")


def write_edition(monitor: Monitor, folder: Path) -> None:
    """Tables and downloads of one archived edition, as finished HTML (no mkdocs pass needed)."""
    table, frame = monitor.table, export_frame(monitor.table)
    write_csv(frame, folder / "downloads" / "liim-data.csv")
    for nis, rows in frame.groupby("nis", sort=False):
        write_csv(rows, folder / "downloads" / "gemeenten" / f"{nis}.csv")
    common = {"edition": monitor.edition}
    published = {code for code, _ in availability(table)}
    render_html("archief/editie.html.j2", folder / "index.html", root="../../", catalogue=monitor.catalogue,
                gemeenten=list(monitor.gemeenten.values()), available=published, **common)
    totals = table[table["groep"] == "totaal"]
    by_indicator = dict(tuple(totals.groupby("indicator", sort=False)))
    for ind in monitor.catalogue:
        rows = by_indicator.get(ind.code)
        if rows is not None and not rows.empty:
            now = latest(rows)
            render_html("archief/indicator.html.j2", folder / "indicatoren" / ind.slug / "index.html",
                        root="../../../../", ind=ind, year=int(now["jaar"].iloc[0]),
                        table=indicator_table(ind, now, monitor.gemeenten), **common)
    for nis, rows in totals.groupby("nis", sort=False):
        g = monitor.gemeenten[nis]
        render_html("archief/gemeente.html.j2", folder / "gemeenten" / g.slug / "index.html",
                    root="../../../../", g=g, themes=gemeente_rows(monitor, rows), **common)
