"""The course on The Littlest JupyterHub: every learner's server shows the course.

``install-course.sh`` links this file into ``/opt/tljh/config/jupyterhub_config.d/``;
TLJH loads it after ``config.yaml``, so these settings win. Each learner's
server is started by the course's ``start-learner-server``, lands on the
course home, and keeps its records in the shared PostgreSQL database, whose
address the hub reads from a root-only file (``/etc/caserate-course/db-url``).
The hub also runs the public certificate verify page as its service ``verify``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (given by JupyterHub)

ETC = Path(os.environ.get("CASERATE_ETC_DIR", "/etc/caserate-course"))
COURSE = Path(os.environ.get("CASERATE_COURSE_ROOT", "/srv/caserate-course"))
HOME_PAGE = "/voila/render/notebooks/home.ipynb"
START = Path("deploy") / "jupyterhub" / "singleuser" / "start-learner-server"
USER_PYTHON = Path(os.environ.get("CASERATE_USER_PYTHON", "/opt/tljh/user/bin/python"))
VERIFY_PORT = 10101
"""The public verify page's own port on this machine (the hub's proxy is its way in)."""


def course_settings(config: Any, etc: Path, course: Path) -> None:
    """Point every learner's server at the course, the database and the shared secrets."""
    db_url = (etc / "db-url").read_text(encoding="utf-8").strip()
    if not db_url.startswith("postgresql"):
        raise ValueError(f"{etc / 'db-url'} must hold a postgresql+psycopg:// URL")
    config.Spawner.cmd = [str(course / START)]
    config.Spawner.default_url = HOME_PAGE
    config.Spawner.environment.update(
        {
            "CASERATE_COURSE_ROOT": str(course),
            "CASERATE_DB_URL": db_url,
            # Readable by the group jupyterhub-users, which TLJH puts every learner in.
            "CASERATE_SHARED_SECRETS_DIR": str(etc / "shared"),
        }
    )
    # The public page where a board reviewer checks a certificate code, with no sign-in:
    # https://<hub>/services/verify/verify?code=... (set it as verify_url in course.toml).
    config.JupyterHub.services.append(
        {
            "name": "verify",
            "url": f"http://127.0.0.1:{VERIFY_PORT}",
            "command": [str(USER_PYTHON), "-m", "caserate_kit.course.server._cli", "verify-server"],
            "environment": {"CASERATE_DB_URL": db_url, "CASERATE_DATA_DIR": str(etc / "shared")},
        }
    )


course_settings(c, ETC, COURSE)
