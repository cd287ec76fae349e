"""The course's server: Voila, plus the pages it answers without a kernel.

``caserate-course serve`` runs this module (``python -m
caserate_kit.course.server._app``) with Voila's own command-line options. It
is Voila, with one more route:

- ``/verify?code=CRK-...``: the public verification page, for a licensing
  board or an employer. It needs no sign-in and starts no kernel; it shows
  what a genuine certificate states and nothing for any other code.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from functools import cache
from typing import TYPE_CHECKING, Any

import tornado.web
from jupyter_server.utils import url_path_join
from voila.app import Voila  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from ..certificates import CertificateData
    from ..records import Store

__all__ = ["CourseVoila", "VerifyHandler", "main"]

VERIFY_PATH = "verify"
"""Where the verification page is, under the server's base address."""

_log = logging.getLogger("caserate_kit.course.server")
_lock = threading.Lock()
_HEADERS = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


@cache
def _store() -> Store:
    """The records, opened once for the server's life."""
    from ..records import Store

    return Store()


def _look_up(code: str) -> CertificateData | None:
    from ..certificates import genuine_certificate

    with _lock:
        return genuine_certificate(_store(), code)


class VerifyHandler(tornado.web.RequestHandler):
    """``GET /verify?code=...``: the page, with what the certificate of a genuine code states."""

    async def get(self) -> None:
        from ..pages._verify import verify_document

        code = self.get_query_argument("code", "")
        for name, value in _HEADERS.items():
            self.set_header(name, value)
        try:
            data = await asyncio.to_thread(_look_up, code) if code.strip() else None
        except Exception:
            _log.exception("The verification page could not read the records")
            self.set_status(503)
            self.finish(_unavailable())
            return
        self.finish(verify_document(code, data))


def _unavailable() -> str:
    from ..pages._frame import notice, page_html
    from ..pages._verify import document_html

    body = notice(
        "<p>The course's records cannot be read just now, so no certificate can be "
        "checked. Please try again in a few minutes.</p>",
        "warning",
        "Please try again later",
    )
    return document_html("Check a CE certificate", page_html("Check a CE certificate", body))


class CourseVoila(Voila):  # type: ignore[misc]
    """Voila with the course's own routes in front of its own."""

    def init_handlers(self) -> list[Any]:
        ours = [(url_path_join(self.server_url, VERIFY_PATH), VerifyHandler)]
        return ours + list(super().init_handlers())


def main() -> None:
    """Run the course's server with Voila's command-line options."""
    CourseVoila.launch_instance()


if __name__ == "__main__":
    main()
