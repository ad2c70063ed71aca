"""Small inline SVG trend lines for the gemeente pages and reports.

The gemeente's series is the thick line; an optional reference series (the Vlaams Gewest) is a
thin grey line on the same scale. Years without a figure because of a merger (status ``fusie``)
get a dashed mark and a note. Every figure the picture shows is also in its ``<title>`` and
``aria-label``, in Dutch.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Sequence

WIDTH, HEIGHT, PAD = 96, 24, 2

Series = Sequence[tuple[int, "float | None"]]


def merger_note(years: Sequence[int]) -> str:
    """``geen cijfer in 2019–2024 door een fusie`` (one year: ``in 2019``); "" without years."""
    if not years:
        return ""
    first, last = min(years), max(years)
    span = str(first) if first == last else f"{first}–{last}"
    return f"geen cijfer in {span} door een fusie"


def _segments(points: Series, xy: Callable[[int, float], str]) -> list[list[str]]:
    """The runs of consecutive known points, as "x,y" strings."""
    segments: list[list[str]] = []
    current: list[str] = []
    for year, value in points:
        if value is None:
            segments, current = segments + ([current] if current else []), []
        else:
            current.append(xy(year, value))
    return segments + ([current] if current else [])


def _scale(years: list[int], values: list[float]) -> Callable[[int, float], str]:
    lo, hi = min(values), max(values)
    span_y, span_x = (hi - lo) or 1.0, (max(years) - min(years)) or 1

    def xy(year: int, value: float) -> str:
        x = PAD + (year - min(years)) / span_x * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - (value - lo) / span_y * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"
    return xy


def _title(label: str, known: list[tuple[int, float]], fmt: Callable[[float], str],
           reference: Series, reference_label: str, note: str) -> str:
    first, last = known[0], known[-1]
    text = f"Evolutie {label}: {first[0]} {fmt(first[1])}, {last[0]} {fmt(last[1])}"
    ref = {y: v for y, v in reference if v is not None}
    if first[0] in ref and last[0] in ref:
        text += (f"; {reference_label}: {first[0]} {fmt(ref[first[0]])}, "
                 f"{last[0]} {fmt(ref[last[0]])} (dunne grijze lijn)")
    return html.escape(text + (f"; {note}" if note else ""))


def sparkline_svg(points: Series, fmt: Callable[[float], str], label: str, reference: Series = (),
                  merger_years: Sequence[int] = (), reference_label: str = "Vlaams Gewest") -> str:
    """A polyline over the years with figures; gaps where a year has none. ``reference``: the
    Flemish series on the same scale (thin line); ``merger_years``: years without a figure because
    of a merger (dashed mark, note). Text alternative in <title>; "" with fewer than two figures."""
    known = [(y, v) for y, v in points if v is not None]
    if len(known) < 2:
        return ""
    ref_known = [(y, v) for y, v in reference if v is not None]
    years = [y for y, _ in points] + [y for y, _ in ref_known]
    xy = _scale(years, [v for _, v in known + ref_known])
    ref_lines = "".join(f'<polyline class="liim-spark__ref" points="{" ".join(s)}"/>'
                        for s in _segments(reference, xy) if len(s) > 1)
    segments = _segments(points, xy)
    lines = "".join(f'<polyline points="{" ".join(s)}"/>' for s in segments if len(s) > 1)
    last = segments[-1][-1].split(",")
    dot = f'<circle cx="{last[0]}" cy="{last[1]}" r="1.8"/>'
    fusie = ""
    if merger_years:
        x = xy(min(merger_years), known[0][1]).split(",")[0]
        fusie = f'<line class="liim-spark__fusie" x1="{x}" x2="{x}" y1="0" y2="{HEIGHT}"/>'
    title = _title(label, known, fmt, reference, reference_label, merger_note(merger_years))
    return (f'<svg class="liim-spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-label="{title}"><title>{title}</title>{ref_lines}{fusie}{lines}{dot}</svg>')
