"""A lesson's size, computed: its words, its post-test's length, study minutes and CE hours.

Time and CE hours are never typed: they come from the words in the lesson's
Markdown cells and the number of questions its post-test draws
(``quizzes/lesson-0N.yaml``), by the formula in ``course.toml`` (see
:mod:`._ce_hours`). The course home lists every lesson's CE hours, so the
post-tests' lengths are also noted in a small file in the data folder
(:func:`remember_bank_sizes`), sparing each home kernel the reading of six banks.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._catalog import LESSONS, Lesson, bank_path, lesson_for
from .._config import load_config
from .._paths import course_root, data_dir, file_version
from ._ce_hours import StudyTime, count_words

__all__ = ["BANK_SIZES_FILE", "LessonFacts", "lesson_facts", "remember_bank_sizes"]


@dataclass(frozen=True)
class LessonFacts:
    """A lesson's computed size: words, post-test items, minutes and CE hours."""

    lesson: Lesson
    words: int
    test_items: int
    minutes: float
    ce_hours: float | None
    """None while the lesson and its post-test are shorter than the minimum award."""
    time: StudyTime
    """The counted minutes by kind (reading, exercises, post-test) and how they make the hours."""


def _items_in(path: Path) -> int:
    from ..quiz import load_bank_once

    bank = load_bank_once(path)
    return sum(bank.draw_count(objective.id) for objective in bank.objectives)


@functools.lru_cache(maxsize=64)
def _words_in(path: Path, _version: tuple[int, int]) -> int:
    return count_words(path)


BANK_SIZES_FILE = "bank-sizes.json"
"""In the data folder: each bank's version and how many questions its post-test draws."""


def _bank_sizes(folder: Path) -> dict[str, Any]:
    try:
        known = json.loads((folder / BANK_SIZES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def remember_bank_sizes() -> Path:
    """Write every post-test's length, with its bank's version, into the data folder.

    ``caserate-course serve`` calls this before starting the server: the course
    home, which lists every lesson, then reads this small file instead of
    checking all six banks in each of its kernels (a tenth of a second and
    pydantic's memory apiece). A bank edited later is read again, as before,
    and its new length noted (:func:`_note_bank_size`), so a server started
    another way (a hub's learner servers) fills the file on its first home page.
    """
    sizes: dict[str, Any] = {}
    for lesson in LESSONS:
        path = bank_path(lesson)
        if path.exists():
            sizes[str(path)] = {"version": list(file_version(path)), "items": _items_in(path)}
    return _write_bank_sizes(data_dir(), sizes)


def _write_bank_sizes(folder: Path, sizes: dict[str, Any]) -> Path:
    """Write the sizes file whole, then move it into place (a reader never sees half)."""
    target = folder / BANK_SIZES_FILE
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=folder, prefix=".bank-sizes-", delete=False
    ) as draft:
        json.dump(sizes, draft)
    os.replace(draft.name, target)
    return target


def _note_bank_size(path: Path, items: int) -> None:
    """Add one bank's length to the sizes file, if the data folder exists and can be written."""
    folder = data_dir(create=False)
    sizes = _bank_sizes(folder)
    sizes[str(path)] = {"version": list(file_version(path)), "items": items}
    with contextlib.suppress(OSError):  # a read-only folder: the next kernel counts again
        _write_bank_sizes(folder, sizes)


def _test_items(lesson: Lesson) -> int:
    """How many questions a post-test draws: from the sizes file if it knows this version."""
    path = bank_path(lesson)
    if not path.exists():
        return 0
    known = _bank_sizes(data_dir(create=False)).get(str(path))
    if isinstance(known, dict) and known.get("version") == list(file_version(path)):
        items = known.get("items")
        if isinstance(items, int) and items >= 0:
            return items
    items = _items_in(path)
    _note_bank_size(path, items)
    return items


def lesson_facts(number: int) -> LessonFacts:
    """Words, post-test length, study minutes and CE hours of lesson ``number``."""
    lesson = lesson_for(number)
    formula = load_config().hours_formula
    notebook = course_root() / "lessons" / lesson.notebook
    words = _words_in(notebook, file_version(notebook))
    time = StudyTime(words, _test_items(lesson), formula=formula)
    return LessonFacts(lesson, words, time.test_items, time.study_minutes, time.ce_hours, time)
