"""The public verification page: what a genuine code's certificate states, and nothing else."""

from __future__ import annotations

from datetime import date

from caserate_kit.course.certificates._codes import CertificateData, Correction
from caserate_kit.course.pages._verify import server_verify_url, verify_body, verify_document

CODE = "CRK-7F3Q-92KD-MX4T-PZ8A"


def _data(**changes: object) -> CertificateData:
    values: dict[str, object] = {
        "learner_name": "Zoë <Nguyễn> 李小龙",
        "license_number": "LPC-004512",
        "course_title": "Case rates: what they are and what they are not",
        "completion_date": date(2026, 3, 3),
        "ce_hours": 1.25,
        "format": "home study",
        "provider_name": "Test Provider",
        "provider_number": "T-1",
        "approval_statement": "Approved.",
        "signatory_name": "Pat Doe",
        "signatory_title": "Director",
        "verification_code": CODE,
    }
    return CertificateData(**{**values, **changes})  # type: ignore[arg-type]


def test_a_genuine_code_shows_what_the_certificate_states_escaped():
    """Are name, program, lesson, date, hours, format, provider and code shown, escaped?"""
    html = verify_body(CODE, _data())
    for shown in (
        "Genuine certificate",
        "Zoë &lt;Nguyễn&gt; 李小龙",
        "Managed care and case rates",
        "Case rates: what they are and what they are not",
        "March 3, 2026",
        "1.25 CE hours (home study)",
        "Test Provider (approval number T-1)",
        CODE,
    ):
        assert shown in html
    assert "LPC-004512" not in html  # the license number stays private
    assert "sample" not in html


def test_a_code_that_matches_nothing_shows_nothing_but_that():
    """Does an unknown code get the same plain answer, with the typed code kept in the box?"""
    html = verify_body("crk-0000", None)
    assert "No certificate matches this code" in html
    assert 'value="crk-0000"' in html
    assert "<dl" not in html


def test_a_typed_code_cannot_break_out_of_the_page():
    """Is a code with markup in it shown as text, and cut to 64 characters?"""
    html = verify_body('"><script>alert(1)</script>' + "x" * 100, None)
    assert "<script>" not in html
    assert "x" * 65 not in html


def test_before_a_code_is_typed_the_page_explains_itself():
    """Does the empty page say what it is for and offer the box?"""
    html = verify_body("", None)
    assert "Type the verification code" in html
    assert 'name="code"' in html


def test_a_sample_certificate_is_called_a_sample():
    """Is a certificate of the example provider marked as no CE credit?"""
    assert "it is a sample, not CE credit" in verify_body(CODE, _data(sample=True))


def test_the_document_is_a_whole_page_without_course_links():
    """Is the page a whole document in English, with no links into the course's pages?"""
    html = verify_document(CODE, _data())
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in html
    assert "<title>Check a CE certificate · Managed care and case rates</title>" in html
    assert ".ipynb" not in html


def test_the_servers_own_verify_address_follows_the_request_and_base():
    """Is the address built from the page's own request, under the server's base address?"""
    request = {"VOILA_REQUEST_URL": "https://ce.example.org/course/voila/render/x.ipynb"}
    assert server_verify_url({**request, "VOILA_BASE_URL": "/course/"}) == (
        "https://ce.example.org/course/verify"
    )
    assert server_verify_url({**request, "JUPYTERHUB_USER": "jdoe"}) == ""
    assert server_verify_url({}) == ""


def test_a_replaced_certificate_shows_what_it_stated_and_links_its_replacement():
    """Does a replaced code say it is genuine but replaced, on what day, by which code (a link
    that checks it), and still show what it stated as issued?"""
    later = Correction("CRK-AAAA-BBBB-CCCC-DDDD", date(2026, 4, 1))
    html = verify_body(CODE, _data(learner_name="Ada Byrn", replaced_by=later))
    assert "Genuine certificate, since replaced" in html
    assert "replaced on April 1, 2026 by certificate" in html
    assert '<a href="?code=CRK-AAAA-BBBB-CCCC-DDDD">CRK-AAAA-BBBB-CCCC-DDDD</a>' in html
    assert "<dd>Ada Byrn</dd>" in html
    assert "<dt>Replaced by</dt>" in html


def test_a_correction_shows_the_code_it_replaces():
    """Does a certificate that corrects another show that one's code and issue date?"""
    earlier = Correction("CRK-AAAA-BBBB-CCCC-DDDD", date(2026, 3, 3))
    html = verify_body(CODE, _data(replaces=earlier))
    assert "Genuine certificate" in html
    assert "since replaced" not in html
    assert (
        '<dt>Replaces</dt><dd><a href="?code=CRK-AAAA-BBBB-CCCC-DDDD">'
        "CRK-AAAA-BBBB-CCCC-DDDD</a> (issued March 3, 2026)</dd>"
    ) in html
