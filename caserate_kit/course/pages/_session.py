"""Who is on this page: sign-in, sessions, session tokens and page links.

Signing in starts a session (a row in the records, with an expiry) and hands
the page a session token: the session id and an HMAC tag made with the course
secret (a file in the data folder, never an environment variable). Pages carry
the token in their address (``?token=...``), so every page knows its learner
without a password. A token cannot be guessed or altered: changing one
character breaks its tag. It stops working when the session expires
(``[sign_in] session_hours`` in ``course.toml``), when the learner signs out,
or when they sign out everywhere.

A returning learner gets their own record back on any computer with their
email and their personal code (shown once at their first sign-in, or given by
the trainer after a reset); an email already on record never makes a second
learner. After five wrong codes in 15 minutes an email must wait.

Tokens made before sessions existed (``<learner id>.<tag>``) still open their
learner's pages until that learner has a personal code; the course home then
gives them one, with a new session.

Under JupyterHub the hub has already signed the person in: the learner is the
one whose external id is ``JUPYTERHUB_USER``, and no token is needed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode

from ..._exceptions import InvalidInputError
from .._names import EMAIL_PATTERN as _EMAIL
from .._names import printable
from .._paths import secret_path
from .._personal_codes import new_code, normalize_code
from .._secrets import load_or_create_secret
from ..records import Learner, Store

__all__ = [
    "HUB_USER",
    "REFUSAL_LIMIT",
    "REFUSAL_WINDOW",
    "SignInRefusedError",
    "SignedIn",
    "TokenCheck",
    "check_token",
    "current_learner",
    "current_visit",
    "end_session",
    "hub_learner",
    "hub_user",
    "learner_from_token",
    "legacy_token",
    "make_token",
    "page_url",
    "query_parameters",
    "sign_in",
    "start_session",
]

HUB_USER = "JUPYTERHUB_USER"
REFUSAL_LIMIT = 5
"""Wrong personal codes for one email before it must wait."""
REFUSAL_WINDOW = timedelta(minutes=15)
"""How far back wrong codes count, and so how long an email waits."""

_LEGACY_DOMAIN = b"caserate-kit session token v1\x00"
_DOMAIN = b"caserate-kit session token v2\x00"
_PREFIX = "s."
_TAG_BYTES = 18


def _secret(secret: bytes | None) -> bytes:
    from ..records import Store

    return secret if secret is not None else load_or_create_secret(secret_path(), None, Store)


def _tag(secret: bytes, domain: bytes, value: str) -> str:
    digest = hmac.new(secret, domain + value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_TAG_BYTES]).decode().rstrip("=")


def make_token(session_id: str, secret: bytes | None = None) -> str:
    """The token of a session: ``s.<session id>.<tag>``."""
    return f"{_PREFIX}{session_id}.{_tag(_secret(secret), _DOMAIN, session_id)}"


def legacy_token(learner_id: str, secret: bytes | None = None) -> str:
    """A token as made before sessions existed: ``<learner id>.<tag>`` (for tests and upgrades)."""
    return f"{learner_id}.{_tag(_secret(secret), _LEGACY_DOMAIN, learner_id)}"


@dataclass(frozen=True)
class TokenCheck:
    """What a token says: its learner and ``state``.

    ``state`` is ``"valid"``, ``"legacy"`` (an old token whose learner has no
    personal code yet: valid), ``"expired"``, ``"ended"`` (signed out) or
    ``"unknown"`` (missing, altered or made elsewhere). ``session_id`` is set
    for a session token with a good tag.
    """

    learner: Learner | None
    state: str
    session_id: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the token opens its learner's pages."""
        return self.learner is not None and self.state in ("valid", "legacy", "hub")


