"""Steps 3 to 5: levels of care, the case mix and service hours."""

import pytest

import caserate_kit as ck


def test_cases_are_spread_by_the_mix():
    """Do 200 cases at a 25/75 mix give 50 and 150?"""
    assert ck.cases_by_level(200, {"A": 0.25, "B": 0.75}) == {"A": 50.0, "B": 150.0}


def test_mix_not_adding_to_100_percent_is_refused():
    """Is the source's prose mix (20/27/33/10 = 90%) refused, with its sum in the message?"""
    mix = {"A": 0.20, "B": 0.27, "C": 0.33, "D": 0.10}
    with pytest.raises(ck.MixError, match=r"case_mix must add up to 100%, but adds up to 90\.00%"):
        ck.cases_by_level(3_000, mix)


def test_empty_mix_is_refused():
    """Is a mix with no levels refused?"""
    with pytest.raises(ck.InvalidInputError, match="case_mix"):
        ck.cases_by_level(10, {})


def test_a_share_above_one_names_its_level():
    """Does a share above 100% name its level?"""
    with pytest.raises(ck.OutOfRangeError, match=r"case_mix\['B'\]"):
        ck.cases_by_level(10, {"A": 0.5, "B": 1.5})


def test_negative_average_hours_are_refused():
    """Is a level with negative hours refused, naming the level?"""
    with pytest.raises(ck.OutOfRangeError, match="avg_hours of level A"):
        ck.LevelOfCare("A", "Maintenance", avg_hours=-10)


def test_minimum_above_average_is_refused():
    """Is a minimum above the average refused?"""
    with pytest.raises(ck.OutOfRangeError, match="min_hours of level B"):
        ck.LevelOfCare("B", "Low", avg_hours=30, min_hours=40)


def test_maximum_below_average_is_refused():
    """Is a maximum below the average refused?"""
    with pytest.raises(ck.OutOfRangeError, match="max_hours of level B"):
        ck.LevelOfCare("B", "Low", avg_hours=30, max_hours=20)


def test_blank_level_code_is_refused():
    """Is a level without a code refused?"""
    with pytest.raises(ck.InvalidInputError, match="code"):
        ck.LevelOfCare(" ", "Nameless", avg_hours=1)


def test_service_hours_are_cases_times_hours():
    """Do 990 Level C cases at 80 hours need 79,200 hours?"""
    assert ck.service_hours_by_level({"C": 990}, {"C": 80}) == {"C": 79_200.0}


def test_service_hours_need_hours_for_every_level():
    """Does a missing level in the hours name the level that is missing?"""
    with pytest.raises(ck.MismatchError, match="missing D"):
        ck.service_hours_by_level({"C": 1, "D": 1}, {"C": 80})
