"""The gemeente page (``gemeenten/<slug>.md``): key figures beside the Vlaams Gewest, the cluster
explained, then the newest figure of every indicator beside its cluster, province and Vlaanderen,
with interval, counts and verdicts, the gaps between groups and the sources.

Counts (soort ``aantal``) are never set beside a cluster or province total: the page shows them
per 1 000 inhabitants (the gemeente's D1 noemer of the same year) where that is known."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from . import presentation
from .catalogue import SMALL_NOEMER, Indicator
from .compare import VLAANDEREN
from .embed import embed_snippet_html
from .formatting import format_figure, format_number, is_missing
from .intervalbar import interval_bar_svg
from .model import PUBLISHED, STATUS_MERGER, Gemeente, Monitor, is_published
from .presentation import (
    MISSING,
    POPULATION,
    change_text,
    cluster_members,
    difference_text,
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

# The key figures at the top of the page, by catalogue code, in this order; an indicator the
# edition lacks is skipped. The number of inhabitants (the D1 noemer) always comes first.
KEY_FIGURES = ("D1", "D2", "T1", "W1")
PER_THOUSAND = "per 1\u202f000 inw."  # NNBSP: "1 000" never breaks
OPEN_MEMBERS = 15  # a cluster with at most this many other members lists them open; else folded


# ------------------------------------------------------------------ counts per 1 000 inhabitants


def per_thousand(count: object, status: object, inhabitants: object) -> float | None:
    """A count per 1 000 inhabitants; ``None`` when the count is not published (geheim, fusie,
    missing) or the number of inhabitants is unknown or zero."""
    return presentation.per_thousand(count, inhabitants) if is_published(status) else None


def per_thousand_text(value: float | None, incomplete: bool = False) -> str:
    """``17,4 per 1 000 inw.`` (``(o)`` when a sum lacks a member), the unit on a line of its own in
    the table; ``MISSING`` without one."""
    if value is None:
        return MISSING
    mark = " (o)" if incomplete else ""
    return Markup(f'{format_number(value, 1)} <span class="liim-per">{PER_THOUSAND}{mark}</span>')


def population(rows: list | None) -> dict[int, float]:
    """jaar → inhabitants: the noemer of the gemeente's D1 rows (where known)."""
    return {int(r.jaar): float(r.noemer) for r in rows or [] if not is_missing(r.noemer)}


def reference_population(monitor: Monitor, jaar: int, niveau: str, naam: str) -> tuple[float | None, bool]:
    """The inhabitants of the cluster, province or Vlaams Gewest in ``jaar`` (the D1 noemer of
    ``monitor.reference``) and whether that sum lacks a member."""
    ref = monitor.reference(POPULATION, jaar, "totaal", niveau, naam)
    if ref is None or is_missing(ref.noemer):
        return None, False
    return float(ref.noemer), bool(ref.status) if isinstance(ref.status, str) else False


_RANKS: dict[int, tuple[pd.DataFrame, dict]] = {}


def per_thousand_ranks(monitor: Monitor) -> dict[tuple[str, int, str], tuple[int, int]]:
    """(indicator, jaar, nis) → (rank, of) of every published count per 1 000 inhabitants among
    the gemeenten (1 = highest). Computed once per monitor table."""
    hit = _RANKS.get(id(monitor.table))
    if hit is not None and hit[0] is monitor.table:
        return hit[1]
    t = monitor.table[monitor.table["groep"] == "totaal"]
    counts = [ind.code for ind in monitor.catalogue if ind.soort == "aantal"]
    rows = t[t["indicator"].isin(counts) & t["status"].isin(PUBLISHED)][["indicator", "jaar", "nis", "waarde"]]
    inhabitants = t[t["indicator"] == POPULATION][["jaar", "nis", "noemer"]]
    rows = rows.merge(inhabitants, on=["jaar", "nis"], how="inner")
    rows = rows[rows["noemer"] > 0].assign(rate=lambda f: f["waarde"] / f["noemer"])
    rows = rows[rows["rate"].notna()]
    groups = rows.groupby(["indicator", "jaar"])["rate"]
    ranks = zip(rows["indicator"], rows["jaar"].astype(int), rows["nis"],
                groups.rank(ascending=False, method="min").astype(int), groups.transform("count"), strict=True)
    out = {(code, jaar, nis): (rank, int(of)) for code, jaar, nis, rank, of in ranks}
    _RANKS.clear()
    _RANKS[id(monitor.table)] = (monitor.table, out)
    return out


