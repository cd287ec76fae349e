"""Where the course finds its content, its records and its secrets.

Content (``quizzes/``, ``lessons/``, ``course.toml``) lives in the course
folder, which Voila serves. Records and secrets live in a *data folder
outside it*, so that no web request can reach them:

- ``CASERATE_COURSE_ROOT``: the course folder (default: the folder holding
  ``quizzes/``, searched from this package upwards, then from the current
  directory upwards);
- ``CASERATE_DATA_DIR``: the data folder (default:
  ``$XDG_DATA_HOME/caserate-course`` or ``~/.local/share/caserate-course``);
- ``CASERATE_DB_URL``: any SQLAlchemy URL for the records (default: SQLite
  file ``records.sqlite3`` in the data folder).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "config_path",
    "course_root",
    "data_dir",
    "database_url",
    "file_version",
    "quizzes_dir",
    "secret_path",
]

_MARKER = "quizzes"


def course_root() -> Path:
    """The course folder: the one that holds ``quizzes/`` and ``lessons/``."""
    configured = os.environ.get("CASERATE_COURSE_ROOT")
    if configured:
        return Path(configured).expanduser().resolve()
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for folder in (start, *start.parents):
            if (folder / _MARKER).is_dir() and (folder / "lessons").is_dir():
                return folder
    raise FileNotFoundError(
        "Cannot find the course folder (the one holding quizzes/ and lessons/); "
        "set CASERATE_COURSE_ROOT to it."
    )


def quizzes_dir() -> Path:
    """The folder of question banks."""
    return course_root() / _MARKER


def config_path() -> Path:
    """The course configuration file (``CASERATE_CONFIG`` or ``course.toml``)."""
    configured = os.environ.get("CASERATE_CONFIG")
    return Path(configured).expanduser() if configured else course_root() / "course.toml"


def data_dir(create: bool = True) -> Path:
    """The folder for records and secrets, outside the folder Voila serves."""
    configured = os.environ.get("CASERATE_DATA_DIR")
    if configured:
        folder = Path(configured).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        folder = Path(base) / "caserate-course"
    if create:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def database_url(create: bool = True) -> str:
    """The SQLAlchemy URL of the records store.

    With ``create=False`` the data folder is not made (for commands that only read).
    """
    configured = os.environ.get("CASERATE_DB_URL")
    if configured:
        return configured
    return f"sqlite:///{data_dir(create) / 'records.sqlite3'}"


def secret_path(create: bool = True) -> Path:
    """The file holding the secret that signs certificate codes and sessions.

    With ``create=False`` the data folder is not made (for commands that only read).
    """
    return data_dir(create) / "secret.key"


def file_version(path: Path) -> tuple[int, int]:
    """What changes when a file is edited: its modification time and size."""
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size
