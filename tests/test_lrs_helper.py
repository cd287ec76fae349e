"""The test LRS (``tests/lrs.py``), and what ralph 5.1.0 answers a sender of statements.

What a sender can rely on:

- a batch of new statements: 200, and the list of their ids;
- a statement stored before, sent again unchanged (POST or PUT): 204, still stored once;
- a batch of one stored and one new statement: 200, and the new id only;
- the same id with other content: 409; a statement sent without ``timestamp`` is
  stamped by the LRS, so sending it again unchanged is a 409 too;
- one id twice in a batch: 400;
- a wrong password: 401; a statement without ``actor``: 422, naming the field and
  its place in the batch; nothing of such a batch is stored.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from lrs import XAPI_VERSION, RalphLRS, basic_auth, require_ralph

Statement = dict[str, Any]


@pytest.fixture(scope="module")
def lrs() -> Iterator[RalphLRS]:
    """One LRS for the module; each test sends statements with ids of its own."""
    require_ralph()
    with RalphLRS() as server:
        yield server


def statement(*, verb: str = "completed", timestamp: bool = True) -> Statement:
    """A new statement: a learner completed a lesson."""
    made: Statement = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": "https://course.example.org", "name": "learner-7"},
        },
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": "https://course.example.org/lessons/case-rates"},
    }
    if timestamp:
        made["timestamp"] = datetime.now(UTC).isoformat()
    return made


def send(
    lrs: RalphLRS,
    method: str,
    body: object,
    *,
    statement_id: str | None = None,
    password: str | None = None,
) -> tuple[int, Any]:
    """Send statements as the LRS's user (or with another password): the status and JSON."""
    address = lrs.url + "statements"
    if statement_id is not None:
        address += "?" + urllib.parse.urlencode({"statementId": statement_id})
    request = urllib.request.Request(
        address,
        data=json.dumps(body).encode(),
        method=method,
        headers={
            "Authorization": basic_auth(lrs.user, password or lrs.password),
            "Content-Type": "application/json",
            "X-Experience-API-Version": XAPI_VERSION,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _json(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, _json(error.read())


def _json(body: bytes) -> Any:
    return json.loads(body) if body else None


def stored_times(lrs: RalphLRS, *sent: Statement) -> dict[str, int]:
    """How many times the LRS holds each of these statements, by id."""
    held = Counter(kept["id"] for kept in lrs.statements())
    return {one["id"]: held[one["id"]] for one in sent}


def stored(lrs: RalphLRS, sent: Statement) -> Statement:
    """The LRS's copy of a statement."""
    [kept] = [kept for kept in lrs.statements() if kept["id"] == sent["id"]]
    return kept


def test_a_batch_of_two_is_stored_as_sent(lrs: RalphLRS) -> None:
    first, second = statement(), statement()
    assert send(lrs, "POST", [first, second]) == (200, [first["id"], second["id"]])
    for sent in (first, second):
        kept = stored(lrs, sent)
        assert {field: kept[field] for field in sent} == sent
        assert kept["stored"]  # the LRS adds when it stored the statement


def test_posting_a_stored_statement_again_answers_204(lrs: RalphLRS) -> None:
    sent = statement()
    assert send(lrs, "POST", [sent])[0] == 200
    assert send(lrs, "POST", [sent]) == (204, None)
    assert send(lrs, "POST", sent) == (204, None)  # one statement, not in a list
    assert stored_times(lrs, sent) == {sent["id"]: 1}


def test_a_batch_of_a_stored_and_a_new_statement_stores_the_new_one(lrs: RalphLRS) -> None:
    old, new = statement(), statement()
    assert send(lrs, "POST", [old])[0] == 200
    assert send(lrs, "POST", [old, new]) == (200, [new["id"]])
    assert stored_times(lrs, old, new) == {old["id"]: 1, new["id"]: 1}


def test_putting_a_stored_statement_again_answers_204(lrs: RalphLRS) -> None:
    put, posted = statement(), statement()
    assert send(lrs, "PUT", put, statement_id=put["id"]) == (204, None)
    assert send(lrs, "PUT", put, statement_id=put["id"]) == (204, None)
    assert send(lrs, "POST", [posted])[0] == 200
    assert send(lrs, "PUT", posted, statement_id=posted["id"]) == (204, None)
    assert stored_times(lrs, put, posted) == {put["id"]: 1, posted["id"]: 1}


def test_the_same_id_with_other_content_is_a_conflict(lrs: RalphLRS) -> None:
    sent = statement()
    assert send(lrs, "POST", [sent])[0] == 200
    changed = {**sent, "verb": statement(verb="attempted")["verb"]}
    new = statement()

    status, answer = send(lrs, "POST", [new, changed])
    assert (status, answer["detail"]) == (
        409,
        f"Differing statements already exist with the same ID: {sent['id']}",
    )
    status, answer = send(lrs, "PUT", changed, statement_id=sent["id"])
    assert (status, answer["detail"]) == (
        409,
        "A different statement already exists with the same ID",
    )
    assert stored(lrs, sent)["verb"] == sent["verb"]
    assert stored_times(lrs, sent, new) == {sent["id"]: 1, new["id"]: 0}


def test_a_batch_with_one_id_twice_is_refused(lrs: RalphLRS) -> None:
    sent = statement()
    answer = send(lrs, "POST", [sent, sent])
    assert answer == (400, {"detail": "Duplicate statement IDs in the list of statements"})
    assert stored_times(lrs, sent) == {sent["id"]: 0}


def test_a_statement_sent_again_without_timestamp_is_a_conflict(lrs: RalphLRS) -> None:
    """The LRS stamps the statement when it stores it, so a second sending differs."""
    sent = statement(timestamp=False)
    assert send(lrs, "POST", [sent])[0] == 200
    assert stored(lrs, sent)["timestamp"]
    assert send(lrs, "POST", [sent])[0] == 409
    assert stored_times(lrs, sent) == {sent["id"]: 1}


def test_a_wrong_password_is_refused(lrs: RalphLRS) -> None:
    sent = statement()
    answer = send(lrs, "POST", [sent], password=lrs.password + "-wrong")
    assert answer == (401, {"detail": "Invalid authentication credentials"})
    assert stored_times(lrs, sent) == {sent["id"]: 0}


def test_a_statement_without_actor_is_refused_with_a_readable_reason(lrs: RalphLRS) -> None:
    good, bad = statement(), statement()
    del bad["actor"]

    status, answer = send(lrs, "POST", [good, bad])
    [problem] = answer["detail"]
    assert (status, problem["loc"], problem["msg"]) == (422, ["body", 1, "actor"], "Field required")
    status, answer = send(lrs, "PUT", bad, statement_id=bad["id"])
    [problem] = answer["detail"]
    assert (status, problem["loc"], problem["msg"]) == (422, ["body", "actor"], "Field required")
    assert stored_times(lrs, good, bad) == {good["id"]: 0, bad["id"]: 0}


def test_statements_are_read_page_after_page(lrs: RalphLRS) -> None:
    batch = [statement() for _ in range(150)]
    assert send(lrs, "POST", batch)[0] == 200
    first_page = lrs.get_json("statements")
    assert first_page["more"]
    read = [kept["id"] for kept in lrs.statements()]
    assert len(first_page["statements"]) < len(read) == len(set(read))
    assert {sent["id"] for sent in batch} <= set(read)


def test_statements_survive_a_stop_and_start(lrs: RalphLRS) -> None:
    sent = statement()
    assert send(lrs, "POST", [sent])[0] == 200
    before = lrs.statements()
    url = lrs.url

    lrs.stop()
    with pytest.raises(urllib.error.URLError):
        lrs.get_json("statements")
    lrs.start()

    assert lrs.url == url
    assert lrs.statements() == before
    later = statement()
    assert send(lrs, "POST", [later])[0] == 200
    assert stored_times(lrs, sent, later) == {sent["id"]: 1, later["id"]: 1}


def test_a_failed_start_shows_ralphs_log_and_cleans_up() -> None:
    require_ralph()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = RalphLRS(port=taken.getsockname()[1])
        with pytest.raises(AssertionError, match=r"(?s)Its log:.*Address already in use"), server:
            pass
    assert not server.folder.exists()
