"""The learner pages of the course, one builder per Voila page.

Each notebook in ``notebooks/`` calls one of these and shows what it returns::

    from caserate_kit.course.pages import home_page

    home_page()

The pages a class opens at once (home, post-tests) come from Voila's pool of
preheated kernels; their notebooks first call :func:`when_requested`, in a
cell tagged ``waits-for-request``, and pass the store it returns on.

Every builder reads the page's address (``?token=``, ``?quiz=``,
``?course=``) itself, and each takes ``store``, ``query_string`` and
``environ`` so that tests can call it without a browser. No builder lets an
error reach the page: it shows a plain explanation instead. Only what a page
needs is imported, and neither pandas nor matplotlib is among it.
"""

from __future__ import annotations

from ._certificate_page import certificate_page
from ._details_page import details_page
from ._evaluation_page import evaluation_page
from ._glossary_page import glossary_page
from ._home_page import home_page
from ._posttest_page import posttest_page
from ._preheat import when_requested

__all__ = [
    "certificate_page",
    "details_page",
    "evaluation_page",
    "glossary_page",
    "home_page",
    "posttest_page",
    "when_requested",
]
