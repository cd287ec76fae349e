"""Money display: rounding half-up in one place."""

import pytest

import caserate_kit as ck


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(4758.5, "$4,759"), (2.5, "$3"), (1586.1739, "$1,586"), (-1250.5, "-$1,251"), (0, "$0")],
)
def test_dollars_round_half_up(amount, shown):
    """Does $x.50 round up, the way a spreadsheet shows it?"""
    assert ck.format_dollars(amount) == shown


def test_cents_are_shown_when_asked():
    """Are cents shown with two decimals?"""
    assert ck.format_dollars(66.7514, cents=True) == "$66.75"


def test_money_that_is_not_a_number_is_refused():
    """Is text refused with a clear message?"""
    with pytest.raises(ck.InvalidInputError, match="amount must be a number"):
        ck.format_dollars("lots")
