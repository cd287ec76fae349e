"""Tests for the course teaching rubric (a teaching device, not a clinical instrument)."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

import pytest

from caserate_kit._exceptions import InvalidInputError, OutOfRangeError
from caserate_kit.course._rubric import (
    RUBRIC_DIMENSIONS,
    RUBRIC_LEVELS,
    RUBRIC_NOTICE,
    RubricRatings,
    place_on_rubric,
    rubric_markdown,
)

FIELDS = [item.name for item in dataclasses.fields(RubricRatings)]


def ratings(**changes: int) -> RubricRatings:
    """All dimensions rated 1, except those given."""
    return RubricRatings(**{name: 1 for name in FIELDS} | changes)


def test_dimensions_match_the_rating_fields() -> None:
    """Does every dimension name a field of RubricRatings, in the same order?"""
    assert [d.key for d in RUBRIC_DIMENSIONS] == FIELDS
    assert all(len(d.anchors) == 4 and all(a.strip() for a in d.anchors) for d in RUBRIC_DIMENSIONS)


def test_levels_are_a_to_d() -> None:
    """Are the four community levels A to D, and read-only?"""
    assert list(RUBRIC_LEVELS) == ["A", "B", "C", "D"]
    with pytest.raises(TypeError):
        RUBRIC_LEVELS["E"] = "Inpatient"  # type: ignore[index]


@pytest.mark.parametrize(("same_rating", "level"), [(1, "A"), (2, "B"), (3, "C"), (4, "D")])
def test_even_ratings_give_the_matching_level(same_rating: int, level: str) -> None:
    """All 1s give A, all 2s B, all 3s C, all 4s D."""
    place = place_on_rubric(RubricRatings(*[same_rating] * 5))
    assert place.level == level
    assert place.level_name == RUBRIC_LEVELS[level]
    assert place.total == same_rating * 5


@pytest.mark.parametrize(
    ("combo", "level"),
    [
        ((1, 1, 1, 1, 1), "A"),
        ((1, 2, 2, 1, 1), "A"),
        ((1, 2, 2, 2, 1), "B"),
        ((2, 3, 2, 2, 2), "B"),
        ((2, 3, 3, 2, 2), "C"),
        ((3, 3, 3, 3, 3), "C"),
        ((2, 4, 4, 3, 3), "D"),
    ],
)
def test_total_bands(combo: tuple[int, ...], level: str) -> None:
    """The band edges: 5-7 A, 8-11 B, 12-15 C, 16-20 D, with no floor needed."""
    place = place_on_rubric(RubricRatings(*combo))
    assert place.level == level
    assert place.reasons == (
        f"The ratings add up to {sum(combo)}, which gives level {level} by the total.",
    )


def test_a_four_anywhere_means_at_least_c() -> None:
    """A single 4 (total 8, band B) lifts the placement to C and says why."""
    place = place_on_rubric(ratings(support=4))
    assert place.total == 8
    assert place.level == "C"
    assert "support at home" in place.reasons[-1]
    assert not place.crisis_check


def test_safety_three_means_at_least_c() -> None:
    place = place_on_rubric(ratings(safety=3))
    assert (place.total, place.level) == (7, "C")


def test_safety_four_means_d_and_a_crisis_check() -> None:
    place = place_on_rubric(ratings(safety=4))
    assert place.level == "D"
    assert place.crisis_check
    assert place.reasons[-1].startswith("Safety is rated 4: level D")


def test_floors_never_lower_the_level() -> None:
    """Over every possible set of ratings, the level is at least the band's level."""
    for combo in itertools.product(range(1, 5), repeat=5):
        place = place_on_rubric(RubricRatings(*combo))
        total = sum(combo)
        band = "A" if total <= 7 else "B" if total <= 11 else "C" if total <= 15 else "D"
        assert place.level >= band
        assert place.crisis_check == (combo[0] == 4)


@pytest.mark.parametrize("bad", [0, 5, -1])
def test_out_of_range_rating_names_field_and_value(bad: int) -> None:
    with pytest.raises(OutOfRangeError) as caught:
        ratings(symptoms=bad)
    assert caught.value.field == "symptoms"
    assert caught.value.value == bad
    assert str(caught.value) == f"symptoms must be a rating from 1 to 4; got {bad}"


@pytest.mark.parametrize("bad", [2.5, "3", True, None])
def test_non_whole_rating_is_refused(bad: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ratings(engagement=bad)
    assert caught.value.field == "engagement"
    assert caught.value.value is bad


def test_ratings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ratings().safety = 2  # type: ignore[misc]


def test_place_refuses_anything_but_ratings() -> None:
    with pytest.raises(InvalidInputError, match="ratings must be RubricRatings"):
        place_on_rubric({"safety": 1})  # type: ignore[arg-type]


def test_markdown_carries_the_notice_and_every_anchor() -> None:
    text = rubric_markdown()
    assert RUBRIC_NOTICE in text.splitlines()[0]
    for dim in RUBRIC_DIMENSIONS:
        assert all(anchor in text for anchor in dim.anchors)
    assert "LOCUS" not in text
