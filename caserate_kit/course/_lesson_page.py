"""The header every lesson opens with: outcomes, audience, time and CE hours.

Time and CE hours are computed, never typed: from the words in the lesson's
Markdown cells and the length of its post-test (``quizzes/lesson-0N.yaml``),
by the formula in ``course.toml`` (see :mod:`._ce_hours`).

When Voila shows the lesson to a known learner (a session token in the page
address, or the JupyterHub user), the header also records that the lesson was
opened, registers its closing for when the page's kernel stops, and opens
with a small bar linking to the course home and the lesson's post-test, the
token carried along. Anywhere else (nbval, an author in JupyterLab) it
records nothing and shows the header alone.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import html
import json
import math
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._exceptions import InvalidInputError, OutOfRangeError
from ._catalog import LESSONS, Lesson
from ._ce_hours import count_words, format_ce_hours, home_study_hours, study_minutes
from ._config import course_id, load_config
from ._paths import course_root, data_dir, file_version

if TYPE_CHECKING:
    from ._store import Store

__all__ = [
    "BANK_SIZES_FILE",
    "LessonFacts",
    "LessonHeader",
    "lesson_facts",
    "lesson_header",
    "remember_bank_sizes",
]


@dataclass(frozen=True)
class LessonFacts:
    """A lesson's computed size: words, post-test items, minutes and CE hours."""

    lesson: Lesson
    words: int
    test_items: int
    minutes: float
    ce_hours: float | None
    """None while the lesson and its post-test are shorter than the minimum award."""


def _lesson(number: int) -> Lesson:
    for lesson in LESSONS:
        if lesson.number == number:
            return lesson
    raise InvalidInputError("lesson number", number, f"must be 1 to {len(LESSONS)}")


def _items_in(path: Path) -> int:
    from ._banks import load_bank_once

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
        path = _bank_path(lesson)
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


def _bank_path(lesson: Lesson) -> Path:
    return course_root() / "quizzes" / f"{course_id(lesson)}.yaml"


def _test_items(lesson: Lesson) -> int:
    """How many questions a post-test draws: from the sizes file if it knows this version."""
    path = _bank_path(lesson)
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
    lesson = _lesson(number)
    formula = load_config().hours_formula
    notebook = course_root() / "lessons" / lesson.notebook
    words = _words_in(notebook, file_version(notebook))
    items = _test_items(lesson)
    try:
        hours: float | None = home_study_hours(words, items, formula=formula)
    except OutOfRangeError:
        hours = None
    return LessonFacts(lesson, words, items, study_minutes(words, items, formula=formula), hours)


@dataclass(frozen=True)
class LessonHeader:
    """The header as HTML; notebooks and Voila display it through ``_repr_html_``."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


def lesson_header(number: int) -> LessonHeader:
    """The opening panel of a lesson, for display in the notebook."""
    facts = lesson_facts(number)
    outcomes = "".join(f"<li>{html.escape(o)}</li>" for o in facts.lesson.outcomes)
    minutes = 5 * math.ceil(facts.minutes / 5)
    test = f"{facts.test_items}-question post-test" if facts.test_items else "post-test"
    credit = (
        f"{format_ce_hours(facts.ce_hours)} (home study)"
        if facts.ce_hours is not None
        else "none yet: the lesson and its post-test are shorter than the minimum award"
    )
    return LessonHeader(
        _learner_bar(facts.lesson)
        + '<section class="lesson-header" aria-labelledby="lesson-outcomes">'
        '<h2 id="lesson-outcomes">What you will be able to do</h2>'
        f"<ul>{outcomes}</ul>"
        f"<p><strong>Who this lesson is for:</strong> {html.escape(facts.lesson.audience)}</p>"
        f"<p><strong>Time:</strong> about {minutes} minutes, including the {test}. "
        f"<strong>Credit:</strong> {credit}.</p>"
        "</section>"
    )


# The learner's bar and lesson visits (only under Voila, for a known learner) --------

_BAR_STYLE = (
    "<style>.ck-lessonbar{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;"
    "margin:0 0 1.5rem;padding:.75rem 1.25rem;border-radius:10px;background:#eef2f7;"
    "border:1px solid #d3dae3;font-size:1.0625rem}"
    ".ck-lessonbar a{color:#0b57a4;font-weight:600}"
    ".ck-lessonbar a:focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}</style>"
)
_CLOSES_REGISTERED: set[tuple[str, str]] = set()


def _in_voila(env: Mapping[str, str]) -> bool:
    """Whether this kernel runs a Voila page (Voila sets these for its kernels)."""
    return "VOILA_PREHEAT" in env or env.get("SERVER_SOFTWARE", "").startswith("voila/")


def _learner_bar(lesson: Lesson, environ: Mapping[str, str] | None = None) -> str:
    """The bar for a known learner under Voila, after recording the visit; else ``""``."""
    env = os.environ if environ is None else environ
    if not _in_voila(env):
        return ""
    from ._page_frame import Records, find_visitor, link, log_error
    from ._preheat import is_preheated, warm

    try:
        records = Records()
        if is_preheated(env):  # get ready before the learner's request arrives
            warm("lesson")
            records.get()
        visitor = find_visitor(records, environ=environ)
        if visitor.learner is None:
            return ""
        _record_visit(records.get(), visitor.learner.id, course_id(lesson))
    except Exception as error:  # the lesson must show even when the records cannot be reached
        log_error(error, f"lesson {lesson.number} visit")
        return ""
    token = visitor.token
    home = link("../notebooks/home", token)
    test = link("../notebooks/posttest", token, quiz=course_id(lesson))
    return (
        f'{_BAR_STYLE}<nav class="ck-lessonbar" aria-label="Course">'
        f'<a href="{home}">Course home</a>'
        f'<a href="{test}">Take the post-test</a></nav>'
    )


def _record_visit(store: Store, learner_id: str, lesson_id: str) -> None:
    """Record the opening now, and the closing when the kernel stops (once per lesson)."""
    store.record_visit(learner_id, lesson_id, "open")
    if (learner_id, lesson_id) not in _CLOSES_REGISTERED:
        _CLOSES_REGISTERED.add((learner_id, lesson_id))
        atexit.register(_record_close, store, learner_id, lesson_id)


def _record_close(store: Store, learner_id: str, lesson_id: str) -> None:
    from ._page_frame import log_error

    try:
        store.record_visit(learner_id, lesson_id, "close")
    except Exception as error:
        log_error(error, "lesson close")
