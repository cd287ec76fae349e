"""The JupyterHub set-ups in deploy/jupyterhub/: valid files that say what the guide says.

These tests read the TLJH and Zero to JupyterHub files and the learner
server's settings, and run the learner server's start script with a stand-in
for ``jupyterhub-singleuser``; ``test_jupyterhub.py`` runs the real thing.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from traitlets.config import Config

from .conftest import ROOT

DEPLOY = ROOT / "deploy" / "jupyterhub"
SINGLEUSER = DEPLOY / "singleuser"
START = SINGLEUSER / "start-learner-server"
TLJH = DEPLOY / "tljh"
HOME_PAGE = "/voila/render/notebooks/home.ipynb"
SCRIPTS = [
    START,
    TLJH / "install-course.sh",
    TLJH / "update-course.sh",
    TLJH / "course-admin",
]
UNITS = {"K": 2**10, "M": 2**20, "G": 2**30, "T": 2**40}
"""JupyterHub and TLJH read memory sizes in binary units (1G is 2**30 bytes)."""


def run_config(path: Path, environ: dict[str, str] | None = None) -> Config:
    """Run a Jupyter or JupyterHub configuration file as they do, and return its settings."""
    config = Config()
    namespace: dict[str, Any] = {"get_config": lambda: config, "__file__": str(path)}
    saved = dict(os.environ)
    os.environ.update(environ or {})
    try:
        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return config


def size_in_bytes(text: str) -> int:
    """Kubernetes-style sizes as the chart and TLJH take them: ``384M``, ``1G``."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", str(text))
    assert match, f"not a size: {text!r}"
    return int(float(match.group(1)) * UNITS[match.group(2)])


def page_exists(url: str) -> bool:
    return (ROOT / url.removeprefix("/voila/render/")).is_file()


# The learner server ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def learner_settings() -> Config:
    return run_config(SINGLEUSER / "jupyter_server_config.py", {"CASERATE_COURSE_ROOT": str(ROOT)})


def test_the_learner_server_opens_on_the_course_home(learner_settings: Config) -> None:
    """Is the course folder the server's root, and the course home its landing page?"""
    assert learner_settings.ServerApp.root_dir == str(ROOT)
    assert learner_settings.ServerApp.default_url == HOME_PAGE
    assert page_exists(HOME_PAGE)


def test_the_learner_server_uses_the_course_voila_settings(learner_settings: Config) -> None:
    """Do the course's template and kernel culling apply under the hub as under `make serve`?"""
    template = learner_settings.VoilaConfiguration.template
    assert (ROOT / "share" / "jupyter" / "voila" / "templates" / template).is_dir()
    assert learner_settings.VoilaConfiguration.show_tracebacks is False
    assert learner_settings.MappingKernelManager.cull_idle_timeout > 0
    assert learner_settings.MappingKernelManager.cull_interval > 0


def test_the_learner_server_offers_only_the_course(learner_settings: Config) -> None:
    """Are JupyterLab, terminals, code and the file APIs closed to the learner's browser?"""
    app = learner_settings.ServerApp
    assert app.jpserver_extensions["voila"] is True
    assert app.jpserver_extensions["jupyterlab"] is False
    assert app.terminals_enabled is False
    assert "execute_request" not in learner_settings.MappingKernelManager.allowed_message_types
    assert "comm_msg" in learner_settings.MappingKernelManager.allowed_message_types
    authorizer = app.authorizer_class()

    class Request:
        path = "/user/alice/files/quizzes/lesson-01.yaml"

    handler = type("Handler", (), {"request": Request()})()
    assert authorizer.is_authorized(handler, None, "execute", "kernels")
    for action, resource in [
        ("read", "contents"),
        ("read", "files"),
        ("write", "kernels"),
        ("execute", "terminals"),
        ("read", "sessions"),
    ]:
        assert not authorizer.is_authorized(handler, None, action, resource), resource


