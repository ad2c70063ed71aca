"""Compare gemeenten: ``/vergelijk/`` (chosen in the browser) and one fixed comparison per gemeente.

* ``assets/gen/vergelijk.json``: the newest published figure of every indicator × gemeente (first
  group, ``totaal``) and the Flemish figure, compact (see ``compare_data``). ``liim-vergelijk.js``
  reads it on ``/vergelijk/?nis=11002,44021`` and draws the same tables as the static pages;
* ``vergelijk/<slug>.md``: the gemeente beside up to three members of its cluster closest in
  inhabitants, and the Vlaams Gewest, rendered here from the same data, so it works without
  JavaScript;
* ``vergelijk/index.md``: the picker, and the list of those fixed comparisons.

Only published figures are written (``model.is_published``): a geheim cell carries its reason
(``"g"``), never a number.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from .catalogue import Indicator
from .compare import VLAANDEREN
from .formatting import decimals_of, format_number, is_missing, round_half_up, unit_of
from .model import STATUS_MERGER, STATUS_PROVISIONAL, STATUS_SECRET, Gemeente, Monitor, is_published
from .presentation import MISSING, WEB_LABELS, cluster_members, normal_status
from .templating import md_escape, render, write_json

DATA_ASSET = "assets/gen/vergelijk.json"
FOLDER = "vergelijk"
MAX_CHOSEN, MAX_CHOSEN_WORDS = 4, "vier"   # gemeenten in one comparison
NEIGHBOURS = 3   # cluster members beside a gemeente on its fixed comparison page
# The noemer of the indicator whose noemer is this gives the number of inhabitants.
INHABITANTS = "Alle inwoners van de gemeente"
# Why a cell has no figure, as a key in the JSON (the words: ``presentation.WEB_LABELS``).
REASON_KEYS = {STATUS_SECRET: "g", STATUS_MERGER: "f", "ontbreekt": "o"}
PROVISIONAL, SMALL, INCOMPLETE = 1, 2, 4  # flags of a cell


# --------------------------------------------------------------------- the data


def scaled(value: object, decimals: int) -> int:
    """A figure rounded to ``decimals`` (half away from zero), as an integer: 12.34 (1) → 123."""
    return round(round_half_up(float(value), decimals) * 10 ** decimals)  # type: ignore[arg-type]


def packed(value: object, lower: object, upper: object, flags: int, decimals: int) -> int | list:
    """A figure as ``v`` or ``[v, lower - v, upper - v, flags]`` (trailing empties dropped)."""
    v = scaled(value, decimals)
    has_interval = not (is_missing(lower) or is_missing(upper))
    cell: list = [v, scaled(lower, decimals) - v, scaled(upper, decimals) - v] if has_interval else [v, None, None]
    if flags:
        return cell + [flags]
    return cell if has_interval else v


def gemeente_cell(row, decimals: int) -> int | list | str:
    """A gemeente's newest figure: packed, or the key of the reason it has none (no number)."""
    status = normal_status(row.status)
    if not is_published(status) or is_missing(row.waarde):
        return REASON_KEYS.get(status, "o")
    flags = (PROVISIONAL if status == STATUS_PROVISIONAL else 0) | (SMALL if row.klein_aantal in (True, 1) else 0)
    return packed(row.waarde, row.ondergrens, row.bovengrens, flags, decimals)


def flemish_cell(monitor: Monitor, ind: Indicator, row, year: int) -> int | list | None:
    """The Flemish figure of the indicator's newest year, with its interval; ``None`` without one."""
    if is_missing(row.vlaanderen):
        return None
    ref = monitor.reference(ind.code, year, ind.group_codes[0], "vlaanderen", VLAANDEREN)
    lower, upper = (ref.ondergrens, ref.bovengrens) if ref is not None else (None, None)
    flags = INCOMPLETE if normal_status(row.vlaanderen_status) else 0
    return packed(row.vlaanderen, lower, upper, flags, decimals_of(ind))


def first_group_newest(monitor: Monitor) -> dict[str, pd.DataFrame]:
    """indicator code → its rows of the first group (``totaal``) in its newest year; one pass."""
    t = monitor.table
    firsts = {ind.code: ind.group_codes[0] for ind in monitor.catalogue}
    rows = t[t["groep"] == t["indicator"].map(firsts)]
    rows = rows[rows["jaar"] == rows.groupby("indicator")["jaar"].transform("max")]
    return dict(tuple(rows.groupby("indicator", sort=False)))