def check_token(
    store: Store, token: str, secret: bytes | None = None, *, now: datetime | None = None
) -> TokenCheck:
    """Whose token this is and whether it still holds."""
    value, dot, tag = (token or "").strip().rpartition(".")
    if not dot or not value:
        return TokenCheck(None, "unknown")
    key = _secret(secret)
    if value.startswith(_PREFIX):
        session_id = value.removeprefix(_PREFIX)
        if not hmac.compare_digest(tag, _tag(key, _DOMAIN, session_id)):
            return TokenCheck(None, "unknown")
        found = store.session_state(session_id, now=now)
        return TokenCheck(found.learner, found.state, session_id)
    if not hmac.compare_digest(tag, _tag(key, _LEGACY_DOMAIN, value)):
        return TokenCheck(None, "unknown")
    learner = store.get_learner(value)
    if learner is None:
        return TokenCheck(None, "unknown")
    return TokenCheck(learner, "ended" if store.has_personal_code(learner.id) else "legacy")


def learner_from_token(store: Store, token: str, secret: bytes | None = None) -> Learner | None:
    """The learner a token belongs to, or ``None`` for a missing, altered, unknown,
    expired or signed-out token."""
    found = check_token(store, token, secret)
    return found.learner if found.valid else None


def _lifetime(hours: float | None) -> timedelta:
    if hours is None:
        from .._config import load_config

        hours = load_config().session_hours
    return timedelta(hours=hours)


def start_session(
    store: Store, learner_id: str, secret: bytes | None = None, *, hours: float | None = None
) -> str:
    """Start a session for the learner; returns its token."""
    return make_token(store.start_session(learner_id, _lifetime(hours)), secret)


def end_session(
    store: Store, token: str, secret: bytes | None = None, *, everywhere: bool = False
) -> Learner | None:
    """Sign out: end this token's session (or, ``everywhere``, every session of its learner).

    Returns the learner signed out, or ``None`` if the token was not one of ours. Only a
    token that still holds can sign out everywhere: an old, copied address cannot.
    """
    found = check_token(store, token, secret)
    if found.learner is None or found.state == "unknown" or (everywhere and not found.valid):
        return None
    if everywhere:
        store.end_every_session(found.learner.id)
    elif found.session_id is not None:
        store.end_session(found.session_id)
    return found.learner


class SignInRefusedError(InvalidInputError):
    """A sign-in the records cannot accept; ``field`` names the form field, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(field, "(hidden)", message)
        self.message = message
        self.args = (message,)


class SignedIn(NamedTuple):
    """A sign-in: the learner, their session token, and their new personal code (first time)."""

    learner: Learner
    token: str
    new_code: str | None = None


_NO_CODE_YET = (
    "This email is already on record, but has no personal code yet. Open the course "
    "address you bookmarked to see your code on the course home, or ask your trainer "
    "for one."
)
_CODE_NEEDED = (
    "This email is already on record. Enter the personal code you were shown at your "
    "first sign-in. Lost it? Your trainer can give you a new one."
)


def sign_in(
    store: Store,
    name: str,
    email: str | None = None,
    license_number: str | None = None,
    secret: bytes | None = None,
    *,
    code: str = "",
    hours: float | None = None,
    now: datetime | None = None,
) -> SignedIn:
    """Sign a learner in: a new learner for a new email, the same one for a known email
    with its personal code.

    A new learner with an email gets a personal code (``new_code``), to show once.

    Raises
    ------
    SignInRefusedError
        For a known email without its code, a wrong code, too many wrong codes,
        or a code given with an email not on record; naming the field and what to do.
    """
    people = store.learners_with_email(email) if email else []
    if not people:
        if code.strip():
            raise SignInRefusedError(
                "code",
                "No learner has this email yet. Leave the personal code empty to sign in "
                "for the first time, or check the email.",
            )
        # The secret first: it is made only for records that hold no learner yet.
        secret = secret if secret is not None else load_or_create_secret(secret_path(), store)
        learner = store.add_learner(
            name, email=email or None, license_number=license_number or None
        )
        fresh = new_code() if email else None
        if fresh is not None:
            store.set_personal_code(learner.id, fresh)
        return SignedIn(learner, start_session(store, learner.id, secret, hours=hours), fresh)
    assert email is not None
    return _returning(store, people, email, code, secret, hours, now)


def _returning(
    store: Store,
    people: list[Learner],
    email: str,
    code: str,
    secret: bytes | None,
    hours: float | None,
    now: datetime | None,
) -> SignedIn:
    moment = now or datetime.now(UTC)
    refused = store.sign_in_refusals_since(email, moment - REFUSAL_WINDOW)
    if refused >= REFUSAL_LIMIT:
        minutes = int(REFUSAL_WINDOW.total_seconds() // 60)
        raise SignInRefusedError(
            "code",
            f"Too many wrong personal codes for this email. Wait {minutes} minutes and try "
            "again, or ask your trainer to give you a new code.",
        )
    if not code.strip():
        with_code = [person for person in people if store.has_personal_code(person.id)]
        raise SignInRefusedError("code", _CODE_NEEDED if with_code else _NO_CODE_YET)
    if normalize_code(code) is None:
        raise SignInRefusedError(
            "code",
            "A personal code has 8 letters and digits, like K7QM-4TXP. Check what you typed.",
        )
    for person in people:
        if store.personal_code_matches(person.id, code):
            return SignedIn(person, start_session(store, person.id, secret, hours=hours))
    if not any(store.has_personal_code(person.id) for person in people):
        raise SignInRefusedError("code", _NO_CODE_YET)
    store.record_sign_in_refusal(email, moment)
    left = REFUSAL_LIMIT - refused - 1
    after = (
        f"{left} more {'try' if left == 1 else 'tries'} before a pause"
        if left
        else "the next try must wait 15 minutes"
    )
    raise SignInRefusedError(
        "code",
        f"That personal code does not match this email ({after}). Check it, or ask your "
        "trainer to give you a new code.",
    )


def hub_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The JupyterHub user name when running under a hub, else ``None``."""
    value = (environ if environ is not None else os.environ).get(HUB_USER, "").strip()
    return value or None


