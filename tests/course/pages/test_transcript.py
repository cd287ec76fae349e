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
