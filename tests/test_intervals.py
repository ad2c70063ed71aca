"""95 % intervals and the significance rule: the methods against independent values, their
properties, and the comparisons they drive in the compare stage.

Expected values are textbook results (Newcombe 1998, Statistics in Medicine 17: 857–872 and
873–890) or computed here from first principles (the exact Poisson interval by bisection on
the Poisson distribution), never copied from the program's own output.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_harmonise import monitor_for, row

from generator import intervals

Z = 1.959963984540054


# ---------------------------------------------------------------- Wilson


@pytest.mark.parametrize(("t", "n", "lower", "upper"), [
    (81, 263, 0.2553, 0.3662),  # Newcombe 1998a, table I, method 3
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_textbook_cases(t, n, lower, upper):
    lo, hi = intervals.wilson(t, n)
    assert (round(float(lo), 4), round(float(hi), 4)) == (lower, upper)


@pytest.mark.parametrize("n", [1, 2, 7, 30, 1000])
def test_wilson_edges_0_of_n_and_n_of_n(n):
    """0 of n: [0, z²/(n+z²)]; n of n: [n/(n+z²), 1] (closed forms of the score interval)."""
    lo, hi = intervals.wilson(0, n)
    assert float(lo) == 0.0 and float(hi) == pytest.approx(Z * Z / (n + Z * Z), rel=1e-12)
    lo, hi = intervals.wilson(n, n)
    assert float(hi) == 1.0 and float(lo) == pytest.approx(n / (n + Z * Z), rel=1e-12)


def test_wilson_n_equals_1():
    """One person: the interval is wide, never degenerate, and stays in [0, 1]."""
    lo0, hi0 = intervals.wilson(0, 1)
    lo1, hi1 = intervals.wilson(1, 1)
    assert (float(lo0), float(hi1)) == (0.0, 1.0)
    assert float(hi0) == pytest.approx(0.7935, abs=1e-4) and float(lo1) == pytest.approx(0.2065, abs=1e-4)


@pytest.mark.parametrize(("t", "n"), [(5, 0), (-1, 10), (11, 10), (float("nan"), 10)])
def test_wilson_undefined_gives_no_interval(t, n):
    lo, hi = intervals.wilson(t, n)
    assert math.isnan(lo) and math.isnan(hi)


# ---------------------------------------------------------------- exact Poisson


def poisson_cdf(k: int, mu: float) -> float:
    return sum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(k + 1)) if mu > 0 else 1.0


def exact_poisson(k: int, alpha: float = 0.05) -> tuple[float, float]:
    """Garwood's exact interval of a Poisson count, by bisection (independent of the program)."""
    def solve(f, lo, hi):
        for _ in range(200):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) > 0 else (lo, mid)
        return (lo + hi) / 2
    lower = 0.0 if k == 0 else solve(lambda mu: (1 - poisson_cdf(k - 1, mu)) < alpha / 2 and 1 or -1, 0.0, k + 50.0)
    upper = solve(lambda mu: poisson_cdf(k, mu) > alpha / 2 and 1 or -1, 0.0, k + 50.0 + 10 * math.sqrt(k + 1))
    return lower, upper


def test_exact_poisson_helper_knows_the_textbook_value():
    lower, upper = exact_poisson(10)  # 4.795–18.390 in every table of Poisson limits
    assert (round(lower, 3), round(upper, 2)) == (4.795, 18.39)


@pytest.mark.parametrize(("count", "lower", "upper"), [
    (0, 0.0, 3.689), (1, 0.0253, 5.572), (2, 0.2422, 7.225), (5, 1.6235, 11.668),  # tables of
    (10, 4.7954, 18.390), (20, 12.217, 30.889),                                       # Poisson limits
])
def test_poisson_textbook_limits(count, lower, upper):
    lo, hi = intervals.poisson(count)
    assert float(lo) == pytest.approx(lower, abs=5e-4) and float(hi) == pytest.approx(upper, abs=5e-3)


@pytest.mark.parametrize("count", [0, 1, 3, 10, 25, 100, 1000])
def test_poisson_is_the_exact_interval(count):
    lo, hi = intervals.poisson(count)
    exact_lo, exact_hi = exact_poisson(count)
    assert float(lo) == pytest.approx(exact_lo, rel=1e-6, abs=1e-9)
    assert float(hi) == pytest.approx(exact_hi, rel=1e-6)


