"""95 % intervals and the significance rule (vectorised, numpy only).

Methods, as England's public-health profiles (Fingertips) use them:

* ``wilson``: the Wilson score interval of a proportion ``t / n`` (Wilson 1927; Newcombe
  1998, method 3). Stays inside [0, 1], also for 0 of n and n of n.
* ``byar``: Byar's approximation of the exact Poisson interval of a count ``t`` (Breslow &
  Day 1987), divided by ``n``: for rates per 1 000, where the teller counts events or
  people and the noemer is a population at risk. Exact for t = 0 (lower bound 0).
* ``difference``: the interval of the difference of two independent figures from their
  own intervals (MOVER: Newcombe 1998, method 10, for proportions; Li, Tang & Wong 2012
  for Poisson rates). Used for gaps between groups and for a change over time.

The rule (``compare``): a figure is ``hoger`` (``lager``) than a reference only when its whole
interval lies above (below) the reference figure; otherwise ``gelijk``. A difference is
``hoger``/``lager`` when its interval excludes 0.
"""
from __future__ import annotations

import numpy as np

from .model import HIGHER, LOWER, SIMILAR

Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal distribution


def _arrays(*values: object) -> list[np.ndarray]:
    return [np.asarray(v, dtype=float) for v in values]


def wilson(t: object, n: object, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of the proportion t/n (as a fraction); NaN where n <= 0 or t outside [0, n]."""
    t, n = _arrays(t, n)
    valid = (n > 0) & (t >= 0) & (t <= n)
    n_safe = np.where(valid, n, 1.0)
    p = np.where(valid, t, 0.0) / n_safe
    z2 = z * z
    centre = (p + z2 / (2 * n_safe)) / (1 + z2 / n_safe)
    half = z * np.sqrt(p * (1 - p) / n_safe + z2 / (4 * n_safe * n_safe)) / (1 + z2 / n_safe)
    lower = np.where(p == 0, 0.0, np.clip(centre - half, 0.0, 1.0))
    upper = np.where(p == 1, 1.0, np.clip(centre + half, 0.0, 1.0))
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def byar(t: object, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's interval of a Poisson count t; NaN where t < 0."""
    (t,) = _arrays(t)
    valid = t >= 0
    o = np.where(valid, t, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.where(o > 0, o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3, 0.0)
    o1 = o + 1
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * np.sqrt(o1))) ** 3
    return np.where(valid, np.maximum(lower, 0.0), np.nan), np.where(valid, upper, np.nan)


def ratio_interval(method: object, t: object, n: object, scale: object) -> tuple[np.ndarray, np.ndarray]:
    """The interval of t/n × scale by ``method`` per row (``wilson``, ``byar``; anything else: none)."""
    method = np.asarray(method, dtype=object)
    t, n, scale = _arrays(t, n, scale)
    w_lo, w_hi = wilson(t, n)
    b_lo, b_hi = byar(t)
    with np.errstate(divide="ignore", invalid="ignore"):
        b_lo, b_hi = np.where(n > 0, b_lo / n, np.nan), np.where(n > 0, b_hi / n, np.nan)
    lower = np.select([method == "wilson", method == "byar"], [w_lo, b_lo], np.nan) * scale
    upper = np.select([method == "wilson", method == "byar"], [w_hi, b_hi], np.nan) * scale
    return lower, upper


def difference(p1: object, lo1: object, hi1: object,
               p2: object, lo2: object, hi2: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """p1 − p2 and its interval from the two figures' own intervals (MOVER); NaN if any is missing."""
    p1, lo1, hi1, p2, lo2, hi2 = _arrays(p1, lo1, hi1, p2, lo2, hi2)
    d = p1 - p2
    lower = d - np.sqrt((p1 - lo1) ** 2 + (hi2 - p2) ** 2)
    upper = d + np.sqrt((hi1 - p1) ** 2 + (p2 - lo2) ** 2)
    missing = np.isnan(lower) | np.isnan(upper)
    return np.where(missing, np.nan, d), lower, upper


def compare(lower: object, upper: object, reference: object) -> np.ndarray:
    """``hoger`` / ``lager`` when the interval lies wholly above / below the reference, else ``gelijk``;
    ``""`` where the interval or the reference is missing."""
    lower, upper, reference = _arrays(lower, upper, reference)
    known = ~(np.isnan(lower) | np.isnan(upper) | np.isnan(reference))
    verdict = np.select([lower > reference, upper < reference], [HIGHER, LOWER], SIMILAR)
    return np.where(known, verdict, "").astype(object)