def newest_rows(monitor: Monitor, newest: dict[str, pd.DataFrame]) -> list[tuple[Indicator, int, dict]]:
    """Per indicator with figures (catalogue order): its newest year and nis → row of its first group."""
    out = []
    for ind in monitor.catalogue:
        rows = newest.get(ind.code)
        if rows is None or rows.empty:
            continue
        by_nis = {r.nis: r for r in rows.itertuples(index=False) if r.nis in monitor.gemeenten}
        if by_nis:
            out.append((ind, int(rows["jaar"].iloc[0]), by_nis))
    return out


def compare_data(monitor: Monitor, newest: dict[str, pd.DataFrame] | None = None) -> dict:
    """The compact JSON of the compare page.

    ``themas``: [code, naam]; ``ind``: [code, naam, slug, theme index, year, decimals, unit, Flemish
    cell]; ``gem``: [nis, naam, slug] by name; ``cel``: per gemeente (order of ``gem``) one cell per
    indicator (order of ``ind``). A cell is an integer (the figure × 10^decimals), a list [figure,
    lower − figure, upper − figure, flags] (flags: 1 voorlopig, 2 klein aantal, 4 onvolledig) or a
    key of ``redenen`` (why there is no figure); ``null`` for a Flemish figure that is missing.
    """
    newest_list = newest_rows(monitor, first_group_newest(monitor) if newest is None else newest)
    themes = [t for t in monitor.catalogue.themes if any(ind.thema == t.code for ind, _, _ in newest_list)]
    theme_index = {t.code: n for n, t in enumerate(themes)}
    indicators, columns = [], []
    for ind, year, by_nis in newest_list:
        any_row = next(iter(by_nis.values()))
        indicators.append([ind.code, ind.naam, ind.slug, theme_index[ind.thema], year, decimals_of(ind),
                           unit_of(ind), flemish_cell(monitor, ind, any_row, year)])
        columns.append((by_nis, decimals_of(ind)))
    gemeenten = list(monitor.gemeenten.values())
    cells = [[gemeente_cell(by_nis[g.nis], d) if g.nis in by_nis else "o" for by_nis, d in columns]
             for g in gemeenten]
    return {"jaar": monitor.edition.jaar, "demo": monitor.edition.demo,
            "redenen": {key: WEB_LABELS[reason] for reason, key in REASON_KEYS.items()},
            "themas": [[t.code, t.naam] for t in themes], "ind": indicators,
            "gem": [[g.nis, g.naam, g.slug] for g in gemeenten], "cel": cells}


# ------------------------------------------------------- the tables, from the data


def unpack(cell: object, decimals: int) -> tuple[float, float | None, float | None, int]:
    """(figure, lower, upper, flags) of a packed cell."""
    parts: list[Any] = cell if isinstance(cell, list) else [cell]
    scale = 10 ** decimals
    v = parts[0]
    lower = (v + parts[1]) / scale if len(parts) > 1 and parts[1] is not None else None
    upper = (v + parts[2]) / scale if len(parts) > 2 and parts[2] is not None else None
    return v / scale, lower, upper, parts[3] if len(parts) > 3 else 0


def figure_with_unit(value: float, decimals: int, unit: str) -> str:
    """``formatting.format_figure`` from the decimals and unit of the JSON."""
    number = format_number(value, decimals)
    return f"€\u202f{number}" if unit == "€" else (f"{number}\u202f{unit}" if unit else number)


def cell_texts(cell: object, decimals: int, unit: str, reasons: dict) -> dict:
    """A cell as the table shows it: figure with its marks (v, o, k), interval; or the reason.
    The texts are escaped for the Markdown page (``pages.md_escape``) once, here."""
    if cell is None or isinstance(cell, str):
        text = MISSING if cell is None else reasons[cell]
        return {"figure": md_escape(text), "interval": "", "klein": False}
    value, lower, upper, flags = unpack(cell, decimals)
    marks = (" (v)" if flags & PROVISIONAL else "") + (" (o)" if flags & INCOMPLETE else "") \
        + (" (k)" if flags & SMALL else "")
    interval = f"{format_number(lower, decimals)}–{format_number(upper, decimals)}" \
        if lower is not None and upper is not None else ""
    return {"figure": md_escape(figure_with_unit(value, decimals, unit) + marks),
            "interval": md_escape(interval), "klein": bool(flags & SMALL)}