def test_rate_per_1000_is_the_count_interval_over_the_noemer():
    lo, hi = intervals.ratio_interval(["poisson"], [10], [2000], [1000])
    exact_lo, exact_hi = exact_poisson(10)
    assert float(lo[0]) == pytest.approx(exact_lo / 2000 * 1000, rel=1e-6)
    assert float(hi[0]) == pytest.approx(exact_hi / 2000 * 1000, rel=1e-6)


def test_no_method_no_interval():
    lo, hi = intervals.ratio_interval(["", "wilson"], [10, 10], [100, 100], [1, 100])
    assert math.isnan(lo[0]) and math.isnan(hi[0])
    assert (round(float(lo[1]), 2), round(float(hi[1]), 2)) == (5.52, 17.44)


# ---------------------------------------------------------------- differences (MOVER)


@pytest.mark.parametrize(("a", "m", "b", "n", "lower", "upper"), [
    (56, 70, 48, 80, 0.0524, 0.3339),  # Newcombe 1998b, table II, method 10
    (9, 10, 3, 10, 0.1705, 0.8090),
    (6, 7, 2, 7, 0.0582, 0.8062),
    (5, 56, 0, 29, -0.0381, 0.1926),
    (0, 10, 0, 20, -0.1611, 0.2775),
    (10, 10, 0, 20, 0.6791, 1.0000),
])
def test_difference_textbook_cases(a, m, b, n, lower, upper):
    first, second = intervals.wilson(a, m), intervals.wilson(b, n)
    d, lo, hi = intervals.difference(a / m, *first, b / n, *second)
    assert float(d) == pytest.approx(a / m - b / n)
    assert (round(float(lo), 4), round(float(hi), 4)) == (lower, upper)


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize(("lower", "upper", "reference", "verdict"), [
    (21.0, 25.0, 20.0, "hoger"),
    (15.0, 19.9, 20.0, "lager"),
    (15.0, 25.0, 20.0, "gelijk"),
    (20.0, 25.0, 20.0, "gelijk"),    # touching the reference is not wholly above it
    (float("nan"), float("nan"), 20.0, ""),
    (15.0, 25.0, float("nan"), ""),
])
def test_compare(lower, upper, reference, verdict):
    assert intervals.compare([lower], [upper], [reference])[0] == verdict


# ---------------------------------------------------------------- properties

COUNTS = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n)))


@settings(max_examples=300, deadline=None)
@given(COUNTS)
def test_every_interval_contains_its_figure(case):
    t, n = case
    lo, hi = intervals.wilson(t, n)
    assert 0.0 <= float(lo) <= t / n <= float(hi) <= 1.0
    plo, phi = intervals.poisson(t)
    assert float(plo) <= t <= float(phi)


@settings(max_examples=300, deadline=None)
@given(COUNTS, st.integers(min_value=2, max_value=50))
def test_intervals_narrow_as_the_noemer_grows(case, factor):
    """The same share with a k times larger noemer has a narrower interval (Wilson and Poisson)."""
    t, n = case
    lo, hi = intervals.wilson([t, t * factor], [n, n * factor])
    assert hi[1] - lo[1] < hi[0] - lo[0] or (t in (0, n) and hi[1] - lo[1] <= hi[0] - lo[0])
    rate_lo, rate_hi = intervals.ratio_interval(["poisson", "poisson"], [t, t * factor], [n, n * factor], [1000, 1000])
    assert rate_hi[1] - rate_lo[1] < rate_hi[0] - rate_lo[0]


# ---------------------------------------------------------------- in the compare stage

# Limburg gemeenten share one cluster in the test clusters (support.base_clusters): Herstappe
# (73028, tiny) and Genk (71016) and Sint-Truiden (71053), large.
LIMBURG = "D1,2025,71016,totaal,{genk},10000,,\nD1,2025,71053,totaal,2000,10000,,\nD1,2025,73028,totaal,{herstappe},10,,\n"


def old_rule(figure: float, reference: float) -> str:
    """The rule this replaces: more than 5 % (relative) above or below the cluster."""
    rel = (figure - reference) / reference
    return "boven" if rel > 0.05 else "onder" if rel < -0.05 else "rond"


def test_small_gemeente_with_a_moderate_difference_is_gelijk(data_dir):
    m = monitor_for(data_dir, LIMBURG.format(genk=2000, herstappe=3))
    small = row(m, "D1", 2025, "73028")
    assert small.waarde == pytest.approx(30.0) and small.noemer == 10
    assert old_rule(small.waarde, small.cluster_waarde) == "boven"  # 30 % against 20,0 %
    assert small.t_o_v_cluster == "gelijk" and small.t_o_v_vlaanderen == "gelijk"  # 3 of 10: 10,8–60,3 %
    assert small.klein_aantal  # a noemer of 10 is below the catalogue's 30


