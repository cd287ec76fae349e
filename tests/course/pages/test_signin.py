"""Signing in on the course home, and what a visitor who is not signed in sees."""

from __future__ import annotations

import re

import pytest

from caserate_kit.course.pages import (
    home_page,
)
from caserate_kit.course.pages._frame import HtmlPage
from caserate_kit.course.pages._session import learner_from_token, sign_in
from caserate_kit.course.pages._signin import SIGN_IN_FORM, check_sign_in
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
    assert learner_from_token(records, form.remember["token"]) == learner
    assert "Course home" in shown(page)
    assert "Grace Hopper" in shown(page)
    code = re.search(r'class="ck-code">([A-Z0-9-]+)<', shown(page)).group(1)
    assert records.personal_code_matches(learner.id, code)


def test_signing_in_again_with_the_code_opens_the_same_record(records):
    """Does a second sign-in with the same email and the code shown open the same record,
    and one without the code get a message beside the code field and no new learner?"""
    first = widget_of(home_page(records, "", NO_HUB), FormWidget)
    first.submit({"name": "Grace Hopper", "email": "grace@example.org"})
    (learner,) = records.all_learners()
    page = home_page(records, "", NO_HUB)
    again = widget_of(page, FormWidget)
    again.submit({"name": "Grace Hopper", "email": "grace@example.org"})
    assert "already on record" in again.errors["code"]
    assert records.all_learners() == [learner]
    records.set_personal_code(learner.id, "K7QM-4TXP", set_by="trainer")
    again.submit({"name": "Grace H", "email": "grace@example.org", "code": "k7qm-4txp"})
    assert learner_from_token(records, again.remember["token"]) == learner
    assert records.all_learners() == [learner]
    assert "Your personal code" not in shown(page)


def test_signing_out_ends_the_address_and_everywhere_ends_them_all(records, ada):
    """Does Sign out make this address stop working, and Sign out everywhere every address?"""
    learner, here, code = ada
    there = sign_in(records, learner.name, email=learner.email, code=code).token
    out = shown(home_page(records, address(here, signout="1"), NO_HUB))
    assert "You are signed out" in out
    assert "was signed out" in shown(home_page(records, address(here), NO_HUB))
    assert "Welcome, Ada" in shown(home_page(records, address(there), NO_HUB))
    home_page(records, address(there, signout="all"), NO_HUB)
    assert "was signed out" in shown(home_page(records, address(there), NO_HUB))


def test_the_home_says_what_signing_out_does(records, ada):
    """Does the signed-in home offer Sign out and Sign out everywhere, each explained?"""
    html = shown(home_page(records, address(ada[1]), NO_HUB))
    assert "signout=1" in html
    assert "signout=all" in html
    assert "here and anywhere it was copied" in html


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


@pytest.mark.parametrize("length", [121, 150, 5000])
def test_a_name_over_the_one_limit_is_refused_whole_with_its_length(length):
    """Is a name over 120 characters refused beside the field, saying how long it is, not cut?"""
    details, errors = check_sign_in({"name": "N" * length, "email": "a@example.org"})
    assert details is None
    assert errors == {
        "name": f"Your full name must be 120 characters or fewer (this one has {length})"
    }


def test_a_name_of_exactly_the_limit_is_kept_whole():
    """Is a 120-character name accepted exactly as typed?"""
    name = "Maria-José Ñúñez " * 7 + "Z"
    details, _ = check_sign_in({"name": name, "email": "a@example.org"})
    assert len(name) == 120
    assert details is not None
    assert details.name == name


def test_the_form_never_cuts_what_is_pasted_into_it():
    """Does the form give the browser no maxlength (which cuts a paste silently)?"""
    from caserate_kit.course.widgets._static import static_text

    assert "maxlength" not in static_text("form.js")
    assert SIGN_IN_FORM.fields[0].max_length == 120


def test_a_name_the_certificate_cannot_print_is_refused_at_sign_in():
    """Is a name with letters no font has refused, naming them, and nobody recorded?"""
    details, errors = check_sign_in({"name": "Ada \U00013000\U00013001", "email": "a@example.org"})
    assert details is None
    assert "cannot print \U00013000 \U00013001" in errors["name"]


def test_a_name_typed_in_decomposed_letters_is_kept_composed():
    """Is "Zoe" + a combining diaeresis recorded as the one letter ë the certificate prints?"""
    details, _ = check_sign_in({"name": "Zoe\u0308 Nguye\u0302\u0303n", "email": "z@example.org"})
    assert details is not None
    assert details.name == "Zoë Nguyễn"


def test_sign_in_refuses_a_name_or_license_number_with_a_control_character(records):
    """Are a name with a terminal escape and a license number with one refused at sign-in,
    each beside its field, and no learner recorded?"""
    form = widget_of(home_page(records, "", NO_HUB), FormWidget)
    form.submit(
        {"name": "Ada\x1b[31m Lovelace", "email": "ada@example.org", "license_number": "L\x1b1"}
    )
    assert form.errors == {
        "name": "Your full name has a control character in it (U+001B, which is invisible); "
        "type it again by hand, without copying it from elsewhere",
        "license_number": "Your license number has a control character in it (U+001B, which "
        "is invisible); type it again by hand, without copying it from elsewhere",
    }
    assert records.all_learners() == []
