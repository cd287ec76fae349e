"""Plain HTTP for the connections (standard library only), with one error for every failure.

A connection refused, a timeout or an answer outside 2xx all become a
:class:`DeliveryError` that says, in words a trainer can act on, what
happened: the dashboard shows it beside what is waiting.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..._exceptions import CaseRateKitError

__all__ = ["TIMEOUT_SECONDS", "DeliveryError", "Reply", "request"]

TIMEOUT_SECONDS = 20.0
"""How long one request may take before it counts as failed."""


class DeliveryError(CaseRateKitError):
    """A record could not be sent now; ``detail`` says why (it is tried again later)."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.detail, self.status = detail, status


@dataclass(frozen=True)
class Reply:
    """An answer in the 2xx range: its status and body (parsed when it is JSON)."""

    status: int
    body: Any


def _body(raw: bytes, content_type: str) -> Any:
    if raw and "json" in content_type:
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _short(raw: bytes) -> str:
    text = " ".join(raw.decode("utf-8", "replace").split())
    return text if len(text) <= 300 else f"{text[:297]}..."


def request(
    method: str,
    url: str,
    *,
    what: str,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    ok: tuple[int, ...] = (),
    timeout: float = TIMEOUT_SECONDS,
) -> Reply:
    """Send one request; return a 2xx reply (or one whose status is in ``ok``).

    ``what`` names the other side in messages ("the LRS", "the LMS token service").
    """
    sent = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(sent, timeout=timeout) as answer:
            raw = answer.read()
            return Reply(answer.status, _body(raw, answer.headers.get("Content-Type", "")))
    except urllib.error.HTTPError as error:
        raw = error.read()
        if error.code in ok:
            return Reply(error.code, _body(raw, error.headers.get("Content-Type", "")))
        detail = f"{what} answered {error.code} {error.reason}"
        text = _short(raw)
        raise DeliveryError(f"{detail}: {text}" if text else detail, error.code) from None
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DeliveryError(f"{what} could not be reached at {url} ({reason})") from None
