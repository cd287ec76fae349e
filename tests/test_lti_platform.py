"""The test LMS (``tests/lti_platform.py``), and the course's grade sender against it.

What the platform does as LTI 1.3 asks:

- a token for a client assertion signed with a key of the tool's key set; 401 for
  one signed with another key, for another address, or sent twice;
- the grade book: line items found by ``resource_id``, made by POST, scores posted
  to ``<line item>/scores``, each for a valid bearer token with the right scope;
- faults on demand: down (503), refusing tokens (401);
- a launch: to the tool's login with the launch's hints, then, for the tool's
  authentication request, a form posting an id token that verifies against
  ``/jwks``, for the tool, with the tool's nonce and the grade-service claim.

And :class:`~caserate_kit.course.connections._ags.LmsClient` sends a grade there as
a score on the lesson's line item, making that line item once only.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from lti_platform import (
    AGS_CLAIM,
    CLAIM,
    LEARNER,
    LINEITEM_SCOPE,
    LINEITEM_TYPE,
    SCORE_SCOPE,
    SCORE_TYPE,
    SUB,
    LtiPlatform,
    ToolKeys,
    read_launch_form,
)

from caserate_kit.course.connections._tool_key import (
    key_id,
    public_jwks,
)

ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
CALLBACK = "https://course.example/hub/lti13/oauth_callback"
QUIZ = "lesson-01"


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, headers (names in lower case) and body (parsed if JSON)."""

    status: int
    headers: dict[str, str]
    body: Any


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args: Any, **_kwargs: Any) -> None:
        return None


