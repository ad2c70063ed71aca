"""Dutch (Flemish) number formatting, shared by pages, maps and downloads.

One convention everywhere, mirrored exactly by ``LIIM.formatNumber`` and
``LIIM.formatFigure`` in ``site_src/assets/liim.js``:

* decimal comma, thousands grouped with a narrow no-break space (U+202F):
  ``1234.5`` with 1 decimal → ``1 234,5``;
* the same narrow no-break space between a figure and its unit: ``12,3 %``,
  ``4,5 ‰``, ``€ 21 345``;
* rounding half away from zero on the shortest decimal representation of the
  float (``2.675`` → ``2,68``), so Python and JavaScript agree;
* a hyphen-minus for negative figures, never ``-0``.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

NNBSP = "\u202f"  # narrow no-break space: thousands separator and unit separator
MISSING = "–"     # shown where there is no figure (en dash)

# Accepted spellings of an indicator's unit (catalogue field ``eenheid``).
_UNITS = {
    "%": "%", "procent": "%", "percent": "%",
    "‰": "‰", "promille": "‰", "per 1000": "‰",
    "€": "€", "euro": "€", "eur": "€",
}


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and anything that is not a finite number."""
    if value is None:
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def round_half_up(value: float, decimalen: int) -> float:
    """Round half away from zero on the float's shortest decimal representation.

    Fast path: away from a tie (the scaled fraction not within 1e-6 of one half) the float's own
    correctly rounded ``round`` gives the same result; only near a tie the decimal text decides."""
    scaled = value * 10.0 ** decimalen
    if abs(scaled) < 1e12 and abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
        quick = round(value, decimalen)
        return 0.0 if quick == 0 else quick
    quantum = Decimal(1).scaleb(-decimalen)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    result = float(rounded)
    return 0.0 if result == 0 else result


def _group_thousands(digits: str) -> str:
    """``"1234567"`` → ``"1 234 567"`` (narrow no-break spaces)."""
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NNBSP.join(groups)


def format_number(value: float, decimalen: int) -> str:
    """A number in Dutch notation with exactly ``decimalen`` decimals."""
    if is_missing(value):
        return MISSING
    decimalen = max(0, int(decimalen))
    rounded = round_half_up(float(value), decimalen)
    text = f"{abs(rounded):.{decimalen}f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + _group_thousands(whole) + ("," + fraction if fraction else "")


def unit_of(indicator: object) -> str:
    """The normalised unit of an indicator: ``%``, ``‰``, ``€`` or ``""``."""
    raw = str(getattr(indicator, "eenheid", "") or "").strip().lower()
    return _UNITS.get(raw, "")


def decimals_of(indicator: object) -> int:
    """The indicator's number of decimals (catalogue field ``decimalen``, default 1)."""
    value = getattr(indicator, "decimalen", None)
    return 1 if value is None else int(value)


def format_figure(value: float, indicator: object) -> str:
    """A figure with the indicator's decimals and unit: ``12,3 %``, ``€ 21 345``."""
    if is_missing(value):
        return MISSING
    number = format_number(value, decimals_of(indicator))
    unit = unit_of(indicator)
    if unit == "€":
        return f"€{NNBSP}{number}"
    if unit:
        return f"{number}{NNBSP}{unit}"
    return number


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")


def date_text(iso: object) -> str:
    """An ISO date in words, as Dutch prose writes it: ``2025-01-01`` → ``1 januari 2025``;
    anything that is not an ISO date is returned as it is."""
    text = str(iso)
    parts = text.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return text
    return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {int(parts[0])}"


def count_text(count: int, singular: str, plural: str) -> str:
    """A number with the right form of its noun: ``1 nieuwe indicator``, ``0 nieuwe indicatoren``."""
    return f"{format_number(count, 0)} {singular if count == 1 else plural}"
