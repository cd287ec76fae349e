"""A real LTI 1.3 platform for the tests: the agency's LMS, as the course meets it.

Built on ``lti1p3platform`` (the registration, the login initiation, the signed
launch with its grade-service claim, the token service and its token checks),
served by tornado on a free loopback port, in a thread of its own::

    with LtiPlatform(tool_login_url, tool_jwks_url) as platform:
        platform.add_user("learner-7", "Alice Moreno", "alice@agency.example")
        browser.get(platform.launch_url("learner-7"))  # ... signed in at the course
        assert platform.scores  # the grades the course sent back

What it answers:

- ``GET /launch?user=<sub>&target=<target_link_uri>``: starts a launch: sends the
  browser to the tool's login address (OpenID Connect third-party login);
- ``GET/POST /authorize``: the tool's authentication request; answers a page whose
  form posts the signed ``id_token`` and ``state`` to the tool (by itself, or with
  its button when scripts are off); :attr:`LtiPlatform.last_launch` keeps them;
- ``GET /jwks``: the platform's public keys;
- ``POST /token``: an access token for a client assertion signed with a key of the
  tool's key set (read from ``tool_jwks_url`` at each request);
- the grade book (LTI Assignment and Grade Services): ``GET`` and ``POST``
  :attr:`LtiPlatform.lineitems_url`, ``GET <line item>``, ``POST <line item>/scores``,
  each for a bearer token with the right scope.

``platform.down = True`` makes the token service and the grade book answer 503;
``platform.refuse_tokens = True`` makes the token service answer 401.
"""

from __future__ import annotations

import asyncio
import html
import json
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self, TypeGuard
from urllib.parse import urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.exceptions import (  # type: ignore[import-untyped]
    InvalidKeySetUrl,
    LtiException,
    MissingRequiredClaim,
    PreflightRequestValidationException,
    UnsupportedGrantType,
)
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract  # type: ignore[import-untyped]
from lti1p3platform.message_launch import (  # type: ignore[import-untyped]
    LTIAdvantageMessageLaunchAbstract,
)
from lti1p3platform.oidc_login import OIDCLoginAbstract  # type: ignore[import-untyped]
from lti1p3platform.registration import Registration  # type: ignore[import-untyped]
from lti1p3platform.request import Request  # type: ignore[import-untyped]
from tornado import httpserver, netutil, web
from tornado.httputil import HTTPServerRequest

from caserate_kit.course.connections._tool_key import load_or_create_tool_key, public_jwks

__all__ = [
    "AGS_CLAIM",
    "CLAIM",
    "LEARNER",
    "LINEITEM_SCOPE",
    "LINEITEM_TYPE",
    "SCORE_SCOPE",
    "SCORE_TYPE",
    "GradeBook",
    "Launch",
    "LmsUser",
    "LtiPlatform",
    "read_launch_form",
]

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SUB = "lms-user-7f3a"
"""The one learner of the :func:`platform` fixture."""
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
LINEITEM_READ_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
GRANTED_SCOPES = (LINEITEM_SCOPE, SCORE_SCOPE)
"""What the course's registration may do: manage its line items and post scores."""
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"
CONTAINER_TYPE = "application/vnd.ims.lis.v2.lineitemcontainer+json"
LINEITEM_TYPE = "application/vnd.ims.lis.v2.lineitem+json"
SCORE_TYPE = "application/vnd.ims.lis.v1.score+json"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
COURSE = "7"
"""The one course (context) the platform has; its grade book is ``/courses/7/lineitems``."""
RESOURCE_LINK = "course-link-1"
ACTIVITY_PROGRESS = frozenset({"Initialized", "Started", "InProgress", "Submitted", "Completed"})
GRADING_PROGRESS = frozenset({"FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"})
LINEITEM_FIELDS = frozenset(
    {
        "scoreMaximum",
        "label",
        "resourceId",
        "resourceLinkId",
        "tag",
        "startDateTime",
        "endDateTime",
        "gradesReleased",
    }
)
FILTERS = {"resource_id": "resourceId", "resource_link_id": "resourceLinkId", "tag": "tag"}
"""The line items' query parameters, and the fields they filter on."""
WAIT_SECONDS = 10