def call(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request, redirects not followed; any status comes back as an :class:`Answer`."""
    sent = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(sent, timeout=10) as reply:
            status, named, raw = reply.status, reply.headers.items(), reply.read()
    except urllib.error.HTTPError as error:
        status, named, raw = error.code, error.headers.items(), error.read()
        error.close()
    got = {name.lower(): value for name, value in named}
    kind = got.get("content-type", "")
    return Answer(status, got, json.loads(raw) if raw and "json" in kind else raw.decode())


def assertion(key: rsa.RSAPrivateKey, platform: LtiPlatform, **changes: Any) -> str:
    """A client assertion for the platform's token service, signed with ``key``."""
    now = int(datetime.now(UTC).timestamp())
    claims = {
        "iss": platform.client_id,
        "sub": platform.client_id,
        "aud": platform.token_url,
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
    } | changes
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": key_id(key)})


def ask_token(
    platform: LtiPlatform, signed: str, scopes: tuple[str, ...] = (LINEITEM_SCOPE, SCORE_SCOPE)
) -> Answer:
    """The token service's answer for the assertion ``signed``."""
    form = {
        "grant_type": "client_credentials",
        "client_assertion_type": ASSERTION,
        "client_assertion": signed,
        "scope": " ".join(scopes),
    }
    return call(
        "POST",
        platform.token_url,
        urlencode(form).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )


def token(platform: LtiPlatform, key: rsa.RSAPrivateKey, *scopes: str) -> str:
    """An access token (for the course's two scopes unless ``scopes`` are given)."""
    answer = ask_token(platform, assertion(key, platform), scopes or (LINEITEM_SCOPE, SCORE_SCOPE))
    assert answer.status == 200, answer.body
    access: str = answer.body["access_token"]
    return access


def bearer(access: str, kind: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {access}"} | ({"Content-Type": kind} if kind else {})


def make_line_item(platform: LtiPlatform, access: str, resource: str = QUIZ) -> Answer:
    item = {"label": "Lesson 1 post-test", "scoreMaximum": 100, "resourceId": resource}
    return call(
        "POST", platform.lineitems_url, json.dumps(item).encode(), bearer(access, LINEITEM_TYPE)
    )


def post_score(platform: LtiPlatform, access: str, lineitem: str, **changes: Any) -> Answer:
    score = {
        "userId": SUB,
        "scoreGiven": 80,
        "scoreMaximum": 100,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": datetime.now(UTC).isoformat(),
    } | changes
    return call(
        "POST", f"{lineitem}/scores", json.dumps(score).encode(), bearer(access, SCORE_TYPE)
    )


# The token service ------------------------------------------------------------------


def test_a_signed_assertion_gets_a_token_for_the_granted_scopes(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey
) -> None:
    """Does an assertion signed with the tool's key get a bearer token, for its scopes?"""
    answer = ask_token(platform, assertion(tool_key, platform))
    assert answer.status == 200, answer.body
    assert answer.body["token_type"].lower() == "bearer"
    assert answer.body["expires_in"] > 0
    assert set(answer.body["scope"].split()) == {LINEITEM_SCOPE, SCORE_SCOPE}
    assert platform.token_requests == 1


@pytest.mark.parametrize(
    "problem",
    ["another key", "another address", "another client", "sent twice"],
)
def test_a_bad_assertion_is_refused(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, problem: str
) -> None:
    """Is an assertion not signed with the tool's key, not for this token service, not
    from the registered client, or replayed, refused with 401 and an OAuth error?"""
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    signed = {
        "another key": lambda: assertion(stranger, platform),
        "another address": lambda: assertion(tool_key, platform, aud="https://elsewhere/token"),
        "another client": lambda: assertion(tool_key, platform, iss="x", sub="x"),
        "sent twice": lambda: assertion(tool_key, platform, jti="once"),
    }[problem]()
    if problem == "sent twice":
        assert ask_token(platform, signed).status == 200
    answer = ask_token(platform, signed)
    assert answer.status == 401
    assert answer.body["error"] == "invalid_client"


def test_the_tool_key_set_is_read_again_for_a_new_key(
    platform: LtiPlatform, tool_keys: ToolKeys, tool_key: rsa.RSAPrivateKey
) -> None:
    """After the tool changes its key, is an assertion signed with the new one accepted?"""
    token(platform, tool_key)
    newer = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tool_keys.jwks = public_jwks(newer)
    assert ask_token(platform, assertion(newer, platform)).status == 200
    assert ask_token(platform, assertion(tool_key, platform)).status == 401


# The grade book ---------------------------------------------------------------------


def test_a_line_item_is_made_found_and_scored(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey
) -> None:
    """Is a made line item found by its resource id (only it), and a score stored on it?"""
    access = token(platform, tool_key)
    made = make_line_item(platform, access)
    make_line_item(platform, access, resource="lesson-02")
    assert made.status == 201
    assert made.body["id"].startswith(f"{platform.lineitems_url}/")
    found = call("GET", f"{platform.lineitems_url}?resource_id={QUIZ}", headers=bearer(access))
    assert found.status == 200
    assert found.headers["content-type"].startswith("application/vnd.ims.lis.v2.lineitemcontainer")
    assert found.body == [made.body]
    one = call("GET", made.body["id"], headers=bearer(access))
    assert one.body == made.body
    assert post_score(platform, access, made.body["id"]).status in (200, 201, 202, 204)
    [(lineitem, score)] = platform.scores
    assert (lineitem, score["userId"], score["scoreGiven"]) == (made.body["id"], SUB, 80)
    assert platform.score_posts == 1


@pytest.mark.parametrize(
    ("item", "kind", "status"),
    [
        ({"label": "Lesson 1", "scoreMaximum": 100}, "application/json", 415),
        ({"label": "", "scoreMaximum": 100}, LINEITEM_TYPE, 400),
        ({"label": "Lesson 1", "scoreMaximum": 0}, LINEITEM_TYPE, 400),
    ],
)
def test_a_line_item_outside_the_spec_is_refused(
    platform: LtiPlatform,
    tool_key: rsa.RSAPrivateKey,
    item: dict[str, Any],
    kind: str,
    status: int,
) -> None:
    """Is a line item sent as plain JSON, without a label, or with no maximum refused?"""
    access = token(platform, tool_key)
    sent = call("POST", platform.lineitems_url, json.dumps(item).encode(), bearer(access, kind))
    assert sent.status == status
    assert platform.line_items == []


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"userId": "nobody"}, 422),
        ({"timestamp": "2027-01-04T09:00:00"}, 400),
        ({"activityProgress": "Done"}, 400),
        ({"scoreMaximum": None}, 400),
    ],
)
def test_a_score_outside_the_spec_is_refused(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey, changes: dict[str, Any], status: int
) -> None:
    """Is a score for an unknown learner, without a time zone, with an unknown progress,
    or given without its maximum, refused and not stored?"""
    access = token(platform, tool_key)
    lineitem = make_line_item(platform, access).body["id"]
    assert post_score(platform, access, lineitem, **changes).status == status
    assert platform.scores == []


