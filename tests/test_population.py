"""Steps 1 and 2: cases from enrollees and the penetration rate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck


def test_cases_are_enrollees_times_penetration():
    """How many cases do 12,000 enrollees at 8% give? 960."""
    assert ck.cases_from_penetration(12_000, 0.08) == pytest.approx(960)


@pytest.mark.parametrize("rate", [1.2, -0.01, 10])
def test_penetration_rate_outside_zero_to_one_is_refused(rate):
    """Is a rate written as a percentage (10 instead of 0.10) refused, naming the field?"""
    with pytest.raises(ck.OutOfRangeError, match="penetration_rate") as caught:
        ck.cases_from_penetration(30_000, rate)
    assert caught.value.value == rate


def test_negative_enrollees_are_refused():
    """Is a negative number of enrollees refused with its value in the message?"""
    with pytest.raises(ck.OutOfRangeError, match=r"enrollees must be zero or more; got -5"):
        ck.cases_from_penetration(-5, 0.1)


@pytest.mark.parametrize("bad", ["30000", None, True, float("nan")])
def test_non_numbers_are_refused(bad):
    """Is text, nothing, a yes/no or NaN refused as the enrollee count?"""
    with pytest.raises(ck.InvalidInputError, match="enrollees"):
        ck.cases_from_penetration(bad, 0.1)


def test_penetration_table_has_a_column_per_scenario_in_order():
    """Does the table keep the scenarios in the order given?"""
    table = ck.penetration_table(1_000, {"High": 0.2, "Low": 0.1})
    assert list(table.columns) == ["High", "Low"]
    assert table.loc["Number of cases"].tolist() == pytest.approx([200, 100])


def test_penetration_table_names_the_bad_scenario():
    """Does a bad rate in the table name its scenario?"""
    with pytest.raises(ck.OutOfRangeError, match="High"):
        ck.penetration_table(1_000, {"Low": 0.1, "High": 11})


@given(st.floats(0, 1e7), st.floats(0, 1))
def test_cases_never_exceed_enrollees(enrollees, rate):
    """Can a share of enrollees ever be more people than there are enrollees?"""
    assert 0 <= ck.cases_from_penetration(enrollees, rate) <= enrollees