@dataclass(frozen=True)
class LmsUser:
    """A person on the platform: their LMS id (the launch's ``sub``), name and e-mail."""

    sub: str
    name: str
    email: str


@dataclass(frozen=True)
class Launch:
    """A launch the platform sent: what its form posts to the tool, and the token's claims."""

    id_token: str
    state: str
    redirect_uri: str
    claims: dict[str, Any]


@dataclass(frozen=True)
class _Pending:
    """A launch started at ``/launch``, waiting for the tool's authentication request."""

    sub: str
    target: str


class _RefusedError(web.HTTPError):
    """A request the platform refuses: the status, the OAuth-style error code, and why."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(status, description.replace("%", "%%"))
        self.status, self.error, self.description = status, error, description


def _pem_pair() -> tuple[str, str]:
    """A new RSA key pair, private and public, in PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode("ascii"), public.decode("ascii")


def _origin_path(url: str, suffix: str) -> str:
    """``url`` without ``suffix`` at its path's end (``.../hub/lti13/oauth_login``: ``.../hub``)."""
    parts = urlsplit(url)
    path = parts.path.removesuffix(suffix) if parts.path.endswith(suffix) else parts.path
    return parts._replace(path=path, query="", fragment="").geturl()


def _arguments(arguments: Mapping[str, list[bytes]]) -> dict[str, str]:
    """Tornado's request arguments, one text value each (the last one sent)."""
    return {name: values[-1].decode("utf-8", "replace") for name, values in arguments.items()}


class _TornadoRequest(Request):  # type: ignore[misc]
    """A tornado request as lti1p3platform reads requests."""

    def build_metadata(self, request: HTTPServerRequest) -> dict[str, Any]:
        """The parts of ``request`` lti1p3platform looks at."""
        return {
            "method": request.method,
            "form_data": _arguments(request.body_arguments),
            "get_data": _arguments(request.query_arguments),
            "headers": request.headers,
            "content_type": request.headers.get("Content-Type"),
            "path": request.path,
            "json": None,
        }


class _PlatformConf(LTI1P3PlatformConfAbstract):  # type: ignore[misc]
    """lti1p3platform's platform: one registration, the course's."""

    def init_platform_config(self, **kwargs: Any) -> None:
        """Take the registration given as ``registration=``."""
        self._registration = kwargs["registration"]

    def get_registration_by_params(self, **kwargs: Any) -> Any:
        """The course's registration (the only one)."""
        return self._registration


class _LoginStart(OIDCLoginAbstract):  # type: ignore[misc]
    """The first step of a launch: the address of the tool's login, with the launch's hints."""

    def set_lti_message_hint(self, **kwargs: Any) -> None:
        """Keep ``hint=``: the pending launch the tool must name when it comes back."""
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        """The address itself; the tornado handler redirects the browser to it."""
        return url


class _MessageLaunch(LTIAdvantageMessageLaunchAbstract):  # type: ignore[misc]
    """The signed launch for one learner, with the grade-service claim."""

    def __init__(
        self,
        request: _TornadoRequest,
        conf: _PlatformConf,
        platform: LtiPlatform,
        pending: _Pending,
    ) -> None:
        super().__init__(request, conf)
        self.platform, self.pending = platform, pending

    def prepare_launch(self, preflight_response: dict[str, Any]) -> None:
        """The learner, the course, the link and the grade book, as claims of the launch."""
        user = self.platform.user(self.pending.sub)
        self.set_launch_url(self.pending.target)
        self.set_user_data(user.sub, [LEARNER], user.name, user.email)
        self.set_resource_link_claim(RESOURCE_LINK, title="Case rates course")
        self.set_launch_context_claim(
            COURSE, [COURSE_OFFERING], "Managed care onboarding", "MC-101"
        )
        self.set_ags(
            self.platform.lineitems_url,
            allow_creating_lineitems=True,
            results_service_enabled=False,
            scores_service_enabled=True,
        )

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> str:
        """The page that posts the launch to the tool; the platform keeps what it sent."""
        self.platform.keep_launch(
            launch_data["id_token"], launch_data["state"], launch_data["launch_url"]
        )
        return _form_page(launch_data["launch_url"], launch_data["id_token"], launch_data["state"])


