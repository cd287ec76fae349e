"""Binder: the repository launches straight into the course home.

mybinder.org cannot be reached from the tests, so they check what Binder
would do: the files in ``binder/`` agree with the project, and ``postBuild``
and ``start`` work when run as repo2docker runs them, on a fresh virtual
environment and a copy of the repository; the course home then opens in
Chromium, from a Jupyter server with the Voila extension, on the course's
template and with the sign-in form (not Binder's random hub user name).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import site
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from server_processes import quiet_port

from .conftest import ROOT, Chromium

BINDER = ROOT / "binder"
LAUNCH = re.compile(r"https://mybinder\.org/v2/gh/[^\s/]+/[^\s/]+/HEAD\?urlpath=(\S+)")
COPIED = [
    "caserate_kit",
    "lessons",
    "notebooks",
    "quizzes",
    "share",
    "etc",
    "binder",
    "course.toml",
    "pyproject.toml",
    "README.md",
    "voila.json",
    "voila.py",
]
SERVER_START_SECONDS = 90
STEP_SECONDS = 300
PAGE_MS = 120_000


def conda_packages(path: Path) -> tuple[list[str], list[Any]]:
    dependencies = yaml.safe_load(path.read_text(encoding="utf-8"))["dependencies"]
    return [d for d in dependencies if isinstance(d, str)], [
        d for d in dependencies if not isinstance(d, str)
    ]


def test_binder_environment_has_the_projects_packages() -> None:
    """Does binder/environment.yml, the only one Binder reads, ask for the project's packages?"""
    ours, our_pip = conda_packages(BINDER / "environment.yml")
    theirs, their_extra = conda_packages(ROOT / "environment.yml")
    assert sorted(ours) == sorted([*theirs, "setuptools>=70.1"])
    assert our_pip == [], "postBuild installs the project; a pip section here would run too early"
    (their_pip,) = [d["pip"] for d in their_extra if isinstance(d, dict)]
    post_build = (BINDER / "postBuild").read_text(encoding="utf-8")
    for requirement in their_pip:
        if requirement != "-e .":
            assert f'pip install "{requirement}"' in post_build, requirement
    binder = yaml.safe_load((BINDER / "environment.yml").read_text(encoding="utf-8"))
    project = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert binder["channels"] == project["channels"]


@pytest.mark.parametrize("name", ["postBuild", "start"])
def test_binder_scripts_are_executable_bash(name: str) -> None:
    script = BINDER / name
    assert script.stat().st_mode & stat.S_IXUSR, f"chmod +x binder/{name}"
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


def test_binder_start_hands_over_to_the_server_command() -> None:
    """repo2docker runs `binder/start <server command>`: does it end by running that command?"""
    lines = [line.strip() for line in (BINDER / "start").read_text().splitlines()]
    assert [line for line in lines if line and not line.startswith("#")][-1] == 'exec "$@"'


def test_the_binder_launch_address_opens_an_existing_page() -> None:
    """Does the launch address in the deployment guide point at the course home?"""
    guide = (ROOT / "deploy" / "jupyterhub" / "README.md").read_text(encoding="utf-8")
    [urlpath] = LAUNCH.findall(guide)
    page = unquote(urlpath)
    assert page == "voila/render/notebooks/home.ipynb"
    assert (ROOT / page.removeprefix("voila/render/")).is_file()


# postBuild and start, for real ---------------------------------------------------------------


def _copy_repository(target: Path) -> None:
    target.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, target / name)


