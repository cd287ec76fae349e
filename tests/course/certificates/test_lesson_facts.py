"""A lesson's computed size, and the post-tests' lengths kept for the home."""

import json
import os
import shutil
from pathlib import Path

import pytest

import caserate_kit as ck
from caserate_kit.course import lesson_header as header
from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.certificates._lesson_facts import lesson_facts

from ..helpers import notebook

REAL_QUIZZES = Path(__file__).resolve().parents[3] / "quizzes"


@pytest.fixture
def banked_course(course, tmp_path_factory, monkeypatch):
    """The course folder with lesson 1's real bank, and its own data folder."""
    shutil.copy(REAL_QUIZZES / "lesson-01.yaml", course / "quizzes" / "lesson-01.yaml")
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    return course


WARM_HOME = (
    "import sys\n"
    "from caserate_kit.course.pages._warm import warm\n"
    "warm('home')\n"
    "print(sorted(m for m in ('pydantic', 'yaml') if m in sys.modules))\n"
)


def test_facts_count_the_lesson_words(course):
    """Are the lesson's words counted from its Markdown?"""
    facts = lesson_facts(1)
    assert facts.words == 3_000
    assert facts.test_items == 0
    assert facts.minutes == pytest.approx(15.0)


def test_facts_split_the_minutes_into_reading_and_post_test(course, monkeypatch):
    """Are a 3,000-word lesson's minutes 15 of reading and, with 10 items, 18.5 of post-test?"""
    from caserate_kit.course.certificates import _lesson_facts

    monkeypatch.setattr(_lesson_facts, "_test_items", lambda _lesson: 10)
    facts = lesson_facts(1)
    assert (facts.time.reading_minutes, facts.time.test_minutes) == (15, 18.5)
    assert facts.minutes == facts.time.study_minutes == 33.5, "the time it takes, all counted"
    assert facts.time.total_minutes == 22.5, "for credit, the post-test counts 7.5 minutes"
    assert facts.ce_hours == facts.time.ce_hours == 0.25


def test_facts_use_the_formula_of_course_toml(course):
    """With 100 words a minute in course.toml, does the 3,000-word lesson read for 30 minutes?"""
    toml = course / "course.toml"
    toml.write_text(toml.read_text().replace("words_per_minute = 200", "words_per_minute = 100"))
    facts = lesson_facts(1)
    assert facts.time.reading_minutes == 30
    assert "at 100 words a minute" in facts.time.explanation()


def test_a_made_up_small_lesson_is_credited_for_two_thirds_instruction(course, monkeypatch):
    """Does a 3,000-word lesson (15 minutes) with a 10-item post-test (18.5) earn credit for
    15 + 7.5 minutes only, so that instruction carries two thirds, and would it fail the rule
    if every post-test minute counted?"""
    from caserate_kit.course.certificates import _lesson_facts

    monkeypatch.setattr(_lesson_facts, "_test_items", lambda _lesson: 10)
    time = lesson_facts(1).time
    assert time.meets_instruction_share
    assert _instruction_problem(1, time) is None
    assert time.uncapped_instruction_share < 2 / 3
    assert time.counted_test_minutes == 7.5


def _instruction_problem(number, time):
    """What is wrong with a lesson's share of instruction, in words, or None."""
    if time.meets_instruction_share:
        return None
    return (
        f"lesson {number}: instruction {time.instruction_minutes:.1f} min of "
        f"{time.total_minutes:.1f} ({time.instruction_share:.0%}), post-test "
        f"{time.test_minutes:.1f} min; needs {time.instruction_shortfall_minutes:.1f} more "
        "minutes of instruction to reach two thirds"
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_instruction_carries_two_thirds_of_every_shipped_lesson(lesson):
    """Do reading and exercises carry at least two thirds of each lesson's counted minutes,
    the post-test the rest?"""
    problem = _instruction_problem(lesson.number, lesson_facts(lesson.number).time)
    assert problem is None, problem


def test_a_lesson_below_the_minimum_says_no_credit_yet(course):
    """Does a lesson too short for credit say so rather than fail?"""
    (course / "lessons" / LESSONS[0].notebook).write_text(notebook(500))
    assert lesson_facts(1).ce_hours is None
    assert "none yet" in header(1)._repr_html_()


def test_unknown_lesson_number_is_refused(course):
    """Is lesson 9 refused with the range of lesson numbers?"""
    with pytest.raises(ck.InvalidInputError, match="lesson number"):
        lesson_facts(9)


def test_the_home_reads_post_test_lengths_from_the_sizes_file(banked_course, monkeypatch):
    """Once the lengths are written, does the lesson table read no bank?"""
    from caserate_kit.course.certificates import _lesson_facts

    counted = lesson_facts(1).test_items
    written = _lesson_facts.remember_bank_sizes()
    assert (
        json.loads(written.read_text())[str(banked_course / "quizzes" / "lesson-01.yaml")]["items"]
        == counted
    )

    def no_bank_reading(_path):
        raise AssertionError("a bank was read")

    monkeypatch.setattr(_lesson_facts, "_items_in", no_bank_reading)
    assert lesson_facts(1).test_items == counted


def test_an_edited_bank_is_read_again(banked_course, monkeypatch):
    from caserate_kit.course.certificates import _lesson_facts

    _lesson_facts.remember_bank_sizes()
    bank = banked_course / "quizzes" / "lesson-01.yaml"
    bank.write_text(bank.read_text() + "# edited\n")
    monkeypatch.setattr(_lesson_facts, "_items_in", lambda _path: 7)
    assert lesson_facts(1).test_items == 7


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"x": {"version": "?"}}'])
def test_a_damaged_sizes_file_is_ignored(banked_course, monkeypatch, content):
    from caserate_kit.course._paths import data_dir
    from caserate_kit.course.certificates import _lesson_facts

    counted = lesson_facts(1).test_items
    (data_dir() / _lesson_facts.BANK_SIZES_FILE).write_text(content)
    assert lesson_facts(1).test_items == counted


@pytest.mark.parametrize("first", ["serve", "a first home kernel"])
def test_a_home_kernel_with_the_sizes_file_does_without_pydantic(tmp_path, first):
    """Does a pooled home kernel, warmed after `serve` wrote the sizes (or after a first home
    kernel noted them, as on a hub's learner server), leave pydantic out?"""
    import subprocess
    import sys

    (tmp_path / "data").mkdir()
    env = {**os.environ, "CASERATE_DATA_DIR": str(tmp_path / "data")}
    write = "from caserate_kit.course.certificates import remember_bank_sizes as r; r()"
    subprocess.run(
        [sys.executable, "-c", write if first == "serve" else WARM_HOME],
        check=True,
        timeout=120,
        env=env,
    )
    done = subprocess.run(
        [sys.executable, "-c", WARM_HOME],
        check=True,
        timeout=120,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip() == "[]"


def test_a_sizes_file_that_cannot_be_written_is_left_alone(banked_course, monkeypatch):
    """With a data folder that cannot be written, does the home still count the questions?"""
    from caserate_kit.course._paths import data_dir
    from caserate_kit.course.certificates import _lesson_facts

    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(_lesson_facts, "_write_bank_sizes", refuse)
    assert lesson_facts(1).test_items > 0
    assert not (data_dir() / _lesson_facts.BANK_SIZES_FILE).exists()