def _form_page(action: str, id_token: str, state: str) -> str:
    """A page that posts ``id_token`` and ``state`` to ``action``; a button when scripts are off."""
    field = '<input type="hidden" name="{}" value="{}">'
    return "\n".join(
        [
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
            "<title>Opening the course</title></head><body>",
            f'<form method="post" action="{html.escape(action)}">',
            field.format("id_token", html.escape(id_token)),
            field.format("state", html.escape(state)),
            "<p>Opening the course...</p>",
            '<button type="submit">Continue to the course</button>',
            "</form>",
            "<script>document.forms[0].submit();</script>",
            "</body></html>",
        ]
    )


class _FormReader(HTMLParser):
    """The first form of a page: its action and its named fields."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note the form's action and each named input's value."""
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and self.action is None:
            self.action = found.get("action", "")
        elif tag == "input" and found.get("name"):
            self.fields[found["name"]] = found.get("value", "")


def read_launch_form(page: str) -> tuple[str, dict[str, str]]:
    """The address a launch page posts to, and its fields (``id_token``, ``state``)."""
    reader = _FormReader()
    reader.feed(page)
    reader.close()
    if reader.action is None:
        raise ValueError(f"the page has no form to post: {page[:300]!r}")
    return reader.action, reader.fields


def _number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


class GradeBook:
    """The course's grade book (AGS): line items, and the scores posted on them.

    Its methods run in the platform's thread; the tests read it from theirs.
    """

    def __init__(self, lineitems_url: str, knows: Callable[[str], bool]) -> None:
        self.lineitems_url, self.knows = lineitems_url, knows
        self._lock = threading.Lock()
        self._items: list[dict[str, Any]] = []
        self._scores: list[tuple[str, dict[str, Any]]] = []

    def find(self, wanted: Mapping[str, str]) -> list[dict[str, Any]]:
        """The line items whose fields have the ``wanted`` values, oldest first (copies)."""
        with self._lock:
            return [
                dict(item)
                for item in self._items
                if all(item.get(name) == value for name, value in wanted.items())
            ]

    def scores(self) -> list[tuple[str, dict[str, Any]]]:
        """Every score stored, oldest first: (line item id, the score as sent)."""
        with self._lock:
            return [(item, dict(score)) for item, score in self._scores]

    def add_line_item(self, sent: Mapping[str, Any]) -> dict[str, Any]:
        """Store a new line item; it gets its ``id`` (its address)."""
        label, maximum = sent.get("label"), sent.get("scoreMaximum")
        if not isinstance(label, str) or not label.strip():
            raise _RefusedError(400, "invalid_request", "A line item needs a label.")
        if not _number(maximum) or maximum <= 0:
            raise _RefusedError(400, "invalid_request", "scoreMaximum must be a number above 0.")
        with self._lock:
            address = f"{self.lineitems_url}/{len(self._items) + 1}"
            item = {"id": address} | {k: v for k, v in sent.items() if k in LINEITEM_FIELDS}
            self._items.append(item)
            return dict(item)

    def line_item(self, number: str) -> dict[str, Any]:
        """The line item numbered ``number`` (from 1); 404 when there is none."""
        found = self.find({"id": f"{self.lineitems_url}/{number}"})
        if not found:
            raise _RefusedError(404, "not_found", f"No line item {number} in this course.")
        return found[0]

    def add_score(self, number: str, score: Mapping[str, Any]) -> None:
        """Store ``score`` on line item ``number``, once checked as AGS asks."""
        item = self.line_item(number)
        _check_score(score)
        if not self.knows(score["userId"]):
            raise _RefusedError(422, "unknown_user", f"No user {score['userId']!r} in this course.")
        with self._lock:
            self._scores.append((item["id"], dict(score)))


