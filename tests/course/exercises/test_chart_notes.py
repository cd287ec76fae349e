"""Exercise 5, chart-note review: the statements, the sets, the grading and the page."""

import html
import json
import random
from collections import Counter

import pytest

from caserate_kit import InvalidInputError
from caserate_kit.course.exercises._chart_notes import (
    CATEGORIES,
    CONCEPTS,
    MIN_REWRITE_WORDS,
    WEAK,
    WEAK_KINDS,
    draw_set,
    grade_sorting,
    load_statements,
    pick_rewrite,
    rewrite_feedback,
)
from caserate_kit.course.exercises._chart_notes_page import chart_note_review

from ..widget_tree import widgets_under

STATEMENTS = load_statements()
BY_ID = {s.id: s for s in STATEMENTS}


def texts(value):
    """Every string inside a widget state, with HTML unescaped."""
    if isinstance(value, str):
        yield html.unescape(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from texts(item)


def page_state(root):
    """Everything the page can read: the text in the synced state of every widget under ``root``."""
    return "\n".join(text for w in widgets_under(root) for text in texts(w.get_state()))


def answer_all(exercise, right=True):
    """Choose the right (or a wrong) category for every statement on the page."""
    values = {}
    for key, statement in zip(exercise._keys, exercise.shown, strict=True):
        wrong = next(k for k in CATEGORIES if k != statement.answer)
        values[key] = statement.answer if right else wrong
    exercise.groups.values = values


def write_yaml(tmp_path, statements):
    path = tmp_path / "notes.yaml"
    path.write_text(json.dumps({"schema_version": 1, "statements": statements}))
    return path


GOOD = {
    "id": "x1",
    "role": "Nurse",
    "setting": "Clinic",
    "text": "Slept 3 hours.",
    "answer": "functioning",
    "why": "Counts.",
}


# -- the statements ---------------------------------------------------------------------


def test_the_course_file_holds_sixteen_statements_in_every_category():
    """Are there 16 statements, at least two per core concept and per kind of weakness?"""
    answers = Counter(s.answer for s in STATEMENTS)
    kinds = Counter(s.kind for s in STATEMENTS if s.answer == WEAK)
    assert len(STATEMENTS) == 16
    assert all(answers[concept] >= 2 for concept in CONCEPTS)
    assert all(kinds[kind] >= 2 for kind in WEAK_KINDS)


def test_every_weak_statement_has_a_stronger_version():
    """Can every weak statement be offered for a rewrite, with a stronger version to compare?"""
    assert all(s.stronger for s in STATEMENTS if s.answer == WEAK)


def test_statements_come_from_many_roles_and_settings():
    """Do the statements come from at least eight roles and ten settings?"""
    assert len({s.role for s in STATEMENTS}) >= 8
    assert len({s.setting for s in STATEMENTS}) >= 10


def test_an_unknown_answer_is_refused_naming_the_file_and_statement(tmp_path):
    """Does a typo in an answer name the file, the statement id and the field?"""
    path = write_yaml(tmp_path, [{**GOOD, "answer": "functionality"}])
    with pytest.raises(InvalidInputError, match=r"notes\.yaml:\d+: x1: answer must be one of"):
        load_statements(path)


def test_a_stronger_version_on_a_supporting_statement_is_refused(tmp_path):
    """Is a weak-only field on a statement that supports a concept refused?"""
    path = write_yaml(tmp_path, [{**GOOD, "stronger": "Better."}])
    with pytest.raises(InvalidInputError, match="belongs only to weak statements"):
        load_statements(path)


def test_a_weak_statement_without_a_kind_is_refused(tmp_path):
    """Must a weak statement say why it will not justify payment?"""
    path = write_yaml(tmp_path, [{**GOOD, "answer": "weak", "stronger": "Better."}])
    with pytest.raises(InvalidInputError, match=r": kind is needed for a weak statement"):
        load_statements(path)


def test_a_repeated_id_is_refused(tmp_path):
    """Are two statements with one id refused?"""
    path = write_yaml(tmp_path, [GOOD, GOOD])
    with pytest.raises(InvalidInputError, match="used twice"):
        load_statements(path)


# -- drawing sets ------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_a_set_has_every_concept_and_two_weak_statements(seed):
    """Does every set of 8 hold each core concept once or more and at least two weak ones?"""
    drawn = draw_set(STATEMENTS, random.Random(seed))
    answers = Counter(s.answer for s in drawn)
    assert len(drawn) == len(set(drawn)) == 8
    assert all(answers[c] >= 1 for c in CONCEPTS)
    assert answers[WEAK] >= 2


def test_another_set_avoids_the_last_one_where_it_can():
    """After a set of 8 from 16, does the next set reuse as few statements as the quotas allow?"""
    rng = random.Random(5)
    first = draw_set(STATEMENTS, rng)
    second = draw_set(STATEMENTS, rng, avoid=frozenset(s.id for s in first))
    assert len(set(first) & set(second)) <= 2


def test_the_same_seed_draws_the_same_set():
    """Can a trainer get the same set again with the same seed?"""
    assert draw_set(STATEMENTS, random.Random(9)) == draw_set(STATEMENTS, random.Random(9))


# -- grading and feedback -----------------------------------------------------------------


def test_grading_counts_the_correct_choices():
    """Are right and wrong choices counted, with a one-sentence summary?"""
    shown = [BY_ID["cn03"], BY_ID["cn08"], BY_ID["cn11"]]
    result = grade_sorting(shown, {"cn03": "functioning", "cn08": "progress", "cn11": "fit"})
    assert (result.correct, result.total) == (2, 3)
    assert result.summary() == "You sorted 2 of 3 statements correctly."


def test_a_wrong_choice_is_named_with_the_right_category_and_why():
    """Does feedback on a wrong choice say what was chosen, where it belongs, and why?"""
    result = grade_sorting([BY_ID["cn07"]], {"cn07": "necessity"})
    note = result.items[0].feedback()
    assert note["verdict"] == "incorrect"
    assert note["title"] == "Not quite: you chose Medical necessity"
    assert note["lines"] == ["It supports progress.", BY_ID["cn07"].why]


def test_feedback_on_a_weak_statement_names_its_kind_of_weakness():
    """Does a correctly sorted weak statement say why it will not justify payment?"""
    note = grade_sorting([BY_ID["cn13"]], {"cn13": "weak"}).items[0].feedback()
    kind = "strengths with no problem beside them"
    assert note["title"] == f"Correct: Will not justify payment ({kind})"


def test_results_by_category_count_each_category_in_the_set():
    """Does the table by category count what was shown and what was sorted right?"""
    shown = [BY_ID["cn01"], BY_ID["cn02"], BY_ID["cn09"]]
    result = grade_sorting(shown, {"cn01": "necessity", "cn02": "fit", "cn09": "weak"})
    assert result.by_category() == [("Medical necessity", 1, 2), ("Will not justify payment", 1, 1)]


def test_grading_refuses_a_statement_without_a_choice():
    """Is a set with a statement left blank refused, naming its number?"""
    with pytest.raises(InvalidInputError, match="statement 2"):
        grade_sorting([BY_ID["cn01"], BY_ID["cn02"]], {"cn01": "necessity"})


def test_the_rewrite_is_a_weak_statement_the_learner_missed():
    """When the learner missed one weak statement and got another, is the missed one offered?"""
    shown = [BY_ID["cn09"], BY_ID["cn11"], BY_ID["cn03"]]
    result = grade_sorting(shown, {"cn09": "weak", "cn11": "progress", "cn03": "functioning"})
    assert pick_rewrite(result, random.Random(0)) == BY_ID["cn11"]


def test_a_short_rewrite_is_not_compared_yet():
    """Is the stronger version held back until the learner writes a real attempt?"""
    feedback = rewrite_feedback("Client better.")
    assert not feedback.ready
    assert f"at least {MIN_REWRITE_WORDS} words (you have 2)" in feedback.message


def test_rewrite_pointers_ask_for_a_number_and_a_goal_when_missing():
    """Without a number or a goal in the rewrite, do the pointers ask for both?"""
    tips = rewrite_feedback("The client is struggling a great deal with his mood lately.").tips
    assert tips[0].startswith("Add something a reviewer could count")
    assert tips[1].startswith("Tie it to a treatment-plan goal")


# -- the page --------------------------------------------------------------------------------


@pytest.fixture
def exercise():
    made = chart_note_review(seed=11)
    yield made
    for widget in widgets_under(made.root):
        widget.close()


def test_the_page_holds_no_key_before_checking(exercise):
    """Before checking, does the page's state hold no category key, explanation or rewrite?"""
    state = page_state(exercise.root)
    for statement in exercise.shown:
        assert statement.text in state
        assert statement.why not in state
        assert not statement.stronger or statement.stronger not in state
    assert exercise.groups.values == {}
    assert exercise.groups.feedback == {}


def test_checking_with_gaps_names_them_and_keeps_the_choices(exercise):
    """With two statements unanswered, are they named, and are the other choices kept?"""
    answer_all(exercise)
    chosen = dict(exercise.groups.values)
    del chosen["s3"], chosen["s7"]
    exercise.groups.values = chosen
    exercise.check()
    assert exercise.status.text.startswith("Statements 3 and 7 have no choice yet.")
    assert exercise.groups.values == chosen
    assert not exercise.groups.locked


def test_checking_shows_feedback_under_each_statement_and_locks_the_set(exercise):
    """After checking, does each statement get feedback, and are the choices locked?"""
    answer_all(exercise, right=False)
    exercise.check()
    assert exercise.status.text.startswith("You sorted 0 of 8 statements correctly.")
    assert set(exercise.groups.feedback) == set(exercise._keys)
    assert exercise.groups.locked
    assert exercise.check_button.disabled
    assert "<table" in exercise.results.value


def test_the_stronger_version_appears_only_after_a_real_try(exercise):
    """Is the stronger version shown only once the learner has written enough of their own?"""
    answer_all(exercise)
    exercise.check()
    stronger = exercise._rewrite.stronger
    exercise.draft.value = "Better now."
    exercise.compare()
    assert stronger not in page_state(exercise.root)
    exercise.draft.value = "Missed 4 of 5 shifts; practised the ITP goal 1 plan with him today."
    exercise.compare()
    assert stronger in page_state(exercise.root)
    assert exercise.draft.value.startswith("Missed 4 of 5 shifts")


def test_try_another_set_starts_clean(exercise):
    """Does "Try another set" show new statements with no choices, feedback or rewrite?"""
    answer_all(exercise)
    exercise.check()
    before = set(exercise.shown)
    exercise.new_set_button.click()
    assert set(exercise.shown) != before
    groups = exercise.groups
    assert (groups.values, groups.feedback, groups.locked) == ({}, {}, False)
    assert exercise.draft.disabled
    assert exercise.rewrite_result.value == ""