def count_cells(monitor: Monitor, g: Gemeente, r: Any, inhabitants: Mapping[int, float]) -> dict:
    """The cells of a count's row: the count per 1 000 inhabitants under the count, and the cluster,
    province and Flemish figure per 1 000 (never their totals); the rank of the figure per 1 000."""
    jaar = int(r.jaar)
    own = per_thousand(r.waarde, r.status, inhabitants.get(jaar))
    out = {"per_thousand": per_thousand_text(own) if own is not None else ""}
    for key, niveau, naam in (("cluster", "cluster", g.clusternaam), ("provincie", "provincie", g.provincie),
                              ("vlaanderen", "vlaanderen", VLAANDEREN)):
        total, status = getattr(r, f"{key}_teller", None), getattr(r, f"{key}_status", "")
        people, incomplete = reference_population(monitor, jaar, niveau, naam)
        value = per_thousand(total, "", people)
        out[key] = per_thousand_text(value, bool(status) or incomplete) if own is not None else MISSING
    rank = per_thousand_ranks(monitor).get((r.indicator, jaar, g.nis)) if own is not None else None
    out["rang"] = Markup(f'{rank[0]}/{rank[1]} <span class="liim-per">{PER_THOUSAND}</span>') if rank else MISSING
    return out


# ------------------------------------------------------------------------------- key figures


def population_tile(rows: list | None) -> dict | None:
    """The inhabitants tile: the newest D1 noemer beside that of the Vlaams Gewest."""
    known = [r for r in rows or [] if not is_missing(r.noemer)]
    if not known:
        return None
    r = known[-1]
    flemish = r.vlaanderen_noemer
    return {"label": "Inwoners", "slug": "", "year": int(r.jaar), "figure": format_number(r.noemer, 0),
            "vlaanderen": format_number(flemish, 0) if not is_missing(flemish) else MISSING, "difference": ""}


def indicator_tile(ind: Indicator, rows: list | None) -> dict | None:
    """A key-figure tile: the newest published figure, the Flemish one and the difference."""
    shown = [r for r in rows or [] if is_published(r.status) and not is_missing(r.waarde)]
    if not shown:
        return None
    r = shown[-1]
    both = not is_missing(r.vlaanderen)
    return {"label": ind.naam, "code": ind.code, "slug": ind.slug, "year": int(r.jaar),
            "figure": figure_text(r.waarde, r.status, ind),
            "vlaanderen": group_figure(r.vlaanderen, r.vlaanderen_status, ind),
            "difference": difference_text(r.waarde - r.vlaanderen, ind) if both else ""}


def key_figures(monitor: Monitor, by_indicator: Mapping[str, list]) -> list[dict]:
    """The tiles at the top: inhabitants, then ``KEY_FIGURES`` the edition has, each with the Vlaams Gewest."""
    indicators = {ind.code: ind for ind in monitor.catalogue}
    tiles = [population_tile(by_indicator.get(POPULATION))]
    tiles += [indicator_tile(indicators[code], by_indicator.get(code)) for code in KEY_FIGURES if code in indicators]
    return [t for t in tiles if t is not None]


# ------------------------------------------------------------------------------ the tables


def rows_by_indicator(rows: pd.DataFrame) -> dict[str, list]:
    """indicator → the gemeente's rows, oldest year first."""
    return rows_by_gemeente(rows.assign(nis="")).get("", {})


def rows_by_gemeente(rows: pd.DataFrame) -> dict[str, dict[str, list]]:
    """nis → indicator → rows, oldest year first: one pass over the table for every gemeente page."""
    out: dict[str, dict[str, list]] = {}
    for r in rows.sort_values("jaar", kind="stable").itertuples(index=False):
        out.setdefault(r.nis, {}).setdefault(r.indicator, []).append(r)
    return out


def gemeente_rows(monitor: Monitor, rows: pd.DataFrame | Mapping[str, list], naam: str = "",
                  g: Gemeente | None = None) -> list[dict]:
    """Per theme, per indicator: the newest figures of the gemeente (``naam``) and its comparisons.
    ``rows``: the gemeente's rows, or already grouped by ``rows_by_indicator``."""
    by_indicator = rows_by_indicator(rows) if isinstance(rows, pd.DataFrame) else rows
    inhabitants = population(by_indicator.get(POPULATION))
    return [{"theme": theme, "rows": [gemeente_item(ind, by_indicator.get(ind.code), naam, monitor, g, inhabitants)
                                      for ind in monitor.catalogue.by_theme(theme.code)]}
            for theme in monitor.catalogue.themes]