def _check_score(score: Mapping[str, Any]) -> None:
    """Refuse a score that does not follow AGS: who, progress, timestamp, and given of maximum."""
    if not isinstance(score.get("userId"), str) or not score["userId"]:
        raise _RefusedError(400, "invalid_request", "userId is required.")
    if score.get("activityProgress") not in ACTIVITY_PROGRESS:
        raise _RefusedError(
            400, "invalid_request", f"activityProgress must be one of {sorted(ACTIVITY_PROGRESS)}."
        )
    if score.get("gradingProgress") not in GRADING_PROGRESS:
        raise _RefusedError(
            400, "invalid_request", f"gradingProgress must be one of {sorted(GRADING_PROGRESS)}."
        )
    try:
        stamped = datetime.fromisoformat(str(score.get("timestamp")))
    except ValueError:
        raise _RefusedError(400, "invalid_request", "timestamp must be ISO 8601.") from None
    if stamped.tzinfo is None:
        raise _RefusedError(400, "invalid_request", "timestamp must give its time zone.")
    if "scoreGiven" in score:
        given, maximum = score["scoreGiven"], score.get("scoreMaximum")
        if not (_number(given) and _number(maximum) and given >= 0 and maximum > 0):
            raise _RefusedError(
                400, "invalid_request", "scoreGiven needs scoreMaximum; both numbers."
            )


class _Handler(web.RequestHandler):
    """What every platform handler shares: the platform, and errors as JSON."""

    platform: LtiPlatform

    def initialize(self, platform: LtiPlatform) -> None:
        self.platform = platform

    def check_xsrf_cookie(self) -> None:
        """Launch and service requests come from other sites, by design."""

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A refusal as an OAuth-style JSON error (RFC 6749, RFC 6750); others as tornado's."""
        refused = kwargs.get("exc_info", (None, None))[1]
        if not isinstance(refused, _RefusedError):
            super().write_error(status_code, **kwargs)
            return
        if status_code in (401, 403) and self.request.path != "/token":
            self.set_header("WWW-Authenticate", f'Bearer error="{refused.error}"')
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"error": refused.error, "error_description": refused.description}))

    def answer(self, status: int, content_type: str, body: object) -> None:
        """Answer ``body`` as JSON of ``content_type``."""
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(json.dumps(body))


class _LaunchHandler(_Handler):
    """``GET /launch?user=<sub>&target=<address>``: send the browser to the tool's login."""

    def get(self) -> None:
        sub = self.get_query_argument("user")
        target = self.get_query_argument("target", self.platform.target_link_uri)
        if not self.platform.knows(sub):
            raise _RefusedError(404, "unknown_user", f"No user {sub!r} here: add_user() first.")
        self.redirect(self.platform.preflight_url(self.request, sub, target))


class _AuthorizeHandler(_Handler):
    """``GET/POST /authorize``: the tool's authentication request; answer the launch form."""

    def get(self) -> None:
        page = self.platform.authorize(self.request)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """A refused launch, in words for the person at the browser."""
        refused = kwargs.get("exc_info", (None, None))[1]
        why = refused.description if isinstance(refused, _RefusedError) else f"error {status_code}"
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"The LMS did not launch the course: {why}")

    post = get


class _KeysHandler(_Handler):
    """``GET /jwks``: the platform's public keys."""

    def get(self) -> None:
        self.answer(200, "application/json", self.platform.public_jwks())


class _TokenHandler(_Handler):
    """``POST /token``: an access token for a signed client assertion."""

    async def post(self) -> None:
        self.platform.count("token_requests")
        self.platform.token_service_open()
        form = _arguments(self.request.body_arguments)
        # In another thread: lti1p3platform fetches the tool's key set, and that may
        # be served by this very loop.
        token = await asyncio.to_thread(self.platform.issue_token, form)
        self.set_header("Cache-Control", "no-store")
        self.answer(200, "application/json", token)


class _AgsHandler(_Handler):
    """A grade-book request: the platform must be up, the bearer token valid for the scope."""

    scopes: ClassVar[dict[str, tuple[str, ...]]] = {}
    counter: ClassVar[str | None] = None

    def prepare(self) -> None:
        if self.counter and self.request.method == "POST":
            self.platform.count(self.counter)
        self.platform.ags_open()
        self.platform.check_bearer(
            self.request.headers.get("Authorization", ""),
            self.scopes.get(self.request.method or "", ()),
        )

    def json_body(self, media_type: str) -> dict[str, Any]:
        """The request's JSON object, sent as ``media_type``."""
        sent = self.request.headers.get("Content-Type", "").split(";")[0].strip()
        if sent != media_type:
            raise _RefusedError(415, "unsupported_media_type", f"Send {media_type}, not {sent!r}.")
        try:
            body = json.loads(self.request.body)
        except ValueError:
            raise _RefusedError(400, "invalid_request", "The body is not JSON.") from None
        if not isinstance(body, dict):
            raise _RefusedError(400, "invalid_request", "The body must be a JSON object.")
        return body