def start_learner_server(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    """Run start-learner-server with a stand-in for jupyterhub-singleuser that prints
    its arguments and its environment."""
    stand_in = tmp_path / "singleuser-stand-in"
    stand_in.write_text('#!/bin/sh\nprintf "argument %s\\n" "$@"\nenv\n')
    stand_in.chmod(0o755)
    base = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path / "home"),
        "CASERATE_SINGLEUSER": str(stand_in),
    }
    return subprocess.run(
        [str(START), "--flag-from-the-hub"],
        env={**base, **environ},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "secret.key").write_bytes(b"s" * 32)
    (folder / "trainer-passcode").write_text("scrypt$stand-in\n")
    return folder


def test_start_learner_server_prepares_the_server_and_hands_over(
    tmp_path: Path, shared: Path
) -> None:
    """Does the start script copy the secrets privately, set the paths and run the server?"""
    data = tmp_path / "home" / ".local" / "share" / "caserate-course"
    data.mkdir(parents=True)
    (data / "trainer-passcode").write_text("an old passcode")
    (shared / "trainer-passcode").unlink()
    done = start_learner_server(
        tmp_path,
        CASERATE_DB_URL="postgresql+psycopg://u@db/c",
        CASERATE_SHARED_SECRETS_DIR=str(shared),
    )
    assert done.returncode == 0, done.stderr
    assert "argument --flag-from-the-hub" in done.stdout.splitlines()
    env = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    assert env["CASERATE_COURSE_ROOT"] == str(ROOT)
    assert env["CASERATE_DATA_DIR"] == str(data)
    assert env["JUPYTER_PATH"].split(":")[0] == str(ROOT / "share" / "jupyter")
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(SINGLEUSER)
    assert env["TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR"] == "1"
    assert (data / "secret.key").read_bytes() == b"s" * 32
    assert stat.S_IMODE((data / "secret.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert not (data / "trainer-passcode").exists(), "a passcode no longer shared was kept"


@pytest.mark.parametrize(
    ("db_url", "shared_dir", "message"),
    [
        ("", "SHARED", "CASERATE_DB_URL is not set"),
        ("sqlite:///records.sqlite3", "SHARED", "must be a postgresql URL"),
        ("postgresql+psycopg://u@db/c", "", "CASERATE_SHARED_SECRETS_DIR is not set"),
        ("postgresql+psycopg://u@db/c", "MISSING", "cannot read"),
    ],
)
def test_start_learner_server_refuses_a_server_that_would_split_the_records(
    tmp_path: Path, shared: Path, db_url: str, shared_dir: str, message: str
) -> None:
    """Does a learner server without the shared database or secret refuse to start?"""
    folders = {"SHARED": str(shared), "MISSING": str(tmp_path / "missing"), "": ""}
    environ = {"CASERATE_SHARED_SECRETS_DIR": folders[shared_dir]}
    if db_url:
        environ["CASERATE_DB_URL"] = db_url
    done = start_learner_server(tmp_path, **environ)
    assert done.returncode == 1
    assert message in done.stderr
    assert "--flag-from-the-hub" not in done.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_scripts_are_executable_bash(script: Path) -> None:
    """Is every script executable, and valid bash?"""
    assert script.stat().st_mode & stat.S_IXUSR, f"chmod +x {script}"
    done = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr


# The Littlest JupyterHub ---------------------------------------------------------------------


def test_tljh_config_sets_a_memory_limit_and_the_idle_culler() -> None:
    """Does config.yaml limit each learner's memory and cull idle servers?"""
    config = yaml.safe_load((TLJH / "config.yaml").read_text(encoding="utf-8"))
    assert size_in_bytes(config["limits"]["memory"]) >= 10**9
    cull = config["services"]["cull"]
    assert cull["enabled"] is True
    assert 0 < cull["every"] <= cull["timeout"]
    assert cull["users"] is False


def test_tljh_hub_settings_start_the_course_on_the_shared_database(tmp_path: Path) -> None:
    """Does jupyterhub_config.d/caserate.py wire the start script, the home and the database?"""
    (tmp_path / "db-url").write_text("postgresql+psycopg://caserate:pw@127.0.0.1:5432/caserate\n")
    environ = {"CASERATE_ETC_DIR": str(tmp_path), "CASERATE_COURSE_ROOT": str(ROOT)}
    config = run_config(TLJH / "caserate.py", environ)
    assert config.Spawner.default_url == HOME_PAGE
    assert config.Spawner.cmd == [str(START)]
    environment = config.Spawner.environment.get_value({})
    assert (
        environment["CASERATE_DB_URL"] == "postgresql+psycopg://caserate:pw@127.0.0.1:5432/caserate"
    )
    assert environment["CASERATE_SHARED_SECRETS_DIR"] == str(tmp_path / "shared")
    assert environment["CASERATE_COURSE_ROOT"] == str(ROOT)
    services = config.JupyterHub.services.get_value([])
    [verify] = [s for s in services if s["name"] == "verify"]
    assert verify["command"][-1] == "verify-server"
    assert verify["environment"] == {
        "CASERATE_DB_URL": "postgresql+psycopg://caserate:pw@127.0.0.1:5432/caserate",
        "CASERATE_DATA_DIR": str(tmp_path / "shared"),
    }


def test_tljh_hub_settings_refuse_a_database_that_is_not_postgresql(tmp_path: Path) -> None:
    (tmp_path / "db-url").write_text("sqlite:////tmp/records.sqlite3\n")
    environ = {"CASERATE_ETC_DIR": str(tmp_path), "CASERATE_COURSE_ROOT": str(ROOT)}
    with pytest.raises(ValueError, match="postgresql"):
        run_config(TLJH / "caserate.py", environ)


@pytest.mark.skipif(os.geteuid() != 0, reason="share_secrets gives files to root, as root")
def test_tljh_shares_the_secrets_read_only_with_the_learners_group(tmp_path: Path) -> None:
    """Do the learners' servers get group-readable copies of the root-only master files?"""
    data, shared = tmp_path / "data", tmp_path / "shared"
    data.mkdir(mode=0o700)
    (data / "secret.key").write_bytes(b"k" * 32)
    shared.mkdir()
    (shared / "trainer-passcode").write_text("a passcode no longer set")
    script = (
        f'. "{TLJH / "common.sh"}"; DATA="{data}"; SHARED="{shared}"; '
        'LEARNERS_GROUP="$(id -gn)"; share_secrets'
    )
    subprocess.run(["bash", "-c", script], check=True, timeout=60)
    copy = shared / "secret.key"
    assert copy.read_bytes() == b"k" * 32
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert copy.stat().st_gid == os.getegid()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o750
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert not (shared / "trainer-passcode").exists()


def test_tljh_nightly_update_runs_the_update_script() -> None:
    """Does the systemd service run a script that exists in the course checkout?"""
    service = (TLJH / "systemd" / "caserate-course-update.service").read_text(encoding="utf-8")
    [command] = re.findall(r"^ExecStart=/bin/bash (\S+)$", service, flags=re.MULTILINE)
    assert (ROOT / Path(command).relative_to("/srv/caserate-course")).is_file()
    timer = (TLJH / "systemd" / "caserate-course-update.timer").read_text(encoding="utf-8")
    assert "OnCalendar=" in timer
    assert "WantedBy=timers.target" in timer


# Zero to JupyterHub --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def z2jh() -> dict[str, Any]:
    values: dict[str, Any] = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text("utf-8"))
    return values


def _mounts(singleuser: dict[str, Any]) -> dict[str, str]:
    return {m["name"]: m["mountPath"] for m in singleuser["storage"]["extraVolumeMounts"]}


def test_z2jh_learners_land_on_the_course_home_through_the_start_script(
    z2jh: dict[str, Any],
) -> None:
    """Do the values name an existing page and the course's start script in the clone?"""
    singleuser = z2jh["singleuser"]
    assert singleuser["defaultUrl"] == HOME_PAGE
    assert page_exists(singleuser["defaultUrl"])
    course = singleuser["extraEnv"]["CASERATE_COURSE_ROOT"]
    assert _mounts(singleuser)["course"] == course
    assert singleuser["extraEnv"]["PYTHONPATH"] == course
    [command] = singleuser["cmd"]
    assert (ROOT / Path(command).relative_to(course)) == START


def test_z2jh_clones_the_course_from_git_at_every_start(z2jh: dict[str, Any]) -> None:
    singleuser = z2jh["singleuser"]
    [init] = singleuser["initContainers"]
    assert "git clone" in " ".join(init["command"])
    assert init["command"][-1].endswith(singleuser["extraEnv"]["CASERATE_COURSE_ROOT"])
    assert {m["name"]: m["mountPath"] for m in init["volumeMounts"]} == {
        "course": singleuser["extraEnv"]["CASERATE_COURSE_ROOT"]
    }
    assert init["securityContext"]["runAsUser"] == 1000


def test_z2jh_wires_the_database_and_the_shared_secrets(z2jh: dict[str, Any]) -> None:
    """Do the learners' servers get the database URL and the course secret from the secret?"""
    singleuser = z2jh["singleuser"]
    env = singleuser["extraEnv"]
    db = env["CASERATE_DB_URL"]["valueFrom"]["secretKeyRef"]
    [secrets_volume] = [v for v in singleuser["storage"]["extraVolumes"] if "secret" in v]
    assert db["key"] == "db-url"
    assert db["name"] == secrets_volume["secret"]["secretName"]
    assert env["CASERATE_SHARED_SECRETS_DIR"] == _mounts(singleuser)[secrets_volume["name"]]
    assert {item["path"] for item in secrets_volume["secret"]["items"]} == {
        "secret.key",
        "trainer-passcode",
    }
    assert secrets_volume["secret"]["defaultMode"] == 0o440
    [rule] = singleuser["networkPolicy"]["egress"]
    assert {"port": 5432, "protocol": "TCP"} in rule["ports"]


def test_z2jh_limits_memory_and_culls_idle_servers(z2jh: dict[str, Any]) -> None:
    singleuser = z2jh["singleuser"]
    guarantee = size_in_bytes(singleuser["memory"]["guarantee"])
    limit = size_in_bytes(singleuser["memory"]["limit"])
    # A learner's server (~160 MB) and two page kernels (~150 MB each), as README.md works out;
    # the limit leaves room for several open lesson pages (up to ~200 MB each).
    assert 450 * 10**6 <= guarantee <= limit
    assert limit >= 10**9
    assert singleuser["storage"]["type"] == "none"
    cull = z2jh["cull"]
    assert cull["enabled"] is True
    assert 0 < cull["every"] <= cull["timeout"]
    assert cull["users"] is False


def test_z2jh_never_uses_the_test_sign_in(z2jh: dict[str, Any]) -> None:
    """Is an authenticator set, and not the chart's let-anyone-in default?"""
    authenticator = z2jh["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert authenticator not in ("dummy", "null", "shared-password")


def test_the_learner_image_installs_the_dependencies_of_pyproject() -> None:
    """Does the Dockerfile install pyproject's dependencies and JupyterHub's single-user server?"""
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY pyproject.toml" in dockerfile
    assert "['project']['dependencies']" in dockerfile
    assert '"jupyterhub==${JUPYTERHUB_VERSION}"' in dockerfile
    assert "--uid 1000" in dockerfile


def test_z2jh_serves_the_public_verify_page_through_the_hub(z2jh: dict[str, Any]) -> None:
    """Does the hub's service ``verify`` point at the verify server's Kubernetes service, which
    runs `caserate-course verify-server` on that port under the hub's prefix for it?"""
    url = z2jh["hub"]["services"]["verify"]["url"]
    deployment, service = yaml.safe_load_all((DEPLOY / "verify-deployment.yaml").read_text())
    port = service["spec"]["ports"][0]["port"]
    assert url == f"http://{service['metadata']['name']}:{port}"
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    command = container["command"]
    assert command[:4] == ["python", "-m", "caserate_kit.course.server._cli", "verify-server"]
    options = dict(zip(command[4::2], command[5::2], strict=True))
    assert options == {"--host": "0.0.0.0", "--port": str(port), "--prefix": "/services/verify/"}
    assert container["image"] == z2jh["singleuser"]["image"]["name"] + ":" + str(
        z2jh["singleuser"]["image"]["tag"]
    )


# Launch from the LMS (deploy/jupyterhub/lms.py) ----------------------------------------

DB = "postgresql+psycopg://caserate:pw@127.0.0.1:5432/caserate"


def _lms_config(tmp_path: Path, toml: str) -> Config:
    (tmp_path / "lms.toml").write_text(toml)
    (tmp_path / "db-url").write_text(f"{DB}\n")
    return run_config(DEPLOY / "lms.py", {"CASERATE_ETC_DIR": str(tmp_path)})


def test_the_example_lms_settings_set_the_lti_sign_in_and_the_sender(tmp_path: Path) -> None:
    """With lms.example.toml as the site's file, are the LTI sign-in and the sender (grades
    and xAPI) set from it, on the shared records?"""
    config = _lms_config(tmp_path, (DEPLOY / "lms.example.toml").read_text())
    assert config.JupyterHub.authenticator_class.endswith("._lti.CourseLTI13Authenticator")
    auth = config.CourseLTI13Authenticator
    assert auth.issuer == "https://lms.agency.example"
    assert auth.client_id == {"10000000000042"}
    assert auth.deployment_ids == {"1:8865aa05b4b79b64a91a86042e43af5ea8ae79eb"}
    assert (auth.username_key, auth.records_url) == ("sub", DB)
    assert auth.tool_key_file == str(tmp_path / "lti-tool.pem")
    assert config.Authenticator.allow_all is True
    [sender] = config.JupyterHub.services.get_value([])
    assert sender["command"][-1] == "send-records"
    assert sender["environment"] == {
        "CASERATE_DB_URL": DB,
        "CASERATE_LTI_TOKEN_URL": "https://lms.agency.example/login/oauth2/token",
        "CASERATE_LTI_TOOL_KEY": str(tmp_path / "lti-tool.pem"),
        "CASERATE_LRS_URL": "https://lrs.agency.example/xAPI/",
        "CASERATE_LRS_CREDENTIALS_FILE": "/etc/caserate-course/lrs-account",
        "CASERATE_XAPI_BASE_IRI": "https://training.agency.example/course/",
    }


@pytest.mark.parametrize(
    ("toml", "said"),
    [
        ('[lti]\nissuer = "https://lms.example"\n', "lack [lti] client_id, deployment_ids"),
        ("[lti\n", "not valid TOML"),
        (
            "[lti]\n"
            + "".join(f'{k} = "x"\n' for k in ("issuer", "client_id", "authorize_url"))
            + "".join(f'{k} = "x"\n' for k in ("jwks_url", "token_url", "deployment_ids")),
            "deployment_ids in",
        ),
    ],
)
def test_lms_settings_that_cannot_work_stop_the_hub_saying_why(
    tmp_path: Path, toml: str, said: str
) -> None:
    """Does a missing key, a broken file or a wrong deployment list stop the hub by name?"""
    with pytest.raises(SystemExit, match=re.escape(said)):
        _lms_config(tmp_path, toml)
