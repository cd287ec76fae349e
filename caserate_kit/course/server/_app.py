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

and with Voila's own routes narrowed (:mod:`._guard`): only the course's pages
and templates are served, a page that needs a sign-in starts no kernel
without one, the kernels requests hold are capped per client and in total,
folders are never listed (the course home is shown instead), and kernels
whose page stays connected but idle are shut down after a while.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tornado.ioloop
import tornado.web
from jupyter_server.utils import url_path_join
from voila import __version__ as voila_version  # type: ignore[import-untyped]
from voila.app import Voila  # type: ignore[import-untyped]
from voila.static_file_handler import TemplateStaticFileHandler  # type: ignore[import-untyped]
from voila.tornado.handler import TornadoVoilaHandler  # type: ignore[import-untyped]

from ._guard import (
    CLIENT,
    CLIENT_HEADER,
    COURSE_PAGE,
    SESSION_PAGES,
    TEMPLATES,
    THEMES,
    KernelCaps,
    KernelLedger,
    connected_idle_minutes,
    idle_connected_kernels,
)
from ._kernel_free import BUILT_PAGES, LESSON_ROUTE, KernelFreePages, shared_store

if TYPE_CHECKING:
    from ..certificates import CertificateData

__all__ = [
    "CoursePageHandler",
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
LEDGER_SETTING = "caserate_kernel_ledger"
HOME_PAGE = "voila/render/notebooks/home.ipynb"
"""Where a visitor asking for a folder (or the server's root) is sent."""
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


def _calm_page(title: str, message: str, kind: str = "warning") -> str:
    """A whole page with one notice, served without a kernel."""
    from ..pages._frame import notice, page_html
    from ..pages._verify import document_html

    return document_html(title, page_html(title, notice(message, kind, title)))


class CoursePageHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """A course page through Voila, once it is sure the page may start a kernel.

    Refused, calmly and without a kernel: a template or theme the course does
    not have (400); a page that needs a sign-in, asked for without a current
    one (sent to the course home to sign in); a page beyond the kernel caps
    (503, logged with the client's address).
    """

    def _finish_calm(self, status: int, title: str, message: str) -> None:
        for name, value in _HEADERS.items():
            self.set_header(name, value)
        self.set_status(status)
        self.finish(_calm_page(title, message))

    def _bad_template(self) -> bool:
        template = self.get_argument("template", None) or None
        theme = self.get_argument("theme", None) or None
        if (template is None or template in TEMPLATES) and (theme is None or theme in THEMES):
            return False
        self._finish_calm(
            400,
            "No such page style",
            "<p>This address asks for a page style the course does not have. Open the page "
            f'from the <a href="{self.base_url}{HOME_PAGE}">course home</a> instead.</p>',
        )
        return True

    async def _signed_in(self, path: str) -> bool:
        """Whether ``path`` may start a kernel: it needs no sign-in, or the address holds a
        current one. If not, the page that says so is served here, with no kernel."""
        title = SESSION_PAGES.get(path)
        if title is None:
            return True
        token = self.get_argument("token", "")
        if token:
            try:
                if await asyncio.to_thread(_token_is_current, token):
                    return True
            except Exception:
                _log.exception("A sign-in could not be checked before starting a page")
                return True  # the page itself explains that the records cannot be read
        from ..pages._frame import Visitor, sign_in_needed
        from ..pages._verify import document_html

        page = sign_in_needed(title, Visitor(None, None, token_given=bool(token)))
        for name, value in _HEADERS.items():
            self.set_header(name, value)
        self.finish(document_html(title, page.html))
        return False

    def _over_caps(self, client: str, path: str) -> bool:
        ledger: KernelLedger | None = self.settings.get(LEDGER_SETTING)
        refusal = ledger.refusal(client) if ledger is not None else None
        if refusal is None:
            return False
        assert ledger is not None
        _log.warning(
            "Refused %s for %s: %d kernels held in all (cap %d), %d by this address (cap %d)",
            path,
            client,
            len(ledger.held()),
            ledger.caps.total,
            ledger.held_by(client),
            ledger.caps.per_client,
        )
        where = "from this device" if refusal == "client" else "on the course server"
        self.set_header("Retry-After", "60")
        self._finish_calm(
            503,
            "Too many pages open",
            f"<p>Too many course pages are open {where} just now, so this one cannot start. "
            "Nothing is lost. Close the course tabs you no longer need (each post-test, "
            "exercise or course home counts), wait a minute, then reload this page.</p>",
        )
        return True

    async def voila_page(self, path: str) -> None:
        """The page through Voila (a kernel), if it may start one."""
        client = self.request.remote_ip or "unknown"
        self.request.headers[CLIENT_HEADER] = client
        if not await self._signed_in(path) or self._over_caps(client, path):
            return
        token = CLIENT.set(client)
        try:
            await super().get(path)
        finally:
            CLIENT.reset(token)

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        if path is None or self._bad_template():
            return
        await self.voila_page(path)


def _connections(manager: Any) -> dict[str, int]:
    """Each live kernel's id and how many pages are connected to it.

    Read from the manager's own count: its kernel models cannot be asked of a
    kernel still starting (they raise until its first activity is known).
    """
    counts: dict[str, int] = getattr(manager, "_kernel_connections", {})
    return {
        str(kernel_id): int(counts.get(kernel_id, 0)) for kernel_id in manager.list_kernel_ids()
    }


def _models(manager: Any) -> list[dict[str, Any]]:
    """The models of the kernels that can give one (not those still starting)."""
    found = []
    for kernel_id in manager.list_kernel_ids():
        try:
            found.append(dict(manager.kernel_model(kernel_id)))
        except Exception:  # a kernel still starting has no model yet
            continue
    return found


def _token_is_current(token: str) -> bool:
    from ..pages._session import check_token

    return check_token(shared_store(), token).valid


class NotAPageHandler(tornado.web.RequestHandler):
    """Anything under the render, contents or tree routes that is not a course page: 404."""

    def get(self, *_args: str, **_kwargs: str) -> None:
        for name, value in _HEADERS.items():
            self.set_header(name, value)
        self.set_status(404)
        home = url_path_join(self.settings.get("base_url", "/"), HOME_PAGE)
        self.finish(
            _calm_page(
                "Page not found",
                f'<p>There is no course page at this address. Go to the <a href="{home}">'
                "course home</a>.</p>",
            )
        )


class HomeRedirectHandler(tornado.web.RequestHandler):
    """The server's root and any folder: the course home (folders are never listed)."""

    def get(self, *_args: str, **_kwargs: str) -> None:
        self.redirect(url_path_join(self.settings.get("base_url", "/"), HOME_PAGE))


class TemplateFileHandler(TemplateStaticFileHandler):  # type: ignore[misc]
    """A template's static file; any other address is a quiet 404, never a traceback."""

    _PATH = re.compile(r"[A-Za-z0-9_-]+/static/(?!.*(?:^|/)\.\.(?:/|$))[^\x00]+")

    def parse_url_path(self, url_path: str) -> str:
        if not self._PATH.fullmatch(url_path):
            raise tornado.web.HTTPError(404)
        try:
            return str(super().parse_url_path(url_path))
        except (AssertionError, ValueError):
            raise tornado.web.HTTPError(404) from None

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        try:
            return str(super().get_absolute_path(root, path))
        except (AssertionError, ValueError):
            return "/nonexistent"


class KernelFreeHandler(CoursePageHandler):
    """A lesson, the glossary, a certificate or the transcript: written here when it can be."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        if path is None or self._bad_template():
            return
        pages: KernelFreePages | None = self.settings.get(PAGES_SETTING)
        template = self.get_argument("template", None) or None
        themed = self.get_argument("theme", None)
        if pages is None or themed or not pages.ready(path, template):
            await self.voila_page(path)
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
        root = url_path_join(self.server_url, "/")
        ours: list[Any] = [
            (url_path_join(self.server_url, VERIFY_PATH), VerifyHandler),
            (url_path_join(self.server_url, VISIT_PATH), LessonVisitHandler),
        ]
        rest: list[Any] = [
            (url_path_join(self.server_url, r"/voila/api/contents(.*)"), NotAPageHandler),
            (url_path_join(self.server_url, r"/voila/render/(.*)"), NotAPageHandler),
        ]
        kept = []
        for route in theirs:
            pattern = route[0]
            if pattern == url_path_join(self.server_url, r"/voila/render/(.*)"):
                kernel_free = "|".join([LESSON_ROUTE, *map(re.escape, BUILT_PAGES)])
                free = url_path_join(self.server_url, rf"/voila/render/({kernel_free})")
                page = url_path_join(self.server_url, rf"/voila/render/({COURSE_PAGE})")
                ours.append((free, KernelFreeHandler, *route[2:]))
                ours.append((page, CoursePageHandler, *route[2:]))
            elif pattern == url_path_join(self.server_url, r"/voila/templates/(.*)"):
                ours.append((pattern, TemplateFileHandler, *route[2:]))
            elif pattern in (self.server_url, root) or pattern.startswith(
                url_path_join(self.server_url, "/voila/tree")
            ):
                ours.append((pattern, HomeRedirectHandler))
            elif not pattern.startswith(url_path_join(self.server_url, "/voila/api/contents")):
                kept.append(route)
        return ours + kept + rest

    def listen(self) -> None:
        """Start writing the kernel-free pages once the server runs, count the kernels that
        requests hold, end idle connected ones, then serve."""
        self._check_secret()
        manager = self.kernel_manager
        ledger = KernelLedger(KernelCaps.from_environment(), partial(_connections, manager))
        ledger.install(manager)
        self.app.settings[LEDGER_SETTING] = ledger
        loop = tornado.ioloop.IOLoop.current()
        loop.add_callback(self._prepare_pages)
        idle = connected_idle_minutes()
        if idle:
            tornado.ioloop.PeriodicCallback(self._end_idle_kernels, 60_000).start()
        self._start_sender()
        super().listen()

    def _start_sender(self) -> None:
        """Send records to the agency's LRS and LMS in the background, when they are set up.

        Under JupyterHub the hub's ``send-records`` service does it (one sender for
        every learner's server); a setting that cannot be used stops the course.
        """
        from ..._exceptions import CaseRateKitError
        from ..connections._commands import start_background_sender

        if os.environ.get("JUPYTERHUB_USER"):
            return
        try:
            if start_background_sender(shared_store().url) is not None:
                self.log.info("Sending records to the LRS and grades to the LMS as set up")
        except CaseRateKitError as error:
            self.log.critical("The course cannot start: %s", error)
            raise SystemExit(2) from None

    def _check_secret(self) -> None:
        """Make the course secret for new records, or check it is theirs; stop if not.

        ``caserate-course serve`` checks it too, before Voila starts; this covers a
        server started any other way (the server module run directly, tests, Binder).
        """
        from ..._exceptions import CaseRateKitError
        from .._secrets import course_secret

        try:
            course_secret(shared_store())
        except CaseRateKitError as error:
            self.log.critical("The course cannot start: %s", error)
            raise SystemExit(2) from None

    async def _end_idle_kernels(self) -> None:
        """Shut down kernels whose page stayed connected but idle for too long."""
        manager = self.kernel_manager
        for kernel_id in idle_connected_kernels(_models(manager), connected_idle_minutes()):
            self.log.info("Shutting down kernel %s: its page was idle too long", kernel_id)
            try:
                await manager.shutdown_kernel(kernel_id)
            except Exception:
                self.log.exception("Kernel %s could not be shut down", kernel_id)

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