class _LineItemsHandler(_AgsHandler):
    """``GET`` line items (by ``resource_id``, ``resource_link_id``, ``tag``); ``POST`` one."""

    scopes: ClassVar[dict[str, tuple[str, ...]]] = {
        "GET": (LINEITEM_SCOPE, LINEITEM_READ_SCOPE),
        "POST": (LINEITEM_SCOPE,),
    }

    def get(self) -> None:
        wanted = {
            field: self.get_query_argument(argument)
            for argument, field in FILTERS.items()
            if self.get_query_argument(argument, None) is not None
        }
        self.answer(200, CONTAINER_TYPE, self.platform.grade_book.find(wanted))

    def post(self) -> None:
        item = self.platform.grade_book.add_line_item(self.json_body(LINEITEM_TYPE))
        self.set_header("Location", item["id"])
        self.answer(201, LINEITEM_TYPE, item)


class _LineItemHandler(_AgsHandler):
    """``GET <line item>``: one line item."""

    scopes: ClassVar[dict[str, tuple[str, ...]]] = {"GET": (LINEITEM_SCOPE, LINEITEM_READ_SCOPE)}

    def get(self, number: str) -> None:
        self.answer(200, LINEITEM_TYPE, self.platform.grade_book.line_item(number))


class _ScoresHandler(_AgsHandler):
    """``POST <line item>/scores``: a learner's score on a line item."""

    scopes: ClassVar[dict[str, tuple[str, ...]]] = {"POST": (SCORE_SCOPE,)}
    counter: ClassVar[str | None] = "score_posts"

    def post(self, number: str) -> None:
        self.platform.grade_book.add_score(number, self.json_body(SCORE_TYPE))
        self.set_status(204)
        self.finish()


