"""One visitor cannot take the course server down, nor reach anything but the course's pages.

An anonymous client on another address (127.0.0.2, as another device in the
training room) makes 200 page loads of every kind and holds 50 websockets
open to the kernels it got; meanwhile a signed-in learner (127.0.0.1) loads a
post-test and submits it in a browser. The visitor gets at most
``CASERATE_KERNELS_PER_CLIENT`` (6) kernels, everything else calmly refused,
and the server with all its kernels grows by less than :data:`GROWTH_BOUND_MB`.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import re
import socket
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import psutil
import pytest
from websockets.sync.client import connect

from caserate_kit.course._secrets import load_or_create_secret
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.records._store import Store
from caserate_kit.course.server._guard import KernelCaps

from .conftest import PAGE_RENDER_MS, CourseServer, _course_server

pytestmark = pytest.mark.browser

VISITOR = "127.0.0.2"
PER_CLIENT = KernelCaps().per_client
KERNEL_MB = 130  # a page kernel at its largest in the benchmarks
GROWTH_BOUND_MB = (PER_CLIENT + 4) * KERNEL_MB
"""The visitor's kernels, the pooled kernels refilled behind the learner, and slack."""
LOADS = 200
SOCKETS = 50
PAGES = [
    "voila/render/notebooks/glossary.ipynb",
    "voila/render/lessons/01_how_managed_care_decides.ipynb",
    "voila/render/notebooks/exercise_01_case_rate_calculator.ipynb",
    "voila/render/notebooks/trainer.ipynb",
    "voila/render/notebooks/home.ipynb",
    "voila/render/notebooks/posttest.ipynb?quiz=lesson-01",
    "voila/render/notebooks/posttest.ipynb?quiz=lesson-01&token=s.forged.token",
    "voila/render/notebooks/evaluation.ipynb?course=lesson-01",
    "voila/render/tests/browser/pages/posttest_demo.ipynb",
    "voila/render/notebooks/glossary.ipynb?template=nope",
    "voila/render/notebooks/home.ipynb?template=lab",
    "voila/tree/",
    "voila/tree/tests",
    "voila/api/contents/",
    "voila/api/contents/quizzes",
    "voila/templates/caserate/static/../../../course.toml",
    "voila/templates/nope",
]
KERNEL_PAGES = {
    "voila/render/notebooks/exercise_01_case_rate_calculator.ipynb",
    "voila/render/notebooks/trainer.ipynb",
    "voila/render/notebooks/home.ipynb",
}


def tree_memory_mb(pid: int) -> float:
    """The resident memory of the server and every process under it, in MB."""
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / 2**20


def from_visitor(server: CourseServer, path: str) -> tuple[int, dict[str, str], str]:
    """GET ``path`` from the visitor's address: status, headers and body."""
    parts = urlsplit(server.url)
    connection = http.client.HTTPConnection(
        parts.hostname, parts.port, timeout=PAGE_RENDER_MS / 1000, source_address=(VISITOR, 0)
    )
    try:
        connection.request("GET", f"/{path}")
        answer = connection.getresponse()
        body = answer.read().decode("utf-8", "replace")
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, body
    finally:
        connection.close()


@contextlib.contextmanager
def held_sockets(server: CourseServer, kernel_ids: list[str], count: int) -> Iterator[list[Any]]:
    """``count`` websockets from the visitor's address, spread over its kernels."""
    base = server.url.replace("http://", "ws://", 1)
    parts = urlsplit(server.url)
    opened: list[Any] = []
    try:
        for number in range(count):
            kernel = kernel_ids[number % len(kernel_ids)]
            raw = socket.create_connection(
                (parts.hostname, parts.port), timeout=10, source_address=(VISITOR, 0)
            )
            address = f"{base}api/kernels/{kernel}/channels?session_id=visitor{number}"
            opened.append(connect(address, sock=raw, open_timeout=10, close_timeout=2))
        yield opened
    finally:
        for held in opened:
            with contextlib.suppress(Exception):
                held.close()


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """A course server with the shipped caps (other tests' servers allow one address more)."""
    with _course_server(
        tmp_path_factory.mktemp("limits-server"), env={"CASERATE_KERNELS_PER_CLIENT": ""}
    ) as server:
        yield server


