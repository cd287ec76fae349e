"""Start the course: one Voila server on the course folder, landing on the course home.

``caserate-course serve`` (and so ``make serve``) prints where the records are
kept and the address of the course home, then runs Voila with the course's
configuration (``voila.json`` in the course folder) and template.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ._paths import course_root, data_dir
from ._store import Store

__all__ = ["HOME_PAGE", "home_url", "serve", "voila_command", "voila_environment"]

HOME_PAGE = "voila/render/notebooks/home.ipynb"


def home_url(host: str, port: int) -> str:
    """The address of the course home.

    Examples
    --------
    >>> home_url("127.0.0.1", 8866)
    'http://127.0.0.1:8866/voila/render/notebooks/home.ipynb'
    """
    return f"http://{host}:{port}/{HOME_PAGE}"


def voila_environment(root: Path, environ: dict[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the course template on the Jupyter path, no secrets.

    Voila copies its environment into every learner's kernel, so nothing
    secret may be in it; the course keeps its secrets in files.
    """
    env = dict(os.environ if environ is None else environ)
    templates = str(root / "share" / "jupyter")
    paths = [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join([templates, *[p for p in paths if p != templates]])
    return env


def voila_command(root: Path, host: str, port: int) -> list[str]:
    """The Voila command line that serves the course folder."""
    return [
        sys.executable,
        "-m",
        "voila",
        str(root),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
    ]


def serve(host: str = "127.0.0.1", port: int = 8866, argv_extra: Sequence[str] = ()) -> int:
    """Print where things are, then replace this process with the Voila server."""
    root = course_root()
    with Store() as store:
        records = store.describe()
    print(f"Course folder: {root}")
    print(f"Records:       {records}")
    print(f"Data folder:   {data_dir()} (outside the folder Voila serves)")
    print()
    print(f"  Course home: {home_url(host, port)}")
    print("  (press Ctrl+C to stop the server)")
    print(flush=True)
    command = [*voila_command(root, host, port), *argv_extra]
    os.chdir(root)  # Voila reads voila.json from the current folder
    os.execve(sys.executable, command, voila_environment(root))
    return 0  # pragma: no cover - execve does not return
