"""Exercise 6, level-of-care practice: the vignettes, the comparison and the page."""

import html
from collections import Counter

import pytest
from matplotlib.figure import Figure

from caserate_kit import InvalidInputError
from caserate_kit.course import RubricRatings, place_on_rubric
from caserate_kit.course._figures import COMPACT_MEDIA
from caserate_kit.course._rubric import RUBRIC_NOTICE
from caserate_kit.course.exercises._placement import (
    CONTENT,
    LEVEL_KEY,
    check_placement,
    load_vignettes,
    plot_ratings,
)
from caserate_kit.course.exercises._placement_page import level_of_care_practice

from ..widget_tree import widgets_under

VIGNETTES = {v.id: v for v in load_vignettes()}
KEYS = ("safety", "functioning", "symptoms", "support", "engagement")

PHONE_AND_WIDE = f'<picture><source media="{COMPACT_MEDIA}"'
"""A chart drawn twice: for a phone, and for a wide page."""


def answers_for(vignette, level=None, **changes):
    """The vignette's own ratings as the page sends them, with some changed."""
    made = {key: str(getattr(vignette.ratings, key)) for key in KEYS}
    made.update({key: str(value) for key, value in changes.items()})
    made[LEVEL_KEY] = level or vignette.placement.level
    return made


def page_text(root):
    """All the text the page can read in the synced state under ``root``, unescaped."""

    def texts(value):
        if isinstance(value, str):
            yield html.unescape(value)
        elif isinstance(value, dict | list | tuple):
            for item in value.values() if isinstance(value, dict) else value:
                yield from texts(item)

    return "\n".join(text for w in widgets_under(root) for text in texts(w.get_state()))


# -- the vignettes -------------------------------------------------------------------------


def test_the_vignettes_reach_every_level():
    """Do the eight vignettes place at all four levels, with at least one at each?"""
    levels = Counter(v.placement.level for v in VIGNETTES.values())
    assert len(VIGNETTES) == 8
    assert set(levels) == {"A", "B", "C", "D"}


def test_the_vignettes_practise_both_floors_and_the_crisis_rule():
    """Is there a vignette lifted by a rating of 4, one by a safety rating of 3, and a crisis?"""
    reasons = " ".join(r for v in VIGNETTES.values() for r in v.placement.reasons)
    assert "A rating of 4" in reasons
    assert "A safety rating of 3 means at least level C." in reasons
    assert any(v.placement.crisis_check for v in VIGNETTES.values())


def test_a_vignette_whose_level_does_not_follow_its_ratings_is_refused(tmp_path):
    """If the rubric would place a vignette elsewhere than its author says, is the file refused?"""
    text = CONTENT.read_text().replace("    level: A\n", "    level: B\n", 1)
    path = tmp_path / "vignettes.yaml"
    path.write_text(text)
    with pytest.raises(
        InvalidInputError, match=r"vignettes\.yaml:\d+: v-grace: level must match the rubric"
    ):
        load_vignettes(path)


# -- comparing ---------------------------------------------------------------------------------


def test_matching_answers_get_matches_everywhere():
    """When the learner's ratings and level match the vignette's, is every group a match?"""
    vignette = VIGNETTES["v-keisha"]
    check = check_placement(vignette, answers_for(vignette))
    assert all(c.feedback()["verdict"] == "correct" for c in check.comparisons)
    assert check.level_feedback()["title"] == "Matches: level C (High-intensity community care)"


def test_a_different_rating_is_explained_with_the_intended_anchor():
    """Does a rating that differs say which way, why, and what the intended rating reads?"""
    vignette = VIGNETTES["v-walter"]
    note = check_placement(vignette, answers_for(vignette, support=2)).comparisons[3].feedback()
    assert note["title"] == "You rated 2; the vignette was written as a 4"
    assert note["lines"][0] == f"Your rating is lower. {vignette.reasons['support']}"
    assert note["lines"][1] == (
        "A 4 on this dimension reads: \u201cNo safe, stable place to live, or home itself is "
        "harmful.\u201d"
    )


def test_a_level_that_does_not_follow_from_the_learners_ratings_is_pointed_out():
    """With the right ratings but the wrong level, is the learner told the level does not follow?"""
    vignette = VIGNETTES["v-mateo"]
    lines = check_placement(vignette, answers_for(vignette, level="C")).level_feedback()["lines"]
    assert lines[-1] == (
        "Your own ratings add up to 9, which the rule places at level B. Your "
        "choice of level C does not follow from them: check the total's bands "
        "and the floors."
    )


def test_a_level_that_follows_from_different_ratings_points_to_the_ratings():
    """When the level follows from the learner's own (different) ratings, is that said?"""
    vignette = VIGNETTES["v-darnell"]
    check = check_placement(vignette, answers_for(vignette, level="B", safety=2))
    last = check.level_feedback()["lines"][-1]
    assert last.endswith("the difference comes from the ratings above.")


