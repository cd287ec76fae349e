"""The course secret: 32 random bytes that sign certificate codes and sessions.

The secret lives in a file in the data folder (:func:`secret_path`), outside
the folder Voila serves, readable by its owner only. It is never taken from an
environment variable: Voila copies the server's environment into every
kernel, where any learner's notebook could read it.

Losing or replacing the secret makes every verification code issued so far
fail, so back the file up with the records.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import tempfile
from pathlib import Path

from .._exceptions import CaseRateKitError

__all__ = ["SECRET_BYTES", "SecretFileError", "load_or_create_secret"]

SECRET_BYTES = 32
"""Length of a new secret, and the shortest secret accepted."""

_MAX_BYTES = 1024


class SecretFileError(CaseRateKitError):
    """The secret file is unsafe or unusable; the message says which file and why."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        super().__init__(f"The secret file {path} {problem}")


def load_or_create_secret(path: Path | str) -> bytes:
    """Read the secret, making it on first use.

    A new secret is written to a private temporary file and then linked into
    place, which fails if the file already exists; so when two processes start
    at once, one secret wins and both read it back.

    Parameters
    ----------
    path
        The secret file, normally :func:`caserate_kit.course._paths.secret_path`.

    Returns
    -------
    bytes
        The secret, at least 32 bytes.

    Raises
    ------
    SecretFileError
        If the file can be read by other users, is too short or too long, or is
        not a regular file. (On Windows, where file modes do not say who may
        read a file, only the length is checked.)
    """
    path = Path(path)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        _create_secret(path)
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise SecretFileError(path, "is not a regular file.")
        if os.name == "posix" and status.st_mode & 0o077:
            raise SecretFileError(
                path,
                f"can be used by other users (permissions {stat.S_IMODE(status.st_mode):04o}). "
                f"Make it private with: chmod 600 {path}",
            )
        secret = b""
        while chunk := os.read(descriptor, _MAX_BYTES + 1 - len(secret)):
            secret += chunk
    finally:
        os.close(descriptor)
    if len(secret) < SECRET_BYTES:
        raise SecretFileError(
            path,
            f"holds {len(secret)} bytes; a secret needs at least {SECRET_BYTES}. Restore it "
            "from a backup, or, if no certificate has been issued yet, delete it and a new "
            "one will be made.",
        )
    if len(secret) > _MAX_BYTES:
        raise SecretFileError(path, f"is longer than {_MAX_BYTES} bytes; is it the right file?")
    return secret


def _create_secret(path: Path) -> None:
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor, temporary = tempfile.mkstemp(prefix=".secret-", dir=folder)  # mode 0600
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(SECRET_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        _publish(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    _sync_folder(folder)


def _publish(temporary: str, path: Path) -> None:
    """Put the finished secret at ``path`` unless another process got there first."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return  # another process made the secret first: use theirs
    except OSError:
        # No hard links on this file system: create exclusively instead.
        with open(temporary, "rb") as source:
            content = source.read()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return
        with os.fdopen(descriptor, "wb") as target:
            target.write(content)
            target.flush()
            os.fsync(target.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the new directory entry survive a power cut (POSIX only)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
