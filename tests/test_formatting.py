"""Rounding half up on the decimal text of a float, fast path included."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.formatting import format_number, round_half_up


def textbook(value: float, decimals: int) -> float:
    """Half away from zero on the shortest decimal representation, by the decimal module alone."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize(("value", "decimals", "expected"), [
    (2.675, 2, 2.68),      # the float is 2.67499999…, its text is 2.675: half up gives 2.68
    (0.125, 2, 0.13),
    (-0.5, 0, -1.0),
    (1.0005, 3, 1.001),
    (2.5, 0, 3.0),         # Python's round() gives 2 (half to even)
    (12.345, 1, 12.3),
    (-0.04, 1, 0.0),       # no negative zero
])
def test_known_cases(value: float, decimals: int, expected: float) -> None:
    assert round_half_up(value, decimals) == expected


@settings(max_examples=3000, deadline=None)
@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_fast_path_agrees_with_decimal_rounding(value: float, decimals: int) -> None:
    assert round_half_up(value, decimals) == textbook(value, decimals) or (
        round_half_up(value, decimals) == 0 and textbook(value, decimals) == 0)


@settings(max_examples=1000, deadline=None)
@given(st.integers(min_value=-10**6, max_value=10**6), st.integers(min_value=1, max_value=3))
def test_exact_ties_round_away_from_zero(whole: int, decimals: int) -> None:
    """Values whose text ends in 5 just past the kept decimals."""
    text = f"{whole}.{'0' * (decimals - 1)}5" if whole >= 0 else f"-{-whole}.{'0' * (decimals - 1)}5"
    assert round_half_up(float(text), decimals - 1 if decimals > 1 else 0) == textbook(float(text), max(decimals - 1, 0))


def test_format_number_uses_half_up() -> None:
    assert format_number(2.675, 2) == "2,68"
