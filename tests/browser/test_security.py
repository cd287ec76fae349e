"""What a curious learner can reach on the course server, without a browser.

- ``/voila/files/`` serves images only: no question bank, notebook, course
  configuration or records file.

(That a post-test's widget state holds no answer is tested kernel-side, on the
widget's full state, in ``tests/course/test_posttest.py``.)
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.browser


REFUSED = [
    "quizzes/lesson-01.yaml",
    "quizzes/sample.yaml",
    "lessons/01_how_managed_care_decides.ipynb",
    "notebooks/posttest.ipynb",
    "course.toml",
    "etc/jupyter/voila.py",
    "caserate_kit/course/_grading.py",
    "../records.sqlite3",
]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.parametrize("path", REFUSED)
def test_the_file_route_refuses_anything_but_images(course_server, path):
    """Does /voila/files/ refuse question banks, notebooks, configuration and records?"""
    assert _status(f"{course_server.url}voila/files/{path}") in (403, 404)
