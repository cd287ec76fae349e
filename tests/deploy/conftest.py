"""Fixtures of the deployment tests: a local JupyterHub on PostgreSQL, and Chromium.

``hub`` starts JupyterHub from PyPI once per test module, with the
pure-Python configurable-http-proxy, the course's LTI 1.3 sign-in (learners
launch from an LMS: :class:`~lti_platform.LtiPlatform`, run here) and local
learner servers started by ``deploy/jupyterhub/singleuser/start-learner-server``
(configuration: ``tests/deploy/jupyterhub_config.py``). The learners' records
go to a fresh PostgreSQL database (the local server over its Unix socket, or
``CASERATE_TEST_PG_URL``; ``bash scripts/postgres.sh`` starts one). Without
PostgreSQL the tests fail and say so, unless ``CASERATE_SKIP_POSTGRES=1``;
without Chromium, unless ``CASERATE_SKIP_BROWSER=1``.

Every wait has a deadline; on failure the message ends with the hub's log.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
from course_config import unpaced_config
from lti_platform import LtiPlatform
from server_processes import quiet_port
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS
from caserate_kit.course._passcode import set_trainer_passcode
from caserate_kit.course.records._store import Store

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HUB_CONFIG = HERE / "jupyterhub_config.py"
LEARNERS = ("alice", "bob")
LMS_NAMES = {
    "alice": ("Alice Moreno", "alice@agency.example"),
    "bob": ("Bob Lee", "bob@agency.example"),
}
"""How the LMS names each learner (their LMS user id is their hub user name)."""
PG_ADMIN_URL = os.environ.get(
    "CASERATE_TEST_PG_URL", "postgresql+psycopg:///postgres?host=/var/run/postgresql"
)
SKIP_POSTGRES = "CASERATE_SKIP_POSTGRES"
# A JupyterHub configuration file, not a module: --doctest-modules must not import it.
collect_ignore = ["jupyterhub_config.py"]
HUB_START_SECONDS = 90
SERVER_START_SECONDS = 240  # both learners' servers, started at once on a busy 2-core machine
HUB_STOP_SECONDS = 60
STEP_DEADLINE_SECONDS = 600  # the longest a group of browser steps may take
T = TypeVar("T")
TRAINER_PASSCODE = "a long trainer passcode"


# PostgreSQL ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub_database() -> Iterator[str]:
    """The URL of a fresh PostgreSQL database for the hub's learners, dropped afterwards."""
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"caserate_hub_{secrets.token_hex(6)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        admin.dispose()
        cause = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        problem = f"PostgreSQL is not reachable at {PG_ADMIN_URL} ({cause})"
        if os.environ.get(SKIP_POSTGRES) == "1":
            pytest.skip(f"{problem}; skipped because {SKIP_POSTGRES}=1")
        pytest.fail(
            f"{problem}. Start it with `bash scripts/postgres.sh`, or set {SKIP_POSTGRES}=1 "
            "to skip the tests that need it.",
            pytrace=False,
        )
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# JupyterHub ------------------------------------------------------------------------------


