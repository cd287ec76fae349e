"""The course secret: 32 random bytes that sign certificate codes and sessions.

The secret lives in a file in the data folder (:func:`secret_path`), outside
the folder Voila serves, readable by its owner only. It is never taken from an
environment variable: Voila copies the server's environment into every
kernel, where any learner's notebook could read it.

Losing or replacing the secret makes every learner's link and every
verification code issued so far fail, so back the file up with the records.
A secret is therefore made only for records that hold no learner yet, and the
records keep its fingerprint (never the secret): :func:`course_secret`, run
when the course starts and by every command that uses the secret, refuses a
missing or different ``secret.key`` instead of silently making a new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from .._exceptions import CaseRateKitError

__all__ = [
    "SECRET_BYTES",
    "SecretFileError",
    "SecretMismatchError",
    "SecretMissingError",
    "SigningRecords",
    "course_secret",
    "fingerprint",
    "load_or_create_secret",
]

SECRET_BYTES = 32
"""Length of a new secret, and the shortest secret accepted."""

_MAX_BYTES = 1024
_FINGERPRINT_DOMAIN = b"caserate fingerprint"
_RESTORE = (
    "Copy secret.key back from your backup of the data folder (it is backed up together "
    "with the records) to {path}, then try again. Nothing was changed."
)


class SecretFileError(CaseRateKitError):
    """The secret file is unsafe or unusable; the message says which file and why."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        super().__init__(f"The secret file {path} {problem}")


class SecretMissingError(SecretFileError):
    """The secret file is gone, and a new secret would break what the records hold."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, f"is missing, and {reason}. " + _RESTORE.format(path=path))


class SecretMismatchError(SecretFileError):
    """The secret file is not the one these records were made with."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            "is not the secret these course records were made with: with it, every "
            "learner's link and every certificate issued so far would stop working. "
            "Put back the secret.key that belongs with these records (from your backup of "
            "the data folder), or point CASERATE_DATA_DIR (and CASERATE_DB_URL, if set) at "
            "the records that belong with this secret. Nothing was changed.",
        )


class SigningRecords(Protocol):
    """What the secret needs of the records (:class:`~caserate_kit.course.records.Store`)."""

    @property
    def read_only(self) -> bool:
        """Whether the records were opened for reading only."""
        ...

    def has_learners(self) -> bool:
        """Whether any learner is on record."""
        ...

    def signing_key(self) -> str | None:
        """The fingerprint recorded first, if any."""
        ...

    def record_signing_key(self, fingerprint: str) -> str:
        """Record a fingerprint unless one is; return the one that counts."""
        ...


def fingerprint(secret: bytes) -> str:
    """What the records keep to recognise the secret: ``sha256:`` and 32 hex digits.

    It is a keyed hash (HMAC-SHA256 of a fixed text under the secret), so it
    says nothing about the secret and cannot be used to sign anything.

    >>> fingerprint(bytes(32))
    'sha256:046dbb17bdec598c39fc1516d13a2885'
    """
    digest = hmac.new(secret, _FINGERPRINT_DOMAIN, hashlib.sha256).hexdigest()
    return f"sha256:{digest[:32]}"


def course_secret(records: SigningRecords, path: Path | str | None = None) -> bytes:
    """The secret, checked against the records it signs for (run it at start).

    The first time a secret is used with a set of records its fingerprint is
    recorded; after that a different secret is refused. Records opened for
    reading only are checked but never written, and no secret is made for them.

    Parameters
    ----------
    records
        The course records (a :class:`~caserate_kit.course.records.Store`).
    path
        The secret file; by default :func:`~caserate_kit.course._paths.secret_path`.

    Raises
    ------
    SecretMissingError
        If the file is missing and the records hold learners, were made with a
        secret, or were opened for reading only.
    SecretMismatchError
        If the file is not the secret the records were made with.
    SecretFileError
        If the file is unsafe or unusable (see :func:`load_or_create_secret`).
    """
    if path is None:
        from ._paths import secret_path

        path = secret_path(create=not records.read_only)
    path = Path(path)
    secret = load_or_create_secret(path, records)
    _check_fingerprint(path, secret, records)
    return secret


def load_or_create_secret(
    path: Path | str,
    records: SigningRecords | None = None,
    open_records: Callable[[], AbstractContextManager[SigningRecords]] | None = None,
) -> bytes:
    """Read the secret, making it on first use: only for records that hold no learner.

    A new secret is written to a private temporary file and then linked into
    place, which fails if the file already exists; so when two processes start
    at once, one secret wins and both read it back. Its fingerprint is then
    recorded in ``records``.

    Parameters
    ----------
    path
        The secret file, normally :func:`caserate_kit.course._paths.secret_path`.
    records
        The records the secret signs for; a new secret's fingerprint is recorded
        there. Without them (a page that has only the path), ``open_records``
        opens the course's records if the file is missing, only to ask whether
        they hold a learner; nothing is recorded in them. With neither, a missing
        file is never made.

    Returns
    -------
    bytes
        The secret, at least 32 bytes.

    Raises
    ------
    SecretMissingError
        If the file is missing and the records hold a learner or a fingerprint
        (a new secret would break their links and certificates), or were opened
        for reading only.
    SecretFileError
        If the file can be read by other users, is too short or too long, or is
        not a regular file. (On Windows, where file modes do not say who may
        read a file, only the length is checked.)
    """
    path = Path(path)
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    if records is not None:
        return _create_for(path, records)
    if open_records is None:
        return _create_unless(path, _NO_RECORDS)
    with open_records() as store:
        reason = _HOLD_LEARNERS if store.has_learners() else None
    return _create_unless(path, reason)


_NO_RECORDS = "no course records were given to check that nothing depends on another secret"
_HOLD_LEARNERS = (
    "the course records already hold learners: a new secret would stop every "
    "learner's link and every certificate issued so far from working"
)


def _create_for(path: Path, records: SigningRecords) -> bytes:
    """Make the secret that ``records`` will sign with, if nothing there depends on another."""
    secret = _create_unless(path, _why_no_new_secret(records))
    _check_fingerprint(path, secret, records)
    return secret


def _create_unless(path: Path, reason: str | None) -> bytes:
    """Make the secret unless there is a ``reason`` not to; read it (or another process's)."""
    if reason is None:
        _create_secret(path)
    try:
        return _read_secret(path)  # ours, or one another process has just made
    except FileNotFoundError:
        raise SecretMissingError(path, str(reason)) from None


def _why_no_new_secret(records: SigningRecords) -> str | None:
    """Why a new secret may not be made for ``records`` (``None``: it may)."""
    if records.has_learners():
        return _HOLD_LEARNERS
    if records.signing_key() is not None:
        return "the course records were made with it"
    if records.read_only:
        return "this command only reads the records and makes no secret"
    return None


def _check_fingerprint(path: Path, secret: bytes, records: SigningRecords) -> None:
    """Record the secret's fingerprint if none is; refuse a secret that is not the recorded one."""
    mine = fingerprint(secret)
    recorded = records.signing_key() if records.read_only else records.record_signing_key(mine)
    if recorded is not None and not hmac.compare_digest(recorded, mine):
        raise SecretMismatchError(path)


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
            "from your backup of the data folder, or, if no learner has signed in yet, "
            "delete it and a new one will be made when the course starts.",
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
