"""The lesson header: outcomes, audience, time and CE hours, all computed."""

import json
import shutil
from pathlib import Path

import pytest

import caserate_kit as ck
from caserate_kit.course import LESSONS, format_ce_hours, home_study_hours, lesson_facts
from caserate_kit.course import lesson_header as header


def notebook(words: int) -> str:
    cell = {"cell_type": "markdown", "metadata": {}, "source": " ".join(["word"] * words)}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course folder with lesson 1 of 3,000 words and no post-test yet."""
    (tmp_path / "lessons").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "lessons" / LESSONS[0].notebook).write_text(notebook(3_000))
    shutil.copy(Path(__file__).resolve().parents[2] / "course.toml", tmp_path)
    monkeypatch.setenv("CASERATE_COURSE_ROOT", str(tmp_path))
    return tmp_path


def test_facts_count_the_lesson_words(course):
    """Are the lesson's words counted from its Markdown?"""
    facts = lesson_facts(1)
    assert facts.words == 3_000
    assert facts.test_items == 0
    assert facts.minutes == pytest.approx(15.0)


def test_header_shows_the_catalog_outcomes_and_audience(course):
    """Does the header list the lesson's outcomes and who it is for?"""
    page = header(1)._repr_html_()
    for outcome in LESSONS[0].outcomes:
        assert outcome in page
    assert "Who this lesson is for" in page


def test_header_shows_computed_ce_hours(course):
    """Are the CE hours in the header those of the formula, not typed in?"""
    expected = format_ce_hours(home_study_hours(3_000, 0))
    assert expected in header(1)._repr_html_()


def test_a_lesson_below_the_minimum_says_no_credit_yet(course):
    """Does a lesson too short for credit say so rather than fail?"""
    (course / "lessons" / LESSONS[0].notebook).write_text(notebook(500))
    assert lesson_facts(1).ce_hours is None
    assert "none yet" in header(1)._repr_html_()


def test_unknown_lesson_number_is_refused(course):
    """Is lesson 9 refused with the range of lesson numbers?"""
    with pytest.raises(ck.InvalidInputError, match="lesson number"):
        lesson_facts(9)
