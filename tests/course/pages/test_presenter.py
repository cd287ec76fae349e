"""The presenter-mode link: a lesson's address with the slides template."""

import json
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

import caserate_kit as ck
from caserate_kit.course._catalog import LESSONS
from caserate_kit.course.pages._presenter import PRESENTER_TEMPLATE, presenter_url

ROOT = Path(__file__).resolve().parents[3]
HOME_PAGE = "http://127.0.0.1:8866/voila/render/notebooks/home.ipynb"


def test_link_points_at_the_lesson_notebook_next_to_notebooks():
    """From a page in notebooks/, does the link lead to the lesson's notebook in lessons/?"""
    address = urljoin(HOME_PAGE, presenter_url(4))
    assert urlsplit(address).path == "/voila/render/lessons/04_setting_case_rates.ipynb"


def test_link_asks_voila_for_the_slides_template():
    """Does the link's query choose the caserate-slides template, and nothing else?"""
    query = parse_qs(urlsplit(presenter_url(4)).query)
    assert query == {"template": [PRESENTER_TEMPLATE]}


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson-{lesson.number}")
def test_every_catalog_lesson_links_to_a_notebook_that_exists(lesson):
    """Does each lesson's presenter link name a notebook that is in lessons/?"""
    path = urlsplit(urljoin(HOME_PAGE, presenter_url(lesson))).path
    assert (ROOT / path.removeprefix("/voila/render/")).is_file()


def test_a_lesson_and_its_number_give_the_same_link():
    """Is it the same link whether the caller passes the Lesson or its number?"""
    assert presenter_url(LESSONS[2]) == presenter_url(3)


def test_unknown_lesson_number_is_refused_by_name():
    """Does a lesson number outside the catalog raise an error that names it?"""
    expected = "lesson must be a lesson number from 1 to 6; got 9"
    with pytest.raises(ck.InvalidInputError, match=expected):
        presenter_url(9)


def test_template_the_link_names_is_shipped_and_extends_the_course_template():
    """Is there a caserate-slides template, built on the course's own caserate template?"""
    folder = ROOT / "share" / "jupyter" / "voila" / "templates" / PRESENTER_TEMPLATE
    conf = json.loads((folder / "conf.json").read_text())
    assert conf["base_template"] == "caserate"
    assert {"index.html.j2", "static/presenter.js", "static/presenter.css"} <= {
        str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()
    }
