"""The public verification page: ``/verify?code=CRK-...``, for anyone holding a certificate.

A licensing board reviewer or an employer types (or scans) a certificate's
code and sees what the certificate states: name, program, lesson, date, CE
hours, format and provider. A wrong, altered or withdrawn code shows that no
certificate matches, and nothing else; the page never shows an email, a
license number or anything about other certificates but the corrections of
this one: a certificate that was replaced (its holder's name or license number
corrected) shows what it stated as issued and the code that replaced it, and
the replacement shows the code it replaces.

The course server answers this page itself, with no kernel and no sign-in
(``server/_app.py``), so :func:`verify_document` is a whole HTML document.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from .._catalog import PROGRAM_TITLE
from ..widgets import base_style_tag
from ._frame import escape, notice, page_html

if TYPE_CHECKING:
    from ..certificates import CertificateData

__all__ = ["document_html", "server_verify_url", "verify_body", "verify_document"]

_FORM = (
    '<form class="ck-form ck-form-card" method="get" action="">'
    '<div class="ck-form-field"><label class="ck-form-label" for="code">Verification code</label>'
    '<p class="ck-form-hint" id="code-hint">Printed on the certificate, like '
    "CRK-7F3Q-92KD-MX4T-PZ8A. Capitals and dashes are optional.</p>"
    '<input id="code" name="code" type="text" autocomplete="off" spellcheck="false" '
    'aria-describedby="code-hint" value="{value}"></div>'
    '<div class="ck-form-buttons"><button type="submit" class="ck-form-button">'
    "Check the certificate</button></div></form>"
)


def server_verify_url(environ: Mapping[str, str] | None = None) -> str:
    """The verification page of the server this page came from, or "" where there is none.

    Voila tells a page's kernel the address it was asked for; under JupyterHub
    a learner's server is private, so there it is "" (``course.toml``'s
    ``verify_url`` names the public one).

    >>> server_verify_url({"VOILA_REQUEST_URL": "http://10.0.0.5:8866/voila/render/x.ipynb",
    ...                    "VOILA_BASE_URL": "/"})
    'http://10.0.0.5:8866/verify'
    """
    env = os.environ if environ is None else environ
    request = env.get("VOILA_REQUEST_URL", "")
    if not request or env.get("JUPYTERHUB_USER"):
        return ""
    parts = urlsplit(request)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    base = "/" + env.get("VOILA_BASE_URL", "/").strip("/")
    return f"{parts.scheme}://{parts.netloc}{base.rstrip('/')}/verify"


def document_html(title: str, body: str) -> str:
    """A whole HTML document in the course's look, for a page served without Voila."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)} · {escape(PROGRAM_TITLE)}</title>"
        f"{base_style_tag()}</head><body>"
        '<a class="ck-skip-link" href="#main-content">Skip to main content</a>'
        f'<main id="main-content" class="ck-main" tabindex="-1">{body}</main></body></html>'
    )


def _facts(data: CertificateData) -> str:
    from ..certificates import format_ce_hours, format_date

    facts = [
        ("Name", data.learner_name),
        ("Program", data.program_title),
        ("Lesson", data.course_title),
        ("Completed on", format_date(data.completion_date)),
        ("CE hours", f"{format_ce_hours(data.ce_hours)} ({data.format})"),
        ("Provider", f"{data.provider_name} (approval number {data.provider_number})"),
        ("Verification code", data.verification_code),
    ]
    rows = "".join(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in facts)
    if data.replaces is not None:
        issued = format_date(data.replaces.issued_on)
        rows += f"<dt>Replaces</dt><dd>{_check_link(data.replaces.code)} (issued {issued})</dd>"
    if data.replaced_by is not None:
        on = format_date(data.replaced_by.issued_on)
        rows += f"<dt>Replaced by</dt><dd>{_check_link(data.replaced_by.code)} (on {on})</dd>"
    return f'<dl class="ck-facts">{rows}</dl>'


def _check_link(code: str) -> str:
    """A code, as a link that checks it on this page."""
    return f'<a href="?{escape(urlencode({"code": code}))}">{escape(code)}</a>'


def verify_body(code: str, data: CertificateData | None) -> str:
    """The page's content for a typed ``code`` ("" before one is typed) and what it matched."""
    typed = code.strip()[:64]
    form = _FORM.format(value=escape(typed))
    if not typed:
        return (
            "<p>Type the verification code printed on a CE certificate of this course to "
            "see what the certificate states.</p>" + form
        )
    if data is None:
        result = notice(
            f"<p>No certificate of this course has the code <strong>{escape(typed)}</strong>. "
            "Check that it was typed as printed. A code that was altered, or never issued, "
            "matches no certificate.</p>",
            "error",
            "No certificate matches this code",
        )
        return result + form
    sample = (
        "<p><strong>This certificate names the course's example provider: it is a sample, "
        "not CE credit.</strong></p>"
        if data.sample
        else ""
    )
    return _genuine(data, sample) + "<h2>Check another certificate</h2>" + form


def _genuine(data: CertificateData, sample: str) -> str:
    """The result for a genuine code: what the certificate states, and whether it was replaced."""
    from ..certificates import format_date

    later = data.replaced_by
    if later is None:
        return notice(
            "<p>This certificate is genuine and on record. It states:</p>" + _facts(data) + sample,
            "success",
            "Genuine certificate",
        )
    return notice(
        f"<p>This certificate is genuine, but it was replaced on "
        f"{escape(format_date(later.issued_on))} by certificate "
        f"<strong>{_check_link(later.code)}</strong>, which corrects it: check that code for "
        "the certificate as it stands. As issued, this one states:</p>" + _facts(data) + sample,
        "warning",
        "Genuine certificate, since replaced",
    )


def verify_document(code: str, data: CertificateData | None) -> str:
    """The whole verification page."""
    title = "Check a CE certificate"
    return document_html(
        title, page_html(title, verify_body(code, data), styles=("forms",), navigation=False)
    )
