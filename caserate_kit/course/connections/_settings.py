"""Where records go, read from the environment: the agency's LRS and its LMS.

Everything comes from environment variables (or files they name), never from
a page, so no learner can point the course elsewhere:

- ``CASERATE_LRS_URL``: the xAPI address of the learning record store (the
  part before ``statements``, e.g. ``https://lrs.agency.org/xAPI/``);
  ``CASERATE_LRS_USER`` and ``CASERATE_LRS_PASSWORD``, or
  ``CASERATE_LRS_CREDENTIALS_FILE`` (a file holding ``user:password``);
  ``CASERATE_XAPI_BASE_IRI``: the address under which activities are named.
- ``CASERATE_LTI_TOKEN_URL``: the LMS's token address (LTI Advantage), and
  ``CASERATE_LTI_TOOL_KEY``: the course's private key file (made on first use),
  whose public half the LMS reads at the tool's key-set address;
  ``CASERATE_LTI_TOKEN_AUDIENCE`` when the LMS names another audience for its
  token requests than the token address.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..._exceptions import InvalidInputError
from ._xapi import DEFAULT_BASE_IRI

__all__ = ["LmsSettings", "LrsSettings", "lms_settings", "lrs_settings"]


@dataclass(frozen=True)
class LrsSettings:
    """A learning record store: its xAPI address, the account, and the activities' base IRI."""

    url: str
    user: str
    password: str = ""
    base_iri: str = DEFAULT_BASE_IRI

    def __repr__(self) -> str:  # never print the password
        return f"LrsSettings(url={self.url!r}, user={self.user!r}, base_iri={self.base_iri!r})"


@dataclass(frozen=True)
class LmsSettings:
    """The LMS's token address and the course's private key for signing its requests."""

    token_url: str
    tool_key: Path
    audience: str = ""
    """What the course's signed token requests name as their audience (default: the token
    address; some LMSs, Brightspace among them, ask for another)."""


def _address(variable: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidInputError(variable, value, "must be an http:// or https:// address")
    return value


def _credentials(env: Mapping[str, str]) -> tuple[str, str]:
    named = env.get("CASERATE_LRS_CREDENTIALS_FILE", "").strip()
    if not named:
        return env.get("CASERATE_LRS_USER", "").strip(), env.get("CASERATE_LRS_PASSWORD", "")
    try:
        text = Path(named).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise InvalidInputError(
            "CASERATE_LRS_CREDENTIALS_FILE", named, f"cannot be read ({error.strerror})"
        ) from None
    user, colon, password = text.partition(":")
    if not colon or not user.strip():
        raise InvalidInputError(
            "CASERATE_LRS_CREDENTIALS_FILE", named, "must hold one line: user:password"
        )
    return user.strip(), password


def lrs_settings(environ: Mapping[str, str] | None = None) -> LrsSettings | None:
    """The LRS to send statements to, or ``None`` when ``CASERATE_LRS_URL`` is not set."""
    env = os.environ if environ is None else environ
    url = env.get("CASERATE_LRS_URL", "").strip()
    if not url:
        return None
    url = _address("CASERATE_LRS_URL", url)
    user, password = _credentials(env)
    if not user:
        raise InvalidInputError(
            "CASERATE_LRS_USER",
            "",
            "must be set with CASERATE_LRS_URL (or CASERATE_LRS_CREDENTIALS_FILE)",
        )
    base = env.get("CASERATE_XAPI_BASE_IRI", "").strip() or DEFAULT_BASE_IRI
    return LrsSettings(
        url if url.endswith("/") else f"{url}/",
        user,
        password,
        _address("CASERATE_XAPI_BASE_IRI", base),
    )


def lms_settings(environ: Mapping[str, str] | None = None) -> LmsSettings | None:
    """The LMS to send grades to, or ``None`` when ``CASERATE_LTI_TOKEN_URL`` is not set."""
    env = os.environ if environ is None else environ
    url = env.get("CASERATE_LTI_TOKEN_URL", "").strip()
    if not url:
        return None
    key = env.get("CASERATE_LTI_TOOL_KEY", "").strip()
    if not key:
        raise InvalidInputError(
            "CASERATE_LTI_TOOL_KEY", "", "must name the course's private key file for the LMS"
        )
    audience = env.get("CASERATE_LTI_TOKEN_AUDIENCE", "").strip()
    return LmsSettings(_address("CASERATE_LTI_TOKEN_URL", url), Path(key), audience)
