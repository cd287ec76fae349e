"""Does the README's course table match the computed lesson times, levels and CE hours?"""

import math
import re
from pathlib import Path

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course._config import load_config
from caserate_kit.course.certificates._ce_hours import StudyTime
from caserate_kit.course.certificates._lesson_facts import lesson_facts

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (\d) \| (.+?) \| (\w+) \| about (\d+) minutes \| ([\d.]+) \|$", re.M)


def test_the_readme_lists_every_lesson_once():
    """Is every lesson of the catalog in the README's course table, in order?"""
    assert [int(m.group(1)) for m in ROW.finditer(README)] == [lesson.number for lesson in LESSONS]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_the_readme_row_matches_the_computation(lesson):
    """Are the title, level, time (to 5 minutes) and CE hours in the README those computed?"""
    row = next(m for m in ROW.finditer(README) if int(m.group(1)) == lesson.number)
    facts = lesson_facts(lesson.number)
    assert row.group(2) == lesson.title
    assert row.group(3) == lesson.level
    assert int(row.group(4)) == 5 * math.ceil(facts.minutes / 5)
    assert float(row.group(5)) == facts.ce_hours


def test_the_readme_states_the_hours_formula_with_the_configured_constants():
    """Does the README give the formula the pages print, with course.toml's constants?"""
    formula = load_config(ROOT / "course.toml").hours_formula
    text = " ".join(README.split())
    assert StudyTime(0, 0, formula=formula).formula_text() in text
    assert f"at {formula.words_per_minute:g} words a minute" in text
    assert f"questions at {formula.minutes_per_test_item:g} minutes each" in text
