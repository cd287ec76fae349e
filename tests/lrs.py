"""A real Learning Record Store for the tests: ralph, keeping its statements in a file.

``bash scripts/ralph.sh`` installs ralph into ``.venv-lrs`` (never into ``.venv``:
ralph pins its own versions of many libraries), with ``fsappend``: ralph's file
backend, adding each batch to its file (ralph's ``fs`` backend takes one batch only).
:class:`RalphLRS` makes a temporary folder with one user, starts ``ralph runserver``
on a free loopback port, and keeps the statements in that folder, so that they
survive a :meth:`~RalphLRS.stop` and :meth:`~RalphLRS.start`::

    with RalphLRS() as lrs:
        ...  # send statements to lrs.url as lrs.user / lrs.password
        assert lrs.statements()

Every wait has a deadline; when ralph does not start, the message ends with its log.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pytest
from server_processes import quiet_port

__all__ = ["BACKEND", "RALPH", "XAPI_VERSION", "RalphLRS", "basic_auth", "require_ralph"]

ROOT = Path(__file__).resolve().parents[1]
RALPH = ROOT / ".venv-lrs" / "bin" / "ralph"
"""Ralph's command, as ``scripts/ralph.sh`` installs it."""
BACKEND = "fsappend"
"""The LRS backend; its settings are those of ralph's ``fs`` backend."""
START_SECONDS = 60
STOP_SECONDS = 15
PAGE_LIMIT = 1000
"""How many pages :meth:`RalphLRS.statements` follows at most (100 statements a page)."""
XAPI_VERSION = "1.0.3"


def require_ralph() -> None:
    """Skip the calling test when ralph is not installed, or fail when running in CI."""
    if RALPH.exists():
        return
    problem = f"ralph (the Learning Record Store) is not installed at {RALPH}"
    fix = "Install it with `bash scripts/ralph.sh`."
    if os.environ.get("CI"):
        pytest.fail(f"{problem}, and CI must run the LRS tests. {fix}", pytrace=False)
    pytest.skip(f"{problem}. {fix}")


def basic_auth(user: str, password: str) -> str:
    """The ``Authorization`` header value for HTTP basic authentication."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


class RalphLRS:
    """A ralph LRS in a temporary folder, with one user who may write and read statements."""

    def __init__(
        self, user: str = "course-sender", password: str | None = None, port: int | None = None
    ) -> None:
        self.user = user
        self.password = password or base64.urlsafe_b64encode(os.urandom(18)).decode("ascii")
        self.port = port or quiet_port()
        self.folder = Path(tempfile.mkdtemp(prefix="caserate-lrs-"))
        self.data_dir = self.folder / "data"
        self.log_path = self.folder / "ralph.log"
        self.auth_file = self.folder / "auth.json"
        self._server: subprocess.Popen[bytes] | None = None
        # Made here: `ralph auth` and the server would each make it, at the same time.
        self.data_dir.mkdir()
        (self.folder / "run").mkdir()

    @property
    def url(self) -> str:
        """The xAPI base address; statements go to ``url + "statements"``."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    @property
    def authorization(self) -> str:
        """The ``Authorization`` header value for :attr:`user`."""
        return basic_auth(self.user, self.password)

    def environment(self) -> dict[str, str]:
        """Ralph's settings for this LRS, as environment variables (no other RALPH_ ones)."""
        outside = {k: v for k, v in os.environ.items() if not k.startswith("RALPH_")}
        return {
            **outside,
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_AUTH_FILE": str(self.auth_file),
            "RALPH_RUNSERVER_BACKEND": BACKEND,
            "RALPH_RUNSERVER_HOST": "127.0.0.1",
            "RALPH_RUNSERVER_PORT": str(self.port),
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data_dir),
            "RALPH_LRS_RESTRICT_BY_AUTHORITY": "true",
            "RALPH_LRS_RESTRICT_BY_SCOPES": "true",
        }

    def _ralph(self, *args: str) -> list[str]:
        return [str(RALPH), *args]

    def _add_user(self) -> subprocess.Popen[str]:
        """Start writing the one user to the auth file, with ralph's own command."""
        return subprocess.Popen(
            self._ralph(
                "auth",
                "--username",
                self.user,
                "--password",
                self.password,
                "--scope",
                "statements/write",
                "--scope",
                "statements/read",
                "--agent-ifi-mbox",
                f"mailto:{self.user}@example.org",
                "--write-to-disk",
            ),
            cwd=self.folder / "run",
            env=self.environment(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def _user_added(self, adding: subprocess.Popen[str]) -> None:
        """Wait for :meth:`_add_user`; stop the server and say why when it failed."""
        try:
            output, _ = adding.communicate(timeout=START_SECONDS)
        except subprocess.TimeoutExpired:
            adding.kill()
            output, _ = adding.communicate()
        if adding.returncode != 0 or not self.auth_file.exists():
            self.stop()
            raise AssertionError(
                f"`ralph auth` could not add the user {self.user} "
                f"(exit {adding.returncode}):\n{output}"
            )

    def start(self) -> None:
        """Start ralph (again) on the same port and data folder; wait until it answers.

        The first start also adds the user, while the server loads.
        """
        if self._server is not None:
            return
        adding = None if self.auth_file.exists() else self._add_user()
        with self.log_path.open("ab") as log:
            log.write(f"--- ralph runserver on port {self.port} ---\n".encode())
            log.flush()
            # Ralph watches its working folder for changed code: give it an empty one.
            self._server = subprocess.Popen(
                self._ralph("runserver", "--backend", BACKEND),
                cwd=self.folder / "run",
                env=self.environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if adding is not None:
            self._user_added(adding)
        self._wait_until_ready()

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        heartbeat = f"http://127.0.0.1:{self.port}/__heartbeat__"
        server = self._server
        assert server is not None
        while time.monotonic() < deadline:
            if server.poll() is not None:
                self._fail_to_start(f"ralph stopped at once (exit {server.returncode})")
            try:
                with urllib.request.urlopen(heartbeat, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self._fail_to_start(f"ralph did not answer {heartbeat} within {START_SECONDS} s")

    def _fail_to_start(self, problem: str) -> None:
        self.stop()
        log = self.log_path.read_text(errors="replace")
        raise AssertionError(f"{problem}. Its log:\n{log}")

    def stop(self) -> None:
        """Stop ralph and wait for it; its data folder stays for :meth:`start`."""
        server, self._server = self._server, None
        if server is None:
            return
        # Ralph runs its server in a child process: end the whole group it leads.
        self._signal_group(server, signal.SIGTERM)
        try:
            server.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self._signal_group(server, signal.SIGKILL)
            server.wait()
        self._signal_group(server, signal.SIGKILL)  # a child left behind, if any

    @staticmethod
    def _signal_group(server: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)

    def close(self) -> None:
        """Stop ralph and delete its folder."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def get_json(self, address: str) -> Any:
        """GET an address of this LRS (absolute, or a path) as :attr:`user`; its JSON."""
        request = urllib.request.Request(
            urllib.parse.urljoin(self.url, address),
            headers={"Authorization": self.authorization, "X-Experience-API-Version": XAPI_VERSION},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def statements(self) -> list[dict[str, Any]]:
        """Every stored statement, following the ``more`` links page after page."""
        found: list[dict[str, Any]] = []
        address: str = "statements"
        for _ in range(PAGE_LIMIT):
            page = self.get_json(address)
            found.extend(page["statements"])
            address = page.get("more") or ""
            if not address:
                return found
        raise AssertionError(f"the LRS at {self.url} gave more than {PAGE_LIMIT} pages")