@dataclass
class Hub:
    """A running JupyterHub: its address, the LMS its learners launch from, their records."""

    url: str
    db_url: str
    state: Path
    shared_secrets: Path
    log: Path
    api_token: str
    proxy_api_port: int
    process: subprocess.Popen[bytes]
    platform: LtiPlatform
    server_pids: dict[str, int] = field(default_factory=dict)

    def api(self, method: str, path: str, timeout: float = 30) -> tuple[int, Any]:
        """Call the hub's REST API (``path`` after ``/hub/api/``) as the test's service."""
        request = urllib.request.Request(
            f"{self.url}hub/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.api_token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                body = reply.read()
                return reply.status, json.loads(body) if body else None
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def fail(self, message: str) -> None:
        pytest.fail(f"{message}\n--- end of the hub's log ---\n{self.log_tail()}", pytrace=False)

    def learner_data_dir(self, user: str) -> Path:
        """Where the learner's server keeps its private copies of the course secrets."""
        return self.state / "homes" / user / ".local" / "share" / "caserate-course"


def _require_hub_commands() -> None:
    binaries = Path(sys.executable).parent
    for command in ("jupyterhub-singleuser", "configurable-http-proxy"):
        if not (binaries / command).exists():
            pytest.fail(
                f"{command} is not installed next to {sys.executable}: install the test "
                "tools with `pip install -e '.[test]'` (or run `make test`)",
                pytrace=False,
            )


def _wait_for_hub(hub: Hub) -> None:
    deadline = time.monotonic() + HUB_START_SECONDS
    while True:
        if hub.process.poll() is not None:
            hub.fail(f"JupyterHub stopped while starting (exit code {hub.process.returncode})")
        try:
            status, _ = hub.api("GET", "", timeout=5)
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            hub.fail(f"JupyterHub did not answer within {HUB_START_SECONDS} s")
        time.sleep(0.5)


def _start_servers(hub: Hub) -> None:
    """Start every learner's server at once through the API and wait until all are ready."""
    for user in LEARNERS:
        status, body = hub.api("POST", f"users/{user}/server", timeout=SERVER_START_SECONDS)
        if status not in (201, 202):
            hub.fail(f"starting {user}'s server answered {status}: {body}")
    deadline = time.monotonic() + SERVER_START_SECONDS
    waiting = set(LEARNERS)
    while waiting:
        for user in sorted(waiting):
            try:
                status, body = hub.api("GET", f"users/{user}", timeout=10)
            except OSError:  # a busy hub: ask again, until the deadline
                continue
            server = body.get("servers", {}).get("", {}) if status == 200 else {}
            if server.get("ready"):
                hub.server_pids[user] = int(server.get("state", {}).get("pid", 0))
                waiting.discard(user)
            elif status == 200 and not body.get("pending") and not server:
                hub.fail(f"{user}'s server stopped while starting")
        if waiting and time.monotonic() > deadline:
            hub.fail(f"servers of {sorted(waiting)} not ready within {SERVER_START_SECONDS} s")
        time.sleep(0.5)


def _stop(hub: Hub) -> None:
    """Stop the hub, which stops the proxy and the learners' servers; past the deadline,
    kill whichever of them is still running."""
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=HUB_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(hub.process.pid, signal.SIGKILL)  # the hub's own session
            hub.process.wait(timeout=HUB_STOP_SECONDS)
    # The proxy and each learner server run in sessions of their own. Kill one only while
    # its process is still the one this hub started (process ids are reused).
    proxy = hub.state / "jupyterhub-proxy.pid"
    if proxy.exists() and proxy.read_text().strip().isdigit():
        _kill_if_ours(int(proxy.read_text()), "cmdline", f"--api-port\0{hub.proxy_api_port}\0")
    for user, pid in hub.server_pids.items():
        _kill_if_ours(pid, "environ", f"HOME={hub.state / 'homes' / user}\0")


def _kill_if_ours(pid: int, source: str, mark: str) -> None:
    try:
        ours = mark.encode() in Path(f"/proc/{pid}/{source}").read_bytes() + b"\0"
    except OSError:
        return
    if ours:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def hub(hub_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A JupyterHub with the course, and both learners' servers already started."""
    _require_hub_commands()
    state = tmp_path_factory.mktemp("hub")
    shared = state / "shared-secrets"
    shared.mkdir(mode=0o700)
    (shared / "secret.key").write_bytes(secrets.token_bytes(32))
    (shared / "secret.key").chmod(0o600)
    set_trainer_passcode(TRAINER_PASSCODE, shared / "trainer-passcode")
    with Store(hub_database):  # create the tables once, before two servers race to
        pass
    port, proxy_api_port = quiet_port(), quiet_port()
    token = secrets.token_hex(32)
    public = f"http://127.0.0.1:{port}/"
    platform = LtiPlatform(f"{public}hub/lti13/oauth_login", f"{public}hub/lti13/jwks")
    for user, (name, email) in LMS_NAMES.items():
        platform.add_user(user, name, email)
    lms_toml = shared / "lms.toml"
    lms_toml.write_text(
        "[lti]\n"
        f'issuer = "{platform.issuer}"\n'
        f'client_id = "{platform.client_id}"\n'
        f'deployment_ids = ["{platform.deployment_id}"]\n'
        f'authorize_url = "{platform.authorize_url}"\n'
        f'jwks_url = "{platform.jwks_url}"\n'
        f'token_url = "{platform.token_url}"\n'
    )
    env = {
        **os.environ,
        "CASERATE_HUB_TEST_LMS_CONFIG": str(lms_toml),
        "CASERATE_HUB_TEST_STATE": str(state),
        "CASERATE_HUB_TEST_USERS": ",".join(LEARNERS),
        "CASERATE_HUB_TEST_PUBLIC_PORT": str(port),
        "CASERATE_HUB_TEST_HUB_PORT": str(quiet_port()),
        "CASERATE_HUB_TEST_PROXY_API_PORT": str(proxy_api_port),
        "CASERATE_HUB_TEST_VERIFY_PORT": str(quiet_port()),
        "CASERATE_HUB_TEST_API_TOKEN": token,
        "CASERATE_HUB_TEST_DB_URL": hub_database,
        "CASERATE_HUB_TEST_SECRETS": str(shared),
        "CASERATE_HUB_TEST_CONFIG": str(unpaced_config(state)),
        "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(32),
    }
    log = state / "jupyterhub.log"
    command = [sys.executable, "-m", "jupyterhub", "-f", str(HUB_CONFIG)]
    with platform, log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=state,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        running = Hub(
            url=public,
            db_url=hub_database,
            state=state,
            shared_secrets=shared,
            log=log,
            api_token=token,
            proxy_api_port=proxy_api_port,
            process=process,
            platform=platform,
        )
        try:
            _wait_for_hub(running)
            _start_servers(running)
            yield running
        finally:
            _stop(running)
    if os.environ.get("CASERATE_KEEP_HUB_STATE") != "1":
        shutil.rmtree(state / "homes", ignore_errors=True)


# Chromium ------------------------------------------------------------------------------


class Chromium:
    """A headless Chromium driven by Playwright's async API on an event loop of its own thread.

    Other test packages keep a sync Playwright open for the whole session, and two
    sync Playwrights cannot share a thread; so these tests write their browser steps
    as coroutines and run them here, each with a hard deadline: ``chromium.run(steps())``.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.browser: Any = None
        self._playwright: Any = None

    def run(self, steps: Coroutine[Any, Any, T], seconds: float = STEP_DEADLINE_SECONDS) -> T:
        """Run ``steps`` in the browser's thread and return what they return."""
        return asyncio.run_coroutine_threadsafe(steps, self.loop).result(timeout=seconds)

    async def start(self) -> None:
        from playwright.async_api import async_playwright

        self._playwright = await async_playwright().start()
        launch = self._playwright.chromium.launch
        self.browser = await launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self._playwright is not None:
            await self._playwright.stop()

    def close(self) -> None:
        try:
            self.run(self.stop(), seconds=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)
            if not self.thread.is_alive():
                self.loop.close()


@pytest.fixture(scope="module")
def hub_browser() -> Iterator[Chromium]:
    """A headless Chromium for the module (see :class:`Chromium`)."""
    if os.environ.get("CASERATE_SKIP_BROWSER") == "1":
        pytest.skip("CASERATE_SKIP_BROWSER=1: browser tests skipped on request")
    if not CHROMIUM.exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: run `bash scripts/chromium.sh` (as root) or set "
            "CASERATE_CHROMIUM; CASERATE_SKIP_BROWSER=1 skips the browser tests",
            pytrace=False,
        )
    chromium = Chromium()
    try:
        chromium.run(chromium.start(), seconds=120)
        yield chromium
    finally:
        chromium.close()
