"""Small inline SVG interval bars for the gemeente pages.

One bar per figure: a horizontal band from the lower to the upper bound of its 95 %
interval, a dot at the figure itself, and a tick for each comparison figure (the
Vlaams Gewest a solid line, the cluster a dashed one). Every bar has its own scale:
the span of the interval and the comparison figures. The figures are in the
``<title>`` and the ``aria-label``, so the bar is never the only place they are written.
"""
from __future__ import annotations

import html
import math
from collections.abc import Callable

WIDTH, HEIGHT, PAD = 112, 16, 4
BAND = 6  # height of the interval band

# (label in the text alternative, CSS class of its tick); the order of the ticks
REFERENCES = (("Vlaams Gewest", "liim-bar__vlaanderen"), ("cluster", "liim-bar__cluster"))


def _known(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def _scale(values: list[float]) -> Callable[[float], float]:
    """x position of a value: the span of ``values`` over the bar's width (inside the padding)."""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    return lambda v: PAD + (v - lo) / span * (WIDTH - 2 * PAD)


def bar_label(name: str, figure: str, interval: str, references: list[tuple[str, str]]) -> str:
    """``Mesen 33,4 % (95 %-interval 28,1–39,2); Vlaams Gewest 35,8 %; cluster 36,9 %``."""
    parts = [f"{name} {figure} (95 %-interval {interval})"]
    parts += [f"{label} {text}" for label, text in references]
    return "; ".join(parts)


def interval_bar_svg(value: float, lower: float, upper: float, references: list[float | None],
                     fmt: Callable[[float], str], name: str) -> str:
    """The bar of one figure; ``references`` in ``REFERENCES`` order (``None`` or NaN: no tick).
    "" when the figure has no interval."""
    if not (_known(value) and _known(lower) and _known(upper)):
        return ""
    ticks = [(label, css, float(v)) for (label, css), v in zip(REFERENCES, references, strict=False)
             if v is not None and _known(v)]
    x = _scale([lower, upper, value] + [v for _, _, v in ticks])
    mid = HEIGHT / 2
    band = (f'<rect class="liim-bar__band" x="{x(lower):.1f}" y="{mid - BAND / 2:.1f}" '
            f'width="{max(x(upper) - x(lower), 1.0):.1f}" height="{BAND}" rx="1"/>')
    lines = "".join(f'<line class="{css}" x1="{x(v):.1f}" x2="{x(v):.1f}" y1="1" y2="{HEIGHT - 1}"/>'
                    for _, css, v in ticks)
    dot = f'<circle class="liim-bar__punt" cx="{x(value):.1f}" cy="{mid:.1f}" r="2.6"/>'
    interval = f"{fmt(lower)}–{fmt(upper)}"
    title = html.escape(bar_label(name, fmt(value), interval, [(label, fmt(v)) for label, _, v in ticks]))
    return (f'<svg class="liim-bar" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
            f'aria-label="{title}"><title>{title}</title>{band}{lines}{dot}</svg>')
