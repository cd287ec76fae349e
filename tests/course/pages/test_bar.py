"""The course's top bar alone, which opens the exercises and the trainer dashboard."""

from __future__ import annotations

from caserate_kit.course.pages import course_bar

from .helpers import HOME_LABEL, NO_HUB, address


def test_a_signed_in_learner_sees_their_name_and_links_that_keep_the_session(records, ada):
    """Does the bar name the learner and carry the session into Course home and Glossary?"""
    html = course_bar(address(ada[1]), NO_HUB, store=records).html
    assert "Signed in as </span><strong>Ada Byron</strong>" in html
    assert f'href="home.ipynb?token={ada[1]}">{HOME_LABEL}' in html
    assert f'href="glossary.ipynb?token={ada[1]}">Glossary' in html


def test_a_visitor_without_a_session_gets_the_bar_without_a_name(records):
    """With no token, is the bar there, with plain links and nobody named?"""
    html = course_bar("", NO_HUB, store=records).html
    assert f'href="home.ipynb">{HOME_LABEL}' in html
    assert "Signed in as" not in html


def test_records_that_cannot_be_read_still_give_the_bar(ada, monkeypatch):
    """With the records unreachable, is the bar still drawn (without a name), not an error?"""
    from caserate_kit.course.pages import _bar

    def broken(*_args, **_kwargs):
        raise OSError("records gone")

    monkeypatch.setattr(_bar, "find_visitor", broken)
    html = course_bar(address(ada[1]), NO_HUB).html
    assert "Course home" in html
    assert "Signed in as" not in html