def test_the_floor_is_explained_for_the_vignettes_level():
    """Is the floor that lifts Anh's level given as a reason?"""
    vignette = VIGNETTES["v-anh"]
    lines = check_placement(vignette, answers_for(vignette, level="B")).level_feedback()["lines"]
    assert lines[0] == "The vignette's ratings add up to 10, which gives level B by the total."
    assert lines[1] == "A rating of 4 (support at home) means at least level C."


def test_a_safety_rating_of_four_calls_for_a_crisis_evaluation():
    """Does the feedback on Rosalind's vignette call for a same-day crisis evaluation?"""
    vignette = VIGNETTES["v-rosalind"]
    lines = check_placement(vignette, answers_for(vignette)).level_feedback()["lines"]
    assert "same-day crisis evaluation" in lines[-1]


def test_a_missing_rating_is_refused_by_name():
    """Is a comparison without a rating refused, naming the dimension?"""
    answers = answers_for(VIGNETTES["v-eli"])
    del answers["symptoms"]
    with pytest.raises(InvalidInputError, match="symptoms"):
        check_placement(VIGNETTES["v-eli"], answers)


def test_the_chart_summary_names_each_difference_and_the_totals():
    """Does the sentence beside the chart name each dimension rated differently, and the totals?"""
    vignette = VIGNETTES["v-grace"]
    check = check_placement(vignette, answers_for(vignette, safety=2, symptoms=1))
    assert check.chart_summary() == (
        "The chart sets your ratings beside the vignette's for each dimension: you rated safety "
        "risk higher (2 against 1); symptom burden lower (1 against 2). Totals: yours 6, the "
        "vignette's 6."
    )


def test_the_chart_has_a_title_labelled_axes_and_a_legend_with_totals():
    """Does the comparison chart carry a title, axis labels and totals in its legend?"""
    vignette = VIGNETTES["v-eli"]
    ax = plot_ratings(check_placement(vignette, answers_for(vignette)), Figure().subplots())
    assert ax.get_title() == "Eli M., 9: your ratings and the vignette's"
    assert ax.get_xlabel().startswith("Rating on the course teaching rubric")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Your ratings (total 8)",
        "The vignette's ratings (total 8)",
    ]


def test_the_rubric_rule_agrees_with_the_lesson():
    """Does the rubric still place the lesson's Dana at C, then B (the rule the page explains)?"""
    assert place_on_rubric(RubricRatings(3, 3, 3, 2, 2)).level == "C"
    assert place_on_rubric(RubricRatings(1, 2, 2, 2, 1)).level == "B"


# -- the page -------------------------------------------------------------------------------------


@pytest.fixture
def exercise():
    made = level_of_care_practice(seed=4)
    yield made
    for widget in widgets_under(made.root):
        widget.close()


def test_the_page_shows_the_rubric_notice(exercise):
    """Is the teaching-rubric notice on the page?"""
    assert RUBRIC_NOTICE in page_text(exercise.root)


def test_the_page_holds_no_intended_ratings_before_checking(exercise):
    """Before checking, is none of the vignette's reasons (which give its ratings) on the page?"""
    text = page_text(exercise.root)
    assert exercise.vignette.text in text
    assert not any(reason in text for reason in exercise.vignette.reasons.values())


def test_missing_answers_are_named_and_the_rest_kept(exercise):
    """With only two groups answered, are the others named and the two answers kept?"""
    exercise.groups.values = {"safety": "2", "support": "3"}
    exercise.check()
    assert exercise.status.text == (
        "Still to answer: Daily functioning; Symptom burden; "
        "Engagement and response to care; Level of care. Your other "
        "choices are kept."
    )
    assert exercise.groups.values == {"safety": "2", "support": "3"}


def test_checking_gives_feedback_and_draws_the_chart(exercise):
    """After checking, does every group get feedback, with the chart and its sentence shown?"""
    exercise.groups.values = answers_for(exercise.vignette)
    exercise.check()
    assert set(exercise.groups.feedback) == {*KEYS, LEVEL_KEY}
    assert exercise.groups.locked
    assert exercise.chart.outputs[0]["data"]["text/html"].startswith(PHONE_AND_WIDE)
    assert "The chart sets your ratings beside" in exercise.caption.value


def test_next_vignette_clears_the_form_and_comes_round_again(exercise):
    """Does "Next vignette" clear the form, and return to the first after the last?"""
    first = exercise.vignette
    exercise.groups.values = answers_for(first)
    exercise.check()
    for _ in range(len(VIGNETTES)):
        exercise.next_button.click()
    assert exercise.vignette == first
    assert (exercise.groups.values, exercise.groups.feedback) == ({}, {})
    assert exercise.chart.outputs == ()
    assert exercise.status.text == "You have seen all 8 vignettes; here is the first again."
