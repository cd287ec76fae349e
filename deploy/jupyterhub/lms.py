"""Learners launch the course from the agency's LMS (LTI 1.3); grades and xAPI go back out.

A JupyterHub configuration file: link it into ``jupyterhub_config.d`` (TLJH:
``/opt/tljh/config/jupyterhub_config.d/``; Kubernetes: ``hub.extraFiles``, see
``README.md``, "Launch from your LMS"). It reads the site's values from a TOML
file, ``/etc/caserate-course/lms.toml`` (or the file ``CASERATE_LMS_CONFIG``
names; ``lms.example.toml`` shows every key) and sets:

- the hub's sign-in to the course's LTI 1.3 authenticator
  (``caserate_kit.course.connections._lti.CourseLTI13Authenticator``): anyone the
  LMS launches is signed in, named by the LMS's stable user id (``sub``);
- the hub service ``send-records`` (``caserate-course send-records``), which
  sends each pass and completion back to the LMS's grade book, and, when an
  ``[lrs]`` table is given, every xAPI statement to the learning record store.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Any

LTI_KEYS = ("issuer", "client_id", "deployment_ids", "authorize_url", "jwks_url", "token_url")
"""What ``[lti]`` must give: the values the LMS shows once the tool is registered."""


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise SystemExit(f"The LMS settings {path} cannot be read ({error.strerror}).") from None
    except tomllib.TOMLDecodeError as error:
        raise SystemExit(f"The LMS settings {path} are not valid TOML ({error}).") from None


def _lti(settings: dict[str, Any], path: Path) -> dict[str, Any]:
    lti = settings.get("lti")
    missing = [key for key in LTI_KEYS if not isinstance(lti, dict) or not lti.get(key)]
    if missing:
        raise SystemExit(f"The LMS settings {path} lack [lti] {', '.join(missing)}.")
    assert isinstance(lti, dict)
    ids = lti["deployment_ids"]
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids):
        raise SystemExit(f"[lti] deployment_ids in {path} must be a list of texts.")
    return lti


def lms_settings(
    config: Any, path: Path, db_url: str, python: str = sys.executable
) -> dict[str, Any]:
    """Set the LTI 1.3 sign-in and the ``send-records`` service from the TOML at ``path``;
    return the service's settings."""
    settings = _read(path)
    lti = _lti(settings, path)
    tool_key = str(lti.get("tool_key", path.parent / "lti-tool.pem"))
    auth = config.CourseLTI13Authenticator
    config.JupyterHub.authenticator_class = (
        "caserate_kit.course.connections._lti.CourseLTI13Authenticator"
    )
    auth.issuer = lti["issuer"]
    auth.client_id = {str(lti["client_id"])}
    auth.deployment_ids = set(lti["deployment_ids"])
    auth.authorize_url = lti["authorize_url"]
    auth.jwks_endpoint = lti["jwks_url"]
    auth.username_key = str(lti.get("username_key", "sub"))
    auth.records_url = db_url
    auth.tool_key_file = tool_key
    auth.tool_name = str(lti.get("tool_name", "Managed care and case rates"))
    config.Authenticator.allow_all = True  # whoever the agency's LMS launches
    environment = {
        "CASERATE_DB_URL": db_url,
        "CASERATE_LTI_TOKEN_URL": lti["token_url"],
        "CASERATE_LTI_TOOL_KEY": tool_key,
    }
    if lti.get("token_audience"):
        environment["CASERATE_LTI_TOKEN_AUDIENCE"] = str(lti["token_audience"])
    lrs = settings.get("lrs")
    if isinstance(lrs, dict) and lrs.get("url"):
        environment["CASERATE_LRS_URL"] = str(lrs["url"])
        environment["CASERATE_LRS_CREDENTIALS_FILE"] = str(
            lrs.get("credentials_file", path.parent / "lrs-account")
        )
        if lrs.get("base_iri"):
            environment["CASERATE_XAPI_BASE_IRI"] = str(lrs["base_iri"])
    service = {
        "name": "send-records",
        "command": [python, "-m", "caserate_kit.course.server._cli", "send-records"],
        "environment": environment,
    }
    config.JupyterHub.services.append(service)
    return service


if "get_config" in globals():  # loaded by JupyterHub as a configuration file
    _etc = Path(os.environ.get("CASERATE_ETC_DIR", "/etc/caserate-course"))
    _path = Path(os.environ.get("CASERATE_LMS_CONFIG", _etc / "lms.toml"))
    _db = os.environ.get("CASERATE_DB_URL") or (_etc / "db-url").read_text(encoding="utf-8").strip()
    lms_settings(get_config(), _path, _db)  # type: ignore[name-defined]  # noqa: F821
