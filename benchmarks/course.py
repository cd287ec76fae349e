"""A Voila server on the course for benchmarks, in one of three set-ups.

- ``baseline``: Voila's defaults: no preheated kernels, and every module the
  course could need imported up front in each kernel (pandas, matplotlib,
  NumPy, ipywidgets and all of ``caserate_kit``), as a notebook that starts
  with its imports would do.
- ``defaults``: the course's own server as ``make serve`` starts it, with
  nothing set: its default pools, and the pages it writes with no kernel.
- ``cold``: the course's server with no pools: each page with widgets starts
  its own kernel and imports only what it needs.
- ``preheated``: the course's server with the kernel pools given.

The course's server is ready when its pools are full and it has written its
lessons (kept for the whole run in ``pages`` beside the servers' folders).

Each server has its own data folder and records, so learners can be signed
in for it; kernels' memory is read from ``/proc`` through psutil.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil

from caserate_kit.course._secrets import load_or_create_secret
from caserate_kit.course.pages import sign_in
from caserate_kit.course.records import Store
from caserate_kit.course.server import voila_environment
from caserate_kit.course.server._serve import voila_command

__all__ = ["MODES", "ROOT", "BenchServer", "bench_server", "kernel_id_in"]

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 300
NO_POOLS = {"home": 0, "posttest": 0, "lesson": 0, "exercise": 0, "forms": 0}
MODES = ("baseline", "defaults", "cold", "preheated")
LESSONS_WRITTEN = "lessons are ready to read without a kernel"
EAGER_IMPORTS = """\
# Every module imported up front, as a notebook that starts with its imports does.
import importlib, pkgutil  # noqa
import anywidget, ipywidgets, matplotlib.pyplot, numpy, pandas, sqlalchemy, yaml  # noqa
import caserate_kit  # noqa
for _module in pkgutil.walk_packages(caserate_kit.__path__, "caserate_kit."):
    if ".migrations" not in _module.name:  # alembic runs those itself
        importlib.import_module(_module.name)
"""
_KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


def kernel_id_in(html: str) -> str | None:
    """The kernel id a rendered Voila page connects to."""
    found = _KERNEL_ID.search(html)
    return found.group(1) if found else None


@dataclass
class BenchServer:
    """A running server: its address, records, log and process."""

    mode: str
    url: str
    data_dir: Path
    db_url: str
    log: Path
    process: subprocess.Popen[bytes]
    pools: Mapping[str, int]
    _store: Store | None = field(default=None, repr=False)

    def page_url(self, path: str, token: str | None = None, **query: str) -> str:
        """The address of ``<path>.ipynb`` (``notebooks/home``, ``lessons/01_...``)."""
        parameters = {**query, **({"token": token} if token else {})}
        suffix = f"?{urlencode(parameters)}" if parameters else ""
        return f"{self.url}voila/render/{path}.ipynb{suffix}"

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db_url)
        return self._store

    def learner(self, name: str) -> tuple[str, str]:
        """Sign in a new learner: their id and session token."""
        secret = load_or_create_secret(self.data_dir / "secret.key")
        email = name.lower().replace(" ", ".") + "@example.org"
        learner, token, _code = sign_in(self.store, name, email=email, secret=secret)
        return learner.id, token

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def pools_filled(self) -> int:
        """How many times a pool has reported itself full so far."""
        return self.log_text().count("is filled with")

    def wait_for_refill(self, before: int, timeout: float = 120) -> None:
        """Wait until a pool reports itself full again after ``before`` such reports."""
        deadline = time.monotonic() + timeout
        while self.pools_filled() <= before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {self.mode} server's pool did not refill in {timeout} s")
            time.sleep(0.2)

    def wait_until_quiet(self, timeout: float = 180, busy_percent: float = 10.0) -> None:
        """Wait until the server and its kernels use under ``busy_percent`` of one core.

        A pool reports itself full once its kernels have started, while they
        are still importing; a page opened then would be timed against that work.
        """
        deadline = time.monotonic() + timeout
        server = psutil.Process(self.process.pid)
        quiet_samples = 0
        while quiet_samples < 3:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {self.mode} server was still busy after {timeout} s")
            processes = [server, *server.children(recursive=True)]
            for process in processes:
                with contextlib.suppress(psutil.Error):
                    process.cpu_percent(None)
            time.sleep(0.5)
            used = 0.0
            for process in processes:
                with contextlib.suppress(psutil.Error):
                    used += process.cpu_percent(None)
            quiet_samples = quiet_samples + 1 if used < busy_percent else 0

    def kernel_memory_mb(self, kernel_id: str) -> tuple[float, float]:
        """One kernel process's memory in MB: resident (RSS) and its own alone (USS).

        RSS counts the shared libraries every kernel maps; USS is what one
        more kernel adds, the figure to multiply by the number of learners.
        """
        for child in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if any(kernel_id in part for part in child.cmdline()):
                    memory = child.memory_full_info()
                    return memory.rss / 1e6, memory.uss / 1e6
        raise LookupError(f"no kernel process for {kernel_id}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _sizes(mode: str, pools: Mapping[str, int] | None) -> dict[str, int]:
    """Each kind of page's pool size in ``mode``."""
    if mode == "defaults":
        from caserate_kit.course.server._pools import DEFAULT_POOLS

        return dict(DEFAULT_POOLS)
    if mode == "preheated":
        return {**NO_POOLS, **(pools or {})}
    return dict(NO_POOLS)