def trend_svg(ind: Indicator, rows: list) -> str:
    """The sparkline of a row: the gemeente's series, the Flemish one (not for counts: a total is
    not on the same scale) and the years without a figure because of a merger."""
    trend = [(int(x.jaar), x.waarde if is_published(x.status) else None) for x in rows]
    flemish = [] if ind.soort == "aantal" else [
        (int(x.jaar), None if is_missing(x.vlaanderen) else float(x.vlaanderen)) for x in rows]
    mergers = [int(x.jaar) for x in rows if x.status == STATUS_MERGER]
    return sparkline_svg(trend, lambda v: format_figure(v, ind), ind.naam, flemish, mergers)


def gemeente_item(ind: Indicator, rows: list | None, naam: str = "", monitor: Monitor | None = None,
                  g: Gemeente | None = None, inhabitants: Mapping[int, float] | None = None) -> dict:
    """One indicator's line on a gemeente page, from its rows sorted by year."""
    if not rows:
        return {"ind": ind, "available": False}
    r = rows[-1]
    extra = uncertainty(ind, r)
    count = ind.soort == "aantal"
    refs = [] if count else [r.vlaanderen, r.cluster_waarde]  # a count is not set beside a total
    bar = interval_bar_svg(r.waarde, r.ondergrens, r.bovengrens, refs,
                           lambda v: format_figure(v, ind), naam or ind.naam) if extra["interval"] else ""
    item = {"ind": ind, "available": True, "year": int(r.jaar), "count": count, "per_thousand": "",
            "figure": figure_text(r.waarde, r.status, ind),
            "cluster": group_figure(r.cluster_waarde, r.cluster_status, ind),
            "provincie": group_figure(r.provincie_waarde, r.provincie_status, ind),
            "vlaanderen": group_figure(r.vlaanderen, r.vlaanderen_status, ind),
            "eerder": change_text(r.t_o_v_eerder, r.eerder_jaar) if is_published(r.status) else "",
            "rang": f"{int(r.rang)}/{int(r.rang_van)}" if not (is_missing(r.rang) or is_missing(r.rang_van)) else MISSING,
            "bar": Markup(bar), "trend": Markup(trend_svg(ind, rows)), **extra}
    if count:
        item.update({"cluster": MISSING, "provincie": MISSING, "vlaanderen": MISSING, "rang": MISSING})
        if monitor is not None and g is not None:
            item.update(count_cells(monitor, g, r, inhabitants or {}))
    return item


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


def cluster_box(monitor: Monitor, g: Gemeente) -> dict:
    """The cluster explained on the page: its name, how the clusters are formed and its other members."""
    members = cluster_members(monitor.gemeenten, g)
    rule = "In deze demo zijn de clusters synthetisch." if monitor.edition.demo else monitor.provenance.cluster_rule
    return {"naam": g.clusternaam, "rule": rule, "members": members, "open": len(members) <= OPEN_MEMBERS}


def write_gemeente_page(monitor: Monitor, g: Gemeente, rows: pd.DataFrame | Mapping[str, list], docs_dir: Path,
                        geometry: SiteGeometry | None = None, gaps: list | None = None) -> Path:
    """``gemeenten/<slug>.md``: key figures, locator and cluster, newest figures per theme, gaps between
    groups, sources. ``rows``: the gemeente's totaal rows (or ``rows_by_gemeente``'s entry for it);
    ``gaps``: its rows of ``gap_rows`` (else found here)."""
    geometry = SiteGeometry.of(monitor, [g.nis]) if geometry is None else geometry
    gaps = gap_rows(monitor).get(g.nis, []) if gaps is None else gaps
    by_indicator = rows_by_indicator(rows) if isinstance(rows, pd.DataFrame) else rows
    return render("gemeente.md.j2", docs_dir / "gemeenten" / f"{g.slug}.md", g=g, cluster=cluster_box(monitor, g),
                  tiles=key_figures(monitor, by_indicator), themes=gemeente_rows(monitor, by_indicator, g.naam, g),
                  gaps=gap_items(monitor, g, gaps), locator=Markup(geometry.locators[g.nis]),
                  edition=monitor.edition, provenance=monitor.provenance, small=small_threshold(monitor),
                  embed_html=Markup(embed_snippet_html("gemeente", g.nis, f"Kerncijfers van {g.naam}")))


def small_threshold(monitor: Monitor) -> int:
    """The noemer below which a figure is a klein aantal (the catalogue's, 30 by default)."""
    return min((ind.klein_aantal for ind in monitor.catalogue if ind.interval), default=SMALL_NOEMER)
