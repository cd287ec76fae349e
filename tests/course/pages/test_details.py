"""The learner's details page: correcting the name and license number certificates print."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from caserate_kit.course.certificates._codes import format_date
from caserate_kit.course.certificates._completion import (
    certificate_data,
    issue_certificate,
    verify_code,
)
from caserate_kit.course.pages import details_page, home_page
from caserate_kit.course.pages._details import needs_details
from caserate_kit.course.pages._frame import HtmlPage
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.records._store import Store
from caserate_kit.course.widgets._form import FormWidget

from ..widget_tree import widgets_under

HUB = {"JUPYTERHUB_USER": "jdoe"}


@pytest.fixture
def records(tmp_path, monkeypatch):
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with Store(f"sqlite:///{tmp_path / 'records.sqlite3'}") as store:
        yield store


def _form(page: object) -> FormWidget:
    (form,) = [widget for widget in widgets_under(page) if isinstance(widget, FormWidget)]
    return form


def _field(form: FormWidget, name: str) -> dict[str, object]:
    (field,) = [f for f in form.spec["fields"] if f["name"] == name]
    return field


def test_a_hub_learner_is_asked_for_a_name_on_the_home_and_gives_it(records):
    """Does a hub learner see a prompt, give their details, and see them on the home?"""
    home = home_page(records, "", HUB)
    assert isinstance(home, HtmlPage)
    assert "add your full name and license number" in home.html
    assert 'href="details.ipynb"' in home.html
    form = _form(details_page(records, "", HUB))
    assert _field(form, "name")["value"] == ""  # not the user name: ask for the real one
    assert _field(form, "email")["required"] is False
    form.submit({"name": "Jane Doe", "email": "", "license_number": "LCSW 12345"})
    assert form.errors == {}
    assert form.status == "Saved. Your certificates will show: Jane Doe, license number LCSW 12345."
    learner = records.find_learner_by_external_id("jdoe")
    assert learner is not None
    assert not needs_details(learner)
    after = home_page(records, "", HUB)
    assert "add your full name" not in after.html
    assert "<strong>Jane Doe</strong>, license number LCSW 12345" in after.html


def test_a_signed_in_learner_sees_their_details_filled_in(records):
    _learner, token, _code = sign_in(
        records, "Ada Byron", email="ada@example.org", license_number="L-1"
    )
    form = _form(details_page(records, urlencode({"token": token}), {}))
    assert [_field(form, n)["value"] for n in ("name", "email", "license_number")] == [
        "Ada Byron",
        "ada@example.org",
        "L-1",
    ]


def test_mistakes_are_named_and_nothing_is_changed(records):
    learner, token, _code = sign_in(records, "Ada Byron", email="ada@example.org")
    form = _form(details_page(records, urlencode({"token": token}), {}))
    form.submit({"name": " ", "email": "ada-at-example", "license_number": "x" * 101})
    assert set(form.errors) == {"name", "email", "license_number"}
    assert records.get_learner(learner.id) == learner


def _certified(records, name, license_number=None):
    """A signed-in learner holding the lesson 1 certificate, and the details form."""
    learner, token, _code = sign_in(
        records, name, email="ada@example.org", license_number=license_number
    )
    records.record_visit(learner.id, "lesson-01", "open")
    attempt = records.start_attempt(learner.id, "lesson-01", "v1", seed=1)
    records.submit_attempt(attempt.id, 0.9, True, {})
    records.record_evaluation(learner.id, "lesson-01", True, 4, {"content": 4})
    certificate = issue_certificate(records, learner.id, "lesson-01")
    return learner, certificate, _form(details_page(records, urlencode({"token": token}), {}))


def test_a_corrected_name_reissues_the_certificate_and_verify_shows_both(records):
    """After the name is corrected on this page, does the old code still verify with the old
    name and "replaced by" the new code, and the new code with the new name and "replaces"?"""
    learner, old, form = _certified(records, "Ada Byrn")
    form.submit({"name": "Ada Byron", "email": "ada@example.org", "license_number": ""})
    assert form.errors == {}
    (new,) = records.certificates_for(learner.id)
    assert (new.replaces, new.holder_name) == (old.code, "Ada Byron")
    assert new.code != old.code
    genuine, message = verify_code(records, old.code)
    assert genuine
    assert f"replaced on {format_date(new.issued_at.date())} by certificate {new.code}" in message
    assert "Ada Byrn completed" in message
    assert "Ada Byron" not in message
    genuine, message = verify_code(records, new.code)
    assert genuine
    assert "Ada Byron completed" in message
    assert f"It replaces certificate {old.code}" in message
    assert certificate_data(records, old).learner_name == "Ada Byrn"


def test_the_learner_is_told_their_certificates_were_reissued_and_where(records):
    """Does the page say in one sentence that the certificate was re-issued, and where to get
    it, and say nothing of the kind when only the email changed?"""
    learner, _old, form = _certified(records, "Ada Byrn", "L-1")
    form.submit({"name": "Ada Byrn", "email": "ada@example.com", "license_number": "L-1"})
    assert form.status == "Saved. Your certificates will show: Ada Byrn, license number L-1."
    assert len(records.certificates_for(learner.id)) == 1
    form.submit({"name": "Ada Byrn", "email": "ada@example.com", "license_number": "L-2"})
    assert form.status == (
        "Saved. Your certificates will show: Ada Byrn, license number L-2. Your certificate "
        "was re-issued with these details and new codes: download it again from Your CE "
        "transcript, on the course home."
    )
    (new,) = records.certificates_for(learner.id)
    assert (new.holder_name, new.holder_license) == ("Ada Byrn", "L-2")


def test_without_a_sign_in_the_page_asks_for_one(records):
    page = details_page(records, "", {})
    assert isinstance(page, HtmlPage)
    assert "Go to the course home to sign in" in page.html


def test_after_a_save_the_form_stays_open_and_the_header_follows_the_new_name(records):
    """Can a learner save twice in a row, and does the top bar show the name just saved?"""
    learner, token, _code = sign_in(records, "Ada Byrn", email="ada@example.org")
    page = details_page(records, urlencode({"token": token}), {})
    form = _form(page)
    form.submit({"name": "Ada Byron", "email": "ada@example.org", "license_number": ""})
    assert not form.done
    header = page.children[0]
    assert "Ada Byron" in header.value
    assert "Ada Byrn" not in header.value
    form.submit({"name": "Ada King", "email": "ada@example.org", "license_number": "L-2"})
    assert form.errors == {}
    assert "Ada King" in header.value
    assert records.get_learner(learner.id).name == "Ada King"


def test_a_name_the_certificate_cannot_print_is_refused_beside_the_field(records):
    """Is a name in a script no font has refused on the name field, and nothing changed?"""
    learner, token, _code = sign_in(records, "Ada Byron", email="ada@example.org")
    form = _form(details_page(records, urlencode({"token": token}), {}))
    form.submit({"name": "\U00013000 Ada", "email": "ada@example.org", "license_number": ""})
    assert set(form.errors) == {"name"}
    assert "cannot print \U00013000" in form.errors["name"]
    assert records.get_learner(learner.id) == learner