def _expected_pools(pools: Mapping[str, int]) -> int:
    from caserate_kit.course.server import kernel_pools

    env = {f"CASERATE_{page.upper()}_POOL": str(size) for page, size in pools.items()}
    return sum(1 for name, pool in kernel_pools(env, ROOT).items() if name != "default" and pool)


@contextlib.contextmanager
def bench_server(
    mode: str, folder: Path, pools: Mapping[str, int] | None = None, *extra_args: str
) -> Iterator[BenchServer]:
    """Start Voila on the course in ``mode``; wait until it listens and its pools are full."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    sizes = _sizes(mode, pools)
    data_dir = folder / "data"
    data_dir.mkdir(mode=0o700, parents=True)
    db_url = f"sqlite:///{data_dir / 'records.sqlite3'}"
    env = {k: v for k, v in os.environ.items() if not re.fullmatch(r"CASERATE_\w+_POOL", k)}
    if mode != "defaults":
        env.update({f"CASERATE_{page.upper()}_POOL": str(size) for page, size in sizes.items()})
    env.update({"CASERATE_DATA_DIR": str(data_dir), "CASERATE_DB_URL": db_url})
    env["CASERATE_PAGE_CACHE"] = str(folder.parent / "pages")
    if mode == "baseline":
        startup = folder / "ipython" / "profile_default" / "startup"
        startup.mkdir(parents=True)
        (startup / "00-import-everything.py").write_text(EAGER_IMPORTS)
        env["IPYTHONDIR"] = str(folder / "ipython")
    if mode != "baseline":  # as `caserate-course serve` does before starting Voila
        prepare = (
            "from caserate_kit.course.certificates import remember_bank_sizes\n"
            "from caserate_kit.course.records import Store\n"
            "Store().close()\n"
            "remember_bank_sizes()\n"
        )
        subprocess.run([sys.executable, "-c", prepare], env=env, check=True, timeout=120)
    port = _free_port()
    log = folder / "voila.log"
    if mode == "baseline":
        command = [sys.executable, "-m", "voila", ".", "--no-browser", f"--port={port}"]
        command += ["--Voila.ip=127.0.0.1", *extra_args]
    else:
        command = [*voila_command(ROOT, "127.0.0.1", port), *extra_args]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=voila_environment(ROOT, env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    server = BenchServer(mode, f"http://127.0.0.1:{port}/", data_dir, db_url, log, process, sizes)
    try:
        deadline = time.monotonic() + START_SECONDS
        expected = _expected_pools(sizes)
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Voila stopped:\n{server.log_text()[-3000:]}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                written = mode == "baseline" or LESSONS_WRITTEN in server.log_text()
                if server.pools_filled() >= expected and written:
                    break
            if time.monotonic() > deadline:
                raise TimeoutError(f"the {mode} server was not ready in {START_SECONDS} s")
            time.sleep(0.3)
        yield server
    finally:
        if server._store is not None:
            server._store.close()
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
