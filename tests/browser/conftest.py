"""Browser-test fixtures: a Voila server on a free port, and a headless Chromium.

The server serves ``pages/posttest_demo.ipynb``, a test page with its own
grader. Chromium is the system one (``CASERATE_CHROMIUM``, default
``/usr/bin/chromium``; ``make test`` installs it). Without it the tests fail
and say how to install it, unless ``CASERATE_SKIP_BROWSER=1`` is set. Screenshots
go to ``artifacts/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from course_config import unpaced_config
from server_processes import free_port, stop

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS
from caserate_kit.course.server._serve import voila_command, voila_environment

ROOT = Path(__file__).resolve().parents[2]
WRITE_LESSONS_SECONDS = 240  # six lessons run once, on a busy 2-core machine
PAGE_CACHE = ROOT / ".pytest_cache" / "written-pages"
"""The lesson pages the test servers write, kept for every server of the run (and the next);
a run's first lessons are written by a server that tests/conftest.py starts at once."""
DEMO_PAGE = Path(__file__).resolve().parent / "pages" / "posttest_demo.ipynb"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DEMO_TITLE = "Lesson 4 post-test: Setting case rates"
SERVER_START_SECONDS = 60
UNPOOLED = {"CASERATE_EXERCISE_POOL": "0", "CASERATE_FORMS_POOL": "0"}
"""The pools a test server goes without unless its tests ask for them (ten kernels)."""
TEST_POOLS = {
    "CASERATE_HOME_POOL": "1",
    "CASERATE_POSTTEST_POOL": "1",
    "CASERATE_POOL_REFILL_SECONDS": "1",
    **UNPOOLED,
}
"""One preheated kernel per pooled page, replaced a second after it is taken (tests open
pages faster than learners do): the pool is used, without six kernels per server."""
NO_POOLS = {"CASERATE_HOME_POOL": "0", "CASERATE_POSTTEST_POOL": "0", **UNPOOLED}
"""For a server whose tests never open the home or a post-test: no kernel waits in vain."""
RESTART_POOLS = {"CASERATE_HOME_POOL": "0", **UNPOOLED}
"""For the restartable server, whose tests open post-tests only (one pooled kernel each start)."""
# Generous caps for a busy machine; a quiet one renders the page in about 3 s.
PAGE_RENDER_MS = 90_000
STEP_MS = 20_000