def test_a_visitor_flooding_the_server_stays_within_bounds_while_a_learner_submits(
    course_server: CourseServer, page: Any, record_property: Any
) -> None:
    """Do 200 anonymous page loads and 50 held websockets leave the visitor at most six
    kernels and the server within its memory bound, every refusal calm, while a learner's
    post-test loads and submits?"""
    course_server.wait_for_written_lessons()
    assert course_server.pid is not None
    time.sleep(3)  # the pools fill
    before = tree_memory_mb(course_server.pid)
    statuses: Counter[tuple[str, int]] = Counter()
    kernels: list[str] = []
    started = time.monotonic()
    for number in range(LOADS):
        path = PAGES[number % len(PAGES)]
        status, headers, body = from_visitor(course_server, path)
        statuses[path, status] += 1
        assert "Traceback" not in body
        found = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', body)
        if status == 200 and found and found.group(1) not in kernels:
            kernels.append(found.group(1))
        if path.startswith(("voila/render/notebooks/posttest", "voila/render/notebooks/eval")):
            assert "Sign in to continue" in body
            assert "kernelId" not in body
        if status == 503:
            assert headers.get("retry-after") == "60"
            assert "Too many course pages are open from this device" in body
    flood_seconds = time.monotonic() - started

    for path in PAGES:
        codes = {code for (where, code) in statuses if where == path}
        if path in KERNEL_PAGES:
            assert codes <= {200, 503}, (path, codes)
        elif "template=" in path:
            assert codes == {400}, (path, codes)
        elif path.startswith(("voila/api", "voila/templates", "voila/render/tests")):
            assert codes == {404}, (path, codes)
        elif "posttest" in path or "evaluation" in path:
            assert codes == {200}, (path, codes)  # the page asking to sign in
        elif "/tree" in path:
            assert codes == {302}, (path, codes)
        else:
            assert codes == {200}, (path, codes)
    log = (course_server.data_dir.parent / "voila.log").read_text(
        encoding="utf-8", errors="replace"
    )
    assert "Traceback" not in log, "the flood left a traceback in the server's log"
    assert log.count(f"for {VISITOR}:") >= 1, "each refusal is logged with the address"
    assert 0 < len(kernels) <= PER_CLIENT
    refused = sum(n for (where, code), n in statuses.items() if code == 503)
    assert refused > 0

    with held_sockets(course_server, kernels, SOCKETS) as sockets:
        assert len(sockets) == SOCKETS
        with Store(course_server.db_url) as store:
            secret = load_or_create_secret(course_server.data_dir / "secret.key")
            learner, token, _code = sign_in(
                store, "Busy Day", email="busy.day@example.org", secret=secret
            )
            address = course_server.page_url("posttest") + f"?quiz=lesson-02&token={token}"
            page.goto(address, wait_until="commit", timeout=PAGE_RENDER_MS)
            page.get_by_text("0 of 10 answered").wait_for(timeout=PAGE_RENDER_MS)
            page.get_by_role("button", name="Submit answers").click()
            page.get_by_role("button", name="Submit anyway").click()
            page.locator(".ck-test-result").get_by_text("Not passed yet").first.wait_for(
                timeout=PAGE_RENDER_MS
            )
            assert store.best_result(learner.id, "lesson-02").attempts == 1
        during = tree_memory_mb(course_server.pid)
    growth = during - before
    record_property(
        "figure: one visitor's flood",
        f"{LOADS} page loads in {flood_seconds:.0f} s, {refused} refused, {len(kernels)} kernels "
        f"kept, {SOCKETS} websockets held; server and kernels grew by {growth:.0f} MB "
        f"(bound {GROWTH_BOUND_MB} MB); statuses {json.dumps(sorted(set(c for _, c in statuses)))}",
    )
    assert growth < GROWTH_BOUND_MB
