"""The lesson catalog: each lesson's instructional level."""

from dataclasses import replace

import pytest

import caserate_kit as ck
from caserate_kit.course._catalog import LESSONS, LEVELS, bank_path
from caserate_kit.course.quiz import load_bank


def test_every_lesson_has_a_known_instructional_level():
    """Does each lesson carry one of the levels the pages explain?"""
    assert all(lesson.level in LEVELS for lesson in LESSONS)


def test_the_first_lessons_are_introductory_and_the_rest_build_on_them():
    """Are lessons 1 to 3 introductory and 4 to 6, which build on them, intermediate?"""
    assert [lesson.level for lesson in LESSONS] == ["introductory"] * 3 + ["intermediate"] * 3


def test_every_level_is_explained_in_plain_words():
    """Does each level come with a sentence a learner can read?"""
    assert all(meaning and meaning == meaning.strip() for meaning in LEVELS.values())


@pytest.mark.parametrize("level", ["beginner", "Introductory", ""])
def test_an_unknown_level_is_refused_naming_it_and_the_known_ones(level):
    """Is a lesson with a level the pages cannot explain refused, listing the known levels?"""
    with pytest.raises(ck.InvalidInputError) as error:
        replace(LESSONS[0], level=level)
    assert str(error.value) == (
        f"level must be one of introductory, intermediate, advanced (the lesson's level); "
        f"got {level!r}"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_the_outcomes_a_lesson_promises_are_the_objectives_its_post_test_measures(lesson):
    """Does each lesson's header list exactly its bank's objectives, in the same order?"""
    bank = load_bank(bank_path(lesson))
    assert lesson.outcomes == tuple(objective.text for objective in bank.objectives)
