"""A JupyterHub on this machine for tests/deploy/test_jupyterhub.py.

Learners launch the course from an LMS (LTI 1.3: the course's
``CourseLTI13Authenticator``, the platform in ``tests/lti_platform.py``, run by
the test); each gets a local process running the course's learner server
(``deploy/jupyterhub/singleuser/start-learner-server``, as the TLJH and
Kubernetes set-ups do) on the shared PostgreSQL database. The
test gives everything site-specific through ``CASERATE_HUB_TEST_*`` variables.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (given by JupyterHub)

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ["CASERATE_HUB_TEST_STATE"])
BIN = Path(sys.executable).parent
USERS = os.environ["CASERATE_HUB_TEST_USERS"].split(",")


def _port(name: str) -> int:
    return int(os.environ[f"CASERATE_HUB_TEST_{name}_PORT"])


c.JupyterHub.bind_url = f"http://127.0.0.1:{_port('PUBLIC')}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = _port("HUB")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

# The pure-Python configurable-http-proxy from PyPI, next to this Python.
c.ConfigurableHTTPProxy.command = [str(BIN / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_port('PROXY_API')}"
c.ConfigurableHTTPProxy.should_start = True

# The LMS launch, as deploy/jupyterhub/README.md sets it up ("Launch from your LMS").
LTI = {
    name: os.environ[f"CASERATE_HUB_TEST_LTI_{name.upper()}"]
    for name in (
        "issuer",
        "authorize_url",
        "jwks_url",
        "token_url",
        "client_id",
        "deployment_id",
        "tool_key",
    )
}
c.JupyterHub.authenticator_class = "caserate_kit.course.connections._lti.CourseLTI13Authenticator"
c.CourseLTI13Authenticator.issuer = LTI["issuer"]
c.CourseLTI13Authenticator.authorize_url = LTI["authorize_url"]
c.CourseLTI13Authenticator.jwks_endpoint = LTI["jwks_url"]
c.CourseLTI13Authenticator.client_id = {LTI["client_id"]}
c.CourseLTI13Authenticator.deployment_ids = {LTI["deployment_id"]}
c.CourseLTI13Authenticator.username_key = "sub"
c.CourseLTI13Authenticator.records_url = os.environ["CASERATE_HUB_TEST_DB_URL"]
c.CourseLTI13Authenticator.tool_key_file = LTI["tool_key"]
c.CourseLTI13Authenticator.uri_scheme = "http"  # the test hub has no TLS
c.Authenticator.allowed_users = set(USERS)

# The test starts the learners' servers through the API with this service's token.
c.JupyterHub.services = [
    {"name": "hub-test", "api_token": os.environ["CASERATE_HUB_TEST_API_TOKEN"]}
]
# The public certificate verify page, as deploy/jupyterhub sets it up: a hub service that
# anyone can open (/services/verify/verify?code=...), on the learners' records and secret.
c.JupyterHub.services.append(
    {
        "name": "verify",
        "url": f"http://127.0.0.1:{_port('VERIFY')}",
        "command": [sys.executable, "-m", "caserate_kit.course.server._cli", "verify-server"],
        "environment": {
            "CASERATE_DB_URL": os.environ["CASERATE_HUB_TEST_DB_URL"],
            "CASERATE_DATA_DIR": os.environ["CASERATE_HUB_TEST_SECRETS"],
        },
    }
)
# Grades back to the LMS: the sender, a hub service on the learners' records.
c.JupyterHub.services.append(
    {
        "name": "send-records",
        "command": [
            sys.executable,
            "-m",
            "caserate_kit.course.server._cli",
            "send-records",
            "--every",
            "1",
        ],
        "environment": {
            "CASERATE_DB_URL": os.environ["CASERATE_HUB_TEST_DB_URL"],
            "CASERATE_LTI_TOKEN_URL": LTI["token_url"],
            "CASERATE_LTI_TOOL_KEY": LTI["tool_key"],
            "CASERATE_SEND_FIRST_PAUSE_SECONDS": "1",
        },
    }
)
c.JupyterHub.load_roles = [
    {
        "name": "hub-test",
        "scopes": ["servers", "read:users", "admin:server_state"],
        "services": ["hub-test"],
    }
]

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(ROOT / "deploy" / "jupyterhub" / "singleuser" / "start-learner-server")]
c.Spawner.args = ["--allow-root"] if os.geteuid() == 0 else []
c.Spawner.default_url = "/voila/render/notebooks/home.ipynb"
c.Spawner.environment = {
    "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
    "CASERATE_DB_URL": os.environ["CASERATE_HUB_TEST_DB_URL"],
    "CASERATE_SHARED_SECRETS_DIR": os.environ["CASERATE_HUB_TEST_SECRETS"],
    # The learners take post-tests without reading the lessons: no post-test pacing.
    "CASERATE_CONFIG": os.environ["CASERATE_HUB_TEST_CONFIG"],
    "CASERATE_SINGLEUSER": str(BIN / "jupyterhub-singleuser"),
}
# A busy two-core machine starts a server and its first page kernel slowly.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
