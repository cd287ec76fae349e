"""A JupyterHub on this machine for tests/deploy/test_jupyterhub.py.

Learners launch the course from an LMS (LTI 1.3: the course's
``CourseLTI13Authenticator``, the platform in ``tests/lti_platform.py``, run by
the test); each gets a local process running the course's learner server
(``deploy/jupyterhub/singleuser/start-learner-server``, as the TLJH and
Kubernetes set-ups do) on the shared PostgreSQL database. The
test gives everything site-specific through ``CASERATE_HUB_TEST_*`` variables.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (given by JupyterHub)

ROOT = Path(__file__).resolve().parents[2]
STATE = Path(os.environ["CASERATE_HUB_TEST_STATE"])
BIN = Path(sys.executable).parent
USERS = os.environ["CASERATE_HUB_TEST_USERS"].split(",")
DB_URL = os.environ["CASERATE_HUB_TEST_DB_URL"]


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

# The LMS launch and the sender, by deploy/jupyterhub/lms.py itself, on the test's
# lms.toml (the platform's addresses); only the sender's pace is the test's own.
_spec = importlib.util.spec_from_file_location("caserate_lms", ROOT / "deploy/jupyterhub/lms.py")
assert _spec is not None
assert _spec.loader is not None
_lms = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_lms)
_sender = _lms.lms_settings(
    c, Path(os.environ["CASERATE_HUB_TEST_LMS_CONFIG"]), DB_URL, sys.executable
)
c.CourseLTI13Authenticator.uri_scheme = "http"  # the test hub has no TLS
_sender["command"] += ["--every", "1"]
_sender["environment"]["CASERATE_SEND_FIRST_PAUSE_SECONDS"] = "1"
c.Authenticator.allow_all = False
c.Authenticator.allowed_users = set(USERS)

# The test starts the learners' servers through the API with this service's token.
c.JupyterHub.services.append(
    {"name": "hub-test", "api_token": os.environ["CASERATE_HUB_TEST_API_TOKEN"]}
)
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
