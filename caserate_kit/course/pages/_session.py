"""Who is on this page: sign-in, session tokens and page links.

A learner signs in once per browser and receives a session token: their
learner id and an HMAC tag made with the course secret (a file in the data
folder, never an environment variable). Pages carry the token in their
address (``?token=...``), so every page knows its learner without a password.
A token cannot be guessed or altered: changing one character breaks its tag.

Under JupyterHub the hub has already signed the person in: the learner is the
one whose external id is ``JUPYTERHUB_USER``, and no token is needed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from urllib.parse import parse_qs, urlencode

from .._paths import secret_path
from .._secrets import load_or_create_secret
from ..records import Learner, Store

__all__ = [
    "HUB_USER",
    "current_learner",
    "hub_user",
    "learner_from_token",
    "make_token",
    "page_url",
    "query_parameters",
    "sign_in",
]

HUB_USER = "JUPYTERHUB_USER"
_DOMAIN = b"caserate-kit session token v1\x00"
_TAG_BYTES = 18


def _secret(secret: bytes | None) -> bytes:
    return secret if secret is not None else load_or_create_secret(secret_path())


def _tag(secret: bytes, learner_id: str) -> str:
    digest = hmac.new(secret, _DOMAIN + learner_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_TAG_BYTES]).decode().rstrip("=")


def make_token(learner_id: str, secret: bytes | None = None) -> str:
    """The session token of a learner: ``<learner id>.<tag>``."""
    return f"{learner_id}.{_tag(_secret(secret), learner_id)}"


def learner_from_token(store: Store, token: str, secret: bytes | None = None) -> Learner | None:
    """The learner a token belongs to, or ``None`` for a missing, altered or unknown token."""
    learner_id, dot, tag = (token or "").strip().rpartition(".")
    if not dot or not learner_id:
        return None
    if not hmac.compare_digest(tag, _tag(_secret(secret), learner_id)):
        return None
    return store.get_learner(learner_id)


def sign_in(
    store: Store,
    name: str,
    email: str | None = None,
    license_number: str | None = None,
    secret: bytes | None = None,
) -> tuple[Learner, str]:
    """Record a new learner (name, optional email and license number) and return their token."""
    learner = store.add_learner(name, email=email or None, license_number=license_number or None)
    return learner, make_token(learner.id, secret)


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
    user = hub_user(environ)
    if user is not None:
        known = store.find_learner_by_external_id(user)
        return known or store.add_learner(user, external_id=user)
    token = query_parameters(query_string).get("token", "")
    return learner_from_token(store, token, secret) if token else None


def page_url(page: str, token: str | None = None, **parameters: str) -> str:
    """The address of a course page, relative to another page in ``notebooks/``.

    ``page`` is ``"home"``, ``"posttest"``, ``"../lessons/03_what_case_rates_are"``...
    """
    query = {**parameters, **({"token": token} if token else {})}
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{page}.ipynb{suffix}"
