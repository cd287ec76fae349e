"""The certificate page: what is still to do, then the PDF and its code."""

from __future__ import annotations

from caserate_kit.course.pages import (
    certificate_page,
)

from .helpers import NO_HUB, address, complete, shown


def test_certificate_page_lists_what_is_still_to_do_with_links(records, ada):
    """Before anything is done, does the page list the three steps, each a link?"""
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    for step, target in (
        ("Open the lesson", "../lessons/01_how_managed_care_decides.ipynb"),
        ("Pass the post-test", "posttest.ipynb?quiz=lesson-01"),
        ("Fill in the course evaluation", "evaluation.ipynb?course=lesson-01"),
    ):
        assert f"{target}&amp;token={ada[1]}" in html or f"{target}?token={ada[1]}" in html
        assert step in html


def test_certificate_is_refused_before_the_evaluation(records, ada):
    """With the evaluation still to do, is no certificate issued?"""
    complete(records, ada[0].id, evaluate=False)
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    assert "Fill in the course evaluation" in html
    assert "data:application/pdf" not in html
    assert records.certificates_for(ada[0].id) == []


def test_a_complete_course_gives_a_pdf_to_download_and_a_code(records, ada):
    """Once complete, does the page offer the PDF as a named download and show the code?"""
    complete(records, ada[0].id)
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    (record,) = records.certificates_for(ada[0].id)
    assert 'href="data:application/pdf;base64,JVBERi' in html  # "%PDF" in base64
    assert 'download="CE-certificate-lesson-01-Ada-Byron.pdf"' in html
    assert record.code in html


def test_coming_back_to_the_certificate_issues_no_second_one(records, ada):
    """Does opening the certificate page twice keep one certificate with one code?"""
    complete(records, ada[0].id)
    query = address(ada[1], course="lesson-01")
    certificate_page(records, query, NO_HUB)
    certificate_page(records, query, NO_HUB)
    assert len(records.certificates_for(ada[0].id)) == 1


def test_certificate_of_an_unknown_course_says_so(records, ada):
    """Is a certificate address naming no lesson answered with a clear message?"""
    html = shown(certificate_page(records, address(ada[1], course="../secret"), NO_HUB))
    assert "There is no lesson called" in html


def test_the_page_names_the_program_and_links_the_servers_verify_page(records, ada, monkeypatch):
    """Does the page name the program, and link the verify page of the server it came from?"""
    complete(records, ada[0].id)
    request = {
        "VOILA_REQUEST_URL": "http://10.1.2.3:8866/voila/render/x.ipynb",
        "VOILA_BASE_URL": "/",
    }
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), request))
    (record,) = records.certificates_for(ada[0].id)
    assert "<dt>Program</dt><dd>Managed care and case rates</dd>" in html
    assert f'href="http://10.1.2.3:8866/verify?code={record.code}"' in html


def test_without_a_request_address_the_page_says_to_ask_the_training_team(records, ada):
    """With no address to give (a test, or a hub), does the page say who can confirm a code?"""
    complete(records, ada[0].id)
    html = shown(certificate_page(records, address(ada[1], course="lesson-01"), NO_HUB))
    assert "can ask the training team to confirm it" in html
    assert "/verify?code=" not in html


def test_a_name_the_certificate_cannot_print_is_a_step_with_a_link_not_a_failure(records):
    """A recorded name with letters no font has (from before the name rule): does the page
    list correcting it as a step, with a link to Your details, and issue nothing?"""
    from caserate_kit.course.pages._session import start_session

    learner = records.add_learner("Ada \U00013000", email="old@example.org")
    complete(records, learner.id)
    token = start_session(records, learner.id)
    html = shown(certificate_page(records, address(token, course="lesson-01"), NO_HUB))
    assert "Give the name your certificate is to show" in html
    assert f'href="details.ipynb?token={token}"' in html
    assert records.certificates_for(learner.id) == []


def test_the_page_shows_the_name_the_certificate_was_issued_to(records, ada):
    """After the learner's details change without a re-issue, does the page still show the
    name and license number the certificate states, in the facts and the file name?"""
    complete(records, ada[0].id)
    query = address(ada[1], course="lesson-01")
    certificate_page(records, query, NO_HUB)
    records.update_details(ada[0].id, "Ada King", "ada@example.org", "LCSW 202")
    html = shown(certificate_page(records, query, NO_HUB))
    assert "<dt>Name</dt><dd>Ada Byron</dd>" in html
    assert "<dt>License number</dt><dd>LCSW 101</dd>" in html
    assert 'download="CE-certificate-lesson-01-Ada-Byron.pdf"' in html
    assert "Ada King</dd>" not in html
