"""Small inline SVG trend lines for the gemeente pages and reports."""
from __future__ import annotations

import html
from collections.abc import Callable

WIDTH, HEIGHT, PAD = 96, 24, 2


def sparkline_svg(points: list[tuple[int, float | None]], fmt: Callable[[float], str], label: str) -> str:
    """A polyline over the years with figures; gaps where a year has none. Text alternative in <title>."""
    known = [(y, v) for y, v in points if v is not None]
    if len(known) < 2:
        return ""
    years = [y for y, _ in points]
    lo, hi = min(v for _, v in known), max(v for _, v in known)
    span_y, span_x = (hi - lo) or 1.0, (max(years) - min(years)) or 1

    def xy(year: int, value: float) -> str:
        x = PAD + (year - min(years)) / span_x * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - (value - lo) / span_y * (HEIGHT - 2 * PAD)
        return f"{x:.1f},{y:.1f}"

    segments: list[list[str]] = []
    current: list[str] = []
    for year, value in points:
        if value is None:
            segments, current = segments + ([current] if current else []), []
        else:
            current.append(xy(year, value))
    segments += [current] if current else []
    lines = "".join(f'<polyline points="{" ".join(s)}"/>' for s in segments if len(s) > 1)
    dots = "".join(f'<circle cx="{s[-1].split(",")[0]}" cy="{s[-1].split(",")[1]}" r="1.8"/>' for s in segments[-1:])
    first, last = known[0], known[-1]
    title = html.escape(f"Evolutie {label}: {first[0]} {fmt(first[1])}, {last[0]} {fmt(last[1])}")
    return (f'<svg class="liim-spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-label="{title}"><title>{title}</title>{lines}{dots}</svg>')