def _wait_for_port(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        if server.poll() is not None:
            pytest.fail(f"Voila stopped before serving:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"Voila did not listen within {SERVER_START_SECONDS} s")
            time.sleep(0.2)


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a Voila server showing the demo post-test page."""
    port = free_port()
    log = tmp_path_factory.mktemp("voila") / "voila.log"
    command = [
        sys.executable,
        "-m",
        "voila",
        str(DEMO_PAGE.relative_to(ROOT)),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
    ]
    with log.open("wb") as sink:
        env = voila_environment(ROOT, os.environ)
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, server, log)
            yield f"http://127.0.0.1:{port}/"
        finally:
            stop(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium shared by the session."""
    if os.environ.get("CASERATE_SKIP_BROWSER") == "1":
        pytest.skip("CASERATE_SKIP_BROWSER=1: browser tests skipped on request")
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: run `bash scripts/chromium.sh` (as root) or set "
            "CASERATE_CHROMIUM; CASERATE_SKIP_BROWSER=1 skips the browser tests"
        )
    from playwright import sync_api

    sync_api.expect.set_options(timeout=STEP_MS)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (its own context) at a desktop size."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(STEP_MS)
    yield tab
    context.close()


@pytest.fixture
def open_posttest(page: Any, voila_url: str) -> Callable[..., Any]:
    """Open the demo page (``query`` such as ``"resume=1"``) and wait for the widget."""

    def opener(query: str = "") -> Any:
        address = voila_url + (f"?{query}" if query else "")
        page.goto(address, wait_until="commit", timeout=PAGE_RENDER_MS)
        # The HTML arrives before the widgets render: wait for the widget itself.
        page.get_by_role("heading", name=DEMO_TITLE).wait_for(timeout=PAGE_RENDER_MS)
        return page

    return opener


def save_screenshot(page: Any, name: str, selector: str | None = None) -> Path:
    """Save ``artifacts/screenshots/<name>.png``: the whole page, or the element ``selector``.

    Voila scrolls inside a panel, so the window is grown to the content (at most
    12,000 pixels) for the picture, then put back.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " ...Array.from(document.querySelectorAll('#rendered_cells, main'), e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12_000)})
    try:
        target = page.locator(selector) if selector else page
        target.screenshot(path=path, animations="disabled", caret="hide")
    finally:
        page.set_viewport_size(size)
    return path


PHONE = {"width": 375, "height": 800}
"""A phone's viewport (WCAG 1.4.10 reflow asks for 320 CSS px; 375 is the common phone)."""

AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
"""axe-core's rules as it ships them, and WCAG 2.2's target size (2.5.8, 24 px), which it
leaves off unless asked."""

_WIDEST = """() => Math.max(document.documentElement.scrollWidth,
  ...Array.from(document.querySelectorAll('#rendered_cells, main'), e => e.scrollWidth))"""


def axe_report(page: Any, *, phone: bool = True) -> str:
    """axe-core's report on the whole page at its own size and (``phone``) at a phone's width,
    with any sideways scrolling of the page there; "" when there is nothing to report."""
    from axe_playwright_python.sync_playwright import Axe

    reports = []
    result = Axe().run(page, options=AXE_OPTIONS)
    if result.violations_count:
        reports.append(f"at {page.viewport_size['width']} px:\n{result.generate_report()}")
    if not phone:
        return "\n".join(reports)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    try:
        page.wait_for_timeout(200)  # let the layout (and the wide-table script) settle
        phone = Axe().run(page, options=AXE_OPTIONS)
        if phone.violations_count:
            reports.append(f"at {PHONE['width']} px:\n{phone.generate_report()}")
        wide = int(page.evaluate(_WIDEST))
        if wide > PHONE["width"] + 1:
            reports.append(f"at {PHONE['width']} px the page scrolls sideways: {wide} px wide")
    finally:
        page.set_viewport_size(size)
    return "\n".join(reports)


@pytest.fixture
def snap(page: Any) -> Callable[[str], Path]:
    """Save a screenshot of the whole post-test widget as ``artifacts/screenshots/<name>.png``."""
    return lambda name: save_screenshot(page, name, ".ck-test")


class CourseServer:
    """A Voila server on the whole course, with its own data folder and records."""

    def __init__(self, url: str, data_dir: Path, db_url: str, pid: int | None = None) -> None:
        self.url = url
        self.data_dir = data_dir
        self.db_url = db_url
        self.pid = pid

    def page_url(self, notebook: str) -> str:
        """The address of ``notebooks/<notebook>.ipynb``."""
        return f"{self.url}voila/render/notebooks/{notebook}.ipynb"

    def wait_for_written_lessons(self, timeout: float = WRITE_LESSONS_SECONDS) -> None:
        """Wait until the server has written its lessons (until then, Voila shows them)."""
        log = self.data_dir.parent / "voila.log"
        deadline = time.monotonic() + timeout
        while "lessons are ready to read without a kernel" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, f"the lessons were not written:\n{log.read_text()}"
            time.sleep(0.5)


def _records_in(folder: Path) -> tuple[Path, str]:
    """A fresh private data folder in ``folder``, and the SQLite records' address in it."""
    data_dir = folder / "data"
    data_dir.mkdir(mode=0o700)
    return data_dir, f"sqlite:///{data_dir / 'records.sqlite3'}"


def _course_command(port: int, extra_args: Sequence[str] = ()) -> list[str]:
    """Voila in directory mode on the project root, as ``caserate-course serve`` runs it."""
    return [*voila_command(ROOT, "127.0.0.1", port), *extra_args]


TEST_CAPS = {"CASERATE_KERNELS_PER_CLIENT": "40"}
"""Every test page comes from one address (127.0.0.1), many in a minute: a cap per address
that a module's tests cannot reach (``test_server_limits.py`` tests the shipped one)."""


def _course_environment(
    data_dir: Path, db_url: str, pools: Mapping[str, str], env: Mapping[str, str] = TEST_CAPS
) -> dict[str, str]:
    """The environment ``caserate-course serve`` gives Voila, on the records given, with
    ``pools`` sizing the kernel pools unless this environment sets them, and ``env`` added."""
    records = {
        **env,
        "CASERATE_DATA_DIR": str(data_dir),
        "CASERATE_DB_URL": db_url,
        "CASERATE_PAGE_CACHE": str(PAGE_CACHE),
        # The journeys read a lesson for seconds and retake at once: no post-test pacing
        # (its rules are tested without a browser, tests/course/pages/test_pacing_page.py).
        "CASERATE_CONFIG": str(unpaced_config(data_dir.parent)),
    }
    return voila_environment(ROOT, {**TEST_POOLS, **pools, **os.environ, **records})


@contextlib.contextmanager
def _course_server(
    folder: Path,
    extra_args: Sequence[str] = (),
    pools: Mapping[str, str] = TEST_POOLS,
    env: Mapping[str, str] = TEST_CAPS,
) -> Iterator[CourseServer]:
    """Voila on the whole course folder as ``make serve`` runs it, with records in ``folder``.

    Directory mode on the project root, the environment ``caserate-course
    serve`` gives Voila (the course's templates and ``etc/jupyter/voila.py``,
    so kernel pools too), ``extra_args`` added to the command line, and records
    and secrets in a fresh ``CASERATE_DATA_DIR``, so a test can seed them (and
    set the trainer passcode) without touching real data. ``pools`` sizes the kernel
    pools (:data:`TEST_POOLS`, or :data:`NO_POOLS`) unless the environment sets them.
    """
    data_dir, db_url = _records_in(folder)
    port = free_port()
    log = folder / "voila.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            _course_command(port, extra_args),
            cwd=ROOT,
            env=_course_environment(data_dir, db_url, pools, env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_port(port, server, log)
            yield CourseServer(f"http://127.0.0.1:{port}/", data_dir, db_url, server.pid)
        finally:
            stop(server)


@pytest.fixture(scope="session")
def course_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a Voila server on the whole course, shared by the session (by the
    presenter and exercise tests, which open neither the home nor a post-test)."""
    with _course_server(tmp_path_factory.mktemp("course-server"), pools=NO_POOLS) as server:
        yield server.url


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """A Voila server on the whole course with empty records of its own (per test module)."""
    with _course_server(tmp_path_factory.mktemp("course-server")) as server:
        yield server


class RestartableCourseServer(CourseServer):
    """A course server that a test can kill outright and start again on the same records.

    Like :func:`_course_server` (directory mode, the environment ``caserate-course serve``
    gives Voila, its own data folder; one pooled post-test kernel, no pooled home), but
    :meth:`kill` ends Voila with SIGKILL, as a crash or a power cut would, and :meth:`start`
    brings it back on the same port, data folder and database, so a learner's page can
    simply be reloaded.
    """

    def __init__(self, folder: Path) -> None:
        super().__init__("", *_records_in(folder))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._folder = folder
        self._starts = 0
        self._server: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start Voila (again); each start logs to its own ``voila-N.log``."""
        assert self._server is None, "the server is already running"
        self._starts += 1
        log = self._folder / f"voila-{self._starts}.log"
        env = _course_environment(self.data_dir, self.db_url, RESTART_POOLS)
        # A killed Voila cannot remove its kernels' connection folder: keep it in the test's.
        command = _course_command(self.port, [f"--Voila.connection_dir_root={self._folder}"])
        with log.open("wb") as sink:
            self._server = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT
            )
        _wait_for_port(self.port, self._server, log)

    def kill(self, kernels_gone_within: float = 30.0) -> None:
        """SIGKILL the server, then wait for its kernels to notice and exit.

        Kernels run in sessions of their own, so the signal does not reach them; each
        watches its parent and exits when it dies. One still running after
        ``kernels_gone_within`` seconds is killed too, so it cannot hold the records.
        """
        import psutil  # installed with ipykernel, which Voila needs

        server, self._server = self._server, None
        assert server is not None, "the server is not running"
        kernels = psutil.Process(server.pid).children(recursive=True)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=15)
        _gone, alive = psutil.wait_procs(kernels, timeout=kernels_gone_within)
        for kernel in alive:
            kernel.kill()
        psutil.wait_procs(alive, timeout=15)

    def stop(self) -> None:
        """Stop the server the ordinary way, if it is running."""
        server, self._server = self._server, None
        if server is not None:
            stop(server)


@contextlib.contextmanager
def _restartable_course_server(folder: Path) -> Iterator[RestartableCourseServer]:
    """A started :class:`RestartableCourseServer` with records in ``folder``; stopped after."""
    server = RestartableCourseServer(folder)
    try:
        server.start()
        yield server
    finally:
        server.stop()
