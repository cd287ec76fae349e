"""The outbox survives a server kill: what reached the records before is sent after the restart.

A real course server (Voila, as ``caserate-course serve`` runs it) sends to a
real LRS (ralph) in the background. With the LRS down, a class's records are
written and tried; the server is killed outright (SIGKILL), more records are
written while it is dead, the LRS comes back, the server starts again: the
LRS then holds every statement exactly once.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from lrs import RalphLRS
from server_processes import free_port, stop

from caserate_kit.course.connections._xapi import xapi_statements
from caserate_kit.course.records._store import Store
from caserate_kit.course.server._serve import voila_command, voila_environment

from .classroom import seat_learners, take_lesson

ROOT = Path(__file__).resolve().parents[3]
START_SECONDS = 60
SEND_SECONDS = 60
BASE = "https://training.agency.example/course/"


def _environment(lrs: RalphLRS, data_dir: Path, db_url: str) -> dict[str, str]:
    settings = {
        "CASERATE_DATA_DIR": str(data_dir),
        "CASERATE_DB_URL": db_url,
        "CASERATE_PAGE_CACHE": str(ROOT / ".pytest_cache" / "written-pages"),
        "CASERATE_HOME_POOL": "0",
        "CASERATE_POSTTEST_POOL": "0",
        "CASERATE_EXERCISE_POOL": "0",
        "CASERATE_FORMS_POOL": "0",
        "CASERATE_LRS_URL": lrs.url,
        "CASERATE_LRS_USER": lrs.user,
        "CASERATE_LRS_PASSWORD": lrs.password,
        "CASERATE_XAPI_BASE_IRI": BASE,
        "CASERATE_SEND_EVERY_SECONDS": "0.5",
        "CASERATE_SEND_FIRST_PAUSE_SECONDS": "1",
    }
    return voila_environment(ROOT, {**os.environ, **settings})


@contextmanager
def course_server(lrs: RalphLRS, folder: Path, db_url: str) -> Iterator[subprocess.Popen[bytes]]:
    """A course server sending to ``lrs``; stopped after (unless a test killed it)."""
    port = free_port()
    log = folder / f"voila-{time.monotonic_ns()}.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            [*voila_command(ROOT, "127.0.0.1", port), f"--Voila.connection_dir_root={folder}"],
            cwd=ROOT,
            env=_environment(lrs, folder, db_url),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert server.poll() is None, f"the server stopped:\n{log.read_text()}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, f"no server within {START_SECONDS} s"
                time.sleep(0.2)
        yield server
    finally:
        if server.poll() is None:
            stop(server)


def _wait_for(what: str, check: Callable[[], bool], seconds: float = SEND_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.3)


def test_statements_written_before_a_kill_are_sent_after_the_restart(tmp_path, lrs):
    """Are a class's statements, tried in vain, then the server killed, all in the LRS once
    after the LRS and the server are back, with those written while it was dead?"""
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    db_url = f"sqlite:///{folder / 'records.sqlite3'}"
    lrs.stop()
    with Store(db_url) as store:
        with course_server(lrs, folder, db_url) as server:
            for number, learner in enumerate(seat_learners(store, 5)):
                take_lesson(store, learner, "lesson-01", number)
            owed = {s["id"] for s in xapi_statements(store, BASE)}
            _wait_for(
                "every statement tried once while the LRS is down",
                lambda: set(store.delivery_states("lrs")) == owed,
            )
            assert not store.sent_items("lrs")
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=15)
        for number, learner in enumerate(seat_learners(store, 3, first=5), start=5):
            take_lesson(store, learner, "lesson-02", number)  # while the server is dead
        expected = {s["id"] for s in xapi_statements(store, BASE)}
        assert expected > owed
        lrs.start()
        with course_server(lrs, folder, db_url):
            _wait_for("every statement sent", lambda: store.sent_items("lrs") == expected)
    counts = Counter(s["id"] for s in lrs.statements())
    assert set(counts) == expected
    assert max(counts.values()) == 1


@pytest.mark.parametrize("value", ["soon"])
def test_a_sending_setting_that_cannot_work_stops_the_server(tmp_path, lrs, value):
    """Does a server with an unusable sending setting stop at once, naming it?"""
    env = _environment(lrs, tmp_path, f"sqlite:///{tmp_path / 'r.sqlite3'}")
    env["CASERATE_SEND_EVERY_SECONDS"] = value
    done = subprocess.run(
        [*voila_command(ROOT, "127.0.0.1", free_port())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
        check=False,
    )
    assert done.returncode == 2
    assert "CASERATE_SEND_EVERY_SECONDS" in done.stdout + done.stderr
