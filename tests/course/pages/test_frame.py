"""What every page shares: no learner sees another's data; errors shown calmly."""

from __future__ import annotations

import re

import pytest

from caserate_kit.course.pages import (
    certificate_page,
    details_page,
    evaluation_page,
    home_page,
    posttest_page,
)
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.records._store import StoreUnavailableError

from .helpers import NO_HUB, address, complete, shown


@pytest.fixture
def bob(records):
    """A second learner."""
    return sign_in(records, "Bob Okafor", email="bob@example.org")


def test_no_page_shows_another_learners_data(records, ada, bob):
    """Does Bob, on every page, see nothing of Ada: not her name, email, license, score or code?"""
    complete(records, ada[0].id)
    certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB)
    (code,) = [record.code for record in records.certificates_for(ada[0].id)]
    pages = [
        home_page(records, address(bob[1]), NO_HUB),
        certificate_page(records, address(bob[1], course="lesson-01"), NO_HUB),
        evaluation_page(records, address(bob[1], course="lesson-01"), NO_HUB),
        posttest_page(records, address(bob[1], quiz="lesson-01"), NO_HUB),
    ]
    text = "\n".join(shown(page) for page in pages)
    for secret in ("Ada Byron", "ada@example.org", "LCSW 101", code, ada[1]):
        assert secret not in text


def test_a_token_pointing_at_another_learner_is_refused(records, ada, bob):
    """Is Bob's tag on Ada's id refused, so that nobody can reach another's records?"""
    forged = f"{ada[0].id}.{bob[1].rpartition('.')[2]}"
    html = shown(certificate_page(records, address(forged, course="lesson-01"), NO_HUB))
    assert "Sign in to continue" in html
    assert "Ada Byron" not in html


def test_an_error_shows_a_calm_panel_and_logs_the_traceback(records, ada, monkeypatch, capfd):
    """When building a page fails, does the learner get a plain panel with a reference, while
    the traceback goes to the server's log only?"""

    def broken(*_args):
        raise RuntimeError("internal detail 42")

    monkeypatch.setattr("caserate_kit.course.pages._home.lesson_progress", broken)
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    logged = capfd.readouterr().err
    assert "This page could not be shown" in html
    assert "internal detail" not in html
    assert "Traceback" not in html
    assert "internal detail 42" in logged
    assert "Traceback" in logged


def test_unreachable_records_are_explained_in_plain_words(records, ada, monkeypatch):
    """When the records cannot be reached, does the page say to wait and reload?"""

    def unavailable(*_args):
        raise StoreUnavailableError(5)

    monkeypatch.setattr("caserate_kit.course.pages._home.lesson_progress", unavailable)
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert "cannot be reached right now" in html
    assert "reload the page" in html


@pytest.mark.parametrize(
    ("page", "drawn"),
    [
        ("home, signed in", {"page"}),
        ("home, signing in", {"page", "forms"}),
        ("details", {"page", "forms"}),
        ("evaluation", {"page", "forms"}),
        ("post-test", {"page", "posttest"}),
        ("certificate", {"page"}),
    ],
)
def test_a_page_holds_the_stylesheet_once_with_only_the_sections_it_draws(
    records, ada, page, drawn
):
    """Does each page carry one <style>: the tokens, the shared rules and its own sections?"""
    complete(records, ada[0].id, evaluate=False)
    builders = {
        "home, signed in": lambda: home_page(records, address(ada[1]), NO_HUB),
        "home, signing in": lambda: home_page(records, "", NO_HUB),
        "details": lambda: details_page(records, address(ada[1]), NO_HUB),
        "evaluation": lambda: evaluation_page(records, address(ada[1], course="lesson-01"), NO_HUB),
        "post-test": lambda: posttest_page(records, address(ada[1], quiz="lesson-01"), NO_HUB),
        "certificate": lambda: certificate_page(
            records, address(ada[1], course="lesson-01"), NO_HUB
        ),
    }
    html = shown(builders[page]())
    assert html.count("<style>") == 1
    held = set(re.findall(r"/\* == (\w+) ==", html))
    assert held == {"tokens", "shared", *drawn}
