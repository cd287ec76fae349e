"""Grades back to the LMS through LTI Assignment and Grade Services (AGS).

For each grade: a token from the LMS's token service (the course signs its
request with its own key, as LTI Advantage asks), the lesson's line item (the
grade-book column; found by the lesson's id, made when the LMS has none), and
then the score, posted for the learner's LMS user id. Tokens and line items
are kept for as long as they last, so a class's grades cost one token each hour.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from datetime import UTC
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import jwt

from .._catalog import find_lesson
from ..records import LtiLaunch
from ._grades import Grade
from ._http import DeliveryError, request
from ._settings import LmsSettings
from ._tool_key import key_id, load_or_create_tool_key

__all__ = ["LINEITEM_TAG", "SCOPES", "LmsClient", "scores_url", "with_query"]

SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
)
"""What the course asks the LMS to let it do: manage its line items and post scores."""
LINEITEM_TAG = "caserate-course"
"""The tag on every line item the course makes."""
SCORE_MAXIMUM = 100
_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
_LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
_SCORE = "application/vnd.ims.lis.v1.score+json"
_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def with_query(url: str, **parameters: str) -> str:
    """``url`` with ``parameters`` added to its query (an LMS's addresses may have one)."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *parameters.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def scores_url(lineitem: str) -> str:
    """The scores address of a line item: ``/scores`` after its path, its query kept."""
    parts = urlsplit(lineitem)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def _label(quiz_id: str) -> str:
    lesson = find_lesson(quiz_id)
    return f"Lesson {lesson.number} post-test: {lesson.title}" if lesson else quiz_id


class LmsClient:
    """Sends grades to the LMS a learner launched from (see :mod:`._grades`)."""

    def __init__(self, settings: LmsSettings, clock: Callable[[], float] = time.time) -> None:
        self.settings, self.clock = settings, clock
        self._key = load_or_create_tool_key(settings.tool_key)
        self._tokens: dict[tuple[str, str], tuple[str, float]] = {}
        self._lineitems: dict[tuple[str, str], str] = {}

    def _assertion(self, client_id: str) -> str:
        now = int(self.clock())
        claims = {
            "iss": client_id,
            "sub": client_id,
            "aud": self.settings.audience or self.settings.token_url,
            "iat": now,
            "exp": now + 300,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": key_id(self._key)})

    def token(self, launch: LtiLaunch) -> str:
        """An access token for the launch's registration (a kept one while it lasts)."""
        key = (launch.issuer, launch.client_id)
        kept = self._tokens.get(key)
        if kept is not None and kept[1] > self.clock() + 60:
            return kept[0]
        form = {
            "grant_type": "client_credentials",
            "client_assertion_type": _ASSERTION,
            "client_assertion": self._assertion(launch.client_id),
            "scope": " ".join(SCOPES),
        }
        reply = request(
            "POST",
            self.settings.token_url,
            what="the LMS token service",
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        body = reply.body if isinstance(reply.body, dict) else {}
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise DeliveryError("the LMS token service gave no access token")
        lasts = float(body.get("expires_in") or 3600)
        self._tokens[key] = (token, self.clock() + lasts)
        return token

    def _headers(self, launch: LtiLaunch, kind: str, accept: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.token(launch)}", "Content-Type": kind}
        return headers | ({"Accept": accept} if accept else {})

    def line_item(self, launch: LtiLaunch, quiz_id: str) -> str:
        """The address of the lesson's line item in the launch's grade book (made if missing)."""
        container = launch.lineitems_url
        if not container:
            raise DeliveryError("the LMS sent no grade service address with this learner's launch")
        key = (container, quiz_id)
        if key in self._lineitems:
            return self._lineitems[key]
        listed = request(
            "GET",
            with_query(container, resource_id=quiz_id),
            what="the LMS grade book",
            headers={"Authorization": f"Bearer {self.token(launch)}", "Accept": _CONTAINER},
        ).body
        items = listed if isinstance(listed, list) else []
        found = next(
            (i for i in items if isinstance(i, dict) and i.get("resourceId") == quiz_id), None
        )
        if found is None:
            made = {
                "scoreMaximum": SCORE_MAXIMUM,
                "label": _label(quiz_id),
                "resourceId": quiz_id,
                "tag": LINEITEM_TAG,
            }
            found = request(
                "POST",
                container,
                what="the LMS grade book",
                body=json.dumps(made).encode(),
                headers=self._headers(launch, _LINEITEM, _LINEITEM),
            ).body
        address = found.get("id") if isinstance(found, dict) else None
        if not isinstance(address, str) or not address:
            raise DeliveryError("the LMS grade book gave a line item without its address")
        self._lineitems[key] = address
        return address

    def send(self, grade: Grade) -> None:
        """Post ``grade`` to its lesson's line item, for the learner's LMS user id.

        A refused token is forgotten (the next try asks for a new one), and so is a
        line item the LMS no longer knows (the next try finds or makes it again).
        """
        launch = grade.launch
        score: dict[str, Any] = {
            "userId": launch.lms_user_id,
            "scoreGiven": round(grade.score * SCORE_MAXIMUM, 2),
            "scoreMaximum": SCORE_MAXIMUM,
            "activityProgress": grade.progress,
            "gradingProgress": "FullyGraded",
            "timestamp": grade.at.astimezone(UTC).isoformat(timespec="milliseconds"),
        }
        try:
            request(
                "POST",
                scores_url(self.line_item(launch, grade.quiz_id)),
                what="the LMS grade book",
                body=json.dumps(score).encode(),
                headers=self._headers(launch, _SCORE),
            )
        except DeliveryError as error:
            if error.status == 401:
                self._tokens.pop((launch.issuer, launch.client_id), None)
            if error.status == 404:
                self._lineitems.pop((launch.lineitems_url or "", grade.quiz_id), None)
            raise
