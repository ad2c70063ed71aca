"""The gemeente page (``gemeenten/<slug>.md``): the newest figure of every indicator beside its
cluster, province and Vlaanderen, with interval, counts and verdicts, the gaps between groups,
the cluster's members and the sources."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import Markup

from .catalogue import SMALL_NOEMER, Indicator
from .compare import VLAANDEREN
from .embed import embed_snippet_html
from .formatting import format_figure, is_missing
from .intervalbar import interval_bar_svg
from .model import Gemeente, Monitor, is_published
from .presentation import (
    MISSING,
    change_text,
    cluster_members,
    gap_text,
    group_figure,
    group_label,
    group_rank,
    uncertainty,
)
from .presentation import figure_text as figure_text
from .sparkline import sparkline_svg
from .templating import render
from .webgeometry import SiteGeometry


def gemeente_rows(monitor: Monitor, rows: pd.DataFrame, naam: str = "") -> list[dict]:
    """Per theme, per indicator: the newest figures of the gemeente (``naam``) and its comparisons."""
    by_indicator: dict[str, list] = {}
    for r in rows.sort_values("jaar", kind="stable").itertuples(index=False):
        by_indicator.setdefault(r.indicator, []).append(r)
    return [{"theme": theme, "rows": [gemeente_item(ind, by_indicator.get(ind.code), naam)
                                      for ind in monitor.catalogue.by_theme(theme.code)]}
            for theme in monitor.catalogue.themes]


def gemeente_item(ind: Indicator, rows: list | None, naam: str = "") -> dict:
    """One indicator's line on a gemeente page, from its rows sorted by year."""
    if not rows:
        return {"ind": ind, "available": False}
    r = rows[-1]
    trend = [(int(x.jaar), x.waarde if is_published(x.status) else None) for x in rows]
    extra = uncertainty(ind, r)
    bar = interval_bar_svg(r.waarde, r.ondergrens, r.bovengrens, [r.vlaanderen, r.cluster_waarde],
                           lambda v: format_figure(v, ind), naam or ind.naam) if extra["interval"] else ""
    return {"ind": ind, "available": True, "year": int(r.jaar),
            "figure": figure_text(r.waarde, r.status, ind),
            "cluster": group_figure(r.cluster_waarde, r.cluster_status, ind),
            "provincie": group_figure(r.provincie_waarde, r.provincie_status, ind),
            "vlaanderen": group_figure(r.vlaanderen, r.vlaanderen_status, ind),
            "eerder": change_text(r.t_o_v_eerder, r.eerder_jaar) if is_published(r.status) else "",
            "rang": f"{int(r.rang)}/{int(r.rang_van)}" if not (is_missing(r.rang) or is_missing(r.rang_van)) else MISSING,
            "bar": Markup(bar), "trend": Markup(sparkline_svg(trend, lambda v: format_figure(v, ind), ind.naam)),
            **extra}


def gap_rows(monitor: Monitor) -> dict[str, list]:
    """nis → the rows behind the gap section: for every indicator with a reference group, the newest
    year's rows of the other groups (not totaal), in catalogue order. One pass over the table."""
    refs = {ind.code: ind.gap_reference for ind in monitor.catalogue if ind.gap_reference}
    t = monitor.table
    rows = t[t["indicator"].isin(list(refs)) & (t["groep"] != "totaal")]
    rows = rows[rows["groep"] != rows["indicator"].map(refs)]
    if rows.empty:
        return {}
    rows = rows[rows["jaar"] == rows.groupby("indicator")["jaar"].transform("max")]
    order = {ind.code: n for n, ind in enumerate(monitor.catalogue)}
    out: dict[str, list] = {}
    for r in sorted(rows.itertuples(index=False),
                    key=lambda r: (order[r.indicator], group_rank(monitor.catalogue.get(r.indicator), r.groep))):
        out.setdefault(r.nis, []).append(r)
    return out


def gap_items(monitor: Monitor, g: Gemeente, rows: list) -> list[dict]:
    """The gap section of a gemeente page: per indicator and group, the gap of the gemeente, its
    cluster and the Vlaams Gewest to the reference group (``gap_text``)."""
    out = []
    for r in rows:
        ind = monitor.catalogue.get(r.indicator)
        cluster = monitor.reference(ind.code, r.jaar, r.groep, "cluster", g.clusternaam)
        flemish = monitor.reference(ind.code, r.jaar, r.groep, "vlaanderen", VLAANDEREN)
        own = gap_text(r.kloof, r.kloof_ondergrens, r.kloof_bovengrens, ind) if is_published(r.status) else MISSING
        texts = [own] + [gap_text(x.kloof, x.kloof_ondergrens, x.kloof_bovengrens, ind)
                                         if x is not None else MISSING for x in (cluster, flemish)]
        if all(t == MISSING for t in texts):
            continue
        out.append({"ind": ind, "year": int(r.jaar), "group": group_label(ind, r.groep),
                    "reference": group_label(ind, ind.gap_reference), "gemeente": texts[0],
                    "cluster": texts[1], "vlaanderen": texts[2]})
    return out


def write_gemeente_page(monitor: Monitor, g: Gemeente, rows: pd.DataFrame, docs_dir: Path,
                        geometry: SiteGeometry | None = None, gaps: list | None = None) -> Path:
    """``gemeenten/<slug>.md``: locator, newest figures per theme, gaps between groups, cluster members,
    sources. ``rows``: the gemeente's totaal rows; ``gaps``: its rows of ``gap_rows`` (else found here)."""
    geometry = SiteGeometry.of(monitor, [g.nis]) if geometry is None else geometry
    gaps = gap_rows(monitor).get(g.nis, []) if gaps is None else gaps
    return render("gemeente.md.j2", docs_dir / "gemeenten" / f"{g.slug}.md", g=g,
                  members=cluster_members(monitor.gemeenten, g), themes=gemeente_rows(monitor, rows, g.naam),
                  gaps=gap_items(monitor, g, gaps), locator=Markup(geometry.locators[g.nis]),
                  edition=monitor.edition, provenance=monitor.provenance, small=small_threshold(monitor),
                  embed_html=Markup(embed_snippet_html("gemeente", g.nis, f"Kerncijfers van {g.naam}")))


def small_threshold(monitor: Monitor) -> int:
    """The noemer below which a figure is a klein aantal (the catalogue's, 30 by default)."""
    return min((ind.klein_aantal for ind in monitor.catalogue if ind.interval), default=SMALL_NOEMER)