def test_the_grade_book_wants_a_valid_token_with_the_right_scope(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey
) -> None:
    """Is the grade book closed without a token (401), with one the platform did not sign
    (401), and to a token without the scope asked (403)?"""
    access = token(platform, tool_key)
    lineitem = make_line_item(platform, access).body["id"]
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode({"iss": platform.issuer, "scopes": SCORE_SCOPE}, stranger, "RS256")
    assert call("GET", platform.lineitems_url).status == 401
    refused = post_score(platform, forged, lineitem)
    assert refused.status == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert make_line_item(platform, "not-a-token").status == 401
    scores_only = token(platform, tool_key, SCORE_SCOPE)
    assert make_line_item(platform, scores_only).status == 403
    assert post_score(platform, scores_only, lineitem).status == 204
    assert len(platform.scores) == 1
    assert platform.score_posts == 2


def test_a_down_platform_answers_503_and_a_refusing_one_401(
    platform: LtiPlatform, tool_key: rsa.RSAPrivateKey
) -> None:
    """When down, do the token service and the grade book answer 503? When refusing
    tokens, does the token service answer 401 while the grade book still works?"""
    access = token(platform, tool_key)
    lineitem = make_line_item(platform, access).body["id"]
    platform.down = True
    assert ask_token(platform, assertion(tool_key, platform)).status == 503
    assert call("GET", platform.lineitems_url, headers=bearer(access)).status == 503
    assert post_score(platform, access, lineitem).status == 503
    platform.down, platform.refuse_tokens = False, True
    refused = ask_token(platform, assertion(tool_key, platform))
    assert (refused.status, refused.body["error"]) == (401, "invalid_client")
    assert post_score(platform, access, lineitem).status == 204
    assert (platform.token_requests, platform.score_posts) == (3, 2)
    assert len(platform.scores) == 1


# The launch ---------------------------------------------------------------------------


def start_launch(platform: LtiPlatform, target: str) -> dict[str, str]:
    """Start a launch; the query the platform sends the browser to the tool's login with."""
    started = call("GET", platform.launch_url(SUB, target))
    assert started.status == 302
    location = urlsplit(started.headers["location"])
    assert location._replace(query="").geturl() == platform.tool_login_url
    return {name: values[0] for name, values in parse_qs(location.query).items()}


def authentication_request(login: dict[str, str], nonce: str, **changes: str) -> dict[str, str]:
    """What the tool sends the browser to the platform's authorize address with."""
    return {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": login["client_id"],
        "redirect_uri": CALLBACK,
        "login_hint": login["login_hint"],
        "lti_message_hint": login["lti_message_hint"],
        "state": "state-1",
        "nonce": nonce,
    } | changes


