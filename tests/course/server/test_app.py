"""The course's server routes beside Voila's: the public verification page."""

from __future__ import annotations

import asyncio
import socket
import threading
from urllib.parse import quote

import pytest
import tornado.httpclient
import tornado.web

from caserate_kit.course._secrets import course_secret
from caserate_kit.course.certificates._completion import issue_certificate
from caserate_kit.course.records._store import Store
from caserate_kit.course.server import _app


@pytest.fixture
def records(tmp_path, monkeypatch):
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path / 'records.sqlite3'}"
    monkeypatch.setenv("CASERATE_DB_URL", url)
    _app.shared_store.cache_clear()
    with Store(url) as store:
        course_secret(store)  # made at start, before the first learner
        yield store
    _app.shared_store.cache_clear()


def _certificate(store: Store) -> str:
    learner = store.add_learner("Ada Byron", "ada@example.org", "LPC-77")
    store.record_visit(learner.id, "lesson-01", "open")
    attempt = store.start_attempt(learner.id, "lesson-01", "v1", seed=1)
    store.submit_attempt(attempt.id, 1.0, True, {})
    store.record_evaluation(learner.id, "lesson-01", True, 4, {"content": 4})
    return issue_certificate(store, learner.id, "lesson-01").code


def _get(path: str) -> tornado.httpclient.HTTPResponse:
    """GET ``path`` from a server with the verification route, run on a thread of its own
    (with its own event loop: another test may have left one running on this thread)."""
    answer: list[tornado.httpclient.HTTPResponse] = []

    async def fetch() -> None:
        app = tornado.web.Application([(r"/verify", _app.VerifyHandler)])
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = app.listen(port, "127.0.0.1")
        try:
            client = tornado.httpclient.AsyncHTTPClient()
            answer.append(await client.fetch(f"http://127.0.0.1:{port}{path}", raise_error=False))
        finally:
            server.stop()

    runner = threading.Thread(target=lambda: asyncio.run(fetch()))
    runner.start()
    runner.join(timeout=60)
    assert answer, f"no answer to GET {path}"
    return answer[0]


def test_a_genuine_code_is_answered_with_its_certificate_and_nothing_private(records):
    """Does the page show the name and lesson, but neither the email nor the license number?"""
    code = _certificate(records)
    response = _get(f"/verify?code={quote(code)}")
    body = response.body.decode()
    assert response.code == 200
    assert "Genuine certificate" in body
    assert "Ada Byron" in body
    assert "ada@example.org" not in body
    assert "LPC-77" not in body


def test_a_changed_code_is_answered_with_nothing(records):
    """Does a code with one symbol changed show that nothing matches, and no name?"""
    code = _certificate(records)
    changed = code[:-1] + ("0" if code[-1] != "0" else "1")
    body = _get(f"/verify?code={quote(changed)}").body.decode()
    assert "No certificate matches this code" in body
    assert "Ada Byron" not in body


def test_the_page_is_private_to_the_visit_and_framed_by_nobody(records):
    """Is the answer kept out of caches, Referer headers, search engines and other sites' frames?"""
    headers = _get("/verify").headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Robots-Tag"] == "noindex"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_records_that_cannot_be_read_give_a_calm_page(records, monkeypatch):
    """With the records unreadable, is the answer a 503 page that says to try later?"""

    def broken(code: str) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(_app, "_look_up", broken)
    response = _get("/verify?code=CRK-0000-0000-0000-0000")
    assert response.code == 503
    assert "Please try again later" in response.body.decode()
