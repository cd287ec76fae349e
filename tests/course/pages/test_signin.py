"""Signing in on the course home, and what a visitor who is not signed in sees."""

from __future__ import annotations

from caserate_kit.course.pages import (
    home_page,
)
from caserate_kit.course.pages._frame import HtmlPage
from caserate_kit.course.pages._signin import check_sign_in
from caserate_kit.course.widgets._form import FormWidget

from .helpers import NO_HUB, address, shown, widget_of


def test_home_without_a_token_shows_the_sign_in_form(records):
    """Is a visitor without a token asked to sign in?"""
    page = home_page(records, "", NO_HUB)
    assert widget_of(page, FormWidget).spec["title"] == "Sign in"


def test_a_visitor_not_signed_in_opens_no_records(tmp_path, monkeypatch):
    """Does showing the sign-in form leave the records untouched (no database opened)?"""
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CASERATE_DB_URL", f"sqlite:///{tmp_path / 'never.sqlite3'}")
    home_page(None, "", NO_HUB)
    assert not (tmp_path / "never.sqlite3").exists()


def test_an_altered_token_is_reported_and_forgotten(records, ada):
    """Is a token that does not check out refused, explained, and dropped from the browser?"""
    altered = ada[1][:-1] + ("A" if ada[1][-1] != "A" else "B")
    page = home_page(records, address(altered), NO_HUB)
    assert "was not recognised" in shown(page)
    assert widget_of(page, FormWidget).spec["forget"] == altered


def test_signing_in_shows_the_course_home_in_place(records):
    """After a good sign-in, does the same page show the course home and hand over the token?"""
    page = home_page(records, "", NO_HUB)
    form = widget_of(page, FormWidget)
    form.submit({"name": "Grace Hopper", "email": "grace@example.org", "license_number": ""})
    (learner,) = records.all_learners()
    assert form.remember["token"].startswith(learner.id + ".")
    assert "Course home" in shown(page)
    assert "Grace Hopper" in shown(page)


def test_a_refused_sign_in_records_nobody_and_names_the_fields(records):
    """Does a sign-in with no name and a bad email record nobody and say what to fix?"""
    form = widget_of(home_page(records, "", NO_HUB), FormWidget)
    form.submit({"name": "  ", "email": "grace-at-example"})
    assert records.all_learners() == []
    assert set(form.errors) == {"name", "email"}


def test_sign_out_forgets_the_remembered_session(records, ada):
    """Does "Sign out" show the sign-in form, tell the browser to forget, and offer no resume?"""
    spec = widget_of(home_page(records, address(ada[1], signout="1"), NO_HUB), FormWidget).spec
    assert (spec["forget"], spec["offer_resume"]) == ("all", False)


def test_under_jupyterhub_the_home_needs_no_sign_in(records):
    """Under JupyterHub, is the hub user's home shown straight away, with no token in links?"""
    page = home_page(records, "", {"JUPYTERHUB_USER": "jdoe"})
    assert isinstance(page, HtmlPage)
    assert "token=" not in page.html
    assert "Sign out" not in page.html


def test_sign_in_requires_a_name():
    """Is a missing name refused with a message naming the field?"""
    assert check_sign_in({"name": "", "email": "a@example.org"})[1] == {
        "name": "Enter your full name"
    }


def test_sign_in_requires_an_email_that_looks_like_one():
    """Is an email without a domain refused with an example of the right form?"""
    assert "like name@example.org" in check_sign_in({"name": "A", "email": "a@b"})[1]["email"]


def test_sign_in_license_number_is_optional():
    """Can a learner without a license sign in?"""
    details, errors = check_sign_in({"name": "Ada", "email": "ada@example.org"})
    assert (details is not None, errors) == (True, {})


def test_sign_in_refuses_an_overlong_license_number():
    """Is a license number longer than 100 characters refused, naming the field?"""
    errors = check_sign_in({"name": "A", "email": "a@example.org", "license_number": "9" * 101})[1]
    assert "license number" in errors["license_number"]
