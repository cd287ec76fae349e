"""Start the course: one Voila server on the course folder, landing on the course home.

``caserate-course serve`` (and so ``make serve``) checks the records (a damaged
SQLite file is refused) and the course secret (a missing or different
``secret.key`` is refused: :func:`~caserate_kit.course._secrets.course_secret`),
prints where the records are kept and the address of the course home, then runs
Voila with the course's configuration (``etc/jupyter/voila.py`` in the course
folder) and template, with pools of preheated kernels sized for the class
(``--class-size``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .._paths import course_root, data_dir
from .._secrets import course_secret
from ..records import Store
from ._pools import (
    CLASS_REFILL_SECONDS,
    DEFAULT_POOLS,
    POOL_VARIABLES,
    REFILL_VARIABLE,
    notebooks_of,
    pool_size,
)

__all__ = [
    "HOME_PAGE",
    "describe_pools",
    "home_url",
    "pool_environment",
    "serve",
    "voila_command",
    "voila_environment",
]

HOME_PAGE = "voila/render/notebooks/home.ipynb"
KERNEL_MB = 75
"""About how much memory one waiting page kernel holds."""


def home_url(host: str, port: int) -> str:
    """The address of the course home.

    Examples
    --------
    >>> home_url("127.0.0.1", 8866)
    'http://127.0.0.1:8866/voila/render/notebooks/home.ipynb'
    """
    return f"http://{host}:{port}/{HOME_PAGE}"


def _first_on_path(env: dict[str, str], variable: str, folder: Path) -> None:
    paths = [p for p in env.get(variable, "").split(os.pathsep) if p]
    env[variable] = os.pathsep.join([str(folder), *[p for p in paths if p != str(folder)]])


def voila_environment(root: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The server's environment: the course's template and configuration first, no secrets.

    ``JUPYTER_PATH`` starts with the course's templates (``share/jupyter``) and
    ``JUPYTER_CONFIG_PATH`` with its Voila configuration (``etc/jupyter/voila.py``).
    Voila copies its environment into every learner's kernel, so nothing
    secret may be in it; the course keeps its secrets in files.
    """
    env = dict(os.environ if environ is None else environ)
    _first_on_path(env, "JUPYTER_PATH", root / "share" / "jupyter")
    _first_on_path(env, "JUPYTER_CONFIG_PATH", root / "etc" / "jupyter")
    return env


def voila_command(root: Path, host: str, port: int) -> list[str]:
    """The command line that serves the course folder: Voila with the course's routes."""
    return [
        sys.executable,
        "-m",
        "caserate_kit.course.server._app",
        str(root),
        "--no-browser",
        f"--Voila.ip={host}",
        f"--port={port}",
    ]


def pool_environment(class_size: int | None, environ: dict[str, str]) -> dict[str, str]:
    """``environ`` with the kernel pools sized for ``class_size`` learners (if given).

    Examples
    --------
    >>> pool_environment(30, {})["CASERATE_POSTTEST_POOL"]
    '30'
    >>> pool_environment(30, {})["CASERATE_POOL_REFILL_SECONDS"]
    '60'
    """
    if class_size is None:
        return environ
    home = max(DEFAULT_POOLS["home"], (class_size + 1) // 2)
    return {
        **environ,
        POOL_VARIABLES["posttest"]: str(class_size),
        POOL_VARIABLES["home"]: str(home),
        REFILL_VARIABLE: str(CLASS_REFILL_SECONDS),
    }


def describe_pools(pools: Mapping[str, int]) -> str:
    """The pools in words, with the memory their waiting kernels hold.

    Examples
    --------
    >>> describe_pools({"home": 2, "posttest": 4, "exercise": 0, "forms": 0, "lesson": 0})
    '6 kernels: 2 home and 4 post-test (about 450 MB while they wait)'
    >>> describe_pools({"home": 0, "posttest": 0, "exercise": 0, "forms": 0, "lesson": 0})
    'none (every page with widgets starts its own kernel)'
    """
    names = {
        "home": "home",
        "posttest": "post-test",
        "exercise": "for each exercise",
        "forms": "for each form page (evaluation, details, trainer)",
        "lesson": "for each lesson",
    }
    parts = [f"{size} {names[page]}" for page, size in pools.items() if size]
    if not parts:
        return "none (every page with widgets starts its own kernel)"
    root = course_root()
    kernels = sum(size * len(notebooks_of(page, root)) for page, size in pools.items())
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"{kernels} kernels: {listed} (about {KERNEL_MB * kernels:,} MB while they wait)"


def _remember_bank_sizes() -> str:
    """Note the post-tests' lengths for the course home; a line to print if a bank is broken."""
    from ..certificates import remember_bank_sizes

    try:
        remember_bank_sizes()
    except Exception as error:  # the home reads the banks itself, and shows what is wrong
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"Question banks: {first} (run `caserate-course validate` for every problem)"
    return ""


def _sending() -> str:
    """Where the records go live, in words ("" when nowhere); a bad setting stops here."""
    from ..connections import lms_settings, lrs_settings

    lrs, lms = lrs_settings(), lms_settings()
    places = [f"the LRS at {lrs.url} (xAPI)"] if lrs else []
    places += [f"the LMS (grades, token service {lms.token_url})"] if lms else []
    return " and ".join(places)


def serve(
    host: str = "127.0.0.1",
    port: int = 8866,
    argv_extra: Sequence[str] = (),
    class_size: int | None = None,
) -> int:
    """Check the records and the secret, print where things are, then become the Voila server.

    Raises
    ------
    RecordsDamagedError
        If the SQLite records file is damaged.
    SecretFileError
        If ``secret.key`` is missing while the records hold learners, is not the
        secret the records were made with, or is unsafe.
    """
    root = course_root()
    env = pool_environment(class_size, voila_environment(root))
    pools = {page: pool_size(page, env) for page in POOL_VARIABLES}
    with Store() as store:
        store.check_integrity()
        course_secret(store)
        records = store.describe()
    sizes = _remember_bank_sizes()
    sending = _sending()
    print(f"Course folder: {root}")
    print(f"Records:       {records}")
    print(f"Data folder:   {data_dir()} (outside the folder Voila serves)")
    print(f"Preheated:     {describe_pools(pools)}")
    if sending:
        print(f"Sending to:    {sending}")
    if sizes:
        print(sizes)
    print()
    print(f"  Course home: {home_url(host, port)}")
    print("  (press Ctrl+C to stop the server)")
    print(flush=True)
    command = [*voila_command(root, host, port), *argv_extra]
    os.chdir(root)
    os.execve(sys.executable, command, env)
    return 0  # pragma: no cover - execve does not return
