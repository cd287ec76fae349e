"""Step 6: the average cost per hour from a service-code table."""

import pytest

import caserate_kit as ck

THERAPY = ck.ServiceCode("T", "Therapy", {"Masters level": 1.0}, 150.0, annual_hours=300)
SUPPORT = ck.ServiceCode("S", "Support", {"Below masters": 1.0}, 50.0, annual_hours=100)
UNKNOWN = ck.ServiceCode("U", "Unknown volume", {"Prescriber": 1.0}, 250.0)


def test_weighted_average_follows_the_hours():
    """Is 300 hours at $150 and 100 at $50 an average of $125, not $100?"""
    assert ck.cost_per_hour([THERAPY, SUPPORT]) == pytest.approx(125.0)


def test_plain_average_ignores_volume():
    """Without weighting, is the average the mean of the billed rates?"""
    assert ck.cost_per_hour([THERAPY, SUPPORT, UNKNOWN], weighted=False) == pytest.approx(150.0)


def test_weighting_without_volumes_names_the_codes_missing_them():
    """Does weighting by volume say which codes have no hours?"""
    with pytest.raises(ck.InvalidInputError, match=r"annual_hours.*\['U'\]"):
        ck.cost_per_hour([THERAPY, UNKNOWN])


def test_no_codes_is_refused():
    """Is an empty table refused?"""
    with pytest.raises(ck.InvalidInputError, match="codes"):
        ck.cost_per_hour([])


def test_all_zero_volumes_are_refused():
    """Is a table whose volumes are all zero refused instead of dividing by zero?"""
    idle = ck.ServiceCode("Z", "Idle", {"RN": 1.0}, 100.0, annual_hours=0)
    with pytest.raises(ck.InvalidInputError, match="annual_hours"):
        ck.cost_per_hour([idle])


def test_clinician_mix_must_add_up():
    """Is a code whose clinician shares add to 90% refused, naming the code?"""
    with pytest.raises(ck.MixError, match="clinician_mix of code H0036"):
        ck.ServiceCode("H0036", "Support", {"Prescriber": 0.25, "Below masters": 0.65}, 55.5)


def test_billed_rate_must_be_positive():
    """Is a zero billed rate refused?"""
    with pytest.raises(ck.OutOfRangeError, match="billed_per_hour of code X"):
        ck.ServiceCode("X", "Free", {"RN": 1.0}, 0)


def test_clinician_hours_mix_adds_up_to_one():
    """Do the clinician shares of all hours add up to 100%?"""
    mix = ck.clinician_hours_mix(ck.examples.ADMIRABLE_SERVICE_CODES)
    assert sum(mix.values()) == pytest.approx(1.0)
    assert set(mix) == {"Prescriber", "RN", "Masters level", "Below masters"}


def test_service_code_table_has_shares_and_volume_columns():
    """Does the table show each clinician type and each code's share of hours?"""
    table = ck.service_code_table([THERAPY, SUPPORT])
    assert table.loc["T", "Masters level"] == 1.0
    assert table.loc["S", "Masters level"] == 0.0
    assert table["Share of hours"].tolist() == pytest.approx([0.75, 0.25])


def test_service_code_table_without_volumes_drops_the_volume_columns():
    """When volumes are unknown, does the table leave out the hours columns?"""
    table = ck.service_code_table([UNKNOWN])
    assert "Annual hours" not in table.columns
    assert "Share of hours" not in table.columns