def test_large_gemeente_with_the_same_difference_is_hoger(data_dir):
    m = monitor_for(data_dir, LIMBURG.format(genk=3000, herstappe=3))
    genk = row(m, "D1", 2025, "71016")
    lo, hi = wilson_by_hand(3000, 10000)
    assert (genk.ondergrens, genk.bovengrens) == (pytest.approx(lo * 100), pytest.approx(hi * 100))
    assert genk.t_o_v_cluster == "hoger" and genk.t_o_v_vlaanderen == "hoger"
    assert not genk.klein_aantal
    assert row(m, "D1", 2025, "71053").t_o_v_cluster == "lager"


def wilson_by_hand(t: int, n: int) -> tuple[float, float]:
    p = t / n
    centre, half = p + Z * Z / (2 * n), Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - half) / (1 + Z * Z / n), (centre + half) / (1 + Z * Z / n)


def test_no_interval_nor_comparison_for_counts(data_dir):
    m = monitor_for(data_dir, "I2,2025,71016,totaal,40,,,\nI2,2025,73028,totaal,400,,,\n")
    r = row(m, "I2", 2025, "71016")
    assert math.isnan(r.ondergrens) and r.t_o_v_vlaanderen == "" and r.t_o_v_cluster == ""


def test_gap_between_groups_with_its_interval(data_dir):
    body = "T1,2025,71016,belgisch,700,1000,,\nT1,2025,71016,vreemd,500,1000,,\nT1,2025,71016,totaal,1200,2000,,\n"
    m = monitor_for(data_dir, body)
    vreemd = row(m, "T1", 2025, "71016", "vreemd")
    (l1, u1), (l2, u2) = wilson_by_hand(500, 1000), wilson_by_hand(700, 1000)
    lower = -0.2 - math.sqrt((0.5 - l1) ** 2 + (u2 - 0.7) ** 2)
    upper = -0.2 + math.sqrt((u1 - 0.5) ** 2 + (0.7 - l2) ** 2)
    assert vreemd.kloof == pytest.approx(-20.0)
    assert (vreemd.kloof_ondergrens, vreemd.kloof_bovengrens) == (pytest.approx(lower * 100), pytest.approx(upper * 100))
    assert math.isnan(row(m, "T1", 2025, "71016", "belgisch").kloof)  # the reference group itself
    assert math.isnan(row(m, "T1", 2025, "71016", "totaal").kloof)
    flemish = m.reference("T1", 2025, "vreemd", "vlaanderen", "Vlaams Gewest")
    assert (flemish.teller, flemish.noemer) == (500, 1000) and flemish.kloof == pytest.approx(-20.0)


@pytest.mark.parametrize("reference", ["", "T1,2025,71016,belgisch,,,,geheim\n"], ids=["ontbreekt", "geheim"])
def test_no_gap_without_a_published_reference_group(data_dir, reference):
    vreemd = row(monitor_for(data_dir, reference + "T1,2025,71016,vreemd,500,1000,,\n"), "T1", 2025, "71016", "vreemd")
    assert all(math.isnan(v) for v in (vreemd.kloof, vreemd.kloof_ondergrens, vreemd.kloof_bovengrens))


@pytest.mark.parametrize(("then", "now", "verdict"), [
    ((2000, 10000), (3000, 10000), "hoger"),
    ((3, 10), (5, 10), "gelijk"),       # 30 % → 50 % of ten people: chance can do that
    ((3000, 10000), (2000, 10000), "lager"),
])
def test_change_against_five_editions_earlier(data_dir, then, now, verdict):
    body = f"D1,2020,71016,totaal,{then[0]},{then[1]},,\nD1,2025,71016,totaal,{now[0]},{now[1]},,\n"
    r = row(monitor_for(data_dir, body), "D1", 2025, "71016")
    assert r.eerder_jaar == 2020 and r.t_o_v_eerder == verdict


def test_no_change_without_the_earlier_figure(data_dir):
    body = "D1,2021,71016,totaal,2000,10000,,\nD1,2025,71016,totaal,3000,10000,,\n"
    r = row(monitor_for(data_dir, body), "D1", 2025, "71016")
    assert np.isnan(r.eerder_jaar) and r.t_o_v_eerder == ""
