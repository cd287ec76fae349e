"""The certificate page: ``certificate.ipynb?course=lesson-0N&token=...``.

When the course is complete (the lesson opened, the post-test passed, the
evaluation in) the page issues the certificate (asking again returns the same
one), offers the PDF as a download link and shows the verification code.
Otherwise it lists what is still to do, each step a link.

The PDF travels inside the page as a ``data:application/pdf;base64,`` link
with a ``download`` file name: Voila serves no files but images, and this way
no route can hand one learner's certificate to another.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from .._catalog import PROGRAM_TITLE, course_id, find_lesson
from ._frame import (
    HtmlPage,
    Records,
    Visitor,
    escape,
    lesson_href,
    link,
    notice,
    page_html,
    query,
    signed_in_page,
)

if TYPE_CHECKING:
    from .._catalog import Lesson
    from ..records import CertificateRecord, Learner, Store

__all__ = [
    "certificate_file_name",
    "certificate_html",
    "certificate_page",
    "pdf_file_name",
    "steps_html",
]


def certificate_file_name(learner_name: str, course: str) -> str:
    """A safe, readable file name for the PDF.

    >>> certificate_file_name("Zoë O'Brien-Núñez", "lesson-03")
    'CE-certificate-lesson-03-Zoe-OBrien-Nunez.pdf'
    """
    return pdf_file_name(f"CE-certificate-{course}", learner_name)


def pdf_file_name(stem: str, learner_name: str) -> str:
    """``stem``, then the learner's name in plain letters and dashes, as a PDF file name.

    >>> pdf_file_name("CE-transcript", "李小龙")
    'CE-transcript.pdf'
    """
    plain = unicodedata.normalize("NFKD", learner_name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9 -]", "", plain)
    words = "-".join(plain.split())[:60].strip("-")
    return f"{stem}{'-' + words if words else ''}.pdf"


def steps_html(
    todo: list[str],
    lesson: Lesson,
    token: str | None,
    lead: str = "Your certificate is ready as soon as these steps are done:",
) -> str:
    """What is still to do before the certificate, each step a link to where it is done."""
    from ..certificates import NAME_STEP

    course = course_id(lesson)
    where = {
        "open the lesson": lesson_href(lesson, token),
        "pass the post-test": link("posttest", token, quiz=course),
        "fill in the course evaluation": link("evaluation", token, course=course),
        NAME_STEP: link("details", token),
    }
    items = []
    for step in todo:
        text = escape(step[0].upper() + step[1:])
        href = where.get(step)
        items.append(f'<li><a href="{href}">{text}</a></li>' if href else f"<li>{text}</li>")
    return f'<p>{escape(lead)}</p><ol class="ck-steps">{"".join(items)}</ol>'


def certificate_html(
    record: CertificateRecord,
    learner: Learner,
    lesson: Lesson,
    pdf: bytes,
    check_at: str = "",
    token: str | None = None,
) -> str:
    """The certificate's details, its verification code and the download link.

    The name and license number are those the certificate was issued to.
    ``check_at`` is the address of the public verification page, if there is one.
    """
    from ..certificates import format_ce_hours, format_date, holder_of

    holder, license_number = holder_of(record, learner)
    name = certificate_file_name(holder, record.course_id)
    data = base64.b64encode(pdf).decode("ascii")
    size = max(1, round(len(pdf) / 1024))
    facts = [
        ("Name", holder),
        ("Program", PROGRAM_TITLE),
        ("Lesson", f"Lesson {lesson.number}: {lesson.title}"),
        ("Completed on", format_date(record.completion_date)),
        ("CE hours", format_ce_hours(record.ce_hours)),
        ("Format", record.format.capitalize()),
    ]
    if license_number:
        facts.insert(1, ("License number", license_number))
    rows = "".join(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in facts)
    return (
        notice("<p>Well done: you have completed this lesson.</p>", "success")
        + '<div class="ck-panel">'
        '<h2 id="your-certificate">Your certificate</h2>'
        f'<dl class="ck-facts">{rows}</dl>'
        f'<p><a class="ck-button" href="data:application/pdf;base64,{data}" '
        f'download="{escape(name)}">Download your certificate (PDF, {size} KB)</a></p>'
        '<h3 id="verification">Verification code</h3>'
        f'<p><span class="ck-code">{escape(record.code)}</span></p>'
        f"{_how_to_check(record.code, check_at)}"
        "<p>You can come back to this page to download the certificate again at any time. "
        f'<a href="{link("transcript", token)}">Your CE transcript</a> has all your '
        "certificates in one PDF.</p>"
        "</div>"
    )


def _how_to_check(code: str, check_at: str) -> str:
    if not check_at:
        return (
            "<p>The code is printed on the certificate. A licensing board or employer can ask "
            "the training team to confirm it.</p>"
        )
    address = f"{check_at}?{urlencode({'code': code})}"
    return (
        "<p>The code is printed on the certificate with a QR code. A licensing board or "
        f'employer can check it at <a href="{escape(address)}">{escape(check_at)}</a>.</p>'
    )


def certificate_page(
    store: Store | None = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """The certificate of the address's ``course`` for the signed-in learner, or what is to do."""
    build = partial(_build, query_string=query_string, environ=environ)
    return signed_in_page("Certificate", "certificate page", build, store, query_string, environ)


def _build(
    records: Records,
    visitor: Visitor,
    learner: Learner,
    query_string: str | None,
    environ: Mapping[str, str] | None = None,
) -> HtmlPage:
    token = visitor.token

    def page(title: str, body: str) -> HtmlPage:
        return HtmlPage(
            page_html(
                title, body, token=token, learner_name=learner.name, can_sign_out=not visitor.hub
            )
        )

    course = query(query_string).get("course", "")
    lesson = find_lesson(course)
    back = f'<p><a href="{link("home", token)}">Course home</a></p>'
    if lesson is None:
        return page(
            "Certificate not found",
            notice(
                f"<p>There is no lesson called “{escape(course[:60])}”. The link may be "
                f"incomplete.</p>{back}",
                "warning",
            ),
        )
    from ..certificates import NotCompleteError, issue_certificate, missing_steps
    from ._tracker import tracker_for

    store = records.get()
    title = f"Lesson {lesson.number} certificate"
    todo = missing_steps(store, learner.id, course)
    if todo:
        tracker = tracker_for(store, learner.id, lesson, token, "certificate")
        steps = notice(steps_html(todo, lesson, token), "info", "Not ready yet")
        return page(title, tracker + steps + back)
    try:
        record = issue_certificate(store, learner.id, course)
    except NotCompleteError as error:
        reason = escape(error.reason)
        return page(
            title,
            notice(
                f"<p>A certificate cannot be issued for this lesson yet: it {reason}. Please tell "
                f"your trainer.</p>{back}",
                "warning",
            ),
        )
    from ..certificates import certificate_data, render_certificate_pdf
    from ._verify import server_verify_url

    data = certificate_data(store, record, verify_url=server_verify_url(environ))
    pdf = render_certificate_pdf(data)
    tracker = tracker_for(store, learner.id, lesson, token, "certificate")
    body = certificate_html(record, learner, lesson, pdf, data.verify_url, token) + back
    return page(title, tracker + body)
