"""What a curious learner can reach on the course server, without a browser.

- ``/voila/files/`` serves images only: no question bank, notebook, course
  configuration or records file.
- A post-test page's widgets, read over its kernel websocket the way any page
  script could (the widget control comm's ``request_states``), hold no answer.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import websocket

from caserate_kit.course import Store, load_bank, load_or_create_secret, make_token

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

REFUSED = [
    "quizzes/lesson-01.yaml",
    "quizzes/sample.yaml",
    "lessons/01_how_managed_care_decides.ipynb",
    "notebooks/posttest.ipynb",
    "course.toml",
    "voila.json",
    "caserate_kit/course/_grading.py",
    "../records.sqlite3",
]


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.parametrize("path", REFUSED)
def test_the_file_route_refuses_anything_but_images(course_server, path):
    """Does /voila/files/ refuse question banks, notebooks, configuration and records?"""
    assert _status(f"{course_server.url}voila/files/{path}") in (403, 404)


def _message(session: str, msg_type: str, content: dict[str, Any]) -> str:
    header = {
        "msg_id": uuid.uuid4().hex,
        "username": "curious",
        "session": session,
        "msg_type": msg_type,
        "version": "5.3",
        "date": datetime.now(UTC).isoformat(),
    }
    return json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


def _widget_states(base_url: str, page_html: str) -> dict[str, Any]:
    """Every widget's state on a rendered page, asked for over its kernel websocket."""
    config = re.search(
        r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
        page_html,
        re.S,
    )
    assert config, "the page carries no Jupyter configuration"
    kernel = json.loads(config.group(1))["kernelId"]
    session = uuid.uuid4().hex
    address = base_url.replace("http://", "ws://")
    channel = websocket.create_connection(
        f"{address}api/kernels/{kernel}/channels?session_id={session}", timeout=60
    )
    try:
        comm = uuid.uuid4().hex
        channel.send(
            _message(session, "comm_open", {
                "comm_id": comm, "target_name": "jupyter.widget.control", "data": {},
            })
        )  # fmt: skip
        channel.send(
            _message(session, "comm_msg", {"comm_id": comm, "data": {"method": "request_states"}})
        )
        for _ in range(500):
            reply = json.loads(channel.recv())
            data = reply.get("content", {}).get("data", {})
            if reply.get("msg_type") == "comm_msg" and data.get("method") == "update_states":
                return dict(data["states"])
    finally:
        channel.close()
    raise AssertionError("the kernel sent no widget states")


def test_a_post_test_page_reveals_no_answer_over_its_websocket(course_server):
    """Can a page script read an answer, feedback or item id from the post-test's widgets?"""
    with Store(course_server.db_url) as store:
        learner = store.add_learner("Curious Learner")
    secret = load_or_create_secret(course_server.data_dir / "secret.key")
    token = make_token(learner.id, secret)
    url = f"{course_server.page_url('posttest')}?quiz=lesson-01&token={token}"
    with urllib.request.urlopen(url, timeout=120) as answer:
        page = answer.read().decode()
    states = json.dumps(_widget_states(course_server.url, page))
    assert "questions" in states, "the post-test widget was not among the page's widgets"
    keys = set(re.findall(r'"(\w+)":', states))
    assert not keys & {"correct", "answer", "answers", "feedback", "rationale", "item_id"}
    bank = load_bank(ROOT / "quizzes" / "lesson-01.yaml")
    for item in bank.items:
        assert item.id not in states
        assert item.rationale.strip()[:40] not in states
        for option in getattr(item, "options", ()):
            assert option.feedback.strip()[:40] not in states

