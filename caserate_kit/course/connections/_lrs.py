"""Sending xAPI statements to a learning record store.

Statements go in batches (one POST each). A batch the LRS refuses as a whole
because of one statement (a 400, 409 or 422) is sent again one statement at a
time (PUT with its id), so that one bad statement cannot hold back the rest.
An LRS that already holds a statement with the same id keeps its copy: for a
resend of the same statement it answers 204, which counts as sent; for a
statement that changed since (a learner corrected their name, say) it answers
409, which counts as sent too, since the LRS keeps the first it was given.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ._http import DeliveryError, request
from ._settings import LrsSettings

__all__ = ["BATCH_SIZE", "LrsResult", "send_statements"]

BATCH_SIZE = 50
"""Statements sent in one request."""
XAPI_VERSION = "1.0.3"
_ONE_AT_A_TIME = (400, 409, 413, 422)
_KEPT_ALREADY = "the LRS already holds a statement with this id (it keeps its copy)"


@dataclass(frozen=True)
class LrsResult:
    """What became of one statement: sent, or the reason it was not."""

    statement_id: str
    sent: bool
    detail: str


def _headers(settings: LrsSettings) -> dict[str, str]:
    account = f"{settings.user}:{settings.password}".encode()
    return {
        "Authorization": "Basic " + base64.b64encode(account).decode("ascii"),
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
    }


def _one(settings: LrsSettings, statement: dict[str, Any]) -> LrsResult:
    address = f"{settings.url}statements?statementId={quote(statement['id'], safe='')}"
    body = json.dumps(statement).encode()
    try:
        reply = request(
            "PUT", address, what="the LRS", body=body, headers=_headers(settings), ok=(409,)
        )
    except DeliveryError as error:
        return LrsResult(statement["id"], False, error.detail)
    if reply.status == 409:
        return LrsResult(statement["id"], True, _KEPT_ALREADY)
    return LrsResult(statement["id"], True, f"the LRS answered {reply.status}")


def _batch(settings: LrsSettings, statements: Sequence[dict[str, Any]]) -> list[LrsResult]:
    body = json.dumps(list(statements)).encode()
    try:
        reply = request(
            "POST",
            f"{settings.url}statements",
            what="the LRS",
            body=body,
            headers=_headers(settings),
        )
    except DeliveryError as error:
        if error.status in _ONE_AT_A_TIME:
            return [_one(settings, statement) for statement in statements]
        return [LrsResult(s["id"], False, error.detail) for s in statements]
    done = f"the LRS answered {reply.status}"
    return [LrsResult(s["id"], True, done) for s in statements]


def send_statements(settings: LrsSettings, statements: Sequence[dict[str, Any]]) -> list[LrsResult]:
    """Send ``statements`` in batches; say for each whether it is sent, and if not why.

    An LRS that cannot be reached (or refuses the account) fails the rest at
    once, without trying every batch.
    """
    results: list[LrsResult] = []
    for start in range(0, len(statements), BATCH_SIZE):
        batch = statements[start : start + BATCH_SIZE]
        answered = _batch(settings, batch)
        results += answered
        if all(not r.sent for r in answered) and len({r.detail for r in answered}) == 1:
            reason = answered[0].detail
            results += [LrsResult(s["id"], False, reason) for s in statements[start + len(batch) :]]
            break
    return results
