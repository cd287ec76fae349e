"""The hub's sign-in for learners who launch the course from the agency's LMS (LTI 1.3).

:class:`CourseLTI13Authenticator` is JupyterHub's LTI 1.3 authenticator
(``jupyterhub-ltiauthenticator``: the OpenID Connect launch, the platform's
signature, audience, nonce and state checks) with what the course adds:

- launches from a deployment the agency did not register are refused;
- each launch is kept in the course records (:class:`~caserate_kit.course.records.LtiLaunch`):
  the learner's LMS id, name and e-mail, and where grades go, so that the
  course names them as the LMS does and sends their grades back;
- the course's public key set at ``/hub/lti13/jwks``, for the LMS to check the
  course's signed requests for grade access (:mod:`._tool_key`).

Settings (``jupyterhub_config.py``): those of ``LTI13Authenticator`` (issuer,
client ids, authorize URL, the platform's key set), plus ``deployment_ids``,
``records_url`` (default ``CASERATE_DB_URL``) and ``tool_key_file`` (default
``CASERATE_LTI_TOOL_KEY``). This module needs JupyterHub; nothing else imports it.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ltiauthenticator.lti13.auth import LTI13Authenticator  # type: ignore[import-untyped]
from tornado import web
from traitlets import Set, Unicode, default

from ..records import LtiLaunch, Store
from ._tool_key import load_or_create_tool_key, public_jwks

__all__ = ["CourseLTI13Authenticator", "launch_of"]

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DEPLOYMENT = f"{CLAIM}deployment_id"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def launch_of(user: str, claims: dict[str, Any]) -> LtiLaunch:
    """The launch to keep for hub user ``user``, from the checked id token's ``claims``."""
    audience = claims.get("aud")
    client_id = claims.get("azp") or (audience[0] if isinstance(audience, list) else audience)
    context, link, ags = (
        _mapping(claims.get(name))
        for name in (f"{CLAIM}context", f"{CLAIM}resource_link", AGS_ENDPOINT)
    )
    listed = ags.get("scope")
    scopes: list[Any] = listed if isinstance(listed, list) else []
    return LtiLaunch(
        id="",
        external_id=user,
        issuer=str(claims.get("iss", "")),
        client_id=str(client_id or ""),
        deployment_id=str(claims.get(DEPLOYMENT, "")),
        lms_user_id=str(claims.get("sub", "")),
        name=_text(claims.get("name")),
        email=_text(claims.get("email")),
        context_id=_text(context.get("id")),
        resource_link_id=_text(link.get("id")),
        lineitems_url=_text(ags.get("lineitems")),
        scopes=tuple(str(scope) for scope in scopes),
        at=datetime.now(UTC),
    )


class ToolKeysHandler(web.RequestHandler):
    """``GET /hub/lti13/jwks``: the course's public key set, for the LMS."""

    def initialize(self, key_file: str) -> None:
        self.key_file = key_file

    def get(self) -> None:
        if not self.key_file:
            raise web.HTTPError(404, "No tool key is set up (CASERATE_LTI_TOOL_KEY)")
        key = load_or_create_tool_key(Path(self.key_file))
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "public, max-age=300")
        self.finish(json.dumps(public_jwks(key)))


class CourseLTI13Authenticator(LTI13Authenticator):  # type: ignore[misc]
    """JupyterHub's LTI 1.3 sign-in, keeping each launch in the course records."""

    login_service = "your organization's learning system"

    deployment_ids = Set(
        trait=Unicode(),
        config=True,
        help="The LMS deployment ids allowed to launch the course (empty: any of the client ids').",
    )
    records_url = Unicode(config=True, help="The course records (a SQLAlchemy URL).")
    tool_key_file = Unicode(config=True, help="The course's private key file for the LMS.")

    @default("records_url")
    def _records_url(self) -> str:
        return os.environ.get("CASERATE_DB_URL", "")

    @default("tool_key_file")
    def _tool_key_file(self) -> str:
        return os.environ.get("CASERATE_LTI_TOOL_KEY", "")

    def get_handlers(self, app: Any) -> list[Any]:
        """The launch handlers, and the course's key set at ``/lti13/jwks``."""
        keys = (r"/lti13/jwks", ToolKeysHandler, {"key_file": self.tool_key_file})
        return [*super().get_handlers(app), keys]

    def _keep(self, launch: LtiLaunch) -> None:
        with Store(self.records_url or None) as store:
            store.record_launch(launch)

    async def authenticate(
        self, handler: Any, data: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """The hub user of a checked launch; the launch is kept in the course records."""
        claims = data or {}
        deployment = str(claims.get(DEPLOYMENT, ""))
        if self.deployment_ids and deployment not in self.deployment_ids:
            self.log.warning("LTI launch refused: deployment %r is not registered", deployment)
            raise web.HTTPError(403, "This LMS deployment is not registered for the course.")
        user: dict[str, Any] = await super().authenticate(handler, data)
        name = self.normalize_username(user["name"])
        await asyncio.to_thread(self._keep, launch_of(name, claims))
        return user