def query_parameters(query_string: str | None = None) -> dict[str, str]:
    """The page address's parameters (Voila passes them as ``QUERY_STRING``)."""
    raw = os.environ.get("QUERY_STRING", "") if query_string is None else query_string
    return {key: values[-1] for key, values in parse_qs(raw).items() if values}


def current_learner(
    store: Store,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
    secret: bytes | None = None,
) -> Learner | None:
    """The learner on this page: the hub user under JupyterHub, else the token's owner."""
    found = current_visit(store, query_string, environ, secret)
    return found.learner if found.valid else None


def current_visit(
    store: Store,
    query_string: str | None = None,
    environ: Mapping[str, str] | None = None,
    secret: bytes | None = None,
) -> TokenCheck:
    """The learner on this page and how they got here (``"hub"`` under JupyterHub)."""
    user = hub_user(environ)
    if user is not None:
        return TokenCheck(hub_learner(store, user), "hub")
    token = query_parameters(query_string).get("token", "")
    return check_token(store, token, secret) if token else TokenCheck(None, "unknown")


def hub_learner(store: Store, user: str) -> Learner:
    """The learner of hub user ``user``, made on their first page.

    A learner who came from the agency's LMS (an LTI launch is on record) is
    named as the LMS names them, with its e-mail; a learner still named by
    their hub user name takes the LMS's name once the LMS sends one.
    """
    launch = store.latest_launch(user)
    name = printable(launch.name or "") if launch is not None else ""
    email = launch.email if launch is not None and _EMAIL.fullmatch(launch.email or "") else None
    known = store.find_learner_by_external_id(user)
    if known is None:
        return store.add_learner(name or user, email=email, external_id=user)
    if known.name == user and name and name != user:
        email = email or known.email
        return store.update_details(known.id, name, email, known.license_number)
    return known


def page_url(page: str, token: str | None = None, **parameters: str) -> str:
    """The address of a course page, relative to another page in ``notebooks/``.

    ``page`` is ``"home"``, ``"posttest"``, ``"../lessons/03_what_case_rates_are"``...
    """
    query = {**parameters, **({"token": token} if token else {})}
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{page}.ipynb{suffix}"
