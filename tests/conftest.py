"""Settings for every test: none reads or writes the data folder of whoever runs them.

A run that includes the browser tests starts, before any test, a course server
whose only work is to write the lesson pages into the run's shared page cache
(:data:`PAGE_CACHE`) and stop: the test servers then find the lessons written,
instead of each writing a part of them and being stopped halfway.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from server_processes import free_port, stop

pytest_plugins = ("lti_platform",)
"""The LTI platform's fixtures (``tool_keys``, ``tool_key``, ``platform``)."""

ROOT = Path(__file__).resolve().parents[1]
PAGE_CACHE = ROOT / ".pytest_cache" / "written-pages"
"""Where the run's course servers keep the lesson pages they write (tests/browser too)."""
WRITTEN = "lessons are ready to read without a kernel"
_WRITER_SECONDS = 300

# No time limit per example: a busy two-core machine running the whole suite on two
# workers is slow now and then, and speed is measured by `make bench`, not by tests.
settings.register_profile("course", deadline=None)
settings.load_profile("course")


@pytest.fixture(autouse=True, scope="session")
def _own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A data folder of the test session's own, unless a test sets another."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CASERATE_DATA_DIR", str(tmp_path_factory.mktemp("data")))
        yield


def _runs_browser_tests(config: pytest.Config) -> bool:
    if os.environ.get("CASERATE_SKIP_BROWSER") == "1":
        return False
    browser = ROOT / "tests" / "browser"
    for arg in config.args:
        where = Path(arg.split("::")[0]).resolve()
        if where == browser or browser in where.parents or where in browser.parents:
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    """Start writing the lessons (once per run, in the main process, not in each worker)."""
    if hasattr(config, "workerinput") or not _runs_browser_tests(config):
        return
    from caserate_kit.course.server._serve import voila_command, voila_environment

    folder = Path(tempfile.mkdtemp(prefix="caserate-lesson-writer-"))
    (folder / "data").mkdir(mode=0o700)
    port = free_port()
    no_pools = ("HOME", "POSTTEST", "EXERCISE", "FORMS")
    env = {
        **os.environ,
        **{f"CASERATE_{page}_POOL": "0" for page in no_pools},
        "CASERATE_DATA_DIR": str(folder / "data"),
        "CASERATE_DB_URL": f"sqlite:///{folder / 'data' / 'records.sqlite3'}",
        "CASERATE_PAGE_CACHE": str(PAGE_CACHE),
    }
    log = folder / "voila.log"
    with log.open("wb") as sink:
        writer = subprocess.Popen(
            voila_command(ROOT, "127.0.0.1", port),
            cwd=ROOT,
            env=voila_environment(ROOT, env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )

    def stop_once_written() -> None:
        deadline = time.monotonic() + _WRITER_SECONDS
        while writer.poll() is None and time.monotonic() < deadline:
            if WRITTEN in log.read_text(errors="replace"):
                break
            time.sleep(0.5)
        if writer.poll() is None:
            stop(writer)

    watcher = threading.Thread(target=stop_once_written, daemon=True)
    watcher.start()
    config.stash[_WRITER] = (writer, watcher, folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    found = config.stash.get(_WRITER, None)
    if found is None:
        return
    writer, watcher, folder = found
    if writer.poll() is None:
        stop(writer)
    watcher.join(timeout=30)
    shutil.rmtree(folder, ignore_errors=True)


_WRITER = pytest.StashKey[tuple[subprocess.Popen[bytes], threading.Thread, Path]]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the figures tests recorded for people to read (``record_property("figure: ...")``).

    The test-wise learners' pass rates are one: they belong in the run's output,
    where a trainer editing a bank sees them, and not only in an assertion.
    """
    lines = sorted(
        f"{name.removeprefix('figure: ')}: {value}"
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if getattr(report, "when", "call") == "call"
        for name, value in getattr(report, "user_properties", [])
        if isinstance(name, str) and name.startswith("figure: ")
    )
    if lines:
        terminalreporter.section("figures")
        for line in lines:
            terminalreporter.write_line(line)
