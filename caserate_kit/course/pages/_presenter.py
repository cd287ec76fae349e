"""Presenter mode: the link that shows a lesson one slide at a time.

A trainer presents a lesson through the course's ``caserate-slides`` Voila
template (``share/jupyter/voila/templates/caserate-slides``). Voila 0.5 lets a
page choose its template with the ``template`` query parameter, so presenter
mode is the lesson's ordinary address plus ``?template=caserate-slides``.
Pages in ``notebooks/`` link to it relatively, as they link to the lessons.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ..._exceptions import InvalidInputError
from .._catalog import LESSONS, Lesson

__all__ = ["PRESENTER_TEMPLATE", "presenter_url"]

PRESENTER_TEMPLATE = "caserate-slides"
"""The Voila template that presents a lesson as slides."""


def presenter_url(lesson: Lesson | int) -> str:
    """The link from a page in ``notebooks/`` to ``lesson`` (or its number) in presenter mode.

    >>> presenter_url(4)
    '../lessons/04_setting_case_rates.ipynb?template=caserate-slides'
    >>> presenter_url(7)
    Traceback (most recent call last):
    ...
    caserate_kit._exceptions.InvalidInputError: lesson must be a lesson number from 1 to 6; got 7
    """
    if isinstance(lesson, Lesson):
        found = lesson
    else:
        matches = [known for known in LESSONS if known.number == lesson]
        if not matches:
            raise InvalidInputError(
                "lesson", lesson, f"must be a lesson number from 1 to {len(LESSONS)}"
            )
        found = matches[0]
    query = urlencode({"template": PRESENTER_TEMPLATE})
    return f"../lessons/{quote(found.notebook)}?{query}"
