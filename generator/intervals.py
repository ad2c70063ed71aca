"""95 % intervals and the significance rule (vectorised, numpy only).

Methods, as England's public-health profiles (Fingertips) use them:

* ``wilson``: the Wilson score interval of a proportion ``t / n`` (Wilson 1927; Newcombe
  1998, method 3). Stays inside [0, 1], also for 0 of n and n of n.
* ``poisson``: the exact (Garwood 1936) Poisson interval of a count ``t``, from the
  chi-square distribution, divided by ``n``: for rates per 1 000, where the teller counts
  events or people and the noemer is a population at risk. Fingertips uses Byar's
  approximation of it, which is poor for the small counts that matter here (for t = 1 its
  lower bound is half the exact one); the exact interval costs nothing more to compute.
* ``difference``: the interval of the difference of two independent figures from their
  own intervals (MOVER: Newcombe 1998, method 10, for proportions; Li, Tang & Wong 2014
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


def poisson(t: object, alpha: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """The exact interval of a Poisson count t (chi-square quantiles / 2); NaN where t < 0."""
    from scipy.special import gammaincinv  # chi2.ppf(q, 2k) / 2 == gammaincinv(k, q)
    (t,) = _arrays(t)
    valid = t >= 0
    o = np.where(valid, t, 0.0)
    lower = np.where(o > 0, gammaincinv(np.maximum(o, 1e-300), alpha / 2), 0.0)
    upper = gammaincinv(o + 1, 1 - alpha / 2)
    return np.where(valid, lower, np.nan), np.where(valid, upper, np.nan)


def ratio_interval(method: object, t: object, n: object, scale: object) -> tuple[np.ndarray, np.ndarray]:
    """The interval of t/n × scale by ``method`` per row (``wilson``, ``poisson``; anything else: none).
    Each method runs only on its own rows (the exact Poisson quantiles are the costly part)."""
    method = np.asarray(method, dtype=object)
    t, n, scale = _arrays(t, n, scale)
    lower, upper = np.full(t.shape, np.nan), np.full(t.shape, np.nan)
    rows = method == "wilson"
    if rows.any():
        lower[rows], upper[rows] = wilson(t[rows], n[rows])
    rows = (method == "poisson") & (n > 0)
    if rows.any():
        count_lo, count_hi = poisson(t[rows])
        lower[rows], upper[rows] = count_lo / n[rows], count_hi / n[rows]
    return lower * scale, upper * scale


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

