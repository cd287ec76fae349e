"""Does the README's course table match the computed lesson times and CE hours?"""

import math
import re
from pathlib import Path

import pytest

from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.certificates._lesson_facts import lesson_facts

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| (\d) \| (.+?) \| about (\d+) minutes \| ([\d.]+) \|$", re.M)


def test_the_readme_lists_every_lesson_once():
    """Is every lesson of the catalog in the README's course table, in order?"""
    assert [int(m.group(1)) for m in ROW.finditer(README)] == [lesson.number for lesson in LESSONS]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_the_readme_row_matches_the_computation(lesson):
    """Are the title, time (to 5 minutes) and CE hours in the README those computed?"""
    row = next(m for m in ROW.finditer(README) if int(m.group(1)) == lesson.number)
    facts = lesson_facts(lesson.number)
    assert row.group(2) == lesson.title
    assert int(row.group(3)) == 5 * math.ceil(facts.minutes / 5)
    assert float(row.group(4)) == facts.ce_hours