class LtiPlatform:
    """An LTI 1.3 platform with one registered tool (the course), one course and a grade book."""

    def __init__(
        self,
        tool_login_url: str,
        tool_jwks_url: str,
        client_id: str = "caserate-course",
        deployment_id: str = "deployment-1",
        *,
        redirect_uris: Sequence[str] | None = None,
        target_link_uri: str | None = None,
    ) -> None:
        """``tool_login_url`` and ``tool_jwks_url``: the hub's ``/hub/lti13/oauth_login`` and
        ``/hub/lti13/jwks``. The registered redirect address defaults to the hub's
        ``.../lti13/oauth_callback``, the launch target to the hub's base address."""
        self.tool_login_url, self.tool_jwks_url = tool_login_url, tool_jwks_url
        self.client_id, self.deployment_id = client_id, deployment_id
        base = _origin_path(tool_login_url, "/lti13/oauth_login")
        self.redirect_uris = tuple(redirect_uris or (f"{base}/lti13/oauth_callback",))
        self.target_link_uri = target_link_uri or base
        self.private_pem, self.public_pem = _pem_pair()
        self.down = False
        self.refuse_tokens = False
        self._sockets = netutil.bind_sockets(0, "127.0.0.1")
        self.port: int = self._sockets[0].getsockname()[1]
        self._lock = threading.Lock()
        self._users: dict[str, LmsUser] = {}
        self._pending: dict[str, _Pending] = {}
        self.grade_book = GradeBook(self.lineitems_url, self.knows)
        self._counts = {"token_requests": 0, "score_posts": 0}
        self._assertion_ids: set[str] = set()
        self._last_launch: Launch | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None

    # Addresses ----------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The platform's base address."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def issuer(self) -> str:
        """The ``iss`` of everything the platform signs: its base address."""
        return self.url

    @property
    def authorize_url(self) -> str:
        return f"{self.url}/authorize"

    @property
    def jwks_url(self) -> str:
        return f"{self.url}/jwks"

    @property
    def token_url(self) -> str:
        return f"{self.url}/token"

    @property
    def lineitems_url(self) -> str:
        """The course's grade book: its line items container."""
        return f"{self.url}/courses/{COURSE}/lineitems"

    def launch_url(self, sub: str, target: str | None = None) -> str:
        """The address that launches the tool for user ``sub`` (at ``target``)."""
        query = {"user": sub} | ({"target": target} if target else {})
        return f"{self.url}/launch?{urlencode(query)}"

    # What the tests read -------------------------------------------------------------

    def add_user(self, sub: str, name: str, email: str) -> LmsUser:
        """Add a learner the platform can launch the tool for."""
        user = LmsUser(sub, name, email)
        with self._lock:
            self._users[sub] = user
        return user

    def knows(self, sub: str) -> bool:
        """Whether ``sub`` is a user of the platform."""
        with self._lock:
            return sub in self._users

    def user(self, sub: str) -> LmsUser:
        """The user ``sub`` (``KeyError`` when there is none)."""
        with self._lock:
            return self._users[sub]

    @property
    def line_items(self) -> list[dict[str, Any]]:
        """The grade book's line items, oldest first (copies)."""
        return self.grade_book.find({})

    @property
    def scores(self) -> list[tuple[str, dict[str, Any]]]:
        """Every score stored, oldest first: (line item id, the score as sent)."""
        return self.grade_book.scores()

    @property
    def token_requests(self) -> int:
        """How many token requests arrived (answered or refused)."""
        with self._lock:
            return self._counts["token_requests"]

    @property
    def score_posts(self) -> int:
        """How many score posts arrived (stored or refused)."""
        with self._lock:
            return self._counts["score_posts"]

    @property
    def last_launch(self) -> Launch | None:
        """The last launch form the platform answered (to replay it, or read its claims)."""
        with self._lock:
            return self._last_launch

    def count(self, counter: str) -> None:
        with self._lock:
            self._counts[counter] += 1

    # Keys and tokens signed ----------------------------------------------------------

    def registration(self) -> Any:
        """The course's registration, as lti1p3platform keeps it (a new one each time)."""
        return (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(self.client_id)
            .set_deployment_id(self.deployment_id)
            .set_oidc_login_url(self.tool_login_url)
            .set_launch_url(self.target_link_uri)
            .set_tool_key_set_url(self.tool_jwks_url)
            .set_platform_private_key(self.private_pem)
            .set_platform_public_key(self.public_pem)
        )

    def conf(self) -> _PlatformConf:
        """lti1p3platform's platform, with the course's registration."""
        conf = _PlatformConf(registration=self.registration())
        conf.get_registration()
        return conf

    def public_jwks(self) -> dict[str, Any]:
        """The platform's public key set."""
        keys: dict[str, Any] = self.conf().get_jwks()
        return keys

    def _claims_of_last_launch(self, changes: Mapping[str, Any] | None) -> dict[str, Any]:
        launch = self.last_launch
        if launch is None:
            raise RuntimeError("No launch has been sent yet: launch first, then change its token.")
        claims = {k: v for k, v in launch.claims.items() if k not in ("iat", "exp")}
        return claims | dict(changes or {})

    def id_token(self, changes: Mapping[str, Any] | None = None) -> str:
        """The last launch's claims with ``changes``, signed anew with the platform's key."""
        claims = self._claims_of_last_launch(changes)
        signed: str = self.registration().platform_encode_and_sign(claims, expiration=300)
        return signed

    def wrong_audience_id_token(self, audience: str = "another-tool") -> str:
        """The last launch's token, properly signed, but for another tool."""
        return self.id_token({"aud": audience, "azp": audience})

    def forged_id_token(self, changes: Mapping[str, Any] | None = None) -> str:
        """The last launch's claims (with ``changes``), signed with another key under the
        platform's key id: what someone without the platform's key could make."""
        claims = self._claims_of_last_launch(changes)
        other, _ = _pem_pair()
        headers = {"kid": self.registration().get_kid()}
        forged: str = Registration.encode_and_sign(claims, other, headers, expiration=300)
        return forged

    # The launch ----------------------------------------------------------------------

    def preflight_url(self, request: HTTPServerRequest, sub: str, target: str) -> str:
        """The tool's login address for a new launch of ``sub`` at ``target``."""
        hint = uuid.uuid4().hex
        with self._lock:
            self._pending[hint] = _Pending(sub, target)
        login = _LoginStart(_TornadoRequest(request), self.conf())
        login.set_lti_message_hint(hint=hint)
        login.set_launch_url(target)
        address: str = login.initiate_login(sub)
        return address

    def _pending_launch(self, asked: Mapping[str, str]) -> _Pending:
        """The launch the tool's authentication request continues, once checked."""
        expected = {
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": self.client_id,
        }
        for name, value in expected.items():
            if asked.get(name) != value:
                raise _RefusedError(400, "invalid_request", f"{name} must be {value!r}.")
        if "openid" not in asked.get("scope", "").split():
            raise _RefusedError(400, "invalid_scope", "scope must include 'openid'.")
        if asked.get("redirect_uri") not in self.redirect_uris:
            raise _RefusedError(
                400,
                "invalid_request",
                f"redirect_uri {asked.get('redirect_uri')!r} is not one of {self.redirect_uris}",
            )
        with self._lock:
            pending = self._pending.get(asked.get("lti_message_hint", ""))
        if pending is None:
            raise _RefusedError(400, "invalid_request", "lti_message_hint names no launch.")
        if asked.get("login_hint") != pending.sub:
            raise _RefusedError(400, "login_required", "login_hint is not the launching user.")
        return pending

    def authorize(self, request: HTTPServerRequest) -> str:
        """The launch form for the tool's authentication request (checked first)."""
        asked = _arguments(request.arguments)
        pending = self._pending_launch(asked)
        launch = _MessageLaunch(_TornadoRequest(request), self.conf(), self, pending)
        try:
            page: str = launch.lti_launch()
        except PreflightRequestValidationException:
            raise _RefusedError(
                400, "invalid_request", "nonce, state or client_id is wrong."
            ) from None
        return page

    def keep_launch(self, id_token: str, state: str, redirect_uri: str) -> None:
        """Keep the launch just sent, with its claims."""
        claims = jwt.decode(id_token, options={"verify_signature": False})
        with self._lock:
            self._last_launch = Launch(id_token, state, redirect_uri, claims)

    # The token service ---------------------------------------------------------------

    def token_service_open(self) -> None:
        """Refuse when the platform is down, or refusing tokens."""
        if self.down:
            raise _RefusedError(503, "temporarily_unavailable", "The LMS is down (platform.down).")
        if self.refuse_tokens:
            raise _RefusedError(401, "invalid_client", "The LMS refuses tokens (refuse_tokens).")

    def _check_assertion(self, assertion: str) -> None:
        """The assertion's own claims: from the client, for this token service, used once."""
        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            raise _RefusedError(401, "invalid_client", f"client_assertion: {error}") from None
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        problems = [
            "iss and sub must be the client id"
            if claims.get("iss") != self.client_id or claims.get("sub") != self.client_id
            else "",
            "aud must be the token address" if self.token_url not in audiences else "",
            "exp, iat and jti are required"
            if not all(claims.get(c) for c in ("exp", "iat", "jti"))
            else "",
        ]
        if any(problems):
            raise _RefusedError(401, "invalid_client", "; ".join(p for p in problems if p))
        with self._lock:
            if claims["jti"] in self._assertion_ids:
                raise _RefusedError(401, "invalid_client", "client_assertion jti was used before.")
            self._assertion_ids.add(claims["jti"])

    def issue_token(self, form: Mapping[str, str]) -> dict[str, Any]:
        """An access token (lti1p3platform's) for a token request, or :class:`_RefusedError`."""
        if form.get("client_assertion_type") != ASSERTION_TYPE:
            raise _RefusedError(
                400, "invalid_request", f"client_assertion_type must be {ASSERTION_TYPE}"
            )
        asked = form.get("scope", "").split()
        granted = [scope for scope in asked if scope in GRANTED_SCOPES]
        if asked and not granted:
            raise _RefusedError(400, "invalid_scope", f"None of {asked} is granted to this tool.")
        self._check_assertion(form.get("client_assertion", ""))
        try:
            token: dict[str, Any] = self.conf().get_access_token(
                {**form, "scope": " ".join(granted)}
            )
        except MissingRequiredClaim as error:
            raise _RefusedError(400, "invalid_request", str(error)) from None
        except UnsupportedGrantType:
            raise _RefusedError(400, "unsupported_grant_type", "Use client_credentials.") from None
        except (LtiException, InvalidKeySetUrl, jwt.PyJWTError, KeyError, TypeError) as error:
            raise _RefusedError(401, "invalid_client", f"client_assertion: {error!r}") from None
        return token

    # The grade book ------------------------------------------------------------------

    def ags_open(self) -> None:
        """Refuse when the platform is down."""
        if self.down:
            raise _RefusedError(503, "temporarily_unavailable", "The LMS is down (platform.down).")

    def check_bearer(self, authorization: str, scopes: Sequence[str]) -> None:
        """Refuse unless ``authorization`` holds a platform token with one of ``scopes``."""
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _RefusedError(401, "invalid_token", "A bearer access token is required.")
        try:
            allowed = self.conf().validate_token(token.strip(), allowed_scopes=list(scopes))
        except (LtiException, jwt.PyJWTError) as error:
            raise _RefusedError(
                401, "invalid_token", f"The access token is not valid: {error}"
            ) from None
        if not allowed:
            raise _RefusedError(403, "insufficient_scope", f"The token has none of {list(scopes)}.")

    # Running -------------------------------------------------------------------------

    def _app(self) -> web.Application:
        course = f"/courses/{COURSE}/lineitems"
        routes: list[tuple[str, type[_Handler]]] = [
            ("/launch", _LaunchHandler),
            ("/authorize", _AuthorizeHandler),
            ("/jwks", _KeysHandler),
            ("/token", _TokenHandler),
            (course, _LineItemsHandler),
            (rf"{course}/(\d+)", _LineItemHandler),
            (rf"{course}/(\d+)/scores", _ScoresHandler),
        ]
        return web.Application([(path, handler, {"platform": self}) for path, handler in routes])

    async def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        server = httpserver.HTTPServer(self._app())
        server.add_sockets(self._sockets)
        ready.set()
        await self._stopping.wait()
        server.stop()
        await server.close_all_connections()

    def start(self) -> None:
        """Serve in a background thread; return once the platform answers."""
        ready = threading.Event()
        self._thread = threading.Thread(
            target=asyncio.run, args=(self._serve(ready),), name="lti-platform", daemon=True
        )
        self._thread.start()
        if not ready.wait(WAIT_SECONDS):
            raise RuntimeError(f"the LTI platform did not start within {WAIT_SECONDS} s")

    def stop(self) -> None:
        """Stop serving and close the port."""
        if self._thread is None:
            for sock in self._sockets:
                sock.close()
            return
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(WAIT_SECONDS)
        if self._thread.is_alive():
            raise RuntimeError(f"the LTI platform did not stop within {WAIT_SECONDS} s")
        self._thread = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


