"""The course's server: Voila, plus the pages it answers without a kernel.

``caserate-course serve`` runs this module (``python -m
caserate_kit.course.server._app``) with Voila's own command-line options. It
is Voila, with these routes in front of its own:

- ``/verify?code=CRK-...``: the public verification page, for a licensing
  board or an employer. It needs no sign-in and starts no kernel; it shows
  what a genuine certificate states and nothing for any other code.
- the lessons, the glossary, the certificate and the transcript, at their
  usual addresses, written by the server with no kernel
  (:mod:`._kernel_free`); Voila shows them until they are ready, and
  whenever another template is asked for (a trainer presenting a lesson).
- ``POST /lesson-visit``: a lesson page reports that its learner left it
  (or came back), so that the time spent reading is recorded.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tornado.ioloop
import tornado.web
from jupyter_server.utils import url_path_join
from voila import __version__ as voila_version  # type: ignore[import-untyped]
from voila.app import Voila  # type: ignore[import-untyped]
from voila.tornado.handler import TornadoVoilaHandler  # type: ignore[import-untyped]

from ._kernel_free import BUILT_PAGES, LESSON_ROUTE, KernelFreePages, shared_store

if TYPE_CHECKING:
    from ..certificates import CertificateData

__all__ = [
    "CourseVoila",
    "KernelFreeHandler",
    "LessonVisitHandler",
    "VerifyHandler",
    "main",
    "shared_store",
]

VERIFY_PATH = "verify"
"""Where the verification page is, under the server's base address."""
VISIT_PATH = "lesson-visit"
"""Where a lesson page reports that its learner left it (or came back)."""
PAGES_SETTING = "caserate_kernel_free_pages"
PAGE_CACHE_VARIABLE = "CASERATE_PAGE_CACHE"
"""Where written lesson pages are kept between starts (default: ``pages`` in the data folder)."""

_log = logging.getLogger("caserate_kit.course.server")
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


def _look_up(code: str) -> CertificateData | None:
    from ..certificates import genuine_certificate

    return genuine_certificate(shared_store(), code)


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


class KernelFreeHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """A lesson, the glossary, a certificate or the transcript: written here when it can be."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        pages: KernelFreePages | None = self.settings.get(PAGES_SETTING)
        template = self.get_argument("template", None) or None
        themed = self.get_argument("theme", None)
        if pages is None or path is None or themed or not pages.ready(path, template):
            await super().get(path)
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache, no-store, must-revalidate")
        environ = {
            **os.environ,
            "QUERY_STRING": str(self.request.query),
            "SCRIPT_NAME": self.request.path,
            "SERVER_SOFTWARE": f"voila/{voila_version}",
            "VOILA_REQUEST_URL": self.request.full_url(),
            "VOILA_BASE_URL": self.base_url,
        }
        environ.pop("VOILA_PREHEAT", None)
        self.finish(await pages.page(path, str(self.request.query), environ, template))


class LessonVisitHandler(tornado.web.RequestHandler):
    """``POST /lesson-visit`` (token, lesson, event): a lesson page left, or come back to."""

    def check_xsrf_cookie(self) -> None:
        """The session token in the body is what proves who sent it (a beacon sends no header)."""

    async def post(self) -> None:
        token = self.get_body_argument("token", "")
        lesson = self.get_body_argument("lesson", "")
        event = self.get_body_argument("event", "")
        if event not in ("open", "close") or not token:
            raise tornado.web.HTTPError(400)
        try:
            known = await asyncio.to_thread(_record_visit, token, lesson, event)
        except Exception:
            _log.exception("A lesson visit could not be recorded")
            raise tornado.web.HTTPError(503) from None
        if not known:
            raise tornado.web.HTTPError(403)
        self.set_status(204)
        self.finish()


def _record_visit(token: str, lesson: str, event: str) -> bool:
    """Record the visit event if the token is a current session and ``lesson`` a lesson."""
    from .._catalog import LESSONS, course_id
    from ..pages._session import check_token

    if lesson not in {course_id(item) for item in LESSONS}:
        return False
    store = shared_store()
    found = check_token(store, token)
    if not found.valid or found.learner is None:
        return False
    store.record_visit(found.learner.id, lesson, event)
    return True


class CourseVoila(Voila):  # type: ignore[misc]
    """Voila with the course's own routes in front of its own."""

    def init_handlers(self) -> list[Any]:
        theirs = list(super().init_handlers())
        ours: list[Any] = [
            (url_path_join(self.server_url, VERIFY_PATH), VerifyHandler),
            (url_path_join(self.server_url, VISIT_PATH), LessonVisitHandler),
        ]
        for route in theirs:
            if route[0] == url_path_join(self.server_url, r"/voila/render/(.*)"):
                kernel_free = "|".join([LESSON_ROUTE, *map(re.escape, BUILT_PAGES)])
                pattern = url_path_join(self.server_url, rf"/voila/render/({kernel_free})")
                ours.append((pattern, KernelFreeHandler, *route[2:]))
        return ours + theirs

    def listen(self) -> None:
        """Start writing the kernel-free pages once the server runs, then serve."""
        tornado.ioloop.IOLoop.current().add_callback(self._prepare_pages)
        super().listen()

    async def _prepare_pages(self) -> None:
        from .._paths import course_root, data_dir

        root = course_root()
        cache = Path(os.environ.get(PAGE_CACHE_VARIABLE, "") or data_dir() / "pages")
        pages = KernelFreePages(root, cache, self._render, self.base_url, self.log)
        self.app.settings[PAGES_SETTING] = pages
        try:
            await pages.prepare()
        except Exception:
            self.log.exception("Voila will show every page (the lessons could not be written)")

    def stop(self) -> None:
        """Stop a lesson being written, then Voila's kernels."""
        pages: KernelFreePages | None = self.app.settings.get(PAGES_SETTING)
        if pages is not None:
            pages.stop()
        super().stop()

    def _render(self, path: str, notebook: Any, template: str | None = None) -> Any:
        return _render_page(self, path, notebook, template)


async def _render_page(app: Any, path: str, notebook: Any, template: str | None = None) -> Any:
    """The HTML of ``notebook`` (at ``path``) through the course's template (or ``template``),
    with no kernel."""
    from voila.notebook_renderer import NotebookRenderer  # type: ignore[import-untyped]
    from voila.utils import get_page_config  # type: ignore[import-untyped]

    settings = app.app.settings
    page_config = get_page_config(
        base_url=app.base_url,
        settings=settings,
        log=_log,
        voila_configuration=app.voila_configuration,
    )
    renderer = NotebookRenderer(
        voila_configuration=app.voila_configuration,
        traitlet_config=app.config,
        notebook_path=path,
        template_paths=app.template_paths,
        config_manager=app.config_manager,
        contents_manager=app.contents_manager,
        base_url=app.base_url,
        kernel_spec_manager=app.kernel_spec_manager,
        page_config=page_config,
        mathjax_config=settings.get("mathjax_config"),
        mathjax_url=settings.get("mathjax_url"),
    )
    await renderer.initialize(template=template)

    async def kernel_start(nb: Any) -> str:
        return ""

    async def cells(nb: Any, kernel_id: str) -> Any:
        for cell in nb.cells:
            yield cell

    context = {
        "frontend": "ck-static",
        "main_js": "voila.js",
        "kernel_start": kernel_start,
        "cell_generator": cells,
        "progressive_rendering": False,
    }
    generator = renderer.exporter.generate_from_notebook_node(
        notebook, resources=renderer.resources, extra_context=context, page_config=page_config
    )
    async for snippet, _ in generator:
        yield snippet


def main() -> None:
    """Run the course's server with Voila's command-line options."""
    CourseVoila.launch_instance()


if __name__ == "__main__":
    main()
