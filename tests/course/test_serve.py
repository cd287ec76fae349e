"""Starting the course: the Voila command, its environment, and a real server."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from caserate_kit.course._serve import home_url, voila_command, voila_environment

ROOT = Path(__file__).resolve().parents[2]


def test_the_course_template_comes_first_on_the_jupyter_path():
    """Does the server find the course's Voila template before any other?"""
    env = voila_environment(ROOT, {"JUPYTER_PATH": "/elsewhere", "HOME": "/root"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(ROOT / "share" / "jupyter"), "/elsewhere"]


def test_no_secret_is_added_to_the_environment():
    """Is nothing but the Jupyter path added (Voila copies the environment to kernels)?"""
    env = voila_environment(ROOT, {"HOME": "/root"})
    assert set(env) == {"HOME", "JUPYTER_PATH"}


def test_the_server_listens_only_where_asked():
    """Does the command bind the host and port given?"""
    command = voila_command(ROOT, "127.0.0.1", 9000)
    assert "--Voila.ip=127.0.0.1" in command
    assert "--port=9000" in command
    assert "--no-browser" in command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_prints_the_records_and_opens_the_home_page(tmp_path):
    """Does `caserate-course serve` print where records go and serve the course home?"""
    port = _free_port()
    env = {**os.environ, "CASERATE_DATA_DIR": str(tmp_path / "data")}
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "caserate_kit.course._cli", "serve", f"--port={port}"],
            cwd=tmp_path, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(home_url("127.0.0.1", port), timeout=30) as page:
                    body = page.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the course did not start:\n{log.read_text()}")
                time.sleep(0.5)
        printed = log.read_text()
        assert f"Course home: {home_url('127.0.0.1', port)}" in printed
        assert str(tmp_path / "data") in printed
        assert "Managed care and case rates" in body
    finally:
        server.terminate()
        server.wait(timeout=30)
