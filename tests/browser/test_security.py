"""What a curious learner can reach on the course server.

- ``/voila/files/`` serves images only: no question bank, notebook, course
  configuration or records file.
- Over the kernel's websocket, the page's widgets can be read in full: a
  learner on a post-test page can open the ``jupyter.widget.control`` comm
  and ask for every widget's state (``request_states``), as the page itself
  does. None of it may hold an answer, a correct flag, feedback or a bank
  item id, before or after a (failed) submission.

(The same is tested kernel-side, on the widget's full state, in
``tests/course/pages/test_posttest_session.py``.)

And one visitor cannot take the server down: an anonymous client on another
address (127.0.0.2, as another device in the training room) makes 200 page
loads of every kind and holds 50 websockets open to the kernels it got, while a
signed-in learner (127.0.0.1) loads a post-test and submits it in a browser.
The visitor gets at most ``CASERATE_KERNELS_PER_CLIENT`` (6) kernels, everything
else calmly refused, and the server with all its kernels grows by less than
:data:`GROWTH_BOUND_MB`. This module's server has the shipped caps (other test
servers allow one address more, since every test page comes from one).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import psutil
import pytest
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from benchmarks.wire import decode_message
from caserate_kit.course._secrets import load_or_create_secret
from caserate_kit.course.pages._posttest_session import attempt_variant
from caserate_kit.course.pages._session import sign_in
from caserate_kit.course.quiz._grading import grade_item
from caserate_kit.course.quiz._loader import load_bank
from caserate_kit.course.quiz._variants import Variant
from caserate_kit.course.records._store import Store
from caserate_kit.course.server._guard import KernelCaps

from .conftest import NO_POOLS, PAGE_RENDER_MS, ROOT, CourseServer, _course_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def course_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CourseServer]:
    """A course server with the shipped caps, and empty records of its own (no pooled kernels:
    every page here starts its own, as the flood below needs)."""
    with _course_server(
        tmp_path_factory.mktemp("secure-server"),
        pools=NO_POOLS,
        env={"CASERATE_KERNELS_PER_CLIENT": ""},
    ) as server:
        yield server


REFUSED = [
    "quizzes/lesson-01.yaml",
    "quizzes/sample.yaml",
    "lessons/01_how_managed_care_decides.ipynb",
    "notebooks/posttest.ipynb",
    "course.toml",
    "etc/jupyter/voila.py",
    "caserate_kit/course/quiz/_grading.py",
    "../records.sqlite3",
]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.parametrize("path", REFUSED)
def test_the_file_route_refuses_anything_but_images(course_server: CourseServer, path: str) -> None:
    """Does /voila/files/ refuse question banks, notebooks, configuration and records?"""
    assert _status(f"{course_server.url}voila/files/{path}") in (403, 404)


# Widget state over the kernel's websocket ---------------------------------------------

QUIZ = "lesson-04"  # eight steps, Admirable's figures: ordering, numeric and calculation items
EXCHANGE_SECONDS = 30  # the whole websocket exchange, connection included
RECEIVE_SECONDS = 2  # one receive
REQUEST_TRIES = 3  # request_states is sent again when no reply came
CONTROL_PROTOCOL = "1.0.0"  # ipywidgets' widget control protocol
ANSWER_WORDS = {
    "answer",
    "answers",
    "answer_key",
    "correct",
    "correct_answer",
    "correct_answers",
    "feedback",
    "rationale",
    "item_id",
    "item_ids",
    "seed",
    "accept",
    "reject",
    "key_answer",
}
SHOWN_NUMBERS = {"pass_mark", "time_estimate_minutes"}  # numbers a page may show
CODE = {"_esm"}  # anywidget's script (the widgets carry no styles)


class WidgetWire:
    """A websocket to one page's kernel, speaking as a second browser tab would."""

    def __init__(self, socket: Any, deadline: float) -> None:
        self.socket, self.deadline = socket, deadline

    def _left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            pytest.fail(f"the page's kernel did not answer within {EXCHANGE_SECONDS} s")
        return left

    def send(self, msg_type: str, content: dict[str, Any]) -> str:
        msg_id = uuid.uuid4().hex
        header = {
            "msg_id": msg_id,
            "msg_type": msg_type,
            "username": "curious",
            "session": uuid.uuid4().hex,
            "date": "",
            "version": "5.3",
        }
        message = {
            "header": header,
            "parent_header": {},
            "channel": "shell",
            "content": content,
            "metadata": {"version": CONTROL_PROTOCOL},
            "buffers": [],
        }
        self.socket.send(json.dumps(message))
        return msg_id

    def replies(self, parent: str, until: float) -> Iterator[dict[str, Any]]:
        """Messages answering ``parent``, until ``until`` (each receive has its own timeout)."""
        while (left := min(until, self.deadline) - time.monotonic()) > 0:
            try:
                raw = self.socket.recv(timeout=min(RECEIVE_SECONDS, left))
            except TimeoutError:
                continue
            except ConnectionClosed as error:
                pytest.fail(f"the kernel's websocket closed: {error!r}")
            message = decode_message(raw)
            if message.get("parent_header", {}).get("msg_id") == parent:
                yield message

    def states(self) -> dict[str, Any]:
        """Every widget's full state: {model id: {"model_name": ..., "state": {...}}}."""
        for _ in range(REQUEST_TRIES):
            comm_id = uuid.uuid4().hex
            target = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
            self.send("comm_open", target)
            asking = {"comm_id": comm_id, "data": {"method": "request_states"}}
            request = self.send("comm_msg", asking)
            try_until = time.monotonic() + EXCHANGE_SECONDS / REQUEST_TRIES
            for message in self.replies(request, try_until):
                data = message.get("content", {}).get("data", {})
                if message["header"]["msg_type"] == "comm_msg" and "states" in data:
                    states: dict[str, Any] = data["states"]
                    return states
            self._left()
        pytest.fail(f"no reply to request_states after {REQUEST_TRIES} tries")

    def press(self, model_id: str, event: str) -> None:
        """Send the widget the message its button would send (``{"event": "submit"}``)."""
        content = {"method": "custom", "content": {"event": event}}
        request = self.send("comm_msg", {"comm_id": model_id, "data": content})
        for message in self.replies(request, self.deadline):
            state = message["content"].get("execution_state")
            if message["header"]["msg_type"] == "status" and state == "idle":
                return
        self._left()


