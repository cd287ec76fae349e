"""Clinician capacity: direct-service hours per FTE, caseloads and FTEs needed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import caserate_kit as ck


def test_one_fte_is_paid_forty_hours_for_fifty_two_weeks():
    """Is one FTE's paid year 40 x 52 = 2,080 hours?"""
    assert ck.PAID_HOURS_PER_FTE == 40 * 52


def test_productive_hours_take_off_leave_and_training_then_apply_productivity():
    """With 160 hours of leave, 40 of training and 62% productivity, how many direct hours?"""
    expected = (2080 - 160 - 40) * 0.62  # 1,880 hours at work x 62% = 1,165.6
    result = ck.productive_hours(2080, leave_hours=160, training_hours=40, productivity=0.62)
    assert result == pytest.approx(expected)
    assert result == pytest.approx(1165.6)


def test_default_productive_hours_are_about_eleven_hundred_forty():
    """Do the defaults (200 leave, 40 training, 62%) give (2080 - 240) x 0.62 hours?"""
    assert ck.productive_hours() == pytest.approx((2080 - 200 - 40) * 0.62)


def test_caseload_is_direct_hours_over_hours_per_case():
    """How many 80-hour cases fit in 1,165.6 direct-service hours a year?"""
    assert ck.caseload(1165.6, 80) == pytest.approx(1165.6 / 80)


def test_all_level_a_clinician_carries_eight_times_the_cases_of_all_level_c():
    """Does a clinician with only 10-hour cases carry 8 times the cases of one with 80-hour ones?"""
    hours = {"A": 10, "C": 80}
    all_a = ck.caseload_for_mix(1165.6, {"A": 1.0, "C": 0.0}, hours)
    all_c = ck.caseload_for_mix(1165.6, {"A": 0.0, "C": 1.0}, hours)
    assert all_a == pytest.approx(116.56)
    assert all_c == pytest.approx(14.57)
    assert all_a / all_c == pytest.approx(8)


def test_caseload_for_a_mix_uses_the_mix_average_hours_per_case():
    """Half 10-hour and half 80-hour cases average 45 hours: is the caseload 1,125 / 45 = 25?"""
    assert ck.caseload_for_mix(1125, {"A": 0.5, "C": 0.5}, {"A": 10, "C": 80}) == pytest.approx(25)


def test_ftes_needed_divide_service_hours_by_direct_hours_per_fte():
    """How many FTEs do 50,500 service hours need at 1,140.8 direct hours each?"""
    assert ck.ftes_needed(50_500, 1140.8) == pytest.approx(50_500 / 1140.8)
    assert ck.ftes_needed(50_500, 1140.8) == pytest.approx(44.27, abs=0.005)


@given(st.floats(1, 2_000), st.floats(0.5, 500))
def test_caseload_times_hours_per_case_gives_back_the_direct_hours(direct_hours, avg_hours):
    """Whatever the figures, do caseload x hours per case equal the direct hours?"""
    assert ck.caseload(direct_hours, avg_hours) * avg_hours == pytest.approx(direct_hours)


@given(st.floats(0, 0.99), st.floats(0.001, 0.01))
def test_more_productivity_never_gives_fewer_direct_hours(productivity, rise):
    """Does a higher productivity share always give at least as many direct hours?"""
    low = ck.productive_hours(productivity=productivity)
    high = ck.productive_hours(productivity=productivity + rise)
    assert high >= low


def test_productivity_above_one_names_the_field_and_value():
    """Is a productivity of 1.2 (120%) refused, naming productivity and 1.2?"""
    with pytest.raises(ck.OutOfRangeError, match="productivity") as caught:
        ck.productive_hours(productivity=1.2)
    assert (caught.value.field, caught.value.value) == ("productivity", 1.2)


def test_leave_and_training_beyond_paid_hours_are_refused():
    """Are 2,000 hours of leave plus 100 of training refused against 2,080 paid hours?"""
    with pytest.raises(ck.OutOfRangeError, match="must not exceed paid_hours") as caught:
        ck.productive_hours(leave_hours=2_000, training_hours=100)
    assert caught.value.field == "leave_hours + training_hours"
    assert caught.value.value == 2_100


def test_negative_leave_hours_are_refused():
    """Is a negative number of leave hours refused, naming leave_hours?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        ck.productive_hours(leave_hours=-8)
    assert (caught.value.field, caught.value.value) == ("leave_hours", -8)


def test_caseload_refuses_zero_hours_per_case():
    """Is a case needing zero hours refused rather than dividing by zero?"""
    with pytest.raises(ck.OutOfRangeError, match="avg_hours_per_case") as caught:
        ck.caseload(1140.8, 0)
    assert caught.value.value == 0


def test_ftes_needed_refuse_zero_direct_hours_per_fte():
    """Is zero direct hours per FTE refused rather than dividing by zero?"""
    with pytest.raises(ck.OutOfRangeError, match="direct_hours_per_fte") as caught:
        ck.ftes_needed(50_500, 0)
    assert caught.value.value == 0


def test_ftes_needed_refuse_negative_direct_hours_per_fte():
    """Are negative direct hours per FTE refused, naming the field?"""
    with pytest.raises(ck.OutOfRangeError) as caught:
        ck.ftes_needed(50_500, -1_000)
    assert (caught.value.field, caught.value.value) == ("direct_hours_per_fte", -1_000)


def test_caseload_mix_must_add_up_to_one_hundred_percent():
    """Is a clinician's mix of 50% + 40% refused as a mix error?"""
    with pytest.raises(ck.MixError, match=r"90\.00%") as caught:
        ck.caseload_for_mix(1140.8, {"A": 0.5, "C": 0.4}, {"A": 10, "C": 80})
    assert caught.value.field == "mix"


def test_caseload_mix_and_hours_must_name_the_same_levels():
    """Are hours for levels A and B refused for a mix of levels A and C?"""
    with pytest.raises(ck.MismatchError, match="missing C") as caught:
        ck.caseload_for_mix(1140.8, {"A": 0.5, "C": 0.5}, {"A": 10, "B": 30})
    assert caught.value.field == "avg_hours"