# Fixtures (this module is a pytest plugin: tests/conftest.py names it) ----------------


@dataclass
class ToolKeys:
    """The tool's key set, served at ``url`` (what the hub's ``/hub/lti13/jwks`` does)."""

    url: str
    jwks: dict[str, Any] = field(default_factory=lambda: {"keys": []})


@pytest.fixture
def tool_keys() -> Iterator[ToolKeys]:
    """A tiny key-set server; a test puts the tool's public keys in ``jwks``."""
    keys = ToolKeys("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps(keys.jwks).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    keys.url = f"http://127.0.0.1:{server.server_address[1]}/hub/lti13/jwks"
    try:
        yield keys
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def tool_key(tmp_path: Path, tool_keys: ToolKeys) -> rsa.RSAPrivateKey:
    """The course's key pair, its public half served in the tool's key set."""
    key = load_or_create_tool_key(tmp_path / "tool-key.pem")
    tool_keys.jwks = public_jwks(key)
    return key


@pytest.fixture
def platform(tool_keys: ToolKeys) -> Iterator[LtiPlatform]:
    """A platform for a tool at course.example, with one learner (:data:`SUB`)."""
    with LtiPlatform(
        "https://course.example/hub/lti13/oauth_login", tool_keys.url, "course-tool", "dep-1"
    ) as running:
        running.add_user(SUB, "Alice Moreno", "alice@agency.example")
        yield running
