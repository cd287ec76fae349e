"""The transcript page: ``transcript.ipynb?token=...``, every certificate a learner holds.

A table of the learner's certificates (lesson, date, CE hours, format and
verification code, each with a link to its own certificate page), the hours
added up, and one PDF of them all: a transcript page, then each certificate.
The PDF travels inside the page as a ``data:`` link, as on the certificate page.

Only the certificates the learner holds now are listed (not those a correction
replaced). One that states other details than the learner's (records merged
into theirs, or a correction cut short) is re-issued first, so that the
transcript names one person one way.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from .._catalog import lesson_for
from ._frame import HtmlPage, Records, Visitor, escape, link, notice, page_html, signed_in_page

if TYPE_CHECKING:
    from ..records import CertificateRecord, Learner

__all__ = ["transcript_file_name", "transcript_html", "transcript_page"]


def transcript_file_name(learner_name: str) -> str:
    """A safe, readable file name for the combined PDF.

    >>> transcript_file_name("Zoë O'Brien-Núñez")
    'CE-transcript-Zoe-OBrien-Nunez.pdf'
    """
    from ._certificate import pdf_file_name

    return pdf_file_name("CE-transcript", learner_name)


def transcript_html(
    records: list[CertificateRecord], learner: Learner, pdf: bytes | None, token: str | None
) -> str:
    """The table of certificates, the total hours and the link to the combined PDF."""
    from ..certificates import format_ce_hours, format_date

    home = f'<p><a href="{link("home", token)}">Back to the course home</a></p>'
    if not records or pdf is None:
        return (
            notice(
                "<p>You have no certificates yet. Each lesson gives one once you have read "
                "it, passed its post-test and filled in its evaluation.</p>",
                "info",
            )
            + home
        )
    rows = []
    for record in sorted(records, key=lambda r: (r.completion_date, r.course_id)):
        lesson = lesson_for(record.course_id)
        page = link("certificate", token, course=record.course_id)
        rows.append(
            "<tr>"
            f'<th scope="row" data-label="Lesson"><a href="{page}">Lesson {lesson.number}: '
            f"{escape(lesson.title)}</a></th>"
            f'<td data-label="Completed on">{escape(format_date(record.completion_date))}</td>'
            f'<td data-label="CE hours" class="ck-num">'
            f"{escape(format_ce_hours(record.ce_hours))}</td>"
            f'<td data-label="Format">{escape(record.format.capitalize())}</td>'
            f'<td data-label="Verification code">'
            f'<span class="ck-code">{escape(record.code)}</span></td>'
            "</tr>"
        )
    total = format_ce_hours(sum(record.ce_hours for record in records))
    data = base64.b64encode(pdf).decode("ascii")
    size = max(1, round(len(pdf) / 1024))
    count = len(records)
    return (
        f"<p>Your certificates show: <strong>{escape(learner.name)}</strong>. You hold "
        f"{count} certificate{'s' if count != 1 else ''}, <strong>{escape(total)}</strong> "
        "in all.</p>"
        '<table class="ck-table">'
        "<caption>Your CE certificates</caption><thead><tr>"
        '<th scope="col">Lesson</th><th scope="col">Completed on</th>'
        '<th scope="col">CE hours</th><th scope="col">Format</th>'
        '<th scope="col">Verification code</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p><a class="ck-button" href="data:application/pdf;base64,{data}" '
        f'download="{escape(transcript_file_name(learner.name))}">Download all your certificates '
        f"(one PDF, {count + 1} pages, {size} KB)</a></p>"
        "<p>The PDF opens with a transcript page listing every certificate, then has each "
        "certificate on its own page.</p>" + home
    )


def transcript_page(
    store: Any = None,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """The signed-in learner's transcript (or the sign-in prompt)."""
    return signed_in_page(
        "Your CE transcript",
        "transcript page",
        partial(_build, environ=environ),
        store,
        query_string,
        environ,
    )


def _build(
    records: Records,
    visitor: Visitor,
    learner: Learner,
    environ: Mapping[str, str] | None = None,
) -> HtmlPage:
    from ..certificates import reissue_after_correction, transcript_pdf
    from ._verify import server_verify_url

    store = records.get()
    reissue_after_correction(store, learner.id)
    held = store.certificates_for(learner.id)
    pdf = transcript_pdf(store, learner.id, verify_url=server_verify_url(environ)) if held else None
    return HtmlPage(
        page_html(
            "Your CE transcript",
            transcript_html(held, learner, pdf, visitor.token),
            token=visitor.token,
            learner_name=learner.name,
            can_sign_out=not visitor.hub,
        )
    )