def test_a_launch_starts_at_the_tool_login_with_its_hints(platform: LtiPlatform) -> None:
    """Is the browser sent to the tool's login with the issuer, the user, the target,
    the message hint, the client id and the deployment id?"""
    target = "https://course.example/hub/user-redirect/lab"
    login = start_launch(platform, target)
    assert login["iss"] == platform.issuer
    assert login["login_hint"] == SUB
    assert login["target_link_uri"] == target
    assert login["lti_message_hint"]
    assert (login["client_id"], login["lti_deployment_id"]) == ("course-tool", "dep-1")
    assert call("GET", platform.launch_url("nobody")).status == 404


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_authorize_step_posts_a_signed_launch_to_the_tool(
    platform: LtiPlatform, method: str
) -> None:
    """Does the page post, to the tool's callback, an id token that verifies against the
    platform's key set, for the tool, with its nonce, the learner and the grade book?"""
    target = "https://course.example/hub/"
    asked = authentication_request(start_launch(platform, target), "nonce-42")
    query = urlencode(asked)
    if method == "GET":
        page = call("GET", f"{platform.authorize_url}?{query}")
    else:
        page = call("POST", platform.authorize_url, query.encode())
    assert page.status == 200
    assert "<button" in page.body
    action, fields = read_launch_form(page.body)
    assert action == CALLBACK
    assert fields["state"] == "state-1"
    signing_key = jwt.PyJWKClient(platform.jwks_url).get_signing_key_from_jwt(fields["id_token"])
    claims = jwt.decode(
        fields["id_token"],
        signing_key.key,
        algorithms=["RS256"],
        audience="course-tool",
        issuer=platform.issuer,
    )
    assert claims["nonce"] == "nonce-42"
    assert (claims["sub"], claims["name"], claims["email"]) == (
        SUB,
        "Alice Moreno",
        "alice@agency.example",
    )
    assert claims[f"{CLAIM}roles"] == [LEARNER]
    assert claims[f"{CLAIM}deployment_id"] == "dep-1"
    assert claims[f"{CLAIM}target_link_uri"] == target
    assert claims[f"{CLAIM}message_type"] == "LtiResourceLinkRequest"
    assert claims[f"{CLAIM}resource_link"]["id"]
    assert claims[f"{CLAIM}context"]["id"]
    ags = claims[AGS_CLAIM]
    assert ags["lineitems"] == platform.lineitems_url
    assert set(ags["scope"]) == {LINEITEM_SCOPE, SCORE_SCOPE}
    launch = platform.last_launch
    assert launch is not None
    assert (launch.id_token, launch.state, launch.redirect_uri) == (
        fields["id_token"],
        "state-1",
        CALLBACK,
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"client_id": "another-tool"},
        {"redirect_uri": "https://attacker.example/callback"},
        {"login_hint": "someone-else"},
        {"lti_message_hint": "made-up"},
        {"response_mode": "query"},
        {"nonce": ""},
    ],
)
def test_a_wrong_authentication_request_gets_no_launch(
    platform: LtiPlatform, changes: dict[str, str]
) -> None:
    """Is a request for another client, another callback, another user, an unknown
    launch, another response mode or without nonce refused, with no token sent?"""
    asked = authentication_request(start_launch(platform, platform.target_link_uri), "n")
    answer = call("GET", f"{platform.authorize_url}?{urlencode(asked | changes)}")
    assert answer.status == 400
    assert platform.last_launch is None


def test_forged_and_misaddressed_tokens_fail_the_tool_checks(platform: LtiPlatform) -> None:
    """Does a forged token fail the signature check (its key id is the platform's), and a
    token for another tool the audience check, while the re-signed one passes both?"""
    asked = authentication_request(start_launch(platform, platform.target_link_uri), "n-1")
    call("GET", f"{platform.authorize_url}?{urlencode(asked)}")
    keys = jwt.PyJWKClient(platform.jwks_url)

    def check(token: str) -> dict[str, Any]:
        key = keys.get_signing_key_from_jwt(token).key
        decoded: dict[str, Any] = jwt.decode(
            token, key, algorithms=["RS256"], audience="course-tool", issuer=platform.issuer
        )
        return decoded

    assert check(platform.id_token({"name": "Renamed"}))["name"] == "Renamed"
    with pytest.raises(jwt.InvalidSignatureError):
        check(platform.forged_id_token())
    with pytest.raises(jwt.InvalidAudienceError):
        check(platform.wrong_audience_id_token())
