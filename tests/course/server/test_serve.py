"""Starting the course: the Voila command, its environment, and a real server."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from caserate_kit.course.server._cli import main
from caserate_kit.course.server._serve import home_url, voila_command, voila_environment

ROOT = Path(__file__).resolve().parents[3]
WRITTEN_PAGES = ROOT / ".pytest_cache" / "written-pages"
"""Where the test session keeps the lessons it wrote (the servers under test share them)."""


def test_the_course_template_comes_first_on_the_jupyter_path():
    """Does the server find the course's Voila template before any other?"""
    env = voila_environment(ROOT, {"JUPYTER_PATH": "/elsewhere", "HOME": "/root"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(ROOT / "share" / "jupyter"), "/elsewhere"]


def test_the_course_configuration_comes_first_on_the_config_path():
    """Does the server read the course's voila.py before any other configuration?"""
    env = voila_environment(ROOT, {"JUPYTER_CONFIG_PATH": "/elsewhere"})
    folders = env["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert folders == [str(ROOT / "etc" / "jupyter"), "/elsewhere"]
    assert (ROOT / "etc" / "jupyter" / "voila.py").is_file()


def test_no_secret_is_added_to_the_environment():
    """Are only the Jupyter paths added (Voila copies the environment to kernels)?"""
    env = voila_environment(ROOT, {"HOME": "/root"})
    assert set(env) == {"HOME", "JUPYTER_PATH", "JUPYTER_CONFIG_PATH"}


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
    """Does `caserate-course serve` print where records go and serve the home from its pool
    and the public verify page, with session tokens kept out of its log and of Referer
    headers to other sites?"""
    port = _free_port()
    env = {
        **os.environ,
        "CASERATE_DATA_DIR": str(tmp_path / "data"),
        "CASERATE_EXERCISE_POOL": "0",
        "CASERATE_FORMS_POOL": "0",
        # The lessons the test session wrote (tests/conftest.py), kept by their sources'
        # version: this server finds them instead of running all six again.
        "CASERATE_PAGE_CACHE": str(WRITTEN_PAGES),
    }
    log = tmp_path / "serve.log"
    command = [
        sys.executable,
        "-m",
        "caserate_kit.course.server._cli",
        "serve",
        f"--port={port}",
        "--class-size=1",
    ]
    with log.open("w") as sink:
        server = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 90
        while "Kernel pool of notebooks/home.ipynb is filled" not in log.read_text():
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the course's home pool did not fill:\n{log.read_text()}")
            time.sleep(0.5)
        while True:
            try:
                with urllib.request.urlopen(home_url("127.0.0.1", port), timeout=30) as page:
                    body = page.read().decode()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the course did not start:\n{log.read_text()}")
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/verify", timeout=30) as checked:
            assert "Check a CE certificate" in checked.read().decode()  # no kernel, no sign-in
        secret_token = "s.0f0f0f0f-0000-4000-8000-000000000000.NotATagButSecretAll"
        missing = f"http://127.0.0.1:{port}/voila/render/notebooks/nothere.ipynb"
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{missing}?token={secret_token}", timeout=30)
        time.sleep(0.5)
        printed = log.read_text()
        assert "nothere.ipynb?token=(hidden)" in printed  # the failed request is logged...
        assert secret_token not in printed  # ...without the learner's session token
        assert '<meta name="referrer" content="same-origin">' in body
        assert f"Course home: {home_url('127.0.0.1', port)}" in printed
        assert str(tmp_path / "data") in printed
        assert "Managed care and case rates" in body
        assert "Preheated:     3 kernels: 2 home and 1 post-test (about" in printed
        assert "Using pre-heated kernel" in printed
        assert "not trusted" not in printed  # Jupyter's trust warning means nothing to Voila
        assert "over TCP" not in printed  # the kernels listen on the loopback address only
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_class_size_that_is_not_a_number_is_refused(capsys):
    """Does `serve --class-size` name the bad value and the range, and start nothing?"""
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--class-size", "thirty"])
    assert stopped.value.code == 2
    assert "the class size must be a whole number from 1 to 200; got 'thirty'" in (
        capsys.readouterr().err
    )


def test_a_bad_pool_variable_is_refused_with_its_name(monkeypatch, capsys):
    """Does `serve` name a bad CASERATE_POSTTEST_POOL instead of starting Voila?"""
    monkeypatch.setenv("CASERATE_POSTTEST_POOL", "-3")
    assert main(["serve"]) == 2
    error = capsys.readouterr().err
    assert "CASERATE_POSTTEST_POOL" in error
    assert "-3" in error


@pytest.fixture
def starting(tmp_path, monkeypatch):
    """A data folder of the test's own, and `serve` stopped where it would become Voila."""
    from caserate_kit.course.server import _serve

    started = []
    monkeypatch.setenv("CASERATE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CASERATE_DB_URL", raising=False)
    monkeypatch.setattr(_serve.os, "chdir", lambda _folder: None)
    monkeypatch.setattr(_serve.os, "execve", lambda *args: started.append(args))
    return started


def test_the_first_start_makes_the_secret_and_records_its_fingerprint(starting, tmp_path):
    """Does the first start make secret.key and keep its fingerprint in the records?"""
    from caserate_kit.course._secrets import fingerprint
    from caserate_kit.course.records import Store

    assert main(["serve"]) == 0
    assert starting
    secret = (tmp_path / "data" / "secret.key").read_bytes()
    with Store() as store:
        assert store.signing_key() == fingerprint(secret)


def test_a_start_with_the_secret_lost_is_refused(starting, tmp_path, capsys):
    """With learners on record and secret.key gone, does the course refuse to start, in one
    line naming the file, and leave no new secret?"""
    from caserate_kit.course.records import Store

    assert main(["serve"]) == 0
    with Store() as store:
        store.add_learner("Ada Byron")
    capsys.readouterr()
    secret = tmp_path / "data" / "secret.key"
    secret.unlink()
    starting.clear()
    assert main(["serve"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"caserate-course: error: The secret file {secret} is missing")
    assert not secret.exists()
    assert not starting


def test_a_start_with_another_secret_is_refused(starting, tmp_path, capsys):
    """With a secret.key that is not the records' own, does the course refuse to start?"""
    assert main(["serve"]) == 0
    secret = tmp_path / "data" / "secret.key"
    secret.unlink()
    secret.write_bytes(os.urandom(32))
    secret.chmod(0o600)
    capsys.readouterr()
    starting.clear()
    assert main(["serve"]) == 2
    assert "is not the secret these course records were made with" in capsys.readouterr().err
    assert not starting


def test_a_start_on_damaged_records_is_refused(starting, tmp_path, capsys):
    """With garbage in the middle of the records file, does the course refuse to start?"""
    from caserate_kit.course.records import Store

    with Store() as store:
        for number in range(100):
            store.add_learner(f"Learner {number}")
    path = tmp_path / "data" / "records.sqlite3"
    with path.open("r+b") as file:
        file.seek(path.stat().st_size // 2)
        file.write(b"garbage!" * 512)
    assert main(["serve"]) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"caserate-course: error: The course records file {path} is damaged")
    assert not starting


def test_behind_a_proxy_the_server_takes_client_addresses_from_its_headers(starting):
    """Does --behind-proxy (and only it) tell Voila to trust the proxy's address headers?"""
    assert main(["serve"]) == 0
    assert "--ServerApp.trust_xheaders=True" not in starting[-1][1]
    assert main(["serve", "--behind-proxy"]) == 0
    assert "--ServerApp.trust_xheaders=True" in starting[-1][1]