@contextlib.contextmanager
def widget_wire(server: CourseServer, kernel_id: str) -> Iterator[WidgetWire]:
    """Open the kernel's websocket; every use of it must end within EXCHANGE_SECONDS."""
    deadline = time.monotonic() + EXCHANGE_SECONDS
    base = server.url.replace("http://", "ws://", 1)
    address = f"{base}api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
    try:
        opened = connect(address, open_timeout=10, close_timeout=5, max_size=None)
    except (OSError, TimeoutError, InvalidHandshake) as error:
        pytest.fail(f"could not open the kernel's websocket {address}: {error!r}")
    with opened as socket:
        yield WidgetWire(socket, deadline)


def _keys(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _numbers(value: object, key: str = "") -> Iterator[tuple[str, float]]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from _numbers(inner, name)
    elif isinstance(value, list):
        for inner in value:
            yield from _numbers(inner, key)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield key, float(value)


def _posttest_state(states: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    found = [
        (model_id, entry["state"])
        for model_id, entry in states.items()
        if str(entry["state"].get("_anywidget_id", "")).endswith("PostTestWidget")
    ]
    assert len(found) == 1, f"expected one post-test widget among {len(states)} widgets"
    return found[0]


def _answer_key(variant: Variant) -> tuple[list[str], list[float], list[str]]:
    """What would give this variant's answers away: texts that must appear nowhere (item ids,
    feedback, rationales), the numeric answers, and the right answers as typed or graded."""
    texts: list[str] = []
    numbers: list[float] = []
    typed: list[str] = []
    for shown in variant.items:
        item = shown.item
        parts = (*getattr(item, "options", ()), *getattr(item, "steps", ()))
        notes = [item.rationale, *(part.feedback for part in parts)]
        feedback = getattr(item, "feedback", None)
        if feedback is not None:
            notes += [str(text) for text in feedback.model_dump().values()]
        texts += [item.id, *(note.strip() for note in notes if len(note.strip()) >= 12)]
        if shown.answer is not None:
            numbers.append(float(shown.answer))
            typed += [grade_item(shown, None).correct_answer, *getattr(item, "accept", ())]
    return texts, numbers, typed


def _without_code(states: dict[str, Any]) -> dict[str, Any]:
    """The states without anywidget's script and styles (the same on every page)."""
    return {
        model_id: {**entry, "state": {k: v for k, v in entry["state"].items() if k not in CODE}}
        for model_id, entry in states.items()
    }


def _written(text: str, where: str) -> bool:
    """Whether ``text`` (such as "$4,759" or "12") stands on its own in ``where``."""
    return re.search(rf"(?<![\w.,$]){re.escape(text)}(?!\w|[.,]\d)", where) is not None


def _assert_no_answer(states: dict[str, Any], variant: Variant) -> None:
    states = _without_code(states)
    leaked = sorted(set(_keys(states)) & ANSWER_WORDS)
    assert not leaked, f"the widget state has answer fields: {leaked}"
    texts, numbers, typed = _answer_key(variant)
    everything = json.dumps(states, ensure_ascii=False)
    assert [text for text in texts if text in everything] == []
    shown_numbers = [n for key, n in _numbers(states) if key not in SHOWN_NUMBERS]
    assert [n for n in numbers if any(abs(n - m) < 1e-9 for m in shown_numbers)] == []
    # Prompts, hints, options, the pass mark and the time are shown and may hold any number;
    # nothing else may.
    _, state = _posttest_state(states)
    view = {k: v for k, v in state["view"].items() if k not in SHOWN_NUMBERS}
    view["questions"] = [question["key"] for question in view["questions"]]
    others = {name: state[name] for name in ("responses", "result", "status")}
    unshown = json.dumps({"view": view, **others}, ensure_ascii=False)
    assert [text for text in typed if _written(text, unshown)] == []


@pytest.mark.browser
def test_the_widget_state_on_the_wire_holds_no_answer(
    course_server: CourseServer, page: Any
) -> None:
    """Reading every widget's state over the kernel's websocket, as a curious learner could,
    is there an answer, a correct flag, feedback or an item id, before or after submitting?"""
    with Store(course_server.db_url) as store:
        secret = load_or_create_secret(course_server.data_dir / "secret.key")
        learner, token, _code = sign_in(
            store, "Curious Learner", email="curious@example.org", secret=secret
        )
        address = course_server.page_url("posttest") + f"?quiz={QUIZ}&token={token}"
        page.goto(address, wait_until="commit", timeout=PAGE_RENDER_MS)
        page.locator(".ck-test").get_by_text("0 of 10 answered").wait_for(timeout=PAGE_RENDER_MS)
        config = json.loads(page.locator("#jupyter-config-data").text_content())
        attempt = store.open_attempt(learner.id, QUIZ)
        assert attempt is not None
        variant = attempt_variant(store, load_bank(ROOT / "quizzes" / f"{QUIZ}.yaml"), attempt)

        with widget_wire(course_server, config["kernelId"]) as wire:
            before = wire.states()
            model_id, state = _posttest_state(before)
            # The wire carries this learner's questions, exactly as drawn, and nothing more.
            assert state["view"] == variant.question_view()
            for question in state["view"]["questions"]:
                assert all(set(option) == {"key", "text"} for option in question.get("options", []))
            for shown in variant.items:  # steps are never shown in the right order
                if shown.shown_type == "ordering" and len(shown.options) >= 3:
                    assert [o.index for o in shown.options] != sorted(range(len(shown.options)))
            _assert_no_answer(before, variant)

            wire.press(model_id, "submit")  # nothing answered: a failed attempt
            after = wire.states()

        _, state = _posttest_state(after)
        assert state["result"]["passed"] is False
        assert [item for item in state["result"]["items"] if "correct_answer" in item] == []
        assert store.best_result(learner.id, QUIZ).attempts == 1


# One visitor's flood ------------------------------------------------------------

VISITOR = "127.0.0.2"
PER_CLIENT = KernelCaps().per_client
KERNEL_MB = 130  # a page kernel at its largest in the benchmarks
GROWTH_BOUND_MB = (PER_CLIENT + 4) * KERNEL_MB
"""The visitor's kernels, the pooled kernels refilled behind the learner, and slack."""
LOADS = int(os.environ.get("CASERATE_FLOOD_LOADS", "68"))
SOCKETS = int(os.environ.get("CASERATE_FLOOD_SOCKETS", "20"))
"""68 page loads (four of each kind) and 20 held websockets; ``make bench`` floods with 200
and 50 (the same test, with these variables set)."""
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


def visitor_socket(server: CourseServer, kernel: str, number: int) -> Any:
    """A websocket to ``kernel`` from the visitor's address (its raw socket as ``.socket``)."""
    parts = urlsplit(server.url)
    raw = socket.create_connection(
        (parts.hostname, parts.port), timeout=10, source_address=(VISITOR, 0)
    )
    base = server.url.replace("http://", "ws://", 1)
    address = f"{base}api/kernels/{kernel}/channels?session_id=visitor{number}"
    return connect(address, sock=raw, open_timeout=10, close_timeout=2, ping_interval=None)


def read_until_closed(socket_: Any, seconds: float) -> None:
    """Read what the kernel sends until the server closes the socket (ConnectionClosed), or
    ``seconds`` pass (TimeoutError): the kernel's own messages may come first."""
    deadline = time.monotonic() + seconds
    while True:
        socket_.recv(timeout=max(0.1, deadline - time.monotonic()))


@contextlib.contextmanager
def held_sockets(server: CourseServer, kernel_ids: list[str], count: int) -> Iterator[list[Any]]:
    """``count`` websockets from the visitor's address, spread over its kernels, held open and
    then dropped as a visitor would drop them (no closing handshake)."""
    opened: list[Any] = []
    try:
        for number in range(count):
            opened.append(visitor_socket(server, kernel_ids[number % len(kernel_ids)], number))
        yield opened
    finally:
        for held in opened:
            with contextlib.suppress(OSError):
                held.socket.close()


def test_a_visitor_flooding_the_server_stays_within_bounds_while_a_learner_submits(
    course_server: CourseServer, page: Any, record_property: Any
) -> None:
    """Do many anonymous page loads and held websockets (:data:`LOADS`, :data:`SOCKETS`)
    leave the visitor at most six kernels and the server within its memory bound, every
    refusal calm, while a learner's post-test loads and submits?"""
    course_server.wait_for_written_lessons()
    assert course_server.pid is not None
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

    with visitor_socket(course_server, kernels[0], SOCKETS) as big:
        big.send("x" * (300 * 1024))  # over the 256 KiB a page may send its kernel
        with pytest.raises(ConnectionClosed):
            read_until_closed(big, seconds=20)
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