def _fresh_environment(folder: Path) -> Path:
    """A new virtual environment that sees this one's packages (Binder's conda env has them)."""
    command = [sys.executable, "-m", "venv", "--without-pip", str(folder)]
    subprocess.run(command, check=True, timeout=STEP_SECONDS)
    [packages] = list((folder / "lib").glob("python3*/site-packages"))
    # pip and setuptools (>= 70.1, as binder/environment.yml asks) come from here too.
    (packages / "test-environment.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # The packages' data files (Voila's base templates, the widget extensions), but not
    # the kernel specs: postBuild writes the environment's own.
    data = folder / "share" / "jupyter"
    data.mkdir(parents=True)
    for entry in (Path(sys.prefix) / "share" / "jupyter").iterdir():
        if entry.name != "kernels":
            (data / entry.name).symlink_to(entry)
    return folder / "bin"


@pytest.fixture(scope="module")
def binder_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the repository after binder/postBuild ran in a fresh environment."""
    base = tmp_path_factory.mktemp("binder")
    repository, binaries = base / "repo", _fresh_environment(base / "env")
    _copy_repository(repository)
    env = {
        **os.environ,
        "PATH": f"{binaries}{os.pathsep}{os.environ['PATH']}",
        "PIP_NO_INDEX": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "JUPYTER_DATA_DIR": str(base / "jupyter-data"),
    }
    done = subprocess.run(
        [str(repository / "binder" / "postBuild")],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_SECONDS,
        check=False,
    )
    assert done.returncode == 0, f"postBuild failed:\n{done.stdout}\n{done.stderr}"
    return repository, binaries


def test_postbuild_installs_the_course_from_the_repository(binder_build: tuple[Path, Path]) -> None:
    repository, binaries = binder_build
    where = subprocess.run(
        [str(binaries / "python"), "-c", "import caserate_kit; print(caserate_kit.__file__)"],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(repository)


def test_postbuild_hides_binders_user_name_from_page_kernels(
    binder_build: tuple[Path, Path],
) -> None:
    repository, _ = binder_build
    spec = repository / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"
    kernel = json.loads(spec.read_text(encoding="utf-8"))
    assert kernel["env"] == {"JUPYTERHUB_USER": ""}
    assert kernel["argv"][:3] == ["python", "-m", "caserate_kit.course.server._kernel"]


@pytest.fixture(scope="module")
def binder_server(
    binder_build: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A Jupyter server started through binder/start, as repo2docker starts it."""
    repository, binaries = binder_build
    base = tmp_path_factory.mktemp("binder-server")
    # What conda's voila package installs: the server extension switched on.
    (base / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": {"voila": True}}})
    )
    port = quiet_port()
    env = {
        **os.environ,
        "PATH": f"{binaries}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(base),
        "REPO_DIR": str(repository),
        "JUPYTER_CONFIG_PATH": str(base),
        "JUPYTER_DATA_DIR": str(base / "jupyter-data"),
        "JUPYTERHUB_USER": "binder-visitor-3f9a",  # what Binder's hub sets
        "CASERATE_DATA_DIR": str(base / "data"),
    }
    env.pop("JUPYTER_PATH", None)
    command = [
        str(repository / "binder" / "start"),
        str(binaries / "python"),
        "-m",
        "jupyter_server",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--IdentityProvider.token=",
        "--allow-root",
    ]
    log = base / "server.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(
            command,
            cwd=repository,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + SERVER_START_SECONDS
            while True:
                if server.poll() is not None:
                    pytest.fail(f"the Jupyter server stopped:\n{log.read_text()}")
                try:
                    with urllib.request.urlopen(f"{url}api", timeout=5):
                        break
                except (urllib.error.URLError, OSError):
                    if time.monotonic() > deadline:
                        pytest.fail(f"no Jupyter server within {SERVER_START_SECONDS} s")
                    time.sleep(0.5)
            yield url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)


@pytest.mark.browser
def test_the_binder_launch_opens_the_course_home_with_the_sign_in_form(
    binder_server: str, hub_browser: Chromium
) -> None:
    """Does urlpath=voila/render/notebooks/home.ipynb show the course, asking for a name?"""

    async def visit() -> tuple[str, bool, str]:
        context = await hub_browser.browser.new_context(viewport={"width": 1100, "height": 900})
        try:
            page = await context.new_page()
            await page.goto(f"{binder_server}voila/render/notebooks/home.ipynb", timeout=PAGE_MS)
            await page.get_by_role("heading", name="Sign in", exact=True).wait_for(timeout=PAGE_MS)
            form = await page.get_by_label("Full name").is_visible()
            return await page.title(), form, await page.content()
        finally:
            await context.close()

    title, form, content = hub_browser.run(visit())
    assert form
    assert "binder-visitor-3f9a" not in content
    assert "Managed care and case rates" in title, "not the course's template"
