"""The transcript page: every certificate a learner holds, and one PDF of them all."""

from __future__ import annotations

import base64
import re
import subprocess

from caserate_kit.course.certificates._completion import issue_certificate
from caserate_kit.course.pages import certificate_page, home_page, transcript_page

from .helpers import NO_HUB, address, complete, shown


def _pdf_in(html: str) -> bytes:
    (data,) = re.findall(r'href="data:application/pdf;base64,([A-Za-z0-9+/=]+)"', html)
    return base64.b64decode(data)


def test_without_certificates_the_page_says_how_to_earn_one(records, ada):
    """With nothing earned yet, does the page say how a certificate is earned, and offer no PDF?"""
    html = shown(transcript_page(records, address(ada[1]), NO_HUB))
    assert "You have no certificates yet" in html
    assert "data:application/pdf" not in html


def test_every_certificate_is_listed_with_the_hours_added_up_and_one_pdf(records, ada):
    """With two lessons complete, are both listed, 2 certificates' hours summed, and does the
    one PDF hold a transcript page and both certificates, each lesson's title readable?"""
    learner, token = ada[0], ada[1]
    for course in ("lesson-01", "lesson-03"):
        complete(records, learner.id, course)
        issue_certificate(records, learner.id, course)
    held = records.certificates_for(learner.id)
    html = shown(transcript_page(records, address(token), NO_HUB))
    for record in held:
        assert record.code in html
        assert f"certificate.ipynb?course={record.course_id}&amp;token={token}" in html
    assert "You hold 2 certificates" in html
    assert "(one PDF, 3 pages" in html
    assert 'download="CE-transcript-Ada-Byron.pdf"' in html
    pdf = _pdf_in(html)
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    assert b"Pages:           3" in pages.stdout
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    words = " ".join(text.stdout.decode().split())
    assert "Transcript of continuing education" in words
    assert "How managed care decides what to pay for" in words
    assert all(record.code in words for record in held)


def test_the_home_and_the_certificate_page_lead_to_the_transcript(records, ada):
    """Once a certificate is held, do the home and the certificate page link the transcript?"""
    learner, token = ada[0], ada[1]
    assert "transcript.ipynb" not in shown(home_page(records, address(token), NO_HUB))
    complete(records, learner.id)
    certificate = shown(certificate_page(records, address(token, course="lesson-01"), NO_HUB))
    assert f'href="transcript.ipynb?token={token}"' in certificate
    assert f'href="transcript.ipynb?token={token}"' in shown(
        home_page(records, address(token), NO_HUB)
    )


def test_without_a_sign_in_the_transcript_asks_for_one(records):
    """Does the page ask a visitor who is not signed in to sign in first?"""
    assert "Go to the course home to sign in" in shown(transcript_page(records, "", NO_HUB))


def test_only_the_certificate_held_now_is_listed_after_a_correction(records, ada):
    """After a correction re-issued a certificate, is only the new one listed, not the old?"""
    from caserate_kit.course.certificates._completion import reissue_after_correction

    learner, token = ada[0], ada[1]
    complete(records, learner.id)
    old = issue_certificate(records, learner.id, "lesson-01")
    records.update_details(learner.id, "Ada King", "ada@example.org", "LCSW 101")
    (new,) = reissue_after_correction(records, learner.id)
    html = shown(transcript_page(records, address(token), NO_HUB))
    assert new.code in html
    assert old.code not in html
    assert "You hold 1 certificate," in html


def test_certificates_naming_the_learner_two_ways_are_reissued_for_one_transcript(records, ada):
    """If a certificate states other details than the learner's now (a correction cut short,
    or records merged), is it re-issued so the transcript PDF names one person one way?"""
    learner, token = ada[0], ada[1]
    for course in ("lesson-01", "lesson-03"):
        complete(records, learner.id, course)
    first = issue_certificate(records, learner.id, "lesson-01")
    records.update_details(learner.id, "Ada King", "ada@example.org", "LCSW 101")
    issue_certificate(records, learner.id, "lesson-03")
    html = shown(transcript_page(records, address(token), NO_HUB))
    held = records.certificates_for(learner.id)
    assert {record.holder_name for record in held} == {"Ada King"}
    assert [record.replaces for record in held if record.course_id == "lesson-01"] == [first.code]
    assert all(record.code in html for record in held)
    text = subprocess.run(["pdftotext", "-", "-"], input=_pdf_in(html), capture_output=True)
    assert "Ada Byron" not in text.stdout.decode()
