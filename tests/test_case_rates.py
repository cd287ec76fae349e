"""Step 7: case rate = average hours x rate per hour."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck

hours = st.floats(0, 500, allow_nan=False)
rates = st.floats(0, 1_000, allow_nan=False)
factors = st.floats(0, 10, allow_nan=False)


def test_case_rate_is_hours_times_rate():
    """Are 12 hours at $100 a case rate of $1,200?"""
    assert ck.case_rate(12, 100) == 1_200


@given(hours, rates, factors)
def test_case_rate_scales_linearly_with_hours(h, r, k):
    """Does multiplying the hours multiply the case rate by the same factor?"""
    assert ck.case_rate(h * k, r) == pytest.approx(k * ck.case_rate(h, r), rel=1e-9, abs=1e-9)


@given(hours, rates, factors)
def test_case_rate_scales_linearly_with_the_rate(h, r, k):
    """Does multiplying the rate per hour multiply the case rate by the same factor?"""
    assert ck.case_rate(h, r * k) == pytest.approx(k * ck.case_rate(h, r), rel=1e-9, abs=1e-9)


def test_negative_hours_are_refused():
    """Is a negative number of hours refused, naming avg_hours?"""
    with pytest.raises(ck.OutOfRangeError, match="avg_hours must be zero or more; got -3"):
        ck.case_rate(-3, 100)


def test_negative_rate_is_refused():
    """Is a negative rate per hour refused?"""
    with pytest.raises(ck.OutOfRangeError, match="rate_per_hour"):
        ck.case_rate(3, -100)


def test_case_rate_table_allows_a_rate_per_level():
    """Can a level with more prescriber time carry its own rate per hour?"""
    levels = [ck.LevelOfCare("A", "Low", 10), ck.LevelOfCare("B", "High", 20)]
    table = ck.case_rate_table(levels, {"A": 100.0, "B": 200.0})
    assert table["Case rate"].tolist() == [1_000.0, 4_000.0]


def test_rate_per_level_must_cover_every_level():
    """Does a per-level rate that misses a level name the missing level?"""
    levels = [ck.LevelOfCare("A", "Low", 10), ck.LevelOfCare("B", "High", 20)]
    with pytest.raises(ck.MismatchError, match="missing B"):
        ck.case_rate_table(levels, {"A": 100.0})