def all_cell_texts(data: dict) -> tuple[list[list[dict]], list[dict]]:
    """``cell_texts`` of every gemeente's cells (order of ``data["gem"]``) and of the Flemish ones."""
    formats = [(ind[5], ind[6]) for ind in data["ind"]]
    cells = [[cell_texts(c, d, u, data["redenen"]) for c, (d, u) in zip(row, formats, strict=True)]
             for row in data["cel"]]
    return cells, [cell_texts(ind[7], ind[5], ind[6], data["redenen"]) for ind in data["ind"]]


def comparison(data: dict, chosen: list[str], texts: tuple | None = None) -> list[dict]:
    """Per theme the rows of the comparison of ``chosen`` (NIS codes in ``data["gem"]``);
    ``texts``: ``all_cell_texts(data)`` when the caller made it already."""
    cells, flemish = all_cell_texts(data) if texts is None else texts
    position = {g[0]: n for n, g in enumerate(data["gem"])}
    columns = [position[nis] for nis in chosen if nis in position][:MAX_CHOSEN]
    themes = [{"code": code, "naam": naam, "rows": []} for code, naam in data["themas"]]
    for i, (code, naam, slug, theme, year, *_) in enumerate(data["ind"]):
        themes[theme]["rows"].append({"code": code, "naam": naam, "slug": slug, "jaar": year,
                                      "cells": [cells[c][i] for c in columns], "vlaanderen": flemish[i]})
    return [t for t in themes if t["rows"]]


# ------------------------------------------------------------ choosing neighbours


def inhabitants(monitor: Monitor, newest: dict[str, pd.DataFrame] | None = None) -> dict[str, float]:
    """nis → inhabitants: the noemer of the newest published figure of the first ratio indicator
    whose noemer is all inhabitants of the gemeente; empty when there is no such indicator."""
    newest = first_group_newest(monitor) if newest is None else newest
    for ind in monitor.catalogue:
        rows = newest.get(ind.code)
        if ind.soort != "ratio" or not ind.noemer.startswith(INHABITANTS) or rows is None:
            continue
        counts = {r.nis: float(r.noemer) for r in rows.itertuples(index=False)
                  if is_published(r.status) and not is_missing(r.noemer)}
        if counts:
            return counts
    return {}


def neighbours(monitor: Monitor, g: Gemeente, counts: dict[str, float]) -> list[Gemeente]:
    """Up to three other members of ``g``'s cluster closest in inhabitants (A–Z without counts)."""
    members = cluster_members(monitor.gemeenten, g)
    own = counts.get(g.nis)
    if own is None:
        return members[:NEIGHBOURS]
    far = float("inf")
    ranked = sorted(members, key=lambda m: abs(counts[m.nis] - own) if m.nis in counts else far)
    return ranked[:NEIGHBOURS]


# ------------------------------------------------------------------------ pages


def write_compare_pages(monitor: Monitor, docs_dir: Path) -> list[Path]:
    """``assets/gen/vergelijk.json``, ``vergelijk/index.md`` and ``vergelijk/<slug>.md`` per gemeente."""
    newest = first_group_newest(monitor)
    data = compare_data(monitor, newest)
    written = [write_json(docs_dir / DATA_ASSET, data)]
    counts, texts = inhabitants(monitor, newest), all_cell_texts(data)
    fixed = []
    for g in monitor.gemeenten.values():
        chosen = [g, *neighbours(monitor, g, counts)]
        fixed.append({"g": g, "chosen": chosen, "nis": ",".join(m.nis for m in chosen)})
        written.append(render("vergelijk-gemeente.md.j2", docs_dir / FOLDER / f"{g.slug}.md", g=g,
                              chosen=chosen, labels=[md_escape(m.naam) for m in chosen],
                              nis=fixed[-1]["nis"], by_inhabitants=g.nis in counts, edition=monitor.edition,
                              themes=comparison(data, [m.nis for m in chosen], texts)))
    written.append(render("vergelijk.md.j2", docs_dir / FOLDER / "index.md", fixed=fixed,
                          edition=monitor.edition, max_chosen=MAX_CHOSEN, max_words=MAX_CHOSEN_WORDS))
    return written
